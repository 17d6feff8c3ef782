"""`TrackingHub`: which provider tracks which carrier, and staying polite and up when a
provider is slow, rate-limited or down — like the order sources."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from core.order import Order
from core.tracking.aftership import AfterShipSource
from core.tracking.carriers import by_code
from core.tracking.kuaidi100 import Kuaidi100Source
from core.tracking.service import TrackingHub
from tests import fake_aftership, fake_kuaidi100
from tests.factories import order_doc
from tests.fake_aftership import FakeAfterShip, aftership_config
from tests.fake_kuaidi100 import FakeKuaidi100, kuaidi100_config

SF_NO = "SF1403871256394"


def shipped(tracking_no: str = SF_NO, carrier: str = "SF Express") -> Order:
    return Order.model_validate(
        order_doc(
            status="shipped",
            shipments=[{"carrier": carrier, "tracking_no": tracking_no, "events": []}],
        )
    )


@pytest.fixture
async def k100() -> AsyncIterator[FakeKuaidi100]:
    fake = await FakeKuaidi100().start()
    fake.parcels[SF_NO] = fake_kuaidi100.fixture("query_sf_in_transit.json")
    yield fake
    await fake.stop()


@pytest.fixture
async def ash() -> AsyncIterator[FakeAfterShip]:
    fake = await FakeAfterShip().start()
    fake.trackings["1Z999AA10123456784"] = fake_aftership.fixture("tracking_ups_in_transit.json")
    yield fake
    await fake.stop()


@pytest.fixture
async def hub(
    k100: FakeKuaidi100, ash: FakeAfterShip, redis: Redis, redis_prefix: str
) -> AsyncIterator[TrackingHub]:
    built = TrackingHub(
        [Kuaidi100Source(kuaidi100_config(k100)), AfterShipSource(aftership_config(ash))],
        redis=redis,
        prefix=redis_prefix,
        rate_per_minute=100,
    )
    yield built
    await built.aclose()


def test_chinese_carriers_go_to_kuaidi100_and_the_others_to_aftership(hub: TrackingHub) -> None:
    assert hub.source_for(by_code("sf")).name == "kuaidi100"  # type: ignore[arg-type,union-attr]
    assert hub.source_for(by_code("ups")).name == "aftership"  # type: ignore[arg-type,union-attr]
    assert hub.source_for(by_code("yamato")).name == "aftership"  # type: ignore[arg-type,union-attr]


async def test_a_refresh_adds_the_carriers_events_to_the_parcel(hub: TrackingHub) -> None:
    order = await hub.refresh(shipped())
    assert [e.status for e in order.shipments[0].events] == [
        "picked_up",
        "in_transit",
        "in_transit",
    ]


async def test_a_second_refresh_within_the_cache_time_asks_the_provider_nothing(
    hub: TrackingHub, k100: FakeKuaidi100
) -> None:
    await hub.refresh(shipped())
    await hub.refresh(shipped())
    assert len(k100.queries) == 1


async def test_over_the_rate_limit_the_last_report_is_used(
    k100: FakeKuaidi100, redis: Redis, redis_prefix: str
) -> None:
    hub = TrackingHub(
        [Kuaidi100Source(kuaidi100_config(k100))],
        redis=redis,
        prefix=redis_prefix,
        rate_per_minute=1,
        cache_seconds=0,
    )
    try:
        first = await hub.refresh(shipped())
        second = await hub.refresh(shipped())  # over the limit: the report kept a day serves
    finally:
        await hub.aclose()
    assert len(k100.queries) == 1
    assert second.shipments[0].events == first.shipments[0].events


async def test_a_provider_that_is_down_leaves_the_order_as_it_is_and_opens_the_breaker(
    k100: FakeKuaidi100, redis: Redis, redis_prefix: str
) -> None:
    hub = TrackingHub(
        [Kuaidi100Source(kuaidi100_config(k100))],
        redis=redis,
        prefix=redis_prefix,
        breaker_failures=2,
    )
    k100.failing = True
    try:
        order = shipped()
        for _ in range(4):
            assert await hub.refresh(order) == order
    finally:
        await hub.aclose()
    assert hub.guards["kuaidi100"].is_down
    assert hub.calls == 2  # the breaker stopped the calls after two failures


async def test_a_carrier_no_provider_knows_is_left_alone(hub: TrackingHub) -> None:
    order = shipped("ABC123", carrier="Bob's Courier")
    assert await hub.refresh(order) == order
    assert hub.calls == 0


async def test_an_empty_hub_changes_nothing() -> None:
    order = shipped()
    assert await TrackingHub().refresh(order) == order
