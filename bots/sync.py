"""`ordersupport shop sync SOURCE` and `ordersupport events replay`: functions the CLI wires.

`sync_source` copies a remote source's orders into the local `orders` table (the SQL source),
so the proactive exception monitor and lookups work even while the platform is slow: the first
run backfills everything, later runs ask only for orders changed since the last cursor (kept
in `sync_cursors`, with a few minutes' overlap so an order changed mid-run is not missed).
A source syncs if it has `changed_since(cursor, after=page) -> (orders, next_page, more)`:
the Shopify and WooCommerce connectors, and a REST source (a shop's OMS, an ERP aggregator
such as the 聚水潭 preset) that configures `sync`. `run_sync` is the command: it names what
cannot be synced (the local table itself, a REST source without `sync`) instead of failing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TextIO, runtime_checkable

import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from core.business_events import DEAD, BusinessEvents
from core.order import Order
from core.sources.base import SourceUnavailable
from core.sources.sql import SqlOrderSource
from core.storage.tables import sync_cursors

if TYPE_CHECKING:
    from core.services import Services

log = structlog.get_logger(__name__)

OVERLAP = timedelta(minutes=5)


@runtime_checkable
class SyncableSource(Protocol):
    name: str

    async def changed_since(
        self, cursor: str | None, *, after: str | None = None
    ) -> tuple[list[Order], str | None, bool]: ...


class NotSyncable(ValueError):
    """This source cannot be followed by cursor; the message says why."""


class _Progress:
    """tqdm when it is installed and asked for; otherwise nothing."""

    def __init__(self, label: str, enabled: bool, stream: TextIO) -> None:
        self._bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                return
            self._bar = tqdm(desc=label, unit=" orders", file=stream, dynamic_ncols=True)

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


async def read_cursor(engine: AsyncEngine, source: str) -> str | None:
    async with engine.connect() as conn:
        return await conn.scalar(
            sa.select(sync_cursors.c.cursor).where(sync_cursors.c.source == source)
        )


async def write_cursor(engine: AsyncEngine, source: str, cursor: str, synced: int) -> None:
    async with engine.begin() as conn:
        await conn.execute(sa.delete(sync_cursors).where(sync_cursors.c.source == source))
        await conn.execute(
            sa.insert(sync_cursors).values(
                source=source, cursor=cursor, synced=synced, updated_at=datetime.now(UTC)
            )
        )


async def sync_source(
    engine: AsyncEngine,
    local: SqlOrderSource,
    source: SyncableSource,
    *,
    full: bool = False,
    progress: bool = True,
    stream: TextIO = sys.stderr,
    max_pages: int = 10_000,
) -> int:
    """Backfill (first run or `full`) or incremental sync of one source; returns orders saved.

    Each page is saved in one transaction; the cursor moves only after the last page, so an
    interrupted run starts again from the old cursor (saving an order twice is harmless).
    """
    if not callable(getattr(source, "changed_since", None)):
        raise NotSyncable(f"{source.name}: this source has no change feed to follow")
    started = datetime.now(UTC)
    cursor = None if full else await read_cursor(engine, source.name)
    mode = "incremental" if cursor else "backfill"
    bar = _Progress(f"{source.name} {mode}", progress, stream)
    saved = 0
    after: str | None = None
    try:
        for _ in range(max_pages):
            try:
                orders, after, more = await source.changed_since(cursor, after=after)
            except ValueError as exc:  # e.g. a REST source without `sync`
                if saved == 0:
                    raise NotSyncable(str(exc)) from exc
                raise
            if orders:
                await local.replace_all(orders)
                saved += len(orders)
                bar.update(len(orders))
            if not more or after is None:
                break
    finally:
        bar.close()
    next_cursor = (started - OVERLAP).replace(microsecond=0).isoformat()
    await write_cursor(engine, source.name, next_cursor, saved)
    log.info("shop_synced", source=source.name, mode=mode, orders=saved)
    return saved


async def run_sync(
    services: Services,
    name: str,
    *,
    full: bool = False,
    progress: bool = True,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """`ordersupport shop sync NAME [--full]` for any kind of source; returns the exit code."""
    try:
        guarded = services.hub.source(name)
    except KeyError:
        names = ", ".join(g.name for g in services.hub.guarded)
        print(f"no source named {name!r}; configured: {names}", file=err)
        return 2
    source = guarded.source
    if isinstance(source, SqlOrderSource):
        print(f"{name}: the local order table itself; nothing to sync", file=out)
        return 0
    if not isinstance(source, SyncableSource):
        print(f"cannot sync {name}: this source has no change feed to follow", file=err)
        return 2
    try:
        saved = await sync_source(
            services.db, services.orders, source, full=full, progress=progress, stream=err
        )
    except NotSyncable as exc:
        print(f"cannot sync {exc}", file=err)
        return 2
    except SourceUnavailable as exc:
        print(f"{name} is not answering: {exc}", file=err)
        return 1
    print(f"{name}: {saved} orders saved", file=out)
    return 0


async def replay_events(
    events: BusinessEvents,
    *,
    event_ids: Sequence[str] | None = None,
    endpoint: str | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    include_failed: bool = False,
    deliver_now: bool = True,
) -> tuple[int, int]:
    """`ordersupport events replay`: queue dead (and, if asked, still-retrying) deliveries
    again and, unless told not to, send them at once. Returns (queued, delivered)."""
    statuses = [DEAD, "pending"] if include_failed else [DEAD]
    queued = await events.replay(
        event_ids=event_ids, endpoint=endpoint, kind=kind, since=since, statuses=statuses
    )
    delivered = await events.deliver_due(limit=max(queued, 1)) if deliver_now and queued else 0
    return queued, delivered
