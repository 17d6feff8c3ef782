"""What a read costs on PostgreSQL: a pooled connection reused at once is not pinged, a single
read runs outside a transaction (no BEGIN, no ROLLBACK), and a connection that died while idle
in the pool is replaced before a read can fail on it."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage import database
from core.storage.database import create_engine, read_only


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    made = create_engine(postgres_url)
    yield made
    await made.dispose()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts what asyncpg sends besides prepared statements: transaction control and pings."""
    seen: Counter[str] = Counter()
    execute, fetchrow = asyncpg.Connection.execute, asyncpg.Connection.fetchrow

    async def counted_execute(self: asyncpg.Connection, query: str, *args: Any, **kw: Any) -> Any:
        seen[query.split()[0].upper().rstrip(";")] += 1
        return await execute(self, query, *args, **kw)

    async def counted_fetchrow(self: asyncpg.Connection, query: str, *args: Any, **kw: Any) -> Any:
        if query == ";":
            seen["PING"] += 1
        return await fetchrow(self, query, *args, **kw)

    monkeypatch.setattr(asyncpg.Connection, "execute", counted_execute)
    monkeypatch.setattr(asyncpg.Connection, "fetchrow", counted_fetchrow)
    return seen


async def _read(engine: AsyncEngine) -> int:
    async with read_only(engine).connect() as conn:
        return int(await conn.scalar(sa.select(sa.literal(7))) or 0)


async def test_a_read_on_a_connection_just_returned_sends_no_ping_and_no_transaction(
    engine: AsyncEngine, sent: Counter[str]
) -> None:
    assert await _read(engine) == 7  # connects
    sent.clear()
    assert await _read(engine) == 7
    assert sent == Counter()


async def test_a_write_still_runs_in_its_own_transaction(
    engine: AsyncEngine, sent: Counter[str]
) -> None:
    await _read(engine)
    sent.clear()
    async with engine.begin() as conn:
        await conn.execute(sa.text("SELECT 1"))
    assert sent["BEGIN"] == 1 and sent["COMMIT"] == 1 and sent["PING"] == 0


async def test_a_connection_killed_while_idle_is_replaced_before_the_read(
    engine: AsyncEngine, postgres_url: str, sent: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as conn:
        pid = await conn.scalar(sa.text("SELECT pg_backend_pid()"))
    admin = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:  # the server ends the pooled connection while it sits idle
        await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", -1.0)  # everything counts as idle
    async with engine.connect() as conn:
        assert await conn.scalar(sa.text("SELECT pg_backend_pid()")) != pid
