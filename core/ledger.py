"""The action ledger: every order operation a customer confirms is done once, whatever happens
to Redis, the conversation lock or the platform's retries.

The session in Redis is not enough to know whether a confirmed change was made: Redis may die
after the change and before the session is saved, or a slow turn may outlive the conversation
lock, and the customer's "yes" is then read again from the old session. So each change offered
for confirmation carries an id of its own (`ConfirmAction.id`, made when it is offered and kept
with the pending step), and the key `conversation + id` is claimed in SQL before the change is
made. The entry records what the customer was told; a second "yes" to the same offer gets that
answer again instead of a second ticket, return or `order.return_created` event.

A claim whose turn failed before anything was changed is released, so the customer may try
again; one whose turn failed after a change (noted by `OrderOperations` and the ticket store
through `note_effect`) is finished with what had been said, never run again.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.tables import action_ledger

log = structlog.get_logger(__name__)

LEASE_SECONDS = 120.0
"""A claim older than this whose turn never finished (the process died) may be taken over."""
WAIT_SECONDS = 10.0
"""How long a second turn for the same action waits for the first one to finish."""


class EntryStatus(StrEnum):
    RUNNING = "running"
    APPLIED = "applied"
    """Running, and something outside the conversation has changed: never to be run again."""
    DONE = "done"


@dataclass(frozen=True)
class Entry:
    key: str
    status: EntryStatus
    outcome: dict[str, Any] | None
    fresh: bool
    """True when this caller claimed it and must carry the action out."""


@dataclass
class _Effects:
    key: str
    ledger: ActionLedger
    applied: bool = False


_CURRENT: contextvars.ContextVar[_Effects | None] = contextvars.ContextVar(
    "ledger_action", default=None
)


def current_key() -> str | None:
    """The ledger key of the action being carried out in this task, if any (tickets opened
    by it take it as their idempotency key)."""
    effects = _CURRENT.get()
    return effects.key if effects else None


async def note_effect() -> None:
    """Something outside the conversation has changed (an order, a ticket): from now on the
    action must never be run again, even if the turn fails or its process dies (recorded)."""
    effects = _CURRENT.get()
    if effects is None or effects.applied:
        return
    effects.applied = True
    try:
        await effects.ledger.mark_applied(effects.key)
    except Exception:  # the database is down: the turn's own failure path records it
        log.warning("ledger_effect_not_recorded")


class ActionInProgress(RuntimeError):
    """Another turn is carrying out the same action and did not finish in time."""


class ActionLedger:
    def __init__(self, db: AsyncEngine, *, lease_seconds: float = LEASE_SECONDS) -> None:
        self._db = db
        self.lease_seconds = lease_seconds

    async def get(self, key: str) -> Entry | None:
        async with self._db.connect() as conn:
            row = (
                (await conn.execute(sa.select(action_ledger).where(action_ledger.c.key == key)))
                .mappings()
                .first()
            )
        if row is None:
            return None
        return Entry(key, EntryStatus(row["status"]), row["outcome"], fresh=False)

    async def claim(self, key: str, action: str, order_no: str | None) -> Entry:
        """Claim `key` for this turn; an entry already there is returned (`fresh=False`)."""
        now = datetime.now(UTC)
        try:
            async with self._db.begin() as conn:
                await conn.execute(
                    sa.insert(action_ledger).values(
                        key=key,
                        action=action,
                        order_no=order_no,
                        status=EntryStatus.RUNNING.value,
                        claimed_at=now,
                    )
                )
            return Entry(key, EntryStatus.RUNNING, None, fresh=True)
        except IntegrityError:
            pass
        async with self._db.begin() as conn:
            taken = await conn.execute(  # a claim its process never finished: take it over
                sa.update(action_ledger)
                .where(
                    action_ledger.c.key == key,
                    action_ledger.c.status == EntryStatus.RUNNING.value,
                    action_ledger.c.claimed_at < now - timedelta(seconds=self.lease_seconds),
                )
                .values(claimed_at=now)
            )
        if taken.rowcount == 1:
            log.warning("ledger_claim_taken_over", action=action)
            return Entry(key, EntryStatus.RUNNING, None, fresh=True)
        found = await self.get(key)
        if found is None:  # released meanwhile: try once more
            return await self.claim(key, action, order_no)
        return found

    async def finish(self, key: str, outcome: dict[str, Any]) -> None:
        async with self._db.begin() as conn:
            await conn.execute(
                sa.update(action_ledger)
                .where(action_ledger.c.key == key)
                .values(
                    status=EntryStatus.DONE.value, outcome=outcome, finished_at=datetime.now(UTC)
                )
            )

    async def mark_applied(self, key: str) -> None:
        async with self._db.begin() as conn:
            await conn.execute(
                sa.update(action_ledger)
                .where(
                    action_ledger.c.key == key,
                    action_ledger.c.status == EntryStatus.RUNNING.value,
                )
                .values(status=EntryStatus.APPLIED.value)
            )

    async def take_over(self, key: str) -> bool:
        """Claim an action whose turn changed nothing and did not finish in time (its process
        died, most likely): True if this caller now carries it out."""
        async with self._db.begin() as conn:
            taken = await conn.execute(
                sa.update(action_ledger)
                .where(
                    action_ledger.c.key == key,
                    action_ledger.c.status == EntryStatus.RUNNING.value,
                )
                .values(claimed_at=datetime.now(UTC))
            )
        return bool(taken.rowcount == 1)

    async def release(self, key: str) -> None:
        """Forget a claim whose action changed nothing, so that it may be tried again."""
        async with self._db.begin() as conn:
            await conn.execute(
                sa.delete(action_ledger).where(
                    action_ledger.c.key == key,
                    action_ledger.c.status == EntryStatus.RUNNING.value,
                )
            )

    async def wait(self, key: str, seconds: float = WAIT_SECONDS) -> Entry | None:
        """The entry once another turn has finished it (None if it was released)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            found = await self.get(key)
            if found is None or found.status is EntryStatus.DONE:
                return found
            if found.status is EntryStatus.APPLIED and loop.time() >= deadline:
                return found  # changed, never finished: told it is being taken care of
            if loop.time() >= deadline:
                raise ActionInProgress(key)
            await asyncio.sleep(0.2)

    async def run(
        self,
        key: str,
        action: str,
        order_no: str | None,
        work: Callable[[], Awaitable[dict[str, Any]]],
        *,
        partial: Callable[[], dict[str, Any]] | None = None,
    ) -> Entry:
        """Carry `work` out once for `key` and record its outcome; a key already done gives
        its recorded entry (`fresh=False`). `partial` is the outcome to record when `work`
        fails after it changed something."""
        entry = await self.claim(key, action, order_no)
        if not entry.fresh and entry.status is not EntryStatus.DONE:
            try:
                waited = await self.wait(key)
            except ActionInProgress:
                waited = await self.get(key)
                if waited is not None and waited.status is EntryStatus.RUNNING:
                    if await self.take_over(key):  # it changed nothing: carry it out here
                        log.warning("ledger_claim_taken_over", action=action)
                        entry = Entry(key, EntryStatus.RUNNING, None, fresh=True)
                        waited = None
            if not entry.fresh:
                if waited is None:  # released meanwhile: this turn may carry it out
                    return await self.run(key, action, order_no, work, partial=partial)
                entry = waited
        if not entry.fresh:
            log.info("ledger_replayed", action=action)
            return entry
        effects = _Effects(key, self)
        token = _CURRENT.set(effects)
        try:
            outcome = await work()
        except BaseException:
            _CURRENT.reset(token)
            try:
                if effects.applied:
                    await self.finish(key, partial() if partial else {})
                    log.warning("ledger_failed_after_effect", action=action)
                else:
                    await self.release(key)
            except Exception:  # the database is what failed: the claim expires with its lease
                log.warning("ledger_not_updated", action=action)
            raise
        _CURRENT.reset(token)
        await self.finish(key, outcome)
        return Entry(key, EntryStatus.DONE, outcome, fresh=True)
