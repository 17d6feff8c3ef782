"""The worker process: proactive exceptions (issue 7) — the event queue, the scheduled scan of
due orders and the outbox of notices and tickets (`core.proactive`), the signed webhooks to
business systems, and the outcome sweep (`core.outcomes`: soft resolutions, abandoned requests,
satisfaction questions, retention). Every object comes from the composition root (`bots.root`).

`ordersupport worker` runs until SIGINT/SIGTERM; `ordersupport worker --once` settles
everything due (queued events, one scan, due outbox rows) and exits, for cron and tests. Any
number of workers run side by side: they share the Redis consumer group and claim outbox rows
atomically, so nothing is sent twice. With `ORDERSUPPORT_WORKER_HEALTH_PORT` set, a small probe
server answers `/livez` (the loop ticked lately), `/readyz` and `/metrics` (queue lag included:
what the autoscaler reads).
"""

from __future__ import annotations

import asyncio
import json
import signal
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

import structlog

from bots.heap import freeze_startup_heap
from bots.observability import WorkerProbe
from bots.root import build_root
from core.audit import audit_head_file
from core.metrics import ops_metrics
from core.proactive.service import dead_letters, requeue_dead_letter
from core.services import Foundation, Services, build_services
from core.settings import Settings

log = structlog.get_logger(__name__)

BUSINESS_EVENTS_INTERVAL_SECONDS = 5.0
OUTCOME_SWEEP_INTERVAL_SECONDS = 60.0


async def run_worker(
    settings: Settings,
    *,
    once: bool = False,
    services: Foundation | None = None,
    now: datetime | None = None,
) -> int:
    """Run the worker. `services` and `now` are for tests and embedding: a caller's foundation
    (kept open) and the moment `once` settles at."""
    root = await build_root(settings, foundation=services)
    proactive, events = root.proactive, root.services.events
    try:
        if once:
            report = await proactive.run_once(now)
            business = await events.deliver_due()
            log.info("business_events_delivered", delivered=business)
            services = root.services
            outcomes = await services.outcomes.sweep(now or datetime.now(UTC), services.senders)
            log.info("outcomes_swept", **outcomes)
            await services.audit.export_head_to(audit_head_file(services.settings))
            log.info(
                "worker_done",
                events=report.events,
                failed_events=report.failed_events,
                due_orders=report.scanned,
                decisions=report.decisions,
                notices=report.delivery.sent,
                tickets=report.delivery.tickets,
                held=report.delivery.held,
                retried=report.delivery.retried,
            )
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        freeze_startup_heap()
        log.info("worker_started", consumer=proactive.consumer, queue=proactive.queue is not None)
        probe = WorkerProbe(root.services, proactive.queue)
        if settings.worker_health_port is not None:
            await probe.start(settings.worker_health_host, settings.worker_health_port)
        try:
            await asyncio.gather(
                proactive.run_forever(stop),
                deliver_business_events(root.services, stop),
                sweep_outcomes(root.services, stop),
                export_audit_heads(root.services, stop),
                probe.run(stop),
            )
        finally:
            await probe.close()
        return 0
    finally:
        await root.aclose()


async def deliver_business_events(services: Services, stop: asyncio.Event) -> None:
    """Signed webhooks to ERP/WMS/CRM: deliver what is due every few seconds until stopped."""
    while not stop.is_set():
        try:
            await services.events.deliver_due()
        except Exception:
            ops_metrics().errors.labels(component="business_events").inc()
            log.exception("business_events_error")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), BUSINESS_EVENTS_INTERVAL_SECONDS)


async def sweep_outcomes(
    services: Services, stop: asyncio.Event, every: float = OUTCOME_SWEEP_INTERVAL_SECONDS
) -> None:
    """Outcomes time decides (soft resolutions, abandoned requests, retention) and the
    satisfaction questions that are due: once a minute until stopped."""
    while not stop.is_set():
        try:
            await services.outcomes.sweep(datetime.now(UTC), services.senders)
        except Exception:
            ops_metrics().errors.labels(component="outcomes_sweep").inc()
            log.exception("outcomes_sweep_error")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


async def export_audit_heads(services: Services, stop: asyncio.Event) -> None:
    """The audit chain's head to the head file and the log stream, at start and then every
    `audit_head_interval_seconds`, so `audit verify` has an anchor outside the table."""
    every = max(1, services.settings.audit_head_interval_seconds)
    path = audit_head_file(services.settings)
    while not stop.is_set():
        try:
            await services.audit.export_head_to(path)
        except Exception:
            log.exception("audit_head_export_error")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


async def show_dead_letters(settings: Settings, *, requeue: str | None = None) -> int:
    """`ordersupport worker --dead-letters [--requeue ID]`: one JSON object a line."""
    services = await build_services(settings)
    try:
        if services.redis is None:
            print("no queue: ORDERSUPPORT_REDIS_URL is not set")
            return 0
        if requeue:
            if await requeue_dead_letter(services, requeue):
                print(f"requeued {requeue}")
                return 0
            print(f"no dead letter {requeue}")
            return 1
        letters: list[dict[str, Any]] = await dead_letters(services)
        for letter in letters:
            print(json.dumps(letter, ensure_ascii=False))
        if not letters:
            print("no dead letters")
        return 0
    finally:
        await services.aclose()
