"""One retry policy per kind of work, on tenacity: how long to wait before the next try, how
many tries there are.

Some work is retried in the process (a Telegram send that was rate limited, a shop platform that
throttled a read): `RetryPolicy.retrying()` is a tenacity `AsyncRetrying` for it. Other work is
retried later by whoever picks it up again (a queued event, a notice in the outbox, a webhook to
a business system): `RetryPolicy.delay(attempt)` is when, from the same tenacity wait strategy,
stored with the work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)
from tenacity.wait import wait_base

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff `base × 2^(attempt-1)` capped at `cap`, plus up to `jitter × base`
    seconds of random spread, for at most `attempts` tries."""

    name: str
    attempts: int
    base: float
    cap: float = 3600.0
    jitter: float = 0.0

    def wait(self) -> wait_base:
        """The tenacity wait strategy of this policy."""
        exponential = wait_exponential(multiplier=self.base, max=self.cap)
        if self.jitter <= 0:
            return exponential
        return exponential + wait_random(0, self.base * self.jitter)

    def delay(self, attempt: int) -> float:
        """Seconds to wait after the `attempt`-th failed try (1 = the first)."""
        state = RetryCallState(retry_object=AsyncRetrying(), fn=None, args=(), kwargs={})
        state.attempt_number = max(1, attempt)
        return float(self.wait()(state))

    def exhausted(self, attempt: int) -> bool:
        """True when `attempt` tries have used the policy up."""
        return attempt >= self.attempts

    def retrying(
        self,
        on: type[BaseException] | tuple[type[BaseException], ...],
        *,
        wait: wait_base | Callable[[RetryCallState], float] | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> AsyncRetrying:
        """Retry what raises `on`, in the process; the last failure is re-raised as it is."""
        return AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait or self.wait(),
            retry=retry_if_exception_type(on),
            sleep=sleep,
            reraise=True,
        )


def events_policy(base: float, attempts: int) -> RetryPolicy:
    """Proactive events (order, shipment, payment changes) on the Redis stream."""
    return RetryPolicy("proactive_events", attempts=attempts, base=base)


def notices_policy(base: float, attempts: int) -> RetryPolicy:
    """Notices and tickets in the transactional outbox."""
    return RetryPolicy("outbox_notices", attempts=attempts, base=base)


def business_webhooks_policy(base: float, attempts: int, cap: float) -> RetryPolicy:
    """Signed webhooks to ERP/WMS/CRM; spread a little so a recovered endpoint is not stampeded."""
    return RetryPolicy("business_webhooks", attempts=attempts, base=base, cap=cap, jitter=0.1)


CHAT_SENDS = RetryPolicy("chat_sends", attempts=4, base=1.0, cap=8.0)
"""A chat platform that was unreachable or rate limited a message (Retry-After when it says)."""
