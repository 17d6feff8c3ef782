"""The audit log: every change to an order, staff action and identity check, hash-chained.

Each entry stores the SHA-256 of the previous entry's hash plus its own canonical JSON, so an
edited, deleted or reordered entry breaks the chain from that point on.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.storage.tables import audit_log

GENESIS = "0" * 64


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _canonical(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "at": row["at"].astimezone(UTC).isoformat(),
        "actor": row["actor"],
        "action": row["action"],
        "order_no": row["order_no"],
        "before": row["before"],
        "after": row["after"],
    }


class AuditLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

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
            "before": before,
            "after": after,
        }
        prev_hash = prev or GENESIS
        await conn.execute(
            sa.insert(audit_log).values(
                **row, prev_hash=prev_hash, hash=entry_hash(prev_hash, _canonical(row))
            )
        )

    async def verify(self) -> int | None:
        """The id of the first entry that does not fit the chain, or None when all is intact."""
        prev_hash = GENESIS
        async with self._engine.connect() as conn:
            result = await conn.stream(sa.select(audit_log).order_by(audit_log.c.id))
            async for row in result.mappings():
                expected = entry_hash(prev_hash, _canonical(dict(row)))
                if row["prev_hash"] != prev_hash or row["hash"] != expected:
                    return int(row["id"])
                prev_hash = row["hash"]
        return None
