"""`POST /webhooks/shop/canonical`: forged, malformed and valid deliveries."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from adapters import shop_webhooks
from core.services import Services, build_services
from core.storage.tables import orders
from tests.test_proactive_support import SECRET, every_kind, settings_for

STOCK_OUT = every_kind()[0]
BODY = json.dumps(STOCK_OUT.doc).encode()
URL = "/webhooks/shop/canonical"


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {shop_webhooks.SIGNATURE_HEADER: shop_webhooks.sign(body, secret)}


@pytest.fixture
async def services(tmp_path, redis: Redis, redis_prefix: str) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    built = await build_services(settings_for(tmp_path, redis_prefix))
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


@pytest.mark.parametrize(
    "headers",
    [{}, {shop_webhooks.SIGNATURE_HEADER: "00" * 32}, signed(BODY, "another-secret")],
    ids=["unsigned", "garbage", "wrong-secret"],
)
async def test_a_forged_webhook_is_refused_and_nothing_is_stored(
    client: TestClient, services: Services, headers: dict[str, str]
) -> None:
    res = await client.post(URL, data=BODY, headers=headers)
    assert res.status in (401, 403)
    assert await _stored(services) == 0
    assert await _queued(services) == 0


async def test_a_tampered_body_is_refused(client: TestClient, services: Services) -> None:
    tampered = BODY.replace(b"49.00", b"0.01")
    res = await client.post(URL, data=tampered, headers=signed(BODY))
    assert res.status == 403
    assert await _stored(services) == 0


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"{not json", "JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({**STOCK_OUT.doc, "currency": "ZZQ"}).encode(), "currency"),
        (json.dumps({k: v for k, v in STOCK_OUT.doc.items() if k != "items"}).encode(), "items"),
    ],
    ids=["not-json", "not-an-object", "bad-currency", "no-items"],
)
async def test_a_malformed_order_is_a_400_and_nothing_is_stored(
    client: TestClient, services: Services, body: bytes, needle: str
) -> None:
    res = await client.post(URL, data=body, headers=signed(body))
    assert res.status == 400
    assert needle in (await res.json())["error"]
    assert await _stored(services) == 0
    assert await _queued(services) == 0


async def test_a_valid_webhook_upserts_the_order_and_queues_one_event(
    client: TestClient, services: Services
) -> None:
    res = await client.post(URL, data=BODY, headers=signed(BODY))
    assert res.status == 200
    assert await res.json() == {"order_no": "SO-1001", "queued": True}
    stored = await services.orders.get_order("SO-1001")
    assert stored is not None and stored.items[0].backordered
    again = await client.post(URL, data=BODY, headers=signed(BODY))  # redelivered
    assert (await again.json())["queued"] is False
    assert await _queued(services) == 1


async def test_an_unknown_platform_is_a_404(client: TestClient) -> None:
    res = await client.post("/webhooks/shop/nosuch", data=BODY, headers=signed(BODY))
    assert res.status == 404


async def test_without_redis_the_webhook_decides_at_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    services = await build_services(settings_for(tmp_path, None))
    try:
        app = web.Application()
        shop_webhooks.register(app, shop_webhooks.Proactive(services))
        async with TestClient(TestServer(app)) as client:
            res = await client.post(URL, data=BODY, headers=signed(BODY))
            assert (await res.json())["queued"] is True
        from tests.test_proactive_support import decisions

        assert [d["kind"] for d in await decisions(services, "SO-1001")] == ["stock_out"]
    finally:
        await services.aclose()
