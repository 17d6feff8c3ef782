"""`shop sync`: backfill a platform's orders into the local table, then only what changed."""

from __future__ import annotations

import importlib.util
import io
from collections.abc import AsyncIterator

import pytest

from bots.sync import read_cursor, replay_events, sync_source
from core.business_events import BusinessEndpoint, BusinessEvents
from core.services import Services
from core.sources.shopify import ShopifySource
from core.sources.woocommerce import WooCommerceSource
from tests.fake_shopify import FakeShopify, shopify_config
from tests.fake_woocommerce import FakeWooCommerce, woocommerce_config


@pytest.fixture
async def shop() -> AsyncIterator[FakeShopify]:
    fake = await FakeShopify().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def woo() -> AsyncIterator[FakeWooCommerce]:
    fake = await FakeWooCommerce().start()
    yield fake
    await fake.stop()


async def test_a_first_sync_backfills_every_page_into_the_local_table(
    services: Services, shop: FakeShopify
) -> None:
    source = ShopifySource(shopify_config(shop, page_size=2))
    bar = io.StringIO()
    saved = await sync_source(services.db, services.orders, source, stream=bar)
    await source.aclose()
    assert saved == 3 and await services.orders.count() == 3
    assert [v["after"] for v in shop.ops("UpdatedOrders")] == [None, "2"]
    assert shop.ops("UpdatedOrders")[0]["query"] == ""
    if importlib.util.find_spec("tqdm") is not None:
        assert "3" in bar.getvalue()  # the progress bar counted them


async def test_a_later_sync_asks_only_for_orders_changed_since_the_cursor(
    services: Services, woo: FakeWooCommerce
) -> None:
    source = WooCommerceSource(woocommerce_config(woo, per_page=2))
    await sync_source(services.db, services.orders, source, progress=False)
    cursor = await read_cursor(services.db, "woocommerce")
    assert cursor is not None
    saved = await sync_source(services.db, services.orders, source, progress=False)
    await source.aclose()
    assert saved == 0
    last = [q for q, _ in woo.requests("GET", "/orders")][-1]
    assert last["modified_after"] == cursor


async def test_replay_sends_dead_business_events_again(services: Services) -> None:
    endpoint = BusinessEndpoint(name="erp", url="http://127.0.0.1:9/unused", secret="s")
    events = BusinessEvents(services.db, [endpoint], max_attempts=1)
    await events.publish("order.cancelled", {"order_no": "1"})
    await events.deliver_due()  # nothing listens on port 9: the delivery dies
    queued, delivered = await replay_events(events, deliver_now=False)
    await events.aclose()
    assert (queued, delivered) == (1, 0)
    assert [r["status"] for r in await events.deliveries()] == ["pending"]
