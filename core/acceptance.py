"""Durable acceptance of platform events: an event is either stored before the platform hears
"200", or the platform is told to send it again.

- `Outage`: Redis or the SQL database cannot be reached. The engine raises it instead of
  answering (nothing was done that a second delivery would repeat: the action ledger sees to
  that), and an endpoint answers 503 with `Retry-After`, which every platform retries.
- `InboundEvents`: events a webhook answers at once and handles afterwards (Telegram) are
  stored in SQL first; one that could not be handled (Redis down) is handed to the handler
  again later by `redeliver`, until it is done; a handled one is deleted.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import structlog
from redis import exceptions as redis_errors
from sqlalchemy import exc as sql_errors
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.tables import inbound_events

log = structlog.get_logger(__name__)

RETRY_AFTER_SECONDS = 5
"""What a 503 asks the platform (or the web page) to wait before sending again."""
REDELIVER_AFTER = timedelta(seconds=5)
MAX_ATTEMPTS = 200
"""An accepted event is tried this many times (minutes to hours of outage) before it is left
for an operator (logged)."""


class Outage(RuntimeError):
    """A store every turn needs (Redis, the SQL database) cannot be reached right now."""


_OUTAGES: tuple[type[BaseException], ...] = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.BusyLoadingError,
    sql_errors.OperationalError,
    sql_errors.InterfaceError,
    ConnectionError,
    TimeoutError,
)


def is_outage(exc: BaseException) -> bool:
    """True for a failure to reach Redis or the database (not a bug, not bad input)."""
    if isinstance(exc, (Outage, *_OUTAGES)):
        return True
    if isinstance(exc, sql_errors.DBAPIError) and exc.connection_invalidated:
        return True
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and isinstance(cause, _OUTAGES)


class Handling:
    """What one accepted event's handling ran into (set by `handling()` in its own task)."""

    def __init__(self) -> None:
        self.outage: BaseException | None = None


_HANDLING: contextvars.ContextVar[Handling | None] = contextvars.ContextVar(
    "inbound_handling", default=None
)


def handling() -> Handling:
    """Start watching the handling of one event in this task: an SDK that swallows its
    handlers' exceptions (python-telegram-bot) still lets the webhook know of an outage."""
    found = Handling()
    _HANDLING.set(found)
    return found


def note_outage(exc: BaseException) -> None:
    found = _HANDLING.get()
    if found is not None:
        found.outage = exc


Handler = Callable[[dict[str, Any]], Awaitable[None]]


class InboundEvents:
    """Accepted events of one process kind, in SQL, until they are handled."""

    def __init__(self, db: AsyncEngine, channel: str) -> None:
        self._db = db
        self.channel = channel

    async def accept(self, event_id: str, payload: dict[str, Any]) -> bool:
        """Store the event (before answering 200). False when it is already stored (a
        platform's second delivery of an event still waiting). Raises `Outage` when the
        database is down: the webhook must then answer 503."""
        now = datetime.now(UTC)
        try:
            async with self._db.begin() as conn:
                await conn.execute(
                    sa.insert(inbound_events).values(
                        channel=self.channel,
                        event_id=event_id[:160],
                        payload=payload,
                        attempts=0,
                        accepted_at=now,
                        next_attempt_at=now + REDELIVER_AFTER,
                    )
                )
        except sql_errors.IntegrityError:
            return False
        except Exception as exc:
            if is_outage(exc):
                raise Outage("the database is unreachable") from exc
            raise
        return True

    async def done(self, event_id: str) -> None:
        async with self._db.begin() as conn:
            await conn.execute(
                sa.delete(inbound_events).where(
                    inbound_events.c.channel == self.channel,
                    inbound_events.c.event_id == event_id[:160],
                )
            )

    async def waiting(self) -> int:
        async with self._db.connect() as conn:
            count = await conn.scalar(
                sa.select(sa.func.count())
                .select_from(inbound_events)
                .where(inbound_events.c.channel == self.channel)
            )
        return int(count or 0)

    async def due(self, limit: int = 50, now: datetime | None = None) -> list[dict[str, Any]]:
        """Events whose handling failed (or whose process died), each pushed back so that
        only one process takes it at a time."""
        now = now or datetime.now(UTC)
        async with self._db.begin() as conn:
            rows = (
                (
                    await conn.execute(
                        sa.select(inbound_events)
                        .where(
                            inbound_events.c.channel == self.channel,
                            inbound_events.c.next_attempt_at <= now,
                            inbound_events.c.attempts < MAX_ATTEMPTS,
                        )
                        .order_by(inbound_events.c.id)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                )
                .mappings()
                .all()
            )
            taken: list[dict[str, Any]] = []
            for row in rows:
                attempts = int(row["attempts"]) + 1
                delay = min(300.0, REDELIVER_AFTER.total_seconds() * attempts)
                await conn.execute(
                    sa.update(inbound_events)
                    .where(inbound_events.c.id == row["id"])
                    .values(attempts=attempts, next_attempt_at=now + timedelta(seconds=delay))
                )
                taken.append(dict(row))
        return taken

    async def redeliver_once(self, handle: Handler, now: datetime | None = None) -> int:
        """Hand every due event to `handle` again; returns how many were handled."""
        handled = 0
        for row in await self.due(now=now):
            try:
                await handle(row["payload"])
            except Exception as exc:
                log.warning(
                    "inbound_event_not_handled",
                    channel=self.channel,
                    attempts=row["attempts"] + 1,
                    error=type(exc).__name__,
                )
                continue
            await self.done(row["event_id"])
            handled += 1
        if handled:
            log.info("inbound_events_redelivered", channel=self.channel, handled=handled)
        return handled

    async def redeliver(self, handle: Handler, stop: asyncio.Event, every: float = 5.0) -> None:
        """Until `stop`: hand due events to `handle` again (the web process runs this)."""
        while not stop.is_set():
            try:
                await self.redeliver_once(handle)
            except Exception as exc:  # the database is down: try again next round
                log.warning("inbound_redelivery_failed", channel=self.channel, error=repr(exc))
            try:
                await asyncio.wait_for(stop.wait(), every)
            except TimeoutError:
                pass
