"""The web process over HTTP: chat API, REST API with bearer token, health, and bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bots.serve import create_app
from core.order import Order
from core.services import Services
from tests.factories import order_doc, shipped

AUTH = {"Authorization": "Bearer test-token"}


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    await services.orders.replace_all([Order.model_validate(shipped())])
    app = await create_app(services.settings, services)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_chat_answers_with_text_and_an_order_card(client: TestClient) -> None:
    res = await client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert res.status == 200
    body = await res.json()
    kinds = [part["type"] for part in body["replies"]]
    assert kinds == ["text", "order"]
    assert "SF1234567890123" in body["replies"][0]["text"]
    assert body["direction"] == "ltr"


async def test_chat_button_payload_is_accepted(client: TestClient) -> None:
    res = await client.post("/api/chat", json={"user": "web-li", "payload": "intent:order_status"})
    assert res.status == 200
    assert "on its way" in (await res.json())["replies"][0]["text"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"not json", "JSON object"),
        (b'{"user": ["u"], "text": "hi"}', "user"),
        (b'{"user": "u", "text": 5}', "text"),
        (b'{"user": "u"}', "'text' or 'payload'"),
        (b'{"user": "u", "text": "hi", "admin": true}', "admin"),
        (b'["user"]', "body"),
    ],
)
async def test_malformed_chat_requests_get_400_with_a_reason(
    client: TestClient, body: bytes, needle: str
) -> None:
    res = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert res.status == 400
    assert needle in (await res.json())["error"]


async def test_an_oversized_body_is_refused(client: TestClient) -> None:
    res = await client.post("/api/chat", data=b"x" * (200 * 1024))
    assert res.status == 413


async def test_order_api_needs_the_bearer_token(client: TestClient) -> None:
    assert (await client.get("/api/orders/1234567890123451023")).status == 401
    wrong = await client.get(
        "/api/orders/1234567890123451023", headers={"Authorization": "Bearer x"}
    )
    assert wrong.status == 401
    res = await client.get("/api/orders/1234567890123451023", headers=AUTH)
    assert res.status == 200
    body = await res.json()
    assert body["order_no"] == "1234567890123451023"
    assert body["payment"]["amount"] == "98.00"


async def test_unknown_order_is_404(client: TestClient) -> None:
    assert (await client.get("/api/orders/NOPE-1", headers=AUTH)).status == 404


async def test_tickets_api_lists_tickets_for_an_order(client: TestClient) -> None:
    await client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    await client.post("/api/chat", json={"user": "web-li", "payload": "intent:human_agent"})
    res = await client.get("/api/tickets", params={"order_no": "1234567890123451023"}, headers=AUTH)
    tickets = (await res.json())["tickets"]
    assert [t["kind"] for t in tickets] == ["human_agent"]
    assert tickets[0]["department"] == "service" and tickets[0]["status"] == "open"
    assert "1234567890123451023" not in tickets[0]["summary"]


async def test_health_reports_the_database(client: TestClient) -> None:
    res = await client.get("/healthz")
    assert res.status == 200 and (await res.json())["database"] == "ok"


async def test_the_chat_page_is_served(client: TestClient) -> None:
    res = await client.get("/")
    assert res.status == 200 and "<title>Order support</title>" in await res.text()


async def test_an_address_change_over_the_chat_api_shows_in_the_order_api(
    client: TestClient,
) -> None:
    async def say(body: dict) -> dict:
        res = await client.post("/api/chat", json={"user": "web-li", **body})
        assert res.status == 200
        return await res.json()

    doc = shipped()
    await say({"text": "我要改地址"})
    await say({"text": "浙江省杭州市西湖区文三路100号 张三 13912345678"})
    done = await say({"payload": "confirm:yes"})
    assert done["replies"][0]["type"] == "text"
    order = await (await client.get("/api/orders/1234567890123451023", headers=AUTH)).json()
    address = {k: v for k, v in order["shipping_address"].items() if v is not None}
    assert address == doc["shipping_address"]  # shipped: only a ticket, no change yet
    tickets = (await (await client.get("/api/tickets", headers=AUTH)).json())["tickets"]
    assert [(t["kind"], t["department"], t["priority"]) for t in tickets] == [
        ("address_redirect", "logistics", "normal")
    ]
    assert "13912345678" not in tickets[0]["summary"]


async def test_a_cancellation_over_the_chat_api_shows_in_the_order_api(
    client: TestClient, services: Services
) -> None:
    from tests.factories import order_doc

    await services.orders.replace_all([Order.model_validate(order_doc(order_no="A-77"))])
    await client.post("/api/chat", json={"user": "web-li", "text": "cancel order A-77"})
    await client.post("/api/chat", json={"user": "web-li", "payload": "confirm:yes"})
    order = await (await client.get("/api/orders/A-77", headers=AUTH)).json()
    assert order["status"] == "cancelled"


async def test_an_order_number_with_slashes_is_served(
    client: TestClient, services: Services
) -> None:
    tokopedia = "INV/20241106/MPL/3819204756"
    await services.orders.replace_all([Order.model_validate(order_doc(order_no=tokopedia))])
    res = await client.get(f"/api/orders/{tokopedia}", headers=AUTH)
    assert res.status == 200 and (await res.json())["order_no"] == tokopedia
