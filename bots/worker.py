"""The worker process: proactive exceptions (issue 7) — the event queue, the scheduled scan of
due orders and the outbox of notices and tickets (`core.proactive`) — and the outcome sweep
(`core.outcomes`: soft resolutions, abandoned requests, satisfaction questions, retention).

`ordersupport worker` runs until SIGINT/SIGTERM; `ordersupport worker --once` settles
everything due (queued events, one scan, due outbox rows) and exits, for cron and tests. Any
number of workers run side by side: they share the Redis consumer group and claim outbox rows
atomically, so nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

import structlog

from core.proactive.service import Proactive, dead_letters, requeue_dead_letter
from core.services import Services, build_services
from core.settings import Settings

log = structlog.get_logger(__name__)

Closer = Callable[[], Awaitable[None]]


def attach_senders(services: Services) -> list[Closer]:
    """Give the worker a sender for every configured channel not registered yet (a test or an
    embedding process may have registered its own). Returns what to close at the end."""
    closers: list[Closer] = []
    settings = services.settings
    if services.senders.get("web") is None:
        with suppress(ImportError):
            from core.inbox import WebInbox

            services.senders.add(WebInbox(services.sessions))
    if services.senders.get("telegram") is None and settings.telegram_token is not None:
        from adapters.telegram_aiogram import make_bot, sender

        bot = make_bot(settings.telegram_token.get_secret_value(), settings.telegram_api_base)
        services.senders.add(sender(bot, services))
        closers.append(bot.session.close)
    if (
        services.senders.get("wechat") is None
        and settings.wechat_app_id
        and settings.wechat_app_secret is not None
    ):
        from redis import Redis as SyncRedis

        from adapters.wechat import WeChatSender, build_client

        sync = SyncRedis.from_url(settings.redis_url) if settings.redis_url else None
        templates = getattr(settings, "wechat_templates", None) or {}
        services.senders.add(WeChatSender(build_client(settings, sync), services.keys, templates))
        if sync is not None:

            async def close_sync() -> None:
                sync.close()

            closers.append(close_sync)
    return closers


async def run_worker(
    settings: Settings,
    *,
    once: bool = False,
    services: Services | None = None,
    now: datetime | None = None,
) -> int:
    """Run the worker. `services` and `now` are for tests and embedding: a caller's services
    (kept open) and the moment `once` settles at."""
    own = services is None
    ready = services or await build_services(settings)
    ready.orders.policy = ready.policy
    closers = attach_senders(ready)
    proactive = Proactive(ready)
    try:
        if once:
            report = await proactive.run_once(now)
            business = await ready.events.deliver_due()
            log.info("business_events_delivered", delivered=business)
            outcomes = await ready.outcomes.sweep(now or datetime.now(UTC), ready.senders)
            log.info("outcomes_swept", **outcomes)
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
        log.info("worker_started", consumer=proactive.consumer, queue=proactive.queue is not None)
        await asyncio.gather(
            proactive.run_forever(stop),
            deliver_business_events(ready, stop),
            sweep_outcomes(ready, stop),
        )
        return 0
    finally:
        for close in closers:
            with suppress(Exception):
                await close()
        if own:
            await ready.aclose()


async def deliver_business_events(services: Services, stop: asyncio.Event) -> None:
    """Signed webhooks to ERP/WMS/CRM: deliver what is due every few seconds until stopped."""
    while not stop.is_set():
        try:
            await services.events.deliver_due()
        except Exception:
            log.exception("business_events_error")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 5.0)


async def sweep_outcomes(services: Services, stop: asyncio.Event, every: float = 60.0) -> None:
    """Outcomes time decides (soft resolutions, abandoned requests, retention) and the
    satisfaction questions that are due: once a minute until stopped."""
    while not stop.is_set():
        try:
            await services.outcomes.sweep(datetime.now(UTC), services.senders)
        except Exception:
            log.exception("outcomes_sweep_error")
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
