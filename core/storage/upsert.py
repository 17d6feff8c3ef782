"""Real upserts (INSERT .. ON CONFLICT DO UPDATE) on PostgreSQL and SQLite alike, instead of
DELETE + INSERT: concurrent writers of one key then never fail on the unique key, and a
condition can keep a newer row from being overwritten by an older one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection


def insert_for(conn: AsyncConnection, table: sa.Table) -> Any:
    """The dialect's own INSERT (with `on_conflict_do_update`) for this connection."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {conn.dialect.name}")


async def upsert(
    conn: AsyncConnection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str],
    *,
    set_: Callable[[Any], Mapping[str, Any]] | None = None,
    where: Callable[[Any], Any] | None = None,
) -> int:
    """Insert `rows`, or update the row with the same `key` columns. `set_(excluded)` maps a
    column to what it becomes (default: every non-key column from the new row), `where(excluded)`
    limits which stored rows change (`excluded` is the row that was to be inserted).
    Returns the number of rows written (for one row: 0 when `where` kept the stored one)."""
    if not rows:
        return 0
    stmt = insert_for(conn, table)
    excluded = stmt.excluded
    values = {c: excluded[c] for c in rows[0] if c not in key}
    if set_ is not None:
        values.update(set_(excluded))
    condition = where(excluded) if where is not None else None
    stmt = stmt.on_conflict_do_update(index_elements=list(key), set_=values, where=condition)
    if len(rows) == 1:
        result = await conn.execute(stmt.values(**rows[0]))
    else:
        result = await conn.execute(stmt, list(rows))
    return int(result.rowcount or 0)
