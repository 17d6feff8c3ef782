"""The audit log: every change to an order, staff action, identity check and privacy request.

Append-only and hash-chained: each entry stores the previous entry's hash and its own, computed
over the previous hash plus a canonical JSON of the entry (when, who, what, which order, before,
after) — SHA-256, or HMAC-SHA256 when an `audit_hmac_key` is set, so that someone who can write
to the table cannot recompute the chain after an edit. An edited, deleted or reordered entry
breaks the chain from that point on; `verify()` names the first such entry. A deleted *tail*
leaves a shorter but intact chain: anchor `export_head()` somewhere else (a ticket, a signed
e-mail, another database) and pass it to `verify(head=...)` to detect it.

Who: `actor` is `bot`/`system`, `customer:{channel}`, or `staff:{id}` (`staff:slack:U024BE7LH`,
`staff:cli`); what: `action` (`order.address_changed`, `privacy.erase`, ...).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.storage.tables import audit_log

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
    """edited | deleted | reordered | tail_deleted | head_mismatch (None when ok)."""
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


class AuditLog:
    def __init__(self, engine: AsyncEngine, *, hmac_key: Any = None) -> None:
        """`hmac_key` (str, bytes or SecretStr; the `audit_hmac_key` setting) keys the chain.
        Set it on a new log: entries written without it do not verify with it."""
        self._engine = engine
        self._key = _key_bytes(hmac_key)

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
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.text("SELECT pg_advisory_xact_lock(7301)"))
        prev = await conn.scalar(
            sa.select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        )
        row = {
            "at": datetime.now(UTC).replace(microsecond=0),
            "actor": actor,
            "action": action,
            "order_no": order_no,
            "before": _jsonable(before),
            "after": _jsonable(after),
        }
        prev_hash = prev or GENESIS
        await conn.execute(
            sa.insert(audit_log).values(
                **row, prev_hash=prev_hash, hash=entry_hash(prev_hash, _canonical(row), self._key)
            )
        )

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
                own = entry_hash(row["prev_hash"], _canonical(row), self._key)
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
        row_id = int(row["id"])
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
        if owner is None and row_id > prev_id + 1:
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
