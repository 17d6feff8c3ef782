"""Shopify, WooCommerce and the SQL demo shop in one hub, driven through real conversations."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from aiohttp import web
from redis.asyncio import Redis

from core.audit import AuditLog
from core.business_events import BusinessEndpoint, BusinessEvents, verify_signature
from core.engine import Engine
from core.operations import OrderOperations
from core.order import Address, Order, Return, ReturnLine, ReturnStatus
from core.services import Services
from core.sources.base import SourceUnavailable
from core.sources.cache import OrderCache
from core.sources.hub import CustomerLinks, OrderHub
from core.sources.shopify import ShopifySource
from core.sources.woocommerce import WooCommerceSource
from tests.chat import Chat, store
from tests.factories import NOW, order_doc
from tests.fake_shopify import FakeShopify, shopify_config
from tests.fake_woocommerce import FakeWooCommerce, woocommerce_config

ERP_SECRET = "erp-signing-secret"
SQL_ORDER = "1234567890123451023"


class FakeErp:
    """An ERP webhook receiver on 127.0.0.1 that keeps every request."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> FakeErp:
        async def receive(request: web.Request) -> web.Response:
            self.received.append((dict(request.headers), await request.read()))
            return web.json_response({"ok": True})

        app = web.Application()
        app.router.add_post("/hooks/ordersupport", receive)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/hooks/ordersupport"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


class PublishingOperations(OrderOperations):
    """What the lead wires into OrderOperations: each change is also a business event."""

    def __init__(self, hub: OrderHub, audit: AuditLog, events: BusinessEvents) -> None:
        super().__init__(hub, audit)
        self.events = events

    async def update_address(self, order: Order, address: Address, actor: str) -> Order:
        updated = await super().update_address(order, address, actor)
        await self.events.address_changed(order, order.shipping_address, address, actor)
        return updated

    async def create_return(self, order: Order, ret: Return, actor: str) -> Order:
        updated = await super().create_return(order, ret, actor)
        await self.events.return_created(order, ret, actor)
        return updated


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


@pytest.fixture
async def erp() -> AsyncIterator[FakeErp]:
    fake = await FakeErp().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def events(services: Services, erp: FakeErp) -> AsyncIterator[BusinessEvents]:
    endpoint = BusinessEndpoint(name="erp", url=erp.url, secret=ERP_SECRET, events=["order.*"])
    built = BusinessEvents(services.db, [endpoint])
    yield built
    await built.aclose()


@pytest.fixture
async def hub(
    services: Services,
    shop: FakeShopify,
    woo: FakeWooCommerce,
    redis: Redis,
    redis_prefix: str,
    events: BusinessEvents,
) -> AsyncIterator[OrderHub]:
    shopify = ShopifySource(shopify_config(shop))
    woocommerce = WooCommerceSource(woocommerce_config(woo))
    built = OrderHub(
        [shopify, woocommerce, services.orders],
        cache=OrderCache(redis, redis_prefix, ttl_seconds=30),
        links=CustomerLinks(services.db),
        timeouts={"shopify": 2.0, "woocommerce": 0.3},
    )
    await store(services, order_doc())
    yield built
    await shopify.aclose()
    await woocommerce.aclose()


@pytest.fixture
def wired(services: Services, hub: OrderHub, events: BusinessEvents) -> Services:
    """The services with the three sources' hub and operations that publish each change."""
    return replace(services, hub=hub, operations=PublishingOperations(hub, services.audit, events))


@pytest.fixture
def chat(wired: Services) -> Chat:
    return Chat(Engine(wired))


def choices(reply: Any) -> set[str]:
    return {b.payload for b in reply.buttons()}


async def test_one_question_finds_orders_from_all_three_sources(chat: Chat) -> None:
    reply = await chat.say("where is my order?")
    assert {f"order:{SQL_ORDER}", "order:#1043", "order:812"} <= choices(reply)
    assert "order:#1045" not in choices(reply)  # another Shopify customer


async def test_an_address_change_reaches_shopify_as_order_update(
    chat: Chat, shop: FakeShopify, erp: FakeErp, events: BusinessEvents
) -> None:
    reply = await chat.say("I need to change my delivery address")
    assert "order:#1043" in choices(reply)
    await chat.press("order:#1043")
    shown = await chat.say("221B Baker Street, London NW1 6XE, UK")
    assert "confirm:yes" in choices(shown)
    await chat.press("confirm:yes")

    [update] = shop.ops("OrderUpdate")
    assert update["input"]["id"] == "gid://shopify/Order/5001043"
    address = update["input"]["shippingAddress"]
    assert (address["address1"], address["city"], address["zip"], address["countryCode"]) == (
        "221B Baker Street",
        "London",
        "NW1 6XE",
        "GB",
    )
    assert (address["firstName"], address["lastName"]) == ("Na", "Li")

    assert await events.deliver_due() == 1
    [(headers, body)] = erp.received
    assert headers["X-OrderSupport-Event"] == "order.address_changed"
    assert verify_signature(
        ERP_SECRET, headers["X-OrderSupport-Timestamp"], body, headers["X-OrderSupport-Signature"]
    )
    event = json.loads(body)
    assert event["data"]["order_no"] == "#1043" and event["data"]["after"]["city"] == "London"


async def test_a_woocommerce_return_is_refunded_on_the_woocommerce_side(
    wired: Services, hub: OrderHub, woo: FakeWooCommerce, erp: FakeErp, events: BusinessEvents
) -> None:
    order = await hub.get_order("812")
    assert order is not None and order.platform == "woocommerce"
    assert order.customer.id == "woocommerce:41"  # not linked yet: nobody asked by contact
    ret = Return(
        return_id="R-812-1",
        created_at=NOW,
        lines=[ReturnLine(line_id="502", quantity=1)],
        reason="defective",
        refund_amount=Decimal("18.00"),
        status=ReturnStatus.APPROVED,
    )
    updated = await wired.operations.create_return(order, ret, "staff:test")

    [(_, body)] = woo.requests("POST", "/orders/812/refunds")
    assert body["amount"] == "18.00"
    assert body["line_items"] == [{"id": 502, "quantity": 1, "refund_total": "18.00"}]
    assert [r.refund_amount for r in updated.returns] == [Decimal("18.00")]

    await events.deliver_due()
    [(headers, raw)] = erp.received
    assert headers["Idempotency-Key"] == "return-812-R-812-1"
    assert verify_signature(
        ERP_SECRET, headers["X-OrderSupport-Timestamp"], raw, headers["X-OrderSupport-Signature"]
    )


async def test_a_forged_erp_signature_does_not_verify(
    hub: OrderHub, erp: FakeErp, events: BusinessEvents
) -> None:
    order = await hub.get_order("812")
    assert order is not None
    await events.order_cancelled(order, "staff:test")
    await events.deliver_due()
    [(headers, body)] = erp.received
    forged = body.replace(b"812", b"999")
    ts = headers["X-OrderSupport-Timestamp"]
    assert not verify_signature(ERP_SECRET, ts, forged, headers["X-OrderSupport-Signature"])
    assert not verify_signature("wrong", ts, body, headers["X-OrderSupport-Signature"])


async def test_a_slow_source_does_not_break_the_conversation(
    chat: Chat, hub: OrderHub, woo: FakeWooCommerce
) -> None:
    woo.hang = True
    reply = await chat.say("where is my order?")
    assert {f"order:{SQL_ORDER}", "order:#1043"} <= choices(reply)
    assert not any(p.startswith("order:81") for p in choices(reply))
    listing = await hub.list_customer_orders("C-LI")
    assert listing.unavailable == ("woocommerce",)
    with pytest.raises(SourceUnavailable):
        await hub.get_order("812")
    answer = await chat.say("where is order 812?")
    assert "order system is slow" in answer.text()  # a clear answer, not a crash
