"""Migration 0007 (the action ledger, accepted inbound events, idempotent tickets, the outbox's
send tokens, the orders' platform version) is exactly what the tables say, on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from core.storage.tables import metadata
from tests.faults.helpers import fault_services

OURS = (
    "action_ledger",
    "inbound_events",
    "idempotency_key",
    "send_token",
    "send_started_at",
    "source_version",
)


async def test_the_durability_migration_matches_the_tables_on_postgresql(
    own_postgres_url: str,
) -> None:
    services = await fault_services(own_postgres_url, None)
    try:
        async with services.db.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
    finally:
        await services.aclose()
    assert [d for d in diff if any(name in repr(d) for name in OURS)] == []
