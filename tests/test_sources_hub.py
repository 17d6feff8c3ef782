"""The OrderHub: routing, merging, links, circuit breakers, timeouts and the Redis read cache."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from core.order import Address, Order
from core.services import Services
from core.settings import ShopifySettings
from core.sources.base import SourceUnavailable
from core.sources.cache import OrderCache
from core.sources.hub import CustomerLinks, OrderHub
from core.sources.resilience import BreakerState, CircuitBreaker, UpstreamError
from tests.chat import store
from tests.factories import order, order_doc


class StubSource:
    """A remote source in memory: counts calls, can fail or hang."""

    remote = True

    def __init__(self, name: str, orders: list[Order], prefix: str = "") -> None:
        self.name = name
        self.platform = name
        self.orders = {o.order_no: o for o in orders}
        self.prefix = prefix
        self.calls: list[str] = []
        self.fail = False
        self.hang: asyncio.Event | None = None

    def owns(self, order_no: str) -> bool:
        return order_no.startswith(self.prefix)

    async def _enter(self, what: str) -> None:
        self.calls.append(what)
        if self.hang is not None:
            await self.hang.wait()
        if self.fail:
            raise UpstreamError("HTTP 503")

    async def get_order(self, order_no: str) -> Order | None:
        await self._enter(f"get:{order_no}")
        return self.orders.get(order_no)

    async def list_customer_orders(self, customer_id: str) -> list[Order]:
        await self._enter(f"list:{customer_id}")
        return [o for o in self.orders.values() if o.customer.id == customer_id]

    async def search_orders(self, *, email: str | None = None, phone: str | None = None) -> list:
        await self._enter(f"search:{email or phone}")
        return [o for o in self.orders.values() if email and o.customer.email == email]

    async def update_address(self, order_no: str, address: Address) -> Order:
        await self._enter(f"address:{order_no}")
        updated = self.orders[order_no].model_copy(update={"shipping_address": address})
        self.orders[order_no] = updated
        return updated


def shop_order(order_no: str, **overrides: Any) -> Order:
    customer = {"id": "shop:77", "name": "Li Na", "email": "li.na@example.com"}
    return order(order_no=order_no, platform="shop", customer=customer, **overrides)


@pytest.fixture
def shop() -> StubSource:
    return StubSource("shop", [shop_order("S-1001"), shop_order("S-1002")], prefix="S-")


async def test_an_order_number_is_asked_only_of_sources_that_own_it(shop: StubSource) -> None:
    other = StubSource("other", [], prefix="X-")
    hub = OrderHub([other, shop])
    found = await hub.get_order("S-1001")
    assert found is not None and found.order_no == "S-1001"
    assert other.calls == [] and shop.calls == ["get:S-1001"]


async def test_a_customers_orders_are_merged_by_email_and_carry_our_customer_id(
    services: Services, shop: StubSource
) -> None:
    await store(services, order_doc())
    hub = OrderHub([shop, services.orders], links=CustomerLinks(services.db))
    orders = await hub.list_customer_orders("C-LI")
    assert {o.order_no for o in orders} == {"1234567890123451023", "S-1001", "S-1002"}
    assert {o.customer.id for o in orders} == {"C-LI"}
    assert not orders.partial
    again = await hub.get_order("S-1001")  # the link is durable: direct lookups agree
    assert again is not None and again.customer.id == "C-LI"


async def test_a_down_source_is_skipped_and_named_in_a_listing(
    services: Services, shop: StubSource
) -> None:
    await store(services, order_doc())
    shop.fail = True
    hub = OrderHub([shop, services.orders])
    orders = await hub.list_customer_orders("C-LI")
    assert [o.order_no for o in orders] == ["1234567890123451023"]
    assert orders.unavailable == ("shop",) and orders.partial


async def test_a_slow_source_times_out_and_is_skipped(services: Services, shop: StubSource) -> None:
    await store(services, order_doc())
    shop.hang = asyncio.Event()
    hub = OrderHub([shop, services.orders], timeouts={"shop": 0.05})
    orders = await hub.list_customer_orders("C-LI")
    assert orders.unavailable == ("shop",) and len(orders) == 1


async def test_a_direct_lookup_of_a_down_sources_order_is_source_unavailable(
    shop: StubSource,
) -> None:
    shop.fail = True
    hub = OrderHub([shop])
    with pytest.raises(SourceUnavailable):
        await hub.get_order("S-1001")


async def test_every_source_down_is_source_unavailable_for_a_listing(shop: StubSource) -> None:
    shop.fail = True
    with pytest.raises(SourceUnavailable):
        await OrderHub([shop]).list_customer_orders("shop:77")


async def test_the_breaker_opens_after_repeated_failures_and_stops_calling(
    shop: StubSource,
) -> None:
    now = [0.0]
    hub = OrderHub([shop], breaker_failures=2, breaker_reset_seconds=30, clock=lambda: now[0])
    shop.fail = True
    for _ in range(2):
        with pytest.raises(SourceUnavailable):
            await hub.get_order("S-1001")
    assert hub.status() == {"shop": "open"}
    with pytest.raises(SourceUnavailable):
        await hub.get_order("S-1001")
    assert len(shop.calls) == 2  # the third lookup never reached the source


async def test_the_breaker_lets_one_trial_through_after_the_pause_and_closes(
    shop: StubSource,
) -> None:
    now = [0.0]
    hub = OrderHub([shop], breaker_failures=1, breaker_reset_seconds=30, clock=lambda: now[0])
    shop.fail = True
    with pytest.raises(SourceUnavailable):
        await hub.get_order("S-1001")
    shop.fail = False
    now[0] = 31.0
    assert hub.status() == {"shop": "half_open"}
    assert await hub.get_order("S-1001") is not None
    assert hub.status() == {"shop": "closed"}


def test_a_failed_trial_opens_the_breaker_again() -> None:
    now = [0.0]
    breaker = CircuitBreaker("x", failure_threshold=1, reset_seconds=10, clock=lambda: now[0])
    breaker.record_failure()
    now[0] = 11
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN


async def test_reads_are_served_from_redis_for_a_short_time(
    shop: StubSource, redis: Redis, redis_prefix: str
) -> None:
    hub = OrderHub([shop], cache=OrderCache(redis, redis_prefix, ttl_seconds=30))
    first = await hub.get_order("S-1001")
    second = await hub.get_order("S-1001")
    assert first == second and shop.calls == ["get:S-1001"]


async def test_a_write_through_the_hub_invalidates_the_cache(
    shop: StubSource, redis: Redis, redis_prefix: str
) -> None:
    hub = OrderHub([shop], cache=OrderCache(redis, redis_prefix, ttl_seconds=30))
    current = await hub.get_order("S-1001")
    assert current is not None
    await hub.list_customer_orders("shop:77")
    new = current.shipping_address.model_copy(update={"city": "宁波市"})
    await hub.source_for(current).update_address("S-1001", new)
    reread = await hub.get_order("S-1001")
    assert reread is not None and reread.shipping_address.city == "宁波市"
    listing = await hub.list_customer_orders("shop:77")
    assert {o.shipping_address.city for o in listing if o.order_no == "S-1001"} == {"宁波市"}
    assert shop.calls.count("get:S-1001") == 2


async def test_writes_go_to_the_source_that_served_the_order(
    services: Services, shop: StubSource
) -> None:
    hub = OrderHub([services.orders, shop])  # the SQL source claims every number
    served = await hub.get_order("S-1002")
    assert served is not None
    assert hub.source_for(served).name == "shop"


async def test_the_hub_built_from_settings_puts_platforms_before_the_sql_source(
    services: Services,
) -> None:
    from core.sources.hub import build_hub, close_sources

    shopify = ShopifySettings(base_url="http://127.0.0.1:1", access_token=SecretStr("t"))
    settings = services.settings.model_copy(update={"shopify": shopify})
    hub = build_hub(settings, sql=services.orders, db=services.db)
    assert [s.name for s in hub.sources] == ["shopify", "sql"]
    await close_sources(hub)
