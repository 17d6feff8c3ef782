"""Issue 16, case 8: the audit chain on SQLite (the default database) never forks with several
writing processes, `audit verify` blames the entry at fault, the default chain is keyed, and the
worker exports the head so an edit with recomputed hashes or a deleted tail is found.

Before the fix: 62–146 forks per 200–400 entries with two or more writers, `verify` then blamed
entry 1 (or the entry before the fork), and with no key configured an edit whose SHA-256 chain
was recomputed passed."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.worker import run_worker
from core.audit import (
    GENESIS,
    AuditLog,
    _canonical,
    audit_head_file,
    audit_key_file,
    entry_hash,
    newest_exported_head,
)
from core.services import Services
from core.settings import Settings
from core.storage.database import create_engine, migrate
from core.storage.tables import audit_log

ROOT = Path(__file__).resolve().parents[2]
WRITERS, EACH = 3, 40

WRITER = """
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from core.audit import AuditLog
from core.storage.database import create_engine

async def main() -> None:
    engine = create_engine(sys.argv[2])
    audit = AuditLog(engine, hmac_key="shared-test-key")
    for n in range(int(sys.argv[3])):
        await audit.record("bot", "order.address_changed", order_no=f"W{sys.argv[4]}-{n:04d}")
    await engine.dispose()

asyncio.run(main())
"""


async def fresh(tmp_path: Path) -> tuple[str, AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'audit.sqlite3'}"
    engine = create_engine(url)
    await migrate(engine)
    return url, engine


async def test_writers_in_several_processes_never_fork_the_sqlite_chain(tmp_path: Path) -> None:
    url, engine = await fresh(tmp_path)
    try:
        writers = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-c", WRITER, str(ROOT), url, str(EACH), str(n)
            )
            for n in range(WRITERS)
        ]
        codes = await asyncio.gather(*(w.wait() for w in writers))
        assert codes == [0] * WRITERS
        verdict = await AuditLog(engine, hmac_key="shared-test-key").verify()
        assert (verdict.ok, verdict.count, verdict.reason) == (True, WRITERS * EACH, None)
    finally:
        await engine.dispose()


async def _append_raw(engine: AsyncEngine, prev_hash: str, order_no: str) -> int:
    """An entry written the way a racing writer wrote it: chained onto `prev_hash`."""
    log = AuditLog(engine)
    await log.record("bot", "order.cancelled", order_no=order_no)
    async with engine.begin() as conn:
        row = (
            (await conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(1)))
            .mappings()
            .one()
        )
        await conn.execute(
            sa.update(audit_log)
            .where(audit_log.c.id == row["id"])
            .values(prev_hash=prev_hash, hash=entry_hash(prev_hash, _canonical(row)))
        )
    return int(row["id"])


async def test_verify_blames_the_entry_that_chained_onto_an_older_one(tmp_path: Path) -> None:
    _, engine = await fresh(tmp_path)
    try:
        log = AuditLog(engine)
        for n in range(4):
            await log.record("bot", "order.cancelled", order_no=f"F-{n}")
        [third] = [e.id for e in await log.entries(order_nos=["F-2"])]
        async with engine.connect() as conn:
            third_hash = await conn.scalar(
                sa.select(audit_log.c.hash).where(audit_log.c.id == third)
            )
        forked = await _append_raw(engine, str(third_hash), "F-4")
        verdict = await log.verify()
        assert (verdict.ok, verdict.first_bad_id, verdict.reason) == (False, forked, "forked")
    finally:
        await engine.dispose()


async def test_verify_blames_a_second_entry_that_starts_from_genesis(tmp_path: Path) -> None:
    _, engine = await fresh(tmp_path)
    try:
        log = AuditLog(engine)
        await log.record("bot", "order.cancelled", order_no="G-0")
        second = await _append_raw(engine, GENESIS, "G-1")
        verdict = await log.verify()
        assert (verdict.first_bad_id, verdict.reason) == (second, "forked")
    finally:
        await engine.dispose()


async def test_the_default_chain_is_keyed_so_a_recomputed_sha256_edit_is_found(
    services: Services, settings: Settings
) -> None:
    for n in range(3):
        await services.audit.record("bot", "order.cancelled", order_no=f"K-{n}")
    key_file = audit_key_file(settings)
    assert key_file.exists() and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    async with services.db.begin() as conn:
        rows = (await conn.execute(sa.select(audit_log).order_by(audit_log.c.id))).mappings().all()
        prev = GENESIS
        for row in rows:  # the attacker edits one entry and recomputes the whole chain
            changed = dict(row, actor="evil") if row["order_no"] == "K-1" else dict(row)
            own = entry_hash(prev, _canonical(changed))
            await conn.execute(
                sa.update(audit_log)
                .where(audit_log.c.id == row["id"])
                .values(actor=changed["actor"], prev_hash=prev, hash=own)
            )
            prev = own
    verdict = await services.audit.verify()
    assert not verdict.ok and verdict.first_bad_id == rows[0]["id"]


async def test_the_worker_exports_the_head_so_a_deleted_tail_is_found(
    services: Services, settings: Settings
) -> None:
    for n in range(3):
        await services.audit.record("bot", "order.cancelled", order_no=f"T-{n}")
    assert await run_worker(settings, once=True, services=services) == 0
    head = await newest_exported_head(audit_head_file(settings))
    assert head is not None and head.count >= 3
    async with services.db.begin() as conn:
        await conn.execute(sa.delete(audit_log).where(audit_log.c.id == head.last_id))
    verdict = await services.audit.verify(await newest_exported_head(audit_head_file(settings)))
    assert (verdict.ok, verdict.reason) == (False, "tail_deleted")
