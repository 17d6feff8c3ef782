"""The WooCommerce connector against a local REST API v3 fake built from the documented payloads."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.order import Address, OrderStatus, Return, ReturnLine, ReturnStatus
from core.sources.resilience import MalformedPayload, UpstreamError
from core.sources.woocommerce import (
    WooCommerceSource,
    map_order,
    parse_webhook,
    sign_webhook,
    verify_webhook,
)
from tests.fake_woocommerce import FakeWooCommerce, fixture, woocommerce_config

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
async def fake() -> AsyncIterator[FakeWooCommerce]:
    server = await FakeWooCommerce().start()
    yield server
    await server.stop()


@pytest.fixture
async def waits() -> list[float]:
    return []


@pytest.fixture
async def woo(fake: FakeWooCommerce, waits: list[float]) -> AsyncIterator[WooCommerceSource]:
    async def record(seconds: float) -> None:
        waits.append(seconds)

    source = WooCommerceSource(woocommerce_config(fake, per_page=1), sleep=record)
    yield source
    await source.aclose()


def test_the_documented_example_order_maps_to_the_canonical_order() -> None:
    order = map_order(fixture("order_727.json"))
    assert (order.order_no, order.status, order.currency) == ("727", OrderStatus.PAID, "USD")
    assert order.placed_at == datetime(2017, 3, 22, 19, 28, 2, tzinfo=UTC)
    assert [(i.line_id, i.quantity, i.unit_price) for i in order.items] == [
        ("315", 2, Decimal("3.00")),
        ("316", 1, Decimal("12.00")),
    ]
    assert order.items[1].title == "Ship Your Idea – Color: Black, Size: M Test"
    assert order.customer.id == "woocommerce:guest:john.doe@example.com"
    assert (order.payment.method, order.payment.status.value) == (
        "Direct Bank Transfer",
        "succeeded",
    )
    assert order.shipping_fee == Decimal("10.00")


async def test_tracking_meta_makes_a_processing_order_shipped(woo: WooCommerceSource) -> None:
    order = await woo.get_order("812")
    assert order is not None and order.status is OrderStatus.SHIPPED
    [shipment] = order.shipments
    assert (shipment.carrier, shipment.tracking_no) == ("SF Express", "SF1400012345678")
    assert shipment.picked_up_at == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    [coupon] = order.discounts
    assert (coupon.code, coupon.amount) == ("tea10", Decimal("10.00"))


async def test_a_failed_payment_reason_comes_from_the_order_notes(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    order = await woo.get_order("813")
    assert order is not None
    assert order.payment.failure_code is not None
    assert order.payment.failure_code.value == "insufficient_funds"
    assert fake.requests("GET", "/orders/813/notes")


async def test_a_customers_orders_are_read_page_by_page(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    orders = await woo.list_customer_orders("woocommerce:41")
    assert {o.order_no for o in orders} == {"812", "813"}
    pages = [q["page"] for q, _ in fake.requests("GET", "/orders")]
    assert pages == ["1", "2"]  # per_page=1, X-WP-TotalPages=2


async def test_a_search_keeps_only_the_customers_own_orders(woo: WooCommerceSource) -> None:
    by_email = await woo.search_orders(email="li.na@example.com")
    by_phone = await woo.search_orders(phone="+86 138 1234 5678")
    assert {o.order_no for o in by_email} == {o.order_no for o in by_phone} == {"812", "813"}
    assert await woo.search_orders(email="li@example.com") == []


async def test_a_rate_limited_request_is_retried(
    woo: WooCommerceSource, fake: FakeWooCommerce, waits: list[float]
) -> None:
    fake.rate_limit_next = 2
    order = await woo.get_order("727")
    assert order is not None and len(waits) == 2
    assert len(fake.requests("GET", "/orders/727")) == 3


async def test_rate_limited_after_every_retry_is_an_upstream_error(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    fake.rate_limit_next = 99
    with pytest.raises(UpstreamError):
        await woo.get_order("727")


async def test_an_approved_return_posts_a_refund_with_its_amount(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    ret = Return(
        return_id="R-9",
        created_at=NOW,
        lines=[ReturnLine(line_id="501", quantity=1), ReturnLine(line_id="502", quantity=1)],
        reason="defective",
        refund_amount=Decimal("168.00"),
        status=ReturnStatus.APPROVED,
    )
    order = await woo.create_return("812", ret)
    [(_, body)] = fake.requests("POST", "/orders/812/refunds")
    assert body["amount"] == "168.00" and body["api_refund"] is False
    assert body["line_items"] == [
        {"id": 501, "quantity": 1, "refund_total": "149.12"},
        {"id": 502, "quantity": 1, "refund_total": "18.88"},
    ]
    assert sum(Decimal(li["refund_total"]) for li in body["line_items"]) == Decimal("168.00")
    assert [(r.refund_amount, len(r.lines)) for r in order.returns] == [(Decimal("168.00"), 2)]


async def test_a_return_awaiting_approval_is_a_private_note(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    ret = Return(
        return_id="R-10",
        created_at=NOW,
        lines=[ReturnLine(line_id="502", quantity=2)],
        reason="size",
        refund_amount=Decimal("38.00"),
        status=ReturnStatus.REQUESTED,
    )
    await woo.create_return("812", ret)
    assert not fake.requests("POST", "/orders/812/refunds")
    [(_, note)] = fake.requests("POST", "/orders/812/notes")
    assert "R-10" in note["note"] and note["customer_note"] is False


async def test_an_address_change_puts_the_shipping_address(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    address = Address(
        name="张 三",
        phone="13912345678",
        country="CN",
        province="浙江省",
        city="杭州市",
        district="西湖区",
        line1="文三路200号",
        postal_code="310013",
    )
    order = await woo.update_address("812", address)
    [(_, body)] = fake.requests("PUT", "/orders/812")
    assert body["shipping"]["address_1"] == "文三路200号"
    assert (body["shipping"]["state"], body["shipping"]["address_2"]) == ("浙江省", "西湖区")
    assert order.shipping_address.line1 == "文三路200号"


async def test_cancel_sets_the_cancelled_status(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    order = await woo.cancel("813")
    [(_, body)] = fake.requests("PUT", "/orders/813")
    assert body == {"status": "cancelled"} and order.status is OrderStatus.CANCELLED


async def test_an_html_error_page_is_a_malformed_payload(
    woo: WooCommerceSource, fake: FakeWooCommerce
) -> None:
    fake.malformed = True
    with pytest.raises(MalformedPayload):
        await woo.get_order("727")


async def test_wrong_api_keys_are_an_upstream_error(fake: FakeWooCommerce) -> None:
    source = WooCommerceSource(woocommerce_config(fake, consumer_secret="nope"))
    try:
        with pytest.raises(UpstreamError):
            await source.get_order("727")
    finally:
        await source.aclose()


def test_a_webhook_signed_with_the_secret_verifies() -> None:
    body = json.dumps(fixture("order_727.json")).encode()
    assert verify_webhook("wc-secret", body, sign_webhook("wc-secret", body))


def test_a_forged_webhook_signature_is_refused() -> None:
    body = json.dumps(fixture("order_727.json")).encode()
    signature = sign_webhook("wc-secret", body)
    assert not verify_webhook("wc-secret", body.replace(b"29.35", b"0.01"), signature)
    assert not verify_webhook("wc-secret", body, "")


def test_an_order_webhook_maps_and_a_malformed_one_is_refused() -> None:
    order = parse_webhook("order.updated", fixture("order_727.json"))
    assert order.order_no == "727"
    with pytest.raises(MalformedPayload):
        parse_webhook("order.updated", {"id": 727})
    with pytest.raises(MalformedPayload):
        parse_webhook("order.updated", {**fixture("order_727.json"), "line_items": []})
