"""Health and fresh gauges: what `/readyz`, the worker's probe and `/metrics` read.

`readiness` answers "can this process serve now?": the database answers and its schema is not
behind the code (migrations at head, or ahead during a rolling update), Redis answers when
configured. Liveness is the caller's own (the
process answers at all; the worker's loop has ticked recently).

`refresh` sets the gauges that need a read of Redis or SQL (queue depth and lag, dead letters,
outbox lag, breaker states) and is called just before a scrape and by the worker's loop. Each
read is bounded by a timeout and a failing read leaves its gauges as they were: a scrape must
answer even when a dependency does not.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
import structlog
from alembic.script import ScriptDirectory

from core.metrics import BREAKER_VALUES, OpsMetrics, ops_metrics
from core.proactive.queue import EventQueue
from core.services import Services
from core.storage.database import alembic_config, head_revision, schema_revision
from core.storage.tables import outbox

log = structlog.get_logger(__name__)

CHECK_SECONDS = 2.0
"""How long one readiness check or gauge read may take before it counts as down."""


@dataclass
class Readiness:
    """Each dependency's state ("ok", "down", "behind"), and whether all are fine."""

    checks: dict[str, str] = field(default_factory=dict)
    detail: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(v == "ok" for v in self.checks.values())


async def _bounded(call: Awaitable[Any]) -> Any:
    async with asyncio.timeout(CHECK_SECONDS):
        return await call


async def readiness(services: Services) -> Readiness:
    """The database (and its schema at the code's head revision) and Redis, each answering."""
    result = Readiness()
    try:
        current = await _bounded(schema_revision(services.db))
        head = head_revision()
        result.checks["database"] = "ok"
        behind = current != head and (current is None or current in known_revisions())
        result.checks["migrations"] = "behind" if behind else "ok"
        if behind:
            result.detail["migrations"] = f"schema at {current or 'nothing'}, code needs {head}"
    except Exception as exc:  # a probe reports, never raises
        result.checks["database"] = "down"
        result.detail["database"] = type(exc).__name__
    if services.redis is not None:
        try:
            await _bounded(services.redis.ping())
            result.checks["redis"] = "ok"
        except Exception as exc:
            result.checks["redis"] = "down"
            result.detail["redis"] = type(exc).__name__
    return result


@cache
def known_revisions() -> frozenset[str]:
    """Every migration this code ships. A schema at a revision not among them is ahead of the
    code (a newer release migrated it during a rolling update): still ready, since migrations
    only add what older code can ignore; only a schema behind the code is not ready."""
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def _stream_seconds(entry_id: Any) -> float | None:
    """The Unix time a Redis stream entry id carries (`<ms>-<seq>`)."""
    if not entry_id:
        return None
    text = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
    head = text.split("-", 1)[0]
    return int(head) / 1000 if head.isdigit() else None


async def queue_lag_seconds(queue: EventQueue, now: float | None = None) -> float:
    """Age of the oldest event not yet settled: the oldest read-but-unacked one, or else the
    first one no consumer has read. 0 when nothing waits."""
    now = time.time() if now is None else now
    redis: Any = queue.redis
    await queue.ensure_group()
    groups = await redis.xinfo_groups(queue.stream)
    names = (queue.group, queue.group.encode())
    group: dict[str, Any] = next((g for g in groups if g.get("name") in names), {})
    oldest: list[float] = []
    pending = await redis.xpending(queue.stream, queue.group)
    if pending and pending.get("pending"):
        seconds = _stream_seconds(pending.get("min"))
        if seconds is not None:
            oldest.append(seconds)
    last = group.get("last-delivered-id") or "0-0"
    last = last.decode() if isinstance(last, bytes) else str(last)
    unread = await redis.xrange(queue.stream, min=f"({last}", count=1)
    if unread:
        seconds = _stream_seconds(unread[0][0])
        if seconds is not None:
            oldest.append(seconds)
    return max(0.0, now - min(oldest)) if oldest else 0.0


async def refresh_queue(queue: EventQueue, metrics: OpsMetrics | None = None) -> None:
    """Queue depth by state, dead letters and lag, from Redis."""
    metrics = metrics or ops_metrics()
    backlog = await _bounded(queue.backlog())
    for state in ("waiting", "pending", "retrying"):
        metrics.queue_messages.labels(state=state).set(backlog.get(state, 0))
    metrics.dead_letters.set(backlog.get("dead", 0))
    metrics.queue_lag.set(await _bounded(queue_lag_seconds(queue)))


async def refresh_outbox(services: Services, metrics: OpsMetrics | None = None) -> None:
    """Outbox rows due and waiting, how long the oldest has waited, and those given up on."""
    metrics = metrics or ops_metrics()
    now = datetime.now(UTC)
    due = sa.and_(outbox.c.status.in_(["pending", "sending"]), outbox.c.next_attempt_at <= now)
    query = sa.select(sa.func.count(), sa.func.min(outbox.c.next_attempt_at)).where(due)
    failed = sa.select(sa.func.count()).where(outbox.c.status == "failed")
    async with services.db.connect() as conn:
        count, oldest = (await _bounded(conn.execute(query))).one()
        given_up = (await _bounded(conn.execute(failed))).scalar_one()
    metrics.outbox_due.set(count or 0)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    metrics.outbox_lag.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
    metrics.outbox_failed.set(given_up or 0)


def refresh_breakers(services: Services, metrics: OpsMetrics | None = None) -> None:
    """Each order source's and tracking provider's circuit, as a number (see BREAKER_VALUES)."""
    metrics = metrics or ops_metrics()
    for name, state in services.hub.status().items():
        metrics.breaker.labels(kind="order_source", name=name).set(BREAKER_VALUES.get(state, 0))
    for name, guard in services.hub.tracking.guards.items():
        value = BREAKER_VALUES.get(guard.breaker.state.value, 0)
        metrics.breaker.labels(kind="tracking", name=name).set(value)


async def refresh(services: Services, queue: EventQueue | None) -> None:
    """Every gauge that needs a read; a read that fails is logged and leaves its gauges."""
    refresh_breakers(services)
    parts: list[tuple[str, Awaitable[None]]] = [("outbox", refresh_outbox(services))]
    if queue is not None:
        parts.append(("queue", refresh_queue(queue)))
    for name, part in parts:
        try:
            await part
        except Exception as exc:
            log.warning("metrics_refresh_failed", part=name, error=type(exc).__name__)
