"""The scheduled scan: the orders whose `watch_at` has come, page by page, through the index.

A page is claimed by setting `watch_at` to NULL in the same statement that selects it
(`UPDATE ... WHERE order_no IN (SELECT ... WHERE watch_at <= now ORDER BY watch_at LIMIT n
FOR UPDATE SKIP LOCKED) RETURNING`), so workers scanning side by side take different orders.
With a queue, the page's events are queued before the claim commits: a crash in between leaves
the orders due (at worst queued twice, and decisions are idempotent). The handler of the event
writes each order's next `watch_at`. Without a queue the page is decided right away.

The cost grows with the number of due orders, not with the number of orders.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.storage.tables import orders

PageHandler = Callable[[AsyncConnection, list[str]], Awaitable[object]]


def due_page(now: datetime, limit: int) -> sa.Update:
    due = (
        sa.select(orders.c.order_no)
        .where(orders.c.watch_at <= now)
        .order_by(orders.c.watch_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (
        sa.update(orders)
        .where(orders.c.order_no.in_(due.scalar_subquery()), orders.c.watch_at <= now)
        .values(watch_at=None)
        .returning(orders.c.order_no)
    )


async def scan(
    db: AsyncEngine,
    now: datetime,
    page_size: int,
    handle: PageHandler,
) -> int:
    """Hand every due order to `handle(conn, order_nos)` — queue them, or decide them inside
    the claiming transaction — one claimed page at a time."""
    total = 0
    while True:
        async with db.begin() as conn:
            numbers = list((await conn.scalars(due_page(now, page_size))).all())
            if numbers:
                await handle(conn, numbers)
        total += len(numbers)
        if len(numbers) < page_size:
            return total
