"""`POST /webhooks/shop/shopify` with the bodies Shopify publishes, signed as Shopify signs.

Bodies: Shopify's webhook reference examples for each Admin API version (tests/fixtures/
shopify/webhooks) and Shopify's API client test data (tests/fixtures/shopify/client); see the
README there for the sources.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from redis.asyncio import Redis

from adapters import shop_webhooks
from core.order import OrderStatus
from core.services import Services, build_services
from core.storage.tables import orders
from tests.test_proactive_support import settings_for

FIXTURES = Path(__file__).parent / "fixtures" / "shopify"
HOOKS = FIXTURES / "webhooks"
SECRET = "hush"
URL = "/webhooks/shop/shopify"
ORDER_EXAMPLES = sorted(HOOKS.glob("*/orders.json"))
LATEST = HOOKS / "2026-04" / "orders.json"


def body_of(path: Path) -> bytes:
    return path.read_bytes()


def shopify_headers(body: bytes, topic: str, webhook_id: str, secret: str = SECRET) -> dict:
    """The headers Shopify sends: base64 HMAC-SHA256 of the raw body with the app secret."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": base64.b64encode(digest).decode(),
        "X-Shopify-Shop-Domain": "jsmith.myshopify.com",
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-API-Version": "2026-10",
        "Content-Type": "application/json",
    }


@pytest.fixture
async def services(tmp_path, redis: Redis, redis_prefix: str) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    built = await build_services(
        settings_for(tmp_path, redis_prefix, shopify_webhook_secret=SecretStr(SECRET))
    )
    yield built
    await built.aclose()


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    app = web.Application()
    shop_webhooks.register(app, shop_webhooks.Proactive(services))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def _stored(services: Services) -> int:
    async with services.db.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(orders)) or 0)


async def _queued(services: Services) -> int:
    proactive = shop_webhooks.Proactive(services)
    assert proactive.queue is not None
    return int(await services.redis.xlen(proactive.queue.stream))  # type: ignore[union-attr]


async def post(client: TestClient, path: Path | bytes, topic: str, webhook_id: str):  # type: ignore[no-untyped-def]
    body = path if isinstance(path, bytes) else body_of(path)
    return await client.post(URL, data=body, headers=shopify_headers(body, topic, webhook_id))


def test_the_signature_is_base64_hmac_sha256_of_the_raw_body() -> None:
    """Computed with `openssl dgst -sha256 -hmac hush -binary FILE | base64`, as Shopify's
    verification guide does it (see tests/fixtures/shopify/README.md)."""
    from core.sources.shopify import verify_webhook

    body = body_of(LATEST)
    assert verify_webhook(SECRET, body, "UQKXYpYhM0t1xveXy1pquBoezRO0o9diJy041+DzZeE=")
    hexdigest = "510297629621334b75c6f797cb5a6ab81a1ecd13b4a3d762272d38d7e0f365e1"
    assert not verify_webhook(SECRET, body, hexdigest)  # the hex digest is not Shopify's header


@pytest.mark.parametrize("example", ORDER_EXAMPLES, ids=lambda p: p.parent.name)
async def test_every_published_order_example_becomes_the_canonical_order(
    client: TestClient, services: Services, example: Path
) -> None:
    res = await post(client, example, "orders/updated", f"wh-{example.parent.name}")
    assert res.status == 200, await res.text()
    assert (await res.json())["order_no"] == "#9999"
    order = await services.orders.get_order("#9999")
    assert order is not None
    doc = json.loads(body_of(example))
    assert order.status is OrderStatus.CANCELLED  # the example was cancelled by the customer
    assert order.customer.id == "shopify:115310627314723954"  # exact, from admin_graphql_api_id
    assert order.customer.email == "jon@example.com" and order.currency == "USD"
    assert [i.line_id for i in order.items] == [
        li["admin_graphql_api_id"].rsplit("/", 1)[1] for li in doc["line_items"]
    ]
    assert order.items[0].title == "Aviator sunglasses"
    assert order.payment.method == "visa"
    assert (order.shipping_address.country, order.shipping_address.city) == ("US", "Shippington")
    assert order.shipping_fee == Decimal("10.00")


@pytest.mark.parametrize(
    "topic", ["orders/create", "orders/paid", "orders/cancelled", "orders/fulfilled"]
)
async def test_each_order_topic_feeds_the_upsert_and_one_proactive_event(
    client: TestClient, services: Services, topic: str
) -> None:
    res = await post(client, LATEST, topic, "wh-1")
    assert res.status == 200
    assert await res.json() == {"order_no": "#9999", "queued": True}
    assert await _stored(services) == 1 and await _queued(services) == 1


async def test_a_fulfilment_adds_its_parcel_to_the_order(
    client: TestClient, services: Services
) -> None:
    await post(client, LATEST, "orders/create", "wh-1")
    res = await post(client, HOOKS / "2026-01" / "fulfillments.json", "fulfillments/create", "wh-2")
    assert res.status == 200
    order = await services.orders.get_order("#9999")
    assert order is not None
    assert [(s.carrier, s.tracking_no) for s in order.shipments] == [("UPS", "1z827wk74630")]


async def test_a_fulfilment_for_an_order_not_seen_yet_is_acknowledged_and_stores_nothing(
    client: TestClient, services: Services
) -> None:
    res = await post(client, HOOKS / "2026-01" / "fulfillments.json", "fulfillments/create", "w")
    assert res.status == 200 and "ignored" in await res.json()
    assert await _stored(services) == 0


async def test_a_fulfilment_with_several_tracking_numbers_adds_every_parcel(
    client: TestClient, services: Services
) -> None:
    await post(client, LATEST, "orders/create", "wh-1")
    doc = json.loads(body_of(HOOKS / "2026-01" / "fulfillments.json"))
    doc.update(tracking_numbers=["1z827wk74630", "1z827wk74631"], shipment_status="delivered")
    await post(client, json.dumps(doc).encode(), "fulfillments/update", "wh-2")
    order = await services.orders.get_order("#9999")
    assert order is not None
    assert [s.tracking_no for s in order.shipments] == ["1z827wk74630", "1z827wk74631"]
    assert {s.latest_event().status for s in order.shipments} == {"delivered"}  # type: ignore[union-attr]


async def test_a_cancelled_fulfilment_takes_its_parcel_away(
    client: TestClient, services: Services
) -> None:
    await post(client, LATEST, "orders/create", "wh-1")
    created = body_of(HOOKS / "2026-01" / "fulfillments.json")
    await post(client, created, "fulfillments/create", "wh-2")
    doc = json.loads(created)
    doc["status"] = "cancelled"
    await post(client, json.dumps(doc).encode(), "fulfillments/update", "wh-3")
    order = await services.orders.get_order("#9999")
    assert order is not None and order.shipments == []


async def test_a_failed_fulfilment_in_the_client_example_is_not_a_parcel(
    client: TestClient, services: Services
) -> None:
    body = json.dumps(json.loads(body_of(FIXTURES / "client" / "order.json"))["order"]).encode()
    res = await post(client, body, "orders/updated", "wh-1001")
    assert res.status == 200
    order = await services.orders.get_order("#1001")
    assert order is not None
    assert order.shipments == []  # its only fulfilment has status "failure"
    assert order.status is OrderStatus.PAID  # "authorized": the money is held
    assert order.payment.method == "authorize_net"  # from its older `gateway` field


@pytest.mark.parametrize("gateways", [[""], [], None], ids=["empty-name", "none", "missing"])
async def test_an_order_without_a_payment_gateway_name_is_accepted(
    client: TestClient, services: Services, gateways: list[str] | None
) -> None:
    doc = json.loads(body_of(LATEST))
    doc["payment_gateway_names"] = gateways
    res = await post(client, json.dumps(doc).encode(), "orders/updated", "wh-1")
    assert res.status == 200
    order = await services.orders.get_order("#9999")
    assert order is not None and order.payment.method == "unknown"


async def test_an_order_without_any_address_is_accepted_in_the_shops_country(
    client: TestClient, services: Services
) -> None:
    doc = json.loads(body_of(LATEST))
    doc["shipping_address"] = doc["billing_address"] = None
    doc["customer"]["default_address"] = None
    res = await post(client, json.dumps(doc).encode(), "orders/updated", "wh-1")
    assert res.status == 200
    order = await services.orders.get_order("#9999")
    assert order is not None and order.shipping_address.country == "US"


async def test_a_refund_example_is_recorded_once_with_its_money(
    client: TestClient, services: Services
) -> None:
    await post(client, LATEST, "orders/create", "wh-1")
    refund = HOOKS / "2026-01" / "refunds.json"
    res = await post(client, refund, "refunds/create", "wh-2")
    assert res.status == 200
    again = await post(client, refund, "refunds/create", "wh-3")  # same refund, new delivery
    assert again.status == 200
    order = await services.orders.get_order("#9999")
    assert order is not None
    [ret] = order.returns
    assert (ret.reason, ret.refund_amount, ret.status.value) == (
        "Things were damaged",
        Decimal("85.00"),
        "refunded",
    )
    assert len(ret.lines) == 5


async def test_a_refund_of_money_only_is_kept(client: TestClient, services: Services) -> None:
    await post(client, LATEST, "orders/create", "wh-1")
    doc = json.loads(body_of(HOOKS / "2026-01" / "refunds.json"))
    doc["refund_line_items"] = []
    res = await post(client, json.dumps(doc).encode(), "refunds/create", "wh-2")
    assert res.status == 200
    order = await services.orders.get_order("#9999")
    assert order is not None
    [ret] = order.returns
    assert (ret.lines, ret.refund_amount) == ([], Decimal("85.00"))


async def test_a_deleted_order_is_closed(client: TestClient, services: Services) -> None:
    await post(client, LATEST, "orders/create", "wh-1")
    res = await post(client, HOOKS / "2026-04" / "orders_delete.json", "orders/delete", "wh-2")
    assert res.status == 200
    order = await services.orders.get_order("#9999")
    assert order is not None and order.status is OrderStatus.CLOSED


async def test_the_same_webhook_id_twice_is_stored_and_queued_once(
    client: TestClient, services: Services
) -> None:
    first = await post(client, LATEST, "orders/updated", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
    second = await post(client, LATEST, "orders/updated", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
    assert (await first.json())["queued"] is True
    assert await second.json() == {"duplicate": True, "queued": False, "order_no": "#9999"}
    assert await _queued(services) == 1


@pytest.mark.parametrize(
    "forge",
    [
        lambda body, h: {**h, "X-Shopify-Hmac-Sha256": ""},
        lambda body, h: {
            **h,
            "X-Shopify-Hmac-Sha256": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest(),
        },
        lambda body, h: shopify_headers(body, "orders/updated", "x", secret="another-app"),
        lambda body, h: {**h, "X-Shopify-Hmac-Sha256": "not base64 at all"},
    ],
    ids=["unsigned", "hex-digest", "other-app-secret", "garbage"],
)
async def test_a_forged_webhook_gets_401_and_nothing_is_stored(
    client: TestClient, services: Services, forge
) -> None:  # type: ignore[no-untyped-def]
    body = body_of(LATEST)
    headers = forge(body, shopify_headers(body, "orders/updated", "wh-forged"))
    res = await client.post(URL, data=body, headers=headers)
    assert res.status == 401
    assert await _stored(services) == 0 and await _queued(services) == 0


async def test_a_tampered_body_gets_401(client: TestClient, services: Services) -> None:
    body = body_of(LATEST)
    headers = shopify_headers(body, "orders/updated", "wh-1")
    res = await client.post(URL, data=body.replace(b"89.99", b"0.01"), headers=headers)
    assert res.status == 401 and await _stored(services) == 0


@pytest.mark.parametrize(
    ("body", "topic", "needle"),
    [
        (b"{not json", "orders/updated", "JSON"),
        (b"[1, 2]", "orders/updated", "JSON object"),
        (b'{"id": 1, "name": "#1"}', "orders/updated", "shopify"),
        (b'{"id": 1}', "refunds/create", "order_id"),
    ],
    ids=["not-json", "not-an-object", "not-an-order", "refund-without-order"],
)
async def test_a_malformed_body_gets_400_with_a_clear_error(
    client: TestClient, services: Services, body: bytes, topic: str, needle: str
) -> None:
    res = await post(client, body, topic, "wh-bad")
    assert res.status == 400
    assert needle in (await res.json())["error"]
    assert await _stored(services) == 0


async def test_a_topic_we_do_not_handle_is_acknowledged_and_stores_nothing(
    client: TestClient, services: Services
) -> None:
    res = await post(client, b'{"id": 632910392}', "products/create", "wh-p")
    assert res.status == 200 and (await res.json())["ignored"] == "products/create"
    assert await _stored(services) == 0


async def test_without_a_secret_shopify_webhooks_answer_503(tmp_path, redis_prefix) -> None:  # type: ignore[no-untyped-def]
    built = await build_services(settings_for(tmp_path, redis_prefix))
    try:
        app = web.Application()
        shop_webhooks.register(app, shop_webhooks.Proactive(built))
        async with TestClient(TestServer(app)) as client:
            res = await post(client, LATEST, "orders/updated", "wh-1")
            assert res.status == 503
    finally:
        await built.aclose()


async def test_the_web_process_mounts_the_platform_and_tracking_routes(
    tmp_path, redis_prefix
) -> None:  # type: ignore[no-untyped-def]
    from bots.serve import create_app

    settings = settings_for(
        tmp_path,
        redis_prefix,
        shopify_webhook_secret=SecretStr(SECRET),
        woocommerce_webhook_secret=SecretStr("wc"),
    )
    built = await build_services(settings)
    try:
        app = await create_app(settings, built)
        async with TestClient(TestServer(app)) as client:
            assert (await client.post("/webhooks/shop/shopify", data=b"{}")).status == 401
            ping = await client.post("/webhooks/shop/woocommerce", data=b"webhook_id=7")
            assert ping.status == 200
            res = await post(client, LATEST, "orders/create", "wh-serve")
            assert res.status == 200
            assert (await client.post("/webhooks/tracking/kuaidi100", data=b"")).status == 404
    finally:
        await built.aclose()


async def test_an_older_copy_delivered_late_does_not_overwrite_a_newer_one(
    client: TestClient, services: Services
) -> None:
    newer = json.loads(body_of(LATEST))
    newer.update(updated_at="2026-11-23T10:00:00-05:00", cancelled_at=None, financial_status="paid")
    older = json.loads(body_of(LATEST))
    older.update(updated_at="2026-11-23T09:00:00-05:00")
    await post(client, json.dumps(newer).encode(), "orders/updated", "wh-new")
    res = await post(client, json.dumps(older).encode(), "orders/updated", "wh-old")
    assert "ignored" in await res.json()
    order = await services.orders.get_order("#9999")
    assert order is not None and order.status is OrderStatus.PAID
