"""`POST /webhooks/shop/woocommerce` as WooCommerce delivers: its documented order body,
JSON-encoded the way WordPress encodes it, signed and headed as `WC_Webhook::deliver()` does,
and the unsigned ping `WC_Webhook::deliver_ping()` sends when a webhook is saved."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

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

FIXTURES = Path(__file__).parent / "fixtures" / "woocommerce"
SECRET = "wc-webhook-secret"
URL = "/webhooks/shop/woocommerce"
ORDER = json.loads((FIXTURES / "order_727.json").read_text(encoding="utf-8"))


def wp_json_encode(doc: Any) -> bytes:
    """What `wp_json_encode()` sends: PHP's json_encode, which escapes `/` and non-ASCII."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


def wc_headers(body: bytes, topic: str, delivery: str, secret: str = SECRET) -> dict[str, str]:
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    resource, _, event = topic.partition(".")
    return {
        "Content-Type": "application/json",
        "User-Agent": "WooCommerce/9.4.0 Hookshot (WordPress/6.7)",
        "X-WC-Webhook-Source": "https://example.com/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource,
        "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": signature.decode(),
        "X-WC-Webhook-ID": "142",
        "X-WC-Webhook-Delivery-ID": delivery,
    }


def order_doc(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(ORDER)
    doc.update(changes)
    return doc


@pytest.fixture
async def services(tmp_path, redis: Redis, redis_prefix: str) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    built = await build_services(
        settings_for(tmp_path, redis_prefix, woocommerce_webhook_secret=SecretStr(SECRET))
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


async def deliver(client: TestClient, doc: Any, topic: str = "order.created", delivery: str = "d1"):  # type: ignore[no-untyped-def]
    body = wp_json_encode(doc)
    return await client.post(URL, data=body, headers=wc_headers(body, topic, delivery))


async def test_the_creation_ping_gets_200_and_stores_nothing(
    client: TestClient, services: Services
) -> None:
    res = await client.post(
        URL,
        data=b"webhook_id=142",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert res.status == 200
    assert await _stored(services) == 0 and await _queued(services) == 0


async def test_the_documented_order_becomes_the_canonical_order(
    client: TestClient, services: Services
) -> None:
    res = await deliver(client, ORDER)
    assert res.status == 200, await res.text()
    assert await res.json() == {"order_no": "727", "queued": True}
    order = await services.orders.get_order("727")
    assert order is not None
    assert (order.status, order.currency, order.platform) == (
        OrderStatus.PAID,
        "USD",
        "woocommerce",
    )
    assert [(i.line_id, i.quantity, i.unit_price) for i in order.items] == [
        ("315", 2, Decimal("3.00")),
        ("316", 1, Decimal("12.00")),
    ]
    assert order.items[1].title == "Ship Your Idea – Color: Black, Size: M Test"
    assert order.customer.email == "john.doe@example.com"
    assert (order.shipping_address.city, order.shipping_address.province) == ("San Francisco", "CA")
    assert order.payment.method == "Direct Bank Transfer"


@pytest.mark.parametrize(
    ("plugin_status", "expected"),
    [
        ("shipped", OrderStatus.SHIPPED),
        ("partial-shipped", OrderStatus.SHIPPED),
        ("delivered", OrderStatus.DELIVERED),
        ("some-other-plugin-status", OrderStatus.PAID),
    ],
)
async def test_statuses_added_by_shipping_plugins_are_understood(
    client: TestClient, services: Services, plugin_status: str, expected: OrderStatus
) -> None:
    res = await deliver(client, order_doc(status=plugin_status), "order.updated")
    assert res.status == 200
    order = await services.orders.get_order("727")
    assert order is not None and order.status is expected


async def test_a_deleted_order_is_closed(client: TestClient, services: Services) -> None:
    await deliver(client, ORDER)
    res = await deliver(client, {"id": 727}, "order.deleted", "d2")
    assert res.status == 200
    order = await services.orders.get_order("727")
    assert order is not None and order.status is OrderStatus.CLOSED


async def test_the_same_delivery_id_twice_is_stored_and_queued_once(
    client: TestClient, services: Services
) -> None:
    await deliver(client, ORDER, delivery="9d1a4f3c5e")
    again = await deliver(client, ORDER, delivery="9d1a4f3c5e")
    assert (await again.json())["duplicate"] is True
    assert await _queued(services) == 1


@pytest.mark.parametrize(
    "forge",
    [
        lambda body, h: {k: v for k, v in h.items() if k != "X-WC-Webhook-Signature"},
        lambda body, h: {
            **h,
            "X-WC-Webhook-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest(),
        },
        lambda body, h: wc_headers(body, "order.created", "d1", secret="another-secret"),
    ],
    ids=["unsigned", "hex-digest", "other-secret"],
)
async def test_a_forged_delivery_gets_401_and_nothing_is_stored(
    client: TestClient, services: Services, forge: Any
) -> None:
    body = wp_json_encode(ORDER)
    res = await client.post(
        URL, data=body, headers=forge(body, wc_headers(body, "order.created", "d1"))
    )
    assert res.status == 401
    assert await _stored(services) == 0 and await _queued(services) == 0


async def test_a_ping_shaped_body_with_a_topic_is_not_a_ping(
    client: TestClient, services: Services
) -> None:
    body = b"webhook_id=142"
    headers = {"X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Signature": "forged"}
    res = await client.post(URL, data=body, headers=headers)
    assert res.status == 401


@pytest.mark.parametrize(
    ("doc", "needle"),
    [({"id": 727, "status": "processing"}, "not an order"), ([727], "JSON object")],
    ids=["no-line-items", "not-an-object"],
)
async def test_a_malformed_delivery_gets_400(
    client: TestClient, services: Services, doc: Any, needle: str
) -> None:
    res = await deliver(client, doc)
    assert res.status == 400 and needle in (await res.json())["error"]
    assert await _stored(services) == 0


async def test_a_topic_we_do_not_handle_is_acknowledged(
    client: TestClient, services: Services
) -> None:
    res = await deliver(client, {"id": 794}, "product.created")
    assert res.status == 200 and (await res.json())["ignored"] == "product.created"
    assert await _stored(services) == 0
