"""The Shopify connector against a local Admin GraphQL fake built from the documented payloads."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.order import Address, OrderStatus, Return, ReturnLine, ReturnStatus
from core.sources.resilience import MalformedPayload, UpstreamError
from core.sources.shopify import (
    ShopifySource,
    ShopifyThrottled,
    parse_webhook,
    sign_webhook,
    verify_webhook,
)
from tests.fake_shopify import FakeShopify, fixture, shopify_config

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
async def fake() -> AsyncIterator[FakeShopify]:
    server = await FakeShopify().start()
    yield server
    await server.stop()


@pytest.fixture
async def waits() -> list[float]:
    return []


@pytest.fixture
async def shopify(fake: FakeShopify, waits: list[float]) -> AsyncIterator[ShopifySource]:
    async def record(seconds: float) -> None:
        waits.append(seconds)

    source = ShopifySource(shopify_config(fake), sleep=record)
    yield source
    await source.aclose()


async def test_a_paid_unfulfilled_order_maps_to_paid_with_its_items_and_discount(
    shopify: ShopifySource,
) -> None:
    order = await shopify.get_order("#1043")
    assert order is not None
    assert (order.status, order.currency, order.platform) == (OrderStatus.PAID, "GBP", "shopify")
    assert [(i.line_id, i.sku, i.quantity, i.unit_price) for i in order.items] == [
        ("900001", "TEA-GREEN-250", 2, Decimal("30.00")),
        ("900002", "CUP-CELADON", 1, Decimal("30.00")),
    ]
    [discount] = order.discounts
    assert (discount.code, discount.kind.value, discount.percent) == (
        "WELCOME10",
        "order_percent",
        Decimal("10"),
    )
    assert order.shipping_fee == Decimal("4.50")
    assert order.customer.id == "shopify:7391" and order.customer.email == "li.na@example.com"
    assert order.shipping_address.postal_code == "SW1A 2AA"


async def test_a_delivered_order_carries_tracking_events_and_its_refund(
    shopify: ShopifySource,
) -> None:
    order = await shopify.get_order("#1044")
    assert order is not None and order.status is OrderStatus.DELIVERED
    assert order.delivered_at == datetime(2026, 11, 13, 12, 30, tzinfo=UTC)
    [shipment] = order.shipments
    assert (shipment.carrier, shipment.tracking_no) == ("Royal Mail", "RM123456789GB")
    assert [e.status for e in shipment.events] == ["in_transit", "delivered"]
    [ret] = order.returns
    assert (ret.lines[0].line_id, ret.refund_amount, ret.status) == (
        "900011",
        Decimal("10.00"),
        ReturnStatus.REFUNDED,
    )


async def test_a_declined_transaction_gives_the_failure_reason(shopify: ShopifySource) -> None:
    order = await shopify.get_order("#1045")
    assert order is not None and order.status is OrderStatus.PENDING_PAYMENT
    assert (order.payment.status.value, order.payment.failure_code.value) == (  # type: ignore[union-attr]
        "failed",
        "insufficient_funds",
    )
    assert order.items[0].category.value == "digital"  # a gift card needs no shipping


async def test_order_numbers_are_shopify_names(shopify: ShopifySource) -> None:
    assert shopify.owns("#1043") and not shopify.owns("1043")
    assert not shopify.owns("#1234567890123451023")
    assert await shopify.get_order("#9999") is None


async def test_a_customers_orders_are_found_by_id_email_and_phone(shopify: ShopifySource) -> None:
    by_id = await shopify.list_customer_orders("shopify:7391")
    by_email = await shopify.search_orders(email="li.na@example.com")
    by_phone = await shopify.search_orders(phone="13812345678")
    expected = {"#1043", "#1044"}
    assert {o.order_no for o in by_id} == {o.order_no for o in by_email} == expected
    assert {o.order_no for o in by_phone} == expected
    assert await shopify.list_customer_orders("C-LI") == []  # not a Shopify customer id


async def test_an_address_change_is_an_order_update_mutation(
    shopify: ShopifySource, fake: FakeShopify
) -> None:
    address = Address(
        name="Wang Fang",
        phone="+447700900999",
        country="GB",
        city="Leeds",
        line1="1 Park Row",
        postal_code="LS1 5AB",
    )
    updated = await shopify.update_address("#1043", address)
    [sent] = fake.ops("OrderUpdate")
    assert sent["input"] == {
        "id": "gid://shopify/Order/5001043",
        "shippingAddress": {
            "firstName": "Wang",
            "lastName": "Fang",
            "phone": "+447700900999",
            "address1": "1 Park Row",
            "city": "Leeds",
            "countryCode": "GB",
            "zip": "LS1 5AB",
        },
    }
    assert updated.shipping_address.city == "Leeds"


async def test_returning_delivered_items_is_a_return_create(
    shopify: ShopifySource, fake: FakeShopify
) -> None:
    ret = Return(
        return_id="R-1",
        created_at=NOW,
        lines=[ReturnLine(line_id="900011", quantity=1)],
        reason="wrong_item",
        refund_amount=Decimal("40.00"),
        status=ReturnStatus.APPROVED,
    )
    await shopify.create_return("#1044", ret)
    [sent] = fake.ops("ReturnCreate")
    assert sent["returnInput"]["returnLineItems"] == [
        {
            "fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/800011",
            "quantity": 1,
            "returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/4",  # wrong-item
        }
    ]
    assert "notifyCustomer" not in sent["returnInput"]  # deprecated, ignored by Shopify
    assert not fake.ops("RefundCreate")


async def test_cancelling_unshipped_lines_is_a_refund_create_against_the_sale(
    shopify: ShopifySource, fake: FakeShopify
) -> None:
    ret = Return(
        return_id="R-2",
        created_at=NOW,
        lines=[ReturnLine(line_id="900002", quantity=1)],
        reason="no_reason",
        refund_amount=Decimal("27.00"),
        status=ReturnStatus.APPROVED,
    )
    order = await shopify.create_return("#1043", ret)
    [sent] = fake.ops("RefundCreate")
    assert sent["input"]["refundLineItems"] == [
        {"lineItemId": "gid://shopify/LineItem/900002", "quantity": 1, "restockType": "CANCEL"}
    ]
    [transaction] = sent["input"]["transactions"]
    assert (transaction["amount"], transaction["kind"], transaction["parentId"]) == (
        "27.00",
        "REFUND",
        "gid://shopify/OrderTransaction/70001",
    )
    assert [r.refund_amount for r in order.returns] == [Decimal("27.00")]


async def test_cancel_is_an_order_cancel_mutation(
    shopify: ShopifySource, fake: FakeShopify
) -> None:
    order = await shopify.cancel("#1043")
    [sent] = fake.ops("OrderCancel")
    assert (sent["orderId"], sent["reason"], sent["refundMethod"]) == (
        "gid://shopify/Order/5001043",
        "CUSTOMER",
        {"originalPaymentMethodsRefund": True},
    )
    assert "refund" not in sent  # gone in favour of refundMethod
    assert order.status is OrderStatus.CANCELLED


async def test_a_throttled_query_is_retried_after_a_wait(
    shopify: ShopifySource, fake: FakeShopify, waits: list[float]
) -> None:
    fake.throttle_next = 2
    order = await shopify.get_order("#1043")
    assert order is not None
    assert len(fake.ops("FindOrders")) == 3
    assert len(waits) == 2 and all(w > 0 for w in waits)
    # the throttled answer said 666 points left for a 752-point query at 50/s
    assert waits[0] >= (752 - 666) / 50


async def test_still_throttled_after_every_retry_is_an_upstream_error(
    shopify: ShopifySource, fake: FakeShopify
) -> None:
    fake.throttle_next = 99
    with pytest.raises(ShopifyThrottled):
        await shopify.get_order("#1043")


async def test_a_query_waits_when_the_bucket_holds_less_than_its_cost(
    shopify: ShopifySource, fake: FakeShopify, waits: list[float]
) -> None:
    fake.cost = 100
    fake.available = 130  # after the first answer only 30 points are left
    await shopify.get_order("#1043")
    assert waits == []
    await shopify.get_order("#1044")
    assert waits == [pytest.approx((100 - 30) / 50)]


async def test_a_malformed_order_is_refused_not_half_mapped(
    shopify: ShopifySource, fake: FakeShopify
) -> None:
    fake.malformed = True
    with pytest.raises(MalformedPayload):
        await shopify.get_order("#1043")


async def test_a_wrong_access_token_is_an_upstream_error(fake: FakeShopify) -> None:
    source = ShopifySource(shopify_config(fake, access_token="wrong"))
    try:
        with pytest.raises(UpstreamError):
            await source.get_order("#1043")
    finally:
        await source.aclose()


def test_a_webhook_signed_with_the_app_secret_verifies() -> None:
    body = json.dumps(fixture("webhook_orders_updated.json")).encode()
    assert verify_webhook("app-secret", body, sign_webhook("app-secret", body))


def test_a_forged_webhook_signature_is_refused() -> None:
    body = json.dumps(fixture("webhook_orders_updated.json")).encode()
    signature = sign_webhook("app-secret", body)
    assert not verify_webhook("app-secret", body.replace(b"85.50", b"0.01"), signature)
    assert not verify_webhook("other-secret", body, signature)
    assert not verify_webhook("app-secret", body, None)


def test_an_orders_updated_webhook_maps_to_the_canonical_order() -> None:
    hook = parse_webhook("orders/updated", fixture("webhook_orders_updated.json"))
    order = hook.order
    assert order is not None and hook.order_id == "5001043"
    assert (order.order_no, order.status, order.customer.id) == (
        "#1043",
        OrderStatus.SHIPPED,
        "shopify:7391",
    )
    assert order.shipments[0].tracking_no == "JD014600003828"
    assert order.discounts[0].percent == Decimal("10.0")


def test_a_fulfillment_webhook_maps_to_a_shipment() -> None:
    hook = parse_webhook("fulfillments/create", fixture("webhook_fulfillments_create.json"))
    assert hook.order_id == "5001043" and hook.shipment is not None
    assert (hook.shipment.carrier, hook.shipment.tracking_no) == ("DHL Express", "JD014600003828")


def test_a_refund_webhook_maps_to_a_refunded_return() -> None:
    hook = parse_webhook("refunds/create", fixture("webhook_refunds_create.json"))
    assert hook.ret is not None
    assert (hook.ret.lines[0].line_id, hook.ret.refund_amount, hook.ret.reason) == (
        "900011",
        Decimal("40.00"),
        "wrong_item",
    )


def test_a_malformed_webhook_payload_is_refused() -> None:
    with pytest.raises(MalformedPayload):
        parse_webhook("orders/updated", {"id": 1, "name": "#1"})
    with pytest.raises(ValueError):
        parse_webhook("products/create", {"id": 1})
