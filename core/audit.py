"""The audit log: every change to an order, staff action, identity check and privacy request.

Append-only and hash-chained: each entry stores the previous entry's hash and its own, computed
over the previous hash plus a canonical JSON of the entry (when, who, what, which order, before,
after) — SHA-256, or HMAC-SHA256 when an `audit_hmac_key` is set, so that someone who can write
to the table cannot recompute the chain after an edit. An edited, deleted or reordered entry
breaks the chain from that point on; `verify()` names the first such entry. A deleted *tail*
leaves a shorter but intact chain: anchor `export_head()` somewhere else (a ticket, a signed
e-mail, another database) and pass it to `verify(head=...)` to detect it.

Keyed by default: without a configured `audit_hmac_key`, the first process to open the log
generates a key and stores it in a file outside the database (`audit_key_file`, by default
`audit.key` beside an SQLite database or in `~/.ordersupport/`), mode 0600; entries written
before the key existed (an older, unkeyed log) stay verifiable as they were (`keyed_from`). The
worker exports the head on a schedule (`audit_head_interval_seconds`) to a file of heads and to
the log stream, and `audit verify` checks against the newest exported head, so an edit with
recomputed hashes or a deleted tail is found even by someone who can write the table.

Writers are serialised: on PostgreSQL by a transaction-scoped advisory lock; on SQLite by
inserting the entry first — the INSERT takes the database's single write lock, held to commit —
and only then reading the entry before it and sealing the new one. Two processes (or two
connections of one) never chain onto the same entry, so the chain never forks.

Who: `actor` is `bot`/`system`, `customer:{channel}`, or `staff:{id}` (`staff:slack:U024BE7LH`,
`staff:cli`); what: `action` (`order.address_changed`, `privacy.erase`, ...).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import structlog
from pydantic import BaseModel
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.settings import Settings
from core.storage.tables import audit_log

log = structlog.get_logger(__name__)

GENESIS = "0" * 64


def entry_hash(prev_hash: str, entry: dict[str, Any], key: bytes | None = None) -> str:
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = f"{prev_hash}\n{canonical}".encode()
    if key:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def _canonical(row: Any) -> dict[str, Any]:
    return {
        "at": row["at"].astimezone(UTC).isoformat(),
        "actor": row["actor"],
        "action": row["action"],
        "order_no": row["order_no"],
        "before": row["before"],
        "after": row["after"],
    }


class AuditHead(BaseModel):
    """Where the chain ends: anchor it elsewhere, verify against it later."""

    count: int
    last_id: int | None
    hash: str


class AuditVerdict(BaseModel):
    ok: bool
    first_bad_id: int | None = None
    reason: str | None = None
    """edited | deleted | reordered | forked | tail_deleted | head_mismatch (None when ok)."""
    detail: str | None = None
    count: int = 0


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    order_no: str | None
    before: Any = None
    after: Any = None


def _key_bytes(key: Any) -> bytes | None:
    if key is None:
        return None
    raw = key.get_secret_value() if hasattr(key, "get_secret_value") else key
    if isinstance(raw, str):
        raw = raw.encode()
    return raw or None


class AuditKey(BaseModel):
    """A generated chain key as stored in its file; entries up to `keyed_from` predate it."""

    key: str
    """Hex of 32 random bytes."""
    keyed_from: int = 0
    """The last entry id written before the key existed (0: the whole log is keyed)."""


def default_key_file(database_url: str) -> Path:
    """Beside an SQLite database file; else `~/.ordersupport/audit-<database>.key`, one per
    database (host, port and name; never the password)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database)).with_name("audit.key")
    where = f"{url.get_backend_name()}://{url.host}:{url.port}/{url.database}"
    return (
        Path.home()
        / ".ordersupport"
        / f"audit-{hashlib.sha256(where.encode()).hexdigest()[:16]}.key"
    )


def default_head_file(key_file: Path) -> Path:
    """Where the worker appends exported heads (one JSON object a line), beside the key."""
    return key_file.with_name(key_file.stem + "-heads.jsonl")


def _read_or_create_key(path: Path, last_id: int) -> AuditKey:
    """The key in `path`, or a new one written there exclusively (a racing process that loses
    reads the winner's). Runs in a thread: file I/O."""
    try:
        return AuditKey.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    made = AuditKey(key=secrets.token_hex(32), keyed_from=last_id)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return AuditKey.model_validate_json(path.read_text(encoding="utf-8"))
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(made.model_dump_json())
    return made


def audit_key_file(settings: Settings) -> Path:
    return Path(settings.audit_key_file or default_key_file(settings.database_url))


def audit_head_file(settings: Settings) -> Path:
    return Path(settings.audit_head_file or default_head_file(audit_key_file(settings)))


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def _last_line(path: Path) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    return next((line for line in reversed(lines) if line.strip()), None)


async def newest_exported_head(path: Path) -> AuditHead | None:
    """The last head `export_head_to` wrote to `path` (None when none was)."""
    line = await asyncio.to_thread(_last_line, path)
    return AuditHead.model_validate_json(line) if line else None


class AuditLog:
    def __init__(self, engine: AsyncEngine, *, hmac_key: Any = None, keyed_from: int = 0) -> None:
        """`hmac_key` (str, bytes or SecretStr; the `audit_hmac_key` setting) keys the chain.
        Set it on a new log, or name in `keyed_from` the last entry written without it (those
        verify as plain SHA-256). `open_keyed` finds or makes the key."""
        self._engine = engine
        self._key = _key_bytes(hmac_key)
        self._keyed_from = keyed_from if self._key else 0

    @classmethod
    async def open_keyed(
        cls, engine: AsyncEngine, *, hmac_key: Any = None, key_file: Path | None = None
    ) -> AuditLog:
        """The configured key, else the key in `key_file`, generated on first use."""
        if _key_bytes(hmac_key) is not None or key_file is None:
            return cls(engine, hmac_key=hmac_key)
        async with engine.connect() as conn:
            last = await conn.scalar(sa.select(sa.func.max(audit_log.c.id)))
        stored = await asyncio.to_thread(_read_or_create_key, key_file, int(last or 0))
        return cls(engine, hmac_key=bytes.fromhex(stored.key), keyed_from=stored.keyed_from)

    def _key_for(self, row_id: int) -> bytes | None:
        return self._key if row_id > self._keyed_from else None

    @property
    def keyed(self) -> bool:
        return self._key is not None

    async def record(
        self,
        actor: str,
        action: str,
        *,
        order_no: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        async with self._engine.begin() as conn:
            await self.record_in(conn, actor, action, order_no=order_no, before=before, after=after)

    async def record_in(
        self,
        conn: AsyncConnection,
        actor: str,
        action: str,
        *,
        order_no: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        """Append inside the caller's transaction, so the change and its record land together."""
        row = {
            "at": datetime.now(UTC).replace(microsecond=0),
            "actor": actor,
            "action": action,
            "order_no": order_no,
            "before": _jsonable(before),
            "after": _jsonable(after),
        }
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.text("SELECT pg_advisory_xact_lock(7301)"))
            prev = await conn.scalar(
                sa.select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
            )
            prev_hash = prev or GENESIS
            await conn.execute(
                sa.insert(audit_log).values(
                    **row, prev_hash=prev_hash, hash=self._seal(prev_hash, row, None)
                )
            )
            return
        # SQLite (and any other): the INSERT takes the write lock first, then the chain is read
        inserted = await conn.execute(sa.insert(audit_log).values(**row, prev_hash="", hash=""))
        primary = inserted.inserted_primary_key
        assert primary is not None
        new_id = int(primary[0])
        prev = await conn.scalar(
            sa.select(audit_log.c.hash)
            .where(audit_log.c.id < new_id)
            .order_by(audit_log.c.id.desc())
            .limit(1)
        )
        prev_hash = prev or GENESIS
        await conn.execute(
            sa.update(audit_log)
            .where(audit_log.c.id == new_id)
            .values(prev_hash=prev_hash, hash=self._seal(prev_hash, row, new_id))
        )

    def _seal(self, prev_hash: str, row: dict[str, Any], row_id: int | None) -> str:
        """The entry's hash; keyed unless the entry predates the key (only ever an old id)."""
        key = self._key if row_id is None else self._key_for(row_id)
        return entry_hash(prev_hash, _canonical(row), key)

    async def export_head(self) -> AuditHead:
        """(count, last id, head hash) of the chain as it is now."""
        async with self._engine.connect() as conn:
            count = await conn.scalar(sa.select(sa.func.count()).select_from(audit_log))
            last = (
                await conn.execute(
                    sa.select(audit_log.c.id, audit_log.c.hash)
                    .order_by(audit_log.c.id.desc())
                    .limit(1)
                )
            ).first()
        if last is None:
            return AuditHead(count=0, last_id=None, hash=GENESIS)
        return AuditHead(count=int(count or 0), last_id=int(last.id), hash=str(last.hash))

    async def export_head_to(self, path: Path) -> AuditHead:
        """Append the head to `path` (one JSON object a line) and to the log stream: two
        anchors outside the table, for `verify` to check against later."""
        head = await self.export_head()
        await asyncio.to_thread(_append_line, path, head.model_dump_json())
        log.info("audit_head", count=head.count, last_id=head.last_id, hash=head.hash)
        return head

    async def verify(self, head: AuditHead | None = None) -> AuditVerdict:
        """Walk the chain in id order; name the first entry that was edited, deleted or
        reordered. With `head` (an earlier `export_head()`), also detect a deleted tail."""
        prev_hash, prev_id, count = GENESIS, 0, 0
        at_head: tuple[int, str] | None = None  # (position, hash) of the anchored entry
        async with self._engine.connect() as conn:
            result = await conn.stream(sa.select(audit_log).order_by(audit_log.c.id))
            async for row in result.mappings():
                count += 1
                row_id = int(row["id"])
                own = entry_hash(row["prev_hash"], _canonical(row), self._key_for(row_id))
                if row["hash"] != own:
                    await result.close()
                    return AuditVerdict(
                        ok=False,
                        first_bad_id=row_id,
                        reason="edited",
                        count=count,
                        detail="the entry does not match its own hash",
                    )
                if row["prev_hash"] != prev_hash:
                    await result.close()
                    return await self._broken_link(conn, row, prev_id, count)
                if head is not None and head.last_id is not None and row_id == head.last_id:
                    at_head = (count, row["hash"])
                prev_hash, prev_id = row["hash"], row_id
        if head is not None and head.last_id is not None:
            if at_head is None:
                return AuditVerdict(
                    ok=False,
                    first_bad_id=_next_id(prev_id, head),
                    reason="tail_deleted",
                    count=count,
                    detail=f"entry {head.last_id} of the exported head is gone",
                )
            position, found_hash = at_head
            if found_hash != head.hash:
                return AuditVerdict(
                    ok=False,
                    first_bad_id=head.last_id,
                    reason="head_mismatch",
                    count=count,
                    detail="the anchored entry's hash differs from the exported head",
                )
            if position != head.count:
                return AuditVerdict(
                    ok=False,
                    first_bad_id=head.last_id,
                    reason="deleted",
                    count=count,
                    detail=f"{head.count} entries were anchored up to here, {position} remain",
                )
        return AuditVerdict(ok=True, count=count)

    async def _broken_link(
        self, conn: AsyncConnection, row: Any, prev_id: int, count: int
    ) -> AuditVerdict:
        """Entry `row` does not link to the entry before it (`prev_id`): say why, naming the
        entry at fault — the one that links wrongly, unless an earlier one was rewritten."""
        row_id = int(row["id"])
        if row["prev_hash"] == GENESIS and prev_id:
            return AuditVerdict(
                ok=False,
                first_bad_id=row_id,
                reason="forked",
                count=count,
                detail=f"entry {row_id} starts a second chain (two writers at once)",
            )
        owner = await conn.scalar(
            sa.select(audit_log.c.id).where(audit_log.c.hash == row["prev_hash"]).limit(1)
        )
        if owner is not None and int(owner) > row_id:
            return AuditVerdict(
                ok=False,
                first_bad_id=row_id,
                reason="reordered",
                count=count,
                detail=f"entry {row_id} follows entry {owner}, which now comes later",
            )
        if owner is not None:
            return AuditVerdict(
                ok=False,
                first_bad_id=row_id,
                reason="forked",
                count=count,
                detail=f"entry {row_id} links to entry {owner}, not to entry {prev_id} "
                "(two writers at once)",
            )
        if row_id > prev_id + 1:
            return AuditVerdict(
                ok=False,
                first_bad_id=prev_id + 1,
                reason="deleted",
                count=count,
                detail=f"entries between {prev_id} and {row_id} were removed",
            )
        if prev_id == 0:
            return AuditVerdict(
                ok=False,
                first_bad_id=row_id,
                reason="deleted",
                count=count,
                detail="the first entries of the log were removed",
            )
        return AuditVerdict(
            ok=False,
            first_bad_id=prev_id,
            reason="edited",
            count=count,
            detail=f"entry {prev_id} was rewritten with a recomputed hash",
        )

    async def entries(
        self, *, order_nos: list[str] | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        """Entries in order, optionally only those about some orders."""
        query = sa.select(audit_log).order_by(audit_log.c.id)
        if order_nos is not None:
            query = query.where(audit_log.c.order_no.in_(order_nos))
        if limit is not None:
            query = query.limit(limit)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [AuditEntry.model_validate(dict(r)) for r in rows]


def _next_id(prev_id: int, head: AuditHead) -> int:
    return prev_id + 1 if head.last_id is None or prev_id < head.last_id else head.last_id


def _jsonable(value: Any) -> Any:
    """Before/after as JSON values (what the database will give back, so the hash holds)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))
