"""Prometheus metrics of this process, in one registry (`REGISTRY`), served at `/metrics`.

The outcome counters are counted at the moment an outcome is decided, by the same code that
writes it to SQL (`core.outcomes.service`), so `increase(...)` over a period, summed over every
process, is what `ordersupport report` shows for that period. Other modules add their own
metrics to `REGISTRY` (request metrics, queues).
"""

from __future__ import annotations

from functools import cache

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
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


@cache
def outcome_metrics(registry: CollectorRegistry = REGISTRY) -> OutcomeMetrics:
    """The outcome counters of `registry`, created once (a name may be registered only once)."""
    return OutcomeMetrics(registry)


def latest(registry: CollectorRegistry = REGISTRY) -> bytes:
    """The registry in Prometheus' text format."""
    return generate_latest(registry)
