"""The audit log's hash chain on SQLite and PostgreSQL: tampering directly in the table (edit,
delete in the middle, delete the tail, reorder) is found and the first bad entry named."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from core.audit import GENESIS, AuditLog, _canonical, entry_hash
from core.storage.database import create_engine, migrate
from core.storage.tables import audit_log
from tests.conftest import create_postgres_database, drop_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[AsyncEngine]:  # type: ignore[no-untyped-def]
    name = None
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'audit.sqlite3'}"
    else:
        name, url = await create_postgres_database()
    engine = create_engine(url)
    await migrate(engine)
    yield engine
    await engine.dispose()
    if name:
        await drop_postgres_database(name)


async def filled(db: AsyncEngine, n: int = 5, **kw: object) -> tuple[AuditLog, list[int]]:
    audit = AuditLog(db, **kw)  # type: ignore[arg-type]
    for i in range(n):
        await audit.record(
            "staff:slack:U1" if i % 2 else "bot",
            "order.address_changed",
            order_no=f"10000000000000000{i:02d}",
            before={"city": "杭州市"},
            after={"n": i},
        )
    async with db.connect() as conn:
        ids = list((await conn.scalars(sa.select(audit_log.c.id).order_by(audit_log.c.id))).all())
    return audit, ids


async def execute(db: AsyncEngine, *statements: sa.Executable) -> None:
    async with db.begin() as conn:
        for statement in statements:
            await conn.execute(statement)


async def test_an_intact_chain_verifies_and_records_who_what_when(db: AsyncEngine) -> None:
    audit, _ids = await filled(db)
    verdict = await audit.verify()
    assert verdict.ok and verdict.first_bad_id is None and verdict.count == 5
    [entry] = await audit.entries(order_nos=["1000000000000000001"])
    assert (entry.actor, entry.action, entry.before, entry.after) == (
        "staff:slack:U1",
        "order.address_changed",
        {"city": "杭州市"},
        {"n": 1},
    )
    assert entry.at.tzinfo is not None


async def test_an_edited_entry_is_named(db: AsyncEngine) -> None:
    audit, ids = await filled(db)
    await execute(db, sa.update(audit_log).where(audit_log.c.id == ids[2]).values(actor="evil"))
    verdict = await audit.verify()
    assert (verdict.ok, verdict.first_bad_id, verdict.reason) == (False, ids[2], "edited")


async def test_an_edit_with_a_recomputed_hash_is_still_named(db: AsyncEngine) -> None:
    audit, ids = await filled(db)
    async with db.begin() as conn:
        row = (
            (await conn.execute(sa.select(audit_log).where(audit_log.c.id == ids[1])))
            .mappings()
            .one()
        )
        forged = {**dict(row), "after": {"n": 999}}
        await conn.execute(
            sa.update(audit_log)
            .where(audit_log.c.id == ids[1])
            .values(after={"n": 999}, hash=entry_hash(row["prev_hash"], _canonical(forged)))
        )
    verdict = await audit.verify()
    assert (verdict.first_bad_id, verdict.reason) == (ids[1], "edited")


async def test_with_an_hmac_key_a_recomputed_sha256_does_not_pass(db: AsyncEngine) -> None:
    audit, ids = await filled(db, hmac_key="audit-key-from-env")
    assert (await audit.verify()).ok
    assert not (await AuditLog(db).verify()).ok  # the key is needed to verify
    async with db.begin() as conn:
        row = (
            (await conn.execute(sa.select(audit_log).where(audit_log.c.id == ids[3])))
            .mappings()
            .one()
        )
        forged = {**dict(row), "actor": "bot"}
        await conn.execute(
            sa.update(audit_log)
            .where(audit_log.c.id == ids[3])
            .values(actor="bot", hash=entry_hash(row["prev_hash"], _canonical(forged)))
        )
    verdict = await audit.verify()
    assert (verdict.first_bad_id, verdict.reason) == (ids[3], "edited")


async def test_a_deleted_middle_entry_is_named(db: AsyncEngine) -> None:
    audit, ids = await filled(db)
    await execute(db, sa.delete(audit_log).where(audit_log.c.id == ids[2]))
    verdict = await audit.verify()
    assert (verdict.ok, verdict.first_bad_id, verdict.reason) == (False, ids[2], "deleted")


async def test_deleted_first_entries_are_found(db: AsyncEngine) -> None:
    audit, ids = await filled(db)
    await execute(db, sa.delete(audit_log).where(audit_log.c.id == ids[0]))
    verdict = await audit.verify()
    assert (verdict.ok, verdict.reason) == (False, "deleted")


async def test_a_deleted_tail_is_found_against_an_exported_head(db: AsyncEngine) -> None:
    audit, ids = await filled(db)
    head = await audit.export_head()
    assert (head.count, head.last_id) == (5, ids[-1]) and head.hash != GENESIS
    assert (await audit.verify(head)).ok
    await audit.record("bot", "later.entry")  # growing past the head is fine
    assert (await audit.verify(head)).ok
    await execute(db, sa.delete(audit_log).where(audit_log.c.id >= ids[3]))
    assert (await audit.verify()).ok  # a shorter chain is still a chain...
    verdict = await audit.verify(head)  # ...but not the one that was anchored
    assert (verdict.ok, verdict.first_bad_id, verdict.reason) == (False, ids[3], "tail_deleted")


async def test_entries_reordered_by_swapping_ids_are_named(db: AsyncEngine) -> None:
    audit, ids = await filled(db)
    a, b = ids[1], ids[2]
    await execute(
        db,
        sa.update(audit_log).where(audit_log.c.id == a).values(id=-1),
        sa.update(audit_log).where(audit_log.c.id == b).values(id=a),
        sa.update(audit_log).where(audit_log.c.id == -1).values(id=b),
    )
    verdict = await audit.verify()
    assert (verdict.ok, verdict.first_bad_id, verdict.reason) == (False, a, "reordered")


async def test_an_empty_log_has_a_genesis_head(db: AsyncEngine) -> None:
    audit = AuditLog(db)
    head = await audit.export_head()
    assert (head.count, head.last_id, head.hash) == (0, None, GENESIS)
    assert (await audit.verify(head)).ok
