"""`Proactive`: events in, decisions made, the outbox delivered — for the worker and the webhook.

    proactive = Proactive(services)
    await proactive.submit(Event(id=..., order_no=...))  # webhook: queue, or decide inline
    await proactive.run_once()           # cron and tests: everything due, then return
    await proactive.run_forever(stop)    # `ordersupport worker`

With Redis configured events go through the stream (`core.proactive.queue`); without it the
webhook decides inline and the worker only scans and delivers.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import structlog

from core.order import OrderStatus
from core.proactive import outbox
from core.proactive.config import ProactiveConfig
from core.proactive.decide import DecideReport, decide, load_orders
from core.proactive.events import Event
from core.proactive.queue import EventQueue, Message
from core.proactive.scan import scan
from core.storage.tables import orders

if TYPE_CHECKING:
    from core.services import Services

log = structlog.get_logger(__name__)

INLINE_DEDUP_PREFIX = "proactive-event:"


@dataclass
class RunReport:
    events: int = 0
    failed_events: int = 0
    scanned: int = 0
    decisions: int = 0
    delivery: outbox.DeliverReport = field(default_factory=outbox.DeliverReport)

    def add(self, decided: DecideReport) -> None:
        self.decisions += decided.decisions


def consumer_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def build_queue(services: Services, config: ProactiveConfig) -> EventQueue | None:
    if services.redis is None:
        return None
    return EventQueue(
        services.redis,
        services.settings.redis_prefix,
        visibility_timeout_ms=config.visibility_timeout_ms,
        retry_base_seconds=config.retry_base_seconds,
        max_deliveries=config.max_deliveries,
        maxlen=config.stream_maxlen,
        dedup_seconds=config.event_dedup_seconds,
    )


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


class Proactive:
    def __init__(
        self,
        services: Services,
        config: ProactiveConfig | None = None,
        *,
        consumer: str | None = None,
    ) -> None:
        self.services = services
        self.config = config or ProactiveConfig.from_settings(services.settings)
        self.queue = build_queue(services, self.config)
        self.consumer = consumer or consumer_name()
        self._kick = asyncio.Event()

    # --- events in --------------------------------------------------------------------------

    async def submit(self, event: Event, now: datetime | None = None) -> bool:
        """Queue an event (or, without Redis, decide it now); False for a repeated event id."""
        if self.queue is not None:
            return await self.queue.publish(event)
        if not await self.services.keys.claim(
            INLINE_DEDUP_PREFIX + event.id, self.config.event_dedup_seconds
        ):
            return False
        await self.handle_orders([event.order_no], _now(now))
        return True

    async def refresh_tracking(self, numbers: list[str]) -> int:
        """Bring the stored orders' parcels up to date with live tracking (outside any
        transaction: it asks the providers) and follow them; returns how many changed."""
        tracking = self.services.hub.tracking
        if not tracking.enabled:
            return 0
        changed = 0
        for number in dict.fromkeys(numbers):
            order = await self.services.orders.get_order(number)
            if order is None or order.status is not OrderStatus.SHIPPED:
                continue
            try:
                fresh = await tracking.refresh(order)
                await tracking.follow(fresh)
            except Exception:  # tracking is a help; the stored order still decides
                log.exception("tracking_refresh_failed", order=number[-4:])
                continue
            if fresh != order:
                await self.services.orders.save(fresh)
                changed += 1
        return changed

    async def handle_orders(self, numbers: list[str], now: datetime) -> DecideReport:
        """Load the orders as stored (their tracking first refreshed), decide their new
        findings, re-arm their watch."""
        await self.refresh_tracking(numbers)
        async with self.services.db.begin() as conn:
            items = await load_orders(conn, numbers)
            report = await decide(
                conn,
                items,
                now,
                policy=self.services.policy,
                config=self.config,
                senders=self.services.senders,
                keys=self.services.keys,
            )
        if report.decisions:
            self._kick.set()
        return report

    # --- the queue ----------------------------------------------------------------------------

    async def process_events(
        self, now: datetime | None = None, *, block_ms: int | None = None, report: RunReport
    ) -> None:
        """Settle what the queue holds for this consumer: due retries, events of dead consumers
        (XAUTOCLAIM), then new events until none is left (or one blocking read comes back)."""
        if self.queue is None:
            return
        moment = _now(now)
        await self.queue.promote_retries(moment)
        batch = self.config.event_batch
        messages = await self.queue.reclaim(self.consumer, batch)
        while True:
            if not messages:
                messages = await self.queue.read(self.consumer, batch, block_ms)
                if not messages:
                    return
            await self._settle(messages, _now(now), report)
            if block_ms is not None:
                return
            messages = []

    async def _settle(self, messages: list[Message], now: datetime, report: RunReport) -> None:
        good: list[tuple[Message, str]] = []
        for message in messages:
            try:
                good.append((message, message.event().order_no))
            except Exception as exc:  # malformed entry: no retry can fix it
                await self.queue.dead_letter(message, f"malformed event: {exc}")  # type: ignore[union-attr]
                report.failed_events += 1
        if not good:
            return
        if len(good) > 1:
            try:
                report.add(await self.handle_orders([n for _, n in good], now))
            except Exception:
                log.warning("event_batch_failed_settling_one_by_one", size=len(good))
            else:
                await self.queue.ack([m for m, _ in good])  # type: ignore[union-attr]
                report.events += len(good)
                return
        for message, number in good:  # one by one: a failing order fails only its own event
            try:
                report.add(await self.handle_orders([number], now))
            except Exception as exc:
                log.exception("event_failed", order=number[-4:], attempt=message.attempt)
                await self.queue.fail(message, repr(exc), now)  # type: ignore[union-attr]
                report.failed_events += 1
            else:
                await self.queue.ack([message])  # type: ignore[union-attr]
                report.events += 1

    # --- the scan and the outbox ----------------------------------------------------------

    async def scan(self, now: datetime | None = None, report: RunReport | None = None) -> int:
        """Find the due orders; queue them (or, without Redis, decide them right away)."""
        moment = _now(now)
        queue = self.queue

        async def enqueue(_: Any, numbers: list[str]) -> None:
            events = [
                Event(id=f"scan:{n}:{moment.isoformat()}", order_no=n, source="scan", at=moment)
                for n in numbers
            ]
            await queue.publish_many(events, dedup=False)  # type: ignore[union-attr]

        async def decide_now(conn: Any, numbers: list[str]) -> None:
            items = await load_orders(conn, numbers)
            decided = await decide(
                conn,
                items,
                moment,
                policy=self.services.policy,
                config=self.config,
                senders=self.services.senders,
                keys=self.services.keys,
            )
            if report is not None:
                report.add(decided)

        handler = enqueue if queue is not None else decide_now
        if queue is None and self.services.hub.tracking.enabled:  # inline: refresh first
            await self.refresh_tracking(await self._due_shipped(moment))
        found = await scan(self.services.db, moment, self.config.scan_page_size, handler)
        if report is not None:
            report.scanned += found
        return found

    async def _due_shipped(self, moment: datetime) -> list[str]:
        query = (
            sa.select(orders.c.order_no)
            .where(orders.c.watch_at <= moment, orders.c.status == OrderStatus.SHIPPED.value)
            .order_by(orders.c.watch_at)
            .limit(self.config.scan_page_size)
        )
        async with self.services.db.connect() as conn:
            return list((await conn.scalars(query)).all())

    async def deliver(self, now: datetime | None = None) -> outbox.DeliverReport:
        return await outbox.deliver(self.services, self.config, self.consumer, _now(now))

    # --- running ----------------------------------------------------------------------------

    async def run_once(self, now: datetime | None = None) -> RunReport:
        """Everything due at `now`: queued events, a scan (and its events), the outbox."""
        report = RunReport()
        await self.process_events(now, report=report)
        await self.scan(now, report)
        await self.process_events(now, report=report)
        report.delivery = await self.deliver(now)
        if self.queue is not None:
            await self.queue.forget(self.consumer)
        return report

    async def run_forever(self, stop: asyncio.Event) -> None:
        """The worker: events as they come, a scan every `scan_interval_seconds`, the outbox
        whenever something was decided (and every second for held and retried rows)."""

        async def events() -> None:
            if self.queue is None:
                return  # no queue (no Redis): the scan finds due orders; nothing to wait on
            while not stop.is_set():
                try:
                    await self.process_events(block_ms=1000, report=RunReport())
                except Exception:
                    log.exception("event_loop_error")
                    await _pause(stop, 1.0)

        async def scans() -> None:
            while not stop.is_set():
                try:
                    found = await self.scan()
                    if found:
                        log.info("scan_done", due=found)
                except Exception:
                    log.exception("scan_error")
                await _pause(stop, self.config.scan_interval_seconds)

        async def deliveries() -> None:
            while not stop.is_set():
                try:
                    await self.deliver()
                except Exception:
                    log.exception("outbox_error")
                self._kick.clear()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._kick.wait(), 1.0)

        tasks = [asyncio.create_task(job()) for job in (events, scans, deliveries)]
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def dead_letters(services: Services, count: int = 100) -> list[dict[str, Any]]:
    """Events that failed `max_deliveries` times, newest first (empty without Redis)."""
    queue = build_queue(services, ProactiveConfig.from_settings(services.settings))
    return [] if queue is None else await queue.dead_letters(count)


async def requeue_dead_letter(services: Services, dead_id: str) -> bool:
    queue = build_queue(services, ProactiveConfig.from_settings(services.settings))
    return False if queue is None else await queue.requeue_dead(dead_id)
