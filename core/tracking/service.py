"""`TrackingHub`: fresh carrier tracking for orders, from whichever provider tracks the carrier.

- Routing: a parcel's carrier is normalised (`carriers`); Chinese carriers go to Kuaidi100
  first, the others to the cross-border aggregator (AfterShip) first, either to the other
  when the first does not handle the carrier.
- Resilience, as for the order sources: every call has a timeout and a circuit breaker per
  provider (`core.sources.resilience.Guard`); reports are cached in Redis for
  `cache_seconds`, so a conversation (or a second customer asking) costs the provider one
  query; and calls per provider and minute are limited (`rate_per_minute`): over the limit,
  or while a provider is down, the last report is used (kept a day), else the order's own
  tracking stands.
- Following: `follow(order)` records each parcel (`tracked_parcels`) and subscribes it once
  to the provider's push when a callback URL is configured; `orders_for(tracking_no)` finds
  the orders a push is about.
Without any provider configured the hub does nothing and orders keep their platform tracking.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

import sqlalchemy as sa
import structlog
from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.order import Order, OrderStatus, Shipment
from core.sources.base import SourceUnavailable
from core.sources.merge import apply_shipments, merge_events
from core.sources.resilience import CircuitBreaker, Guard
from core.storage.tables import ORDER_NO_LENGTH, UTCDateTime, metadata
from core.tracking.base import Parcel, TrackingReport, TrackingSource
from core.tracking.carriers import Carrier, normalize_carrier
from core.tracking.status import FINAL

if TYPE_CHECKING:
    from core.settings import Settings

log = structlog.get_logger(__name__)

tracked_parcels = sa.Table(
    "tracked_parcels",
    metadata,
    sa.Column("tracking_no", sa.String(64), primary_key=True),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), primary_key=True),
    sa.Column("carrier", sa.String(40), nullable=False),
    sa.Column("provider", sa.String(32)),
    sa.Column("subscribed_at", UTCDateTime()),
    sa.Column("checked_at", UTCDateTime()),
)

STALE_SECONDS = 24 * 3600


def _final(shipment: Shipment) -> bool:
    latest = shipment.latest_event()
    return latest is not None and latest.status in FINAL


def apply_report(order: Order, report: TrackingReport) -> Order:
    """A provider's report folded into the order's parcel: new events added (each once), the
    carrier's estimate taken, a delivery making the order delivered."""
    updated = []
    for shipment in order.shipments:
        if shipment.tracking_no != report.tracking_no:
            continue
        events = merge_events(shipment.events, report.events)
        eta = report.eta or shipment.eta
        updated.append(shipment.model_copy(update={"events": events, "eta": eta}))
    if not updated:
        return order
    return apply_shipments(order, updated, delivered_at=report.delivered_at)


class RateLimit:
    """Calls per provider and minute, counted in Redis (all processes) or in memory."""

    def __init__(
        self, redis: Redis | None, prefix: str, per_minute: int, clock: Callable[[], float]
    ):
        self._redis = redis
        self._prefix = f"{prefix}trackrate:"
        self.per_minute = per_minute
        self._clock = clock
        self._local: dict[str, int] = {}

    async def take(self, provider: str) -> bool:
        if self.per_minute <= 0:
            return True
        key = f"{self._prefix}{provider}:{int(self._clock() // 60)}"
        if self._redis is not None:
            try:
                count = int(await self._redis.incr(key))
                if count == 1:
                    await self._redis.expire(key, 120)
                return count <= self.per_minute
            except RedisError:
                log.warning("tracking_rate_limit_unavailable")
        self._local = {k: v for k, v in self._local.items() if k == key}
        self._local[key] = self._local.get(key, 0) + 1
        return self._local[key] <= self.per_minute


class TrackingHub:
    def __init__(
        self,
        sources: Sequence[TrackingSource] = (),
        *,
        redis: Redis | None = None,
        prefix: str = "os:",
        engine: AsyncEngine | None = None,
        cache_seconds: int = 900,
        rate_per_minute: int = 60,
        timeout: float = 4.0,
        breaker_failures: int = 3,
        breaker_reset_seconds: float = 30.0,
        callback_url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sources = list(sources)
        self._redis = redis
        self._prefix = f"{prefix}tracking:"
        self._engine = engine
        self.cache_seconds = cache_seconds
        self.callback_url = callback_url.rstrip("/") if callback_url else None
        self.limit = RateLimit(redis, prefix, rate_per_minute, time.time)
        self.guards = {
            s.name: Guard(
                s.name,
                kind="tracking",
                timeout=timeout,
                breaker=CircuitBreaker(
                    s.name,
                    failure_threshold=breaker_failures,
                    reset_seconds=breaker_reset_seconds,
                    clock=clock,
                ),
            )
            for s in self.sources
        }
        self._memory: dict[str, tuple[float, str]] = {}
        self.calls = 0
        """Provider calls made (a figure for tests and benchmarks)."""

    @property
    def enabled(self) -> bool:
        return bool(self.sources)

    def source(self, name: str) -> TrackingSource | None:
        return next((s for s in self.sources if s.name == name), None)

    def source_for(self, carrier: Carrier) -> TrackingSource | None:
        able = [s for s in self.sources if s.handles(carrier)]
        first = "kuaidi100" if carrier.country == "CN" else "aftership"
        able.sort(key=lambda s: s.name != first)
        return able[0] if able else None

    # -- the cache

    def _key(self, kind: str, source: str, parcel: Parcel) -> str:
        return f"{self._prefix}{kind}:{source}:{parcel.carrier.code}:{parcel.tracking_no}"

    async def _get(self, key: str) -> TrackingReport | None:
        raw: str | bytes | None = None
        if self._redis is not None:
            try:
                raw = await self._redis.get(key)
            except RedisError:
                raw = None
        else:
            entry = self._memory.get(key)
            raw = entry[1] if entry and entry[0] > time.monotonic() else None
        if raw is None:
            return None
        try:
            return TrackingReport.model_validate_json(raw)
        except ValidationError:
            return None

    async def _put(self, key: str, report: TrackingReport, seconds: int) -> None:
        raw = report.model_dump_json()
        if self._redis is not None:
            try:
                await self._redis.set(key, raw, ex=seconds)
            except RedisError:
                log.warning("tracking_cache_write_failed")
        else:
            self._memory[key] = (time.monotonic() + seconds, raw)

    # -- reading

    async def report(self, parcel: Parcel) -> TrackingReport | None:
        """Fresh (at most `cache_seconds` old) tracking of one parcel, or the last known one
        while the provider is down or over its rate; None when nothing is known."""
        source = self.source_for(parcel.carrier)
        if source is None:
            return None
        fresh_key = self._key("fresh", source.name, parcel)
        stale_key = self._key("last", source.name, parcel)
        cached = await self._get(fresh_key)
        if cached is not None:
            return cached
        if not await self.limit.take(source.name):
            log.info("tracking_rate_limited", provider=source.name)
            return await self._get(stale_key)

        async def ask() -> TrackingReport | None:
            self.calls += 1  # only calls the breaker lets through reach the provider
            return await source.track(parcel)

        try:
            report = await self.guards[source.name].call(ask)
        except SourceUnavailable:
            return await self._get(stale_key)
        if report is None:
            return None
        await self._put(fresh_key, report, self.cache_seconds)
        await self._put(stale_key, report, STALE_SECONDS)
        return report

    async def put_report(self, report: TrackingReport) -> None:
        """A pushed report is the freshest there is: it refreshes the cache."""
        from core.tracking.carriers import by_code

        carrier = by_code(report.carrier)
        if carrier is None:
            return
        parcel = Parcel(carrier, report.tracking_no)
        await self._put(self._key("fresh", report.provider, parcel), report, self.cache_seconds)
        await self._put(self._key("last", report.provider, parcel), report, STALE_SECONDS)

    @staticmethod
    def parcel(order: Order, shipment: Shipment) -> Parcel | None:
        carrier = normalize_carrier(shipment.carrier, shipment.tracking_no)
        if carrier is None:
            return None
        digits = "".join(c for c in order.shipping_address.phone if c.isdigit())
        return Parcel(
            carrier=carrier,
            tracking_no=shipment.tracking_no,
            phone=digits[-4:] if len(digits) >= 4 else None,
            destination=order.shipping_address.country,
        )

    async def refresh(self, order: Order) -> Order:
        """The order with every parcel still on its way brought up to date."""
        if not self.enabled or order.status not in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            return order
        for shipment in order.shipments:
            if _final(shipment):
                continue
            parcel = self.parcel(order, shipment)
            if parcel is None:
                continue
            report = await self.report(parcel)
            if report is not None:
                order = apply_report(order, report)
        return order

    # -- following

    async def follow(self, order: Order) -> int:
        """Record the order's parcels and subscribe the new ones to push; returns how many
        were subscribed now."""
        if self._engine is None or not self.enabled:
            return 0
        subscribed = 0
        table = tracked_parcels
        for shipment in order.shipments:
            parcel = self.parcel(order, shipment)
            if parcel is None or _final(shipment):
                continue
            source = self.source_for(parcel.carrier)
            key = (table.c.tracking_no == shipment.tracking_no) & (
                table.c.order_no == order.order_no
            )
            async with self._engine.connect() as conn:
                row = (await conn.execute(sa.select(table).where(key))).mappings().first()
            if row is None:
                async with self._engine.begin() as conn:
                    await conn.execute(
                        sa.insert(table).values(
                            tracking_no=shipment.tracking_no,
                            order_no=order.order_no,
                            carrier=parcel.carrier.code,
                            provider=source.name if source else None,
                        )
                    )
            if source is None or not self.callback_url or (row and row["subscribed_at"]):
                continue
            url = f"{self.callback_url}/{source.name}"
            try:
                ok = await self.guards[source.name].call(partial(source.subscribe, parcel, url))
            except (SourceUnavailable, ValueError):
                ok = False
            if ok:
                subscribed += 1
                async with self._engine.begin() as conn:
                    await conn.execute(
                        sa.update(table).where(key).values(subscribed_at=datetime.now(UTC))
                    )
        return subscribed

    async def orders_for(self, tracking_no: str) -> list[str]:
        if self._engine is None:
            return []
        query = sa.select(tracked_parcels.c.order_no).where(
            tracked_parcels.c.tracking_no == tracking_no
        )
        async with self._engine.connect() as conn:
            return list((await conn.scalars(query)).all())

    async def aclose(self) -> None:
        for source in self.sources:
            await source.aclose()


def build_tracking(settings: Settings, *, redis: Redis | None, engine: AsyncEngine) -> TrackingHub:
    """The hub from settings: Kuaidi100 when its customer number and key are set, AfterShip
    when its API key is set; neither: an empty hub."""
    from core.tracking.aftership import AfterShipConfig, AfterShipSource
    from core.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Source

    k100, aftership, tracking = settings.kuaidi100, settings.aftership, settings.tracking
    timeout = tracking.timeout_seconds
    sources: list[TrackingSource] = []
    if k100.customer and k100.key:
        sources.append(
            Kuaidi100Source(
                Kuaidi100Config(
                    customer=k100.customer,
                    key=k100.key,
                    salt=k100.salt,
                    base_url=k100.base_url,
                    timeout_seconds=timeout,
                )
            )
        )
    if aftership.api_key:
        sources.append(
            AfterShipSource(
                AfterShipConfig(
                    api_key=aftership.api_key,
                    webhook_secret=aftership.webhook_secret,
                    base_url=aftership.base_url,
                    timeout_seconds=timeout,
                )
            )
        )
    return TrackingHub(
        sources,
        redis=redis,
        prefix=settings.redis_prefix,
        engine=engine,
        cache_seconds=tracking.cache_seconds,
        rate_per_minute=tracking.rate_per_minute,
        timeout=timeout,
        breaker_failures=settings.source_breaker_failures,
        breaker_reset_seconds=settings.source_breaker_reset_seconds,
        callback_url=tracking.callback_url,
    )
