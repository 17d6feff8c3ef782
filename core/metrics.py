"""Prometheus metrics of this process, in one registry (`REGISTRY`), served at `/metrics`.

The outcome counters are counted at the moment an outcome is decided, by the same code that
writes it to SQL (`core.outcomes.service`), so `increase(...)` over a period, summed over every
process, is what `ordersupport report` shows for that period.

The operating metrics (`OpsMetrics`, `ops_metrics()`) are what an operator watches: HTTP
latency by route, messages, understanding by tier, upstream latency and breakers, the queue
and the outbox. Counters are counted where the thing happens; gauges that need a database or
Redis read (queue depth and lag, outbox lag, dead letters) are set by `core.health.refresh`
just before each scrape and by the worker's own loop, so a scrape always shows fresh values.
Labels are bounded sets (a route's template, never a raw path; an intent, a channel), and no
label ever carries personal data or an order number.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

_SECONDS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600)


class OutcomeMetrics:
    """The outcome counters (see README, "Outcomes", for each definition)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.episodes = Counter(
            "ordersupport_episode_outcomes",
            "Episodes (one request each) by how they ended",
            ["outcome", "channel", "language", "intent"],
            registry=registry,
        )
        self.handoffs = Counter(
            "ordersupport_handoffs",
            "Episodes handed to staff, by reason",
            ["reason"],
            registry=registry,
        )
        self.first_response = Histogram(
            "ordersupport_first_response_seconds",
            "From the customer's first message of an episode to the first reply",
            ["channel"],
            buckets=_SECONDS,
            registry=registry,
        )
        self.resolution = Histogram(
            "ordersupport_resolution_seconds",
            "From the first message to the bot's finished answer, for resolved episodes",
            buckets=_SECONDS,
            registry=registry,
        )
        self.staff_handling = Histogram(
            "ordersupport_staff_handling_seconds",
            "From staff taking a conversation over to handing it back",
            buckets=_SECONDS,
            registry=registry,
        )
        self.satisfaction_asked = Counter(
            "ordersupport_satisfaction_questions",
            "Satisfaction questions sent",
            registry=registry,
        )
        self.satisfaction = Counter(
            "ordersupport_satisfaction_answers",
            "Satisfaction answers, by score",
            ["score"],
            registry=registry,
        )
        self.notices_sent = Counter(
            "ordersupport_notices_sent",
            "Proactive notices delivered, by exception",
            ["exception"],
            registry=registry,
        )
        self.notice_answers = Counter(
            "ordersupport_notice_answers",
            "Proactive notices answered, by the customer's choice",
            ["choice"],
            registry=registry,
        )
        self.compensation = Counter(
            "ordersupport_compensation_amount",
            "Compensation accepted by customers (coupon value), by currency",
            ["currency"],
            registry=registry,
        )
        self.compensations = Counter(
            "ordersupport_compensations",
            "Compensations accepted, by option",
            ["option"],
            registry=registry,
        )
        self.refunds = Counter(
            "ordersupport_refunds",
            "Refunds started (returns, paid cancellations)",
            ["by", "currency"],
            registry=registry,
        )
        self.refund_amount = Counter(
            "ordersupport_refund_amount",
            "Amount of the refunds started",
            ["by", "currency"],
            registry=registry,
        )


_FAST = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
"""Latency buckets for work measured in milliseconds (requests, understanding, upstreams)."""

BREAKER_VALUES = {"closed": 0.0, "half_open": 1.0, "open": 2.0}
"""`ordersupport_breaker_state`: 0 closed (fine), 1 half-open (trying), 2 open (skipped)."""


class OpsMetrics:
    """The operating metrics (README, "Operations", lists each with its labels)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.http = Histogram(
            "ordersupport_http_request_duration_seconds",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            buckets=_FAST,
            registry=registry,
        )
        self.http_in_flight = Gauge(
            "ordersupport_http_requests_in_flight",
            "HTTP requests being served now",
            registry=registry,
        )
        self.messages = Counter(
            "ordersupport_messages",
            "Customer messages handled, by channel, intent, language and how the turn ended",
            ["channel", "intent", "language", "outcome"],
            registry=registry,
        )
        self.understanding = Histogram(
            "ordersupport_understanding_seconds",
            "Time spent understanding one message, by tier (rule, model, semantic, llm)",
            ["tier"],
            buckets=_FAST,
            registry=registry,
        )
        self.tickets = Counter(
            "ordersupport_tickets_opened",
            "Tickets opened for staff, by department and priority",
            ["department", "priority"],
            registry=registry,
        )
        self.source_latency = Histogram(
            "ordersupport_order_source_seconds",
            "Calls into an order source, by source and result (ok, not_found, failed, open)",
            ["source", "result"],
            buckets=_FAST,
            registry=registry,
        )
        self.tracking_latency = Histogram(
            "ordersupport_tracking_seconds",
            "Calls into a carrier-tracking provider, by provider and result",
            ["provider", "result"],
            buckets=_FAST,
            registry=registry,
        )
        self.breaker = Gauge(
            "ordersupport_breaker_state",
            "Circuit breaker of each upstream: 0 closed, 1 half-open, 2 open",
            ["kind", "name"],
            registry=registry,
        )
        self.errors = Counter(
            "ordersupport_errors",
            "Failures that cost a customer an apology or a request a 5xx, by component",
            ["component"],
            registry=registry,
        )
        self.webhooks_rejected = Counter(
            "ordersupport_webhooks_rejected",
            "Platform webhooks refused, by route template and reason",
            ["route", "reason"],
            registry=registry,
        )
        self.queue_messages = Gauge(
            "ordersupport_queue_messages",
            "Events in the worker's queue, by state (waiting, pending, retrying)",
            ["state"],
            registry=registry,
        )
        self.queue_lag = Gauge(
            "ordersupport_queue_lag_seconds",
            "Age of the oldest event not yet settled (0 when the queue is empty)",
            registry=registry,
        )
        self.dead_letters = Gauge(
            "ordersupport_dead_letters",
            "Events that failed every try and wait for an operator",
            registry=registry,
        )
        self.outbox_due = Gauge(
            "ordersupport_outbox_due",
            "Outbox rows (notices, tickets) due and not yet delivered",
            registry=registry,
        )
        self.outbox_lag = Gauge(
            "ordersupport_outbox_lag_seconds",
            "How long the oldest due outbox row has waited past its due time",
            registry=registry,
        )
        self.outbox_failed = Gauge(
            "ordersupport_outbox_failed",
            "Outbox rows given up on after every attempt",
            registry=registry,
        )
        self.worker_heartbeat = Gauge(
            "ordersupport_worker_heartbeat_timestamp_seconds",
            "When the worker's loop last ran (Unix time); stale means stuck",
            registry=registry,
        )


@cache
def ops_metrics(registry: CollectorRegistry = REGISTRY) -> OpsMetrics:
    """The operating metrics of `registry`, created once."""
    return OpsMetrics(registry)


@contextmanager
def timed(histogram: Histogram, **labels: str) -> Iterator[None]:
    """Observe how long the block took, in seconds, on `histogram` with `labels`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        histogram.labels(**labels).observe(time.perf_counter() - started)


@cache
def outcome_metrics(registry: CollectorRegistry = REGISTRY) -> OutcomeMetrics:
    """The outcome counters of `registry`, created once (a name may be registered only once)."""
    return OutcomeMetrics(registry)


def latest(registry: CollectorRegistry = REGISTRY) -> bytes:
    """The registry in Prometheus' text format."""
    return generate_latest(registry)
