"""Issue 16, case 6: shop webhooks are real upserts ordered by the platform's own version —
concurrent deliveries of one new order all succeed and store one row, and a late retry of an
older copy never turns a delivered order back into a paid one (PostgreSQL of the test's own)."""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from adapters import shop_webhooks
from core.order import OrderStatus
from core.services import Services
from core.storage.tables import orders
from tests.faults.helpers import fault_services
from tests.faults.servers import RedisServer

SECRET = "wc-webhook-secret"
URL = "/webhooks/shop/woocommerce"
ORDER = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "woocommerce" / "order_727.json").read_text()
)


def signed(doc: dict[str, Any], delivery: str, topic: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(doc).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
    return body, {
        "Content-Type": "application/json",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Signature": signature.decode(),
        "X-WC-Webhook-Delivery-ID": delivery,
    }


@pytest.fixture
async def services(own_postgres_url: str, own_redis: RedisServer) -> AsyncIterator[Services]:
    built = await fault_services(
        own_postgres_url, own_redis.url, woocommerce_webhook_secret=SecretStr(SECRET)
    )
    yield built
    await built.aclose()


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    app = web.Application()
    shop_webhooks.register(app, shop_webhooks.Proactive(services))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def deliver(client: TestClient, doc: dict[str, Any], delivery: str, topic: str) -> int:
    body, headers = signed(doc, delivery, topic)
    res = await client.post(URL, data=body, headers=headers)
    return res.status


async def stored_rows(services: Services) -> int:
    async with services.db.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(orders)) or 0)


async def test_five_concurrent_deliveries_of_one_new_order_all_succeed_and_store_one_row(
    client: TestClient, services: Services
) -> None:
    statuses = await asyncio.gather(
        *(deliver(client, ORDER, f"d{n}", "order.created") for n in range(5))
    )
    assert sorted(statuses) == [200] * 5
    assert await stored_rows(services) == 1


async def test_a_late_retry_of_an_older_copy_never_turns_a_delivered_order_back_into_a_paid_one(
    client: TestClient, services: Services
) -> None:
    paid = copy.deepcopy(ORDER)  # processing, modified 2017-03-22T19:28:08
    done = copy.deepcopy(ORDER)
    done.update(
        status="completed",
        date_modified_gmt="2017-03-25T10:00:00",
        date_completed_gmt="2017-03-25T10:00:00",
    )
    assert await deliver(client, paid, "first", "order.created") == 200
    assert await deliver(client, done, "second", "order.updated") == 200
    assert await deliver(client, paid, "first-again", "order.created") == 200  # late retry

    order = await services.hub.get_order(str(ORDER["number"]))
    assert order is not None
    assert order.status is OrderStatus.DELIVERED


async def test_an_older_copy_racing_a_newer_one_is_refused_by_the_store_itself(
    services: Services,
) -> None:
    from datetime import UTC, datetime

    from core.order import Order
    from tests.factories import order_doc

    newer = Order.model_validate(order_doc(status="shipped"))
    older = Order.model_validate(order_doc(status="paid"))
    assert await services.orders.save(newer, version=datetime(2026, 3, 2, tzinfo=UTC))
    assert not await services.orders.save(older, version=datetime(2026, 3, 1, tzinfo=UTC))
    stored = await services.orders.get_order(newer.order_no)
    assert stored is not None and stored.status is OrderStatus.SHIPPED
