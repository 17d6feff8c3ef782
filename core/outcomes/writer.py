"""Write-behind for the outcome record of each turn: the turn hands its record to a bounded
in-process buffer and goes on; one background task writes what has gathered in one transaction
per batch (`OutcomeService._write`), so a turn pays for neither the statements nor their round
trips, and a busy process pays for one transaction per batch instead of one per turn.

What is kept, and what may be lost (the record is analytics, not an order change):
- a stop (SIGTERM/SIGINT, the app's cleanup) writes everything buffered first (`aclose`);
- a batch that fails is written again turn by turn, so one bad record costs only itself, and a
  record that cannot be written (the database is down) is logged and dropped, as a turn that
  wrote its record itself would have lost it;
- a full buffer makes the next turn wait for the writer (`put`): memory stays bounded and
  nothing is dropped for being late;
- a process killed outright (SIGKILL, OOM) loses the records it had not written yet: at most
  the last `linger` seconds of turns plus the batch being written. The customer's answer, the
  session and every order change are unaffected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Generic, TypeVar

import structlog

log = structlog.get_logger(__name__)

T = TypeVar("T")

MAX_BUFFERED = 2_000
"""Records waiting at most; a turn finding the buffer full waits for the writer."""
MAX_BATCH = 200
"""Records written in one transaction at most."""
LINGER_SECONDS = 0.05
"""How long the writer lets records gather after the first one arrives."""


class BatchWriter(Generic[T]):
    """A bounded buffer and the task that drains it through `write(batch)`, in order."""

    def __init__(
        self,
        write: Callable[[list[T]], Awaitable[None]],
        *,
        linger: float = LINGER_SECONDS,
        max_buffered: int = MAX_BUFFERED,
        max_batch: int = MAX_BATCH,
        name: str = "batch",
    ) -> None:
        self._write = write
        self._linger = linger
        self._max_buffered = max_buffered
        self._max_batch = max_batch
        self._name = name
        self._buffer: list[T] = []
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._draining: asyncio.Lock | None = None
        self._closed = False

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    async def put(self, item: T) -> None:
        """Buffer one record; the writer writes it soon. A full buffer is drained first."""
        if self._closed:  # after shutdown (a late turn): write it at once
            await self._write_batch([item])
            return
        if len(self._buffer) >= self._max_buffered:
            await self.flush()
        self._buffer.append(item)
        self._start()
        assert self._wake is not None
        self._wake.set()

    async def flush(self) -> None:
        """Write everything buffered now, after the batch being written (if any)."""
        if self._draining is None:
            self._draining = asyncio.Lock()
        async with self._draining:
            while self._buffer:
                batch = self._buffer[: self._max_batch]
                del self._buffer[: self._max_batch]
                await self._write_batch(batch)

    async def aclose(self) -> None:
        """Write what is buffered and stop the writer task."""
        self._closed = True
        await self.flush()  # after the batch being written, if any
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    def _start(self) -> None:
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = asyncio.create_task(self._run(), name=f"{self._name}-writer")

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._linger > 0 and len(self._buffer) < self._max_batch:
                await asyncio.sleep(self._linger)  # let a batch gather
            try:
                await self.flush()
            except Exception:  # never let the writer die: the next record wakes it again
                log.exception("batch_write_failed", writer=self._name)

    async def _write_batch(self, batch: list[T]) -> None:
        try:
            await self._write(batch)
            return
        except Exception:
            if len(batch) == 1:
                log.exception("batch_record_dropped", writer=self._name)
                return
        for item in batch:  # one bad record must not cost the others
            try:
                await self._write([item])
            except Exception:
                log.exception("batch_record_dropped", writer=self._name)
