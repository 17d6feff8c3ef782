"""Work a process acknowledges first and does after (a webhook answered at once, a Slack action
acked within 3 s, a late WeChat reply): one aiojobs scheduler per part of the process, which
logs what fails, lets tests and shutdown wait for everything started, and closes cleanly."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import aiojobs
import structlog

log = structlog.get_logger(__name__)


class Background:
    def __init__(self, name: str) -> None:
        self.name = name
        self._scheduler = aiojobs.Scheduler(limit=None, close_timeout=5.0)

    async def spawn(self, work: Coroutine[Any, Any, object]) -> None:
        """Run `work` in the background; a failure is logged, never raised into the caller."""
        await self._scheduler.spawn(self._guarded(work))

    async def _guarded(self, work: Coroutine[Any, Any, object]) -> None:
        try:
            await work
        except Exception:  # one failed piece of work must not take the process down
            log.exception("background_work_failed", part=self.name)

    def __len__(self) -> int:
        return len(self._scheduler)

    async def drain(self) -> None:
        """Wait until everything started so far, and what it started in turn, is done."""
        while len(self._scheduler):
            jobs = list(self._scheduler)
            await asyncio.gather(*(job.wait() for job in jobs), return_exceptions=True)

    async def close(self, grace_seconds: float | None = None) -> None:
        """Let running work finish (at most `grace_seconds`), then cancel what is left."""
        try:
            await asyncio.wait_for(self.drain(), grace_seconds)
        except TimeoutError:
            log.warning("background_work_cancelled", part=self.name, left=len(self._scheduler))
        await self._scheduler.close()
