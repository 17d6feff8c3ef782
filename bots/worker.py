"""The worker process. Issue 7 gives it the event queue; until then it only keeps the schema."""

from __future__ import annotations

import asyncio
import signal

import structlog

from core.services import build_services
from core.settings import Settings

log = structlog.get_logger(__name__)


async def run_worker(settings: Settings, *, once: bool = False) -> int:
    services = await build_services(settings)
    try:
        if once:
            log.info("worker_done", processed=0)
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        log.info("worker_idle", reason="no job kinds are registered yet")
        await stop.wait()
        return 0
    finally:
        await services.aclose()
