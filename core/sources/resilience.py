"""Keeping the bot answering when one shop system is down or slow.

Every call into a remote source goes through a `Guard`: a hard timeout, and a circuit breaker
that stops calling a source after several failures in a row and tries it again after a pause.
Timeouts, connection errors and 5xx answers all become `SourceUnavailable`; an unknown order
(`OrderNotFound`) or a refused change (`ValueError`) is the source answering, not failing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

import aiohttp
import structlog
from sqlalchemy import exc as sql_errors

from core.metrics import ops_metrics
from core.retry import RetryPolicy
from core.sources.base import SourceUnavailable

log = structlog.get_logger(__name__)

T = TypeVar("T")


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass
class CircuitBreaker:
    """Opens after `failure_threshold` failures in a row; after `reset_seconds` one trial call
    is let through (half-open): its success closes the breaker, its failure opens it again."""

    name: str
    failure_threshold: int = 3
    reset_seconds: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _trial_running: bool = field(default=False, repr=False)

    @property
    def state(self) -> BreakerState:
        if self.opened_at is None:
            return BreakerState.CLOSED
        if self.clock() - self.opened_at >= self.reset_seconds:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def allow(self) -> bool:
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def record_success(self) -> None:
        if self.opened_at is not None:
            log.info("source_recovered", source=self.name)
        self.failures = 0
        self.opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self.failures += 1
        self._trial_running = False
        if self.opened_at is not None or self.failures >= self.failure_threshold:
            if self.opened_at is None:
                log.warning("source_circuit_opened", source=self.name, failures=self.failures)
            self.opened_at = self.clock()


class UpstreamError(RuntimeError):
    """A shop system answered with a server error (5xx) or garbage: counts as a failure."""


class MalformedPayload(UpstreamError):
    """A shop system's answer could not be mapped into the canonical order."""


_FAILURES: tuple[type[BaseException], ...] = (
    TimeoutError,
    aiohttp.ClientError,
    UpstreamError,
    SourceUnavailable,
    ConnectionError,
    sql_errors.OperationalError,  # the database behind the SQL source is down
    sql_errors.InterfaceError,
)


class Guard:
    """Timeout + circuit breaker around every call into one source. Every call is timed on
    `/metrics` (`ordersupport_order_source_seconds`, or `ordersupport_tracking_seconds` for a
    guard of `kind` "tracking") with its result: ok, answered (not found, refused), failed,
    open."""

    def __init__(
        self,
        name: str,
        *,
        timeout: float = 3.0,
        breaker: CircuitBreaker | None = None,
        kind: str = "order_source",
    ):
        self.name = name
        self.timeout = timeout
        self.breaker = breaker or CircuitBreaker(name)
        self.kind = kind
        metrics = ops_metrics()
        if kind == "tracking":
            self._latency = metrics.tracking_latency
            self._label = "provider"
        else:
            self._latency = metrics.source_latency
            self._label = "source"

    def _observe(self, started: float, result: str) -> None:
        self._latency.labels(**{self._label: self.name, "result": result}).observe(
            time.perf_counter() - started
        )

    @property
    def is_down(self) -> bool:
        return self.breaker.state is BreakerState.OPEN

    async def call(self, make: Callable[[], Awaitable[T]], *, seconds: float | None = None) -> T:
        started = time.perf_counter()
        if not self.breaker.allow():
            self._observe(started, "open")
            raise SourceUnavailable(f"{self.name}: circuit open")
        try:
            async with asyncio.timeout(seconds or self.timeout):
                result = await make()
        except _FAILURES as exc:
            self.breaker.record_failure()
            self._observe(started, "failed")
            log.warning("source_call_failed", source=self.name, error=type(exc).__name__)
            raise SourceUnavailable(f"{self.name}: {type(exc).__name__}") from exc
        except (LookupError, ValueError):
            # the source answered (not found, refused): it is alive
            self.breaker.record_success()
            self._observe(started, "answered")
            raise
        except asyncio.CancelledError:
            self.breaker._trial_running = False
            raise
        self.breaker.record_success()
        self._observe(started, "ok")
        return result


def backoff_delays(
    attempts: int, *, base: float = 0.5, cap: float = 30.0, jitter: float = 0.1
) -> Iterator[float]:
    """The waits between a throttled source's tries: a `core.retry.RetryPolicy`'s delays."""
    policy = RetryPolicy("source_throttle", attempts=attempts, base=base, cap=cap, jitter=jitter)
    for attempt in range(1, attempts + 1):
        yield policy.delay(attempt)


def client_timeout(seconds: float) -> aiohttp.ClientTimeout:
    """An aiohttp timeout for one whole request (connect + answer)."""
    return aiohttp.ClientTimeout(total=seconds, sock_connect=min(seconds, 5.0))
