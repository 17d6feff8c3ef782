"""The open REST API: `/openapi.json` is a valid OpenAPI 3.1 description of every `/api` route,
what the routes answer matches the documented schemas, and each route asks for its scope
(401 without a token, 403 naming the missing scope), with errors as problem details."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import jsonschema
import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from openapi_spec_validator import validate as validate_openapi

from bots.rest_api import template
from bots.serve import create_app
from core.order import Order
from core.services import Services, build_services
from core.settings import ApiToken, Settings
from core.tickets import Department, NewTicket
from tests.factories import order_doc, shipped

SHOP = {"Authorization": "Bearer test-token"}
READER_TOKEN = "reader-token-0123456789"
DESK_TOKEN = "desk-token-0123456789ab"
WRITER_TOKEN = "writer-token-0123456789"
READER = {"Authorization": f"Bearer {READER_TOKEN}"}
DESK = {"Authorization": f"Bearer {DESK_TOKEN}"}
WRITER = {"Authorization": f"Bearer {WRITER_TOKEN}"}


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        api_token="test-token",
        api_tokens=[
            ApiToken(name="crm", token=READER_TOKEN, scopes=["read:orders"]),  # type: ignore[arg-type]
            ApiToken(name="desk", token=DESK_TOKEN, scopes=["read:tickets", "write:tickets"]),  # type: ignore[arg-type]
            ApiToken(name="erp", token=WRITER_TOKEN, scopes=["write:orders"]),  # type: ignore[arg-type]
        ],
        seed_demo_if_empty=False,
    )


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    await services.orders.replace_all(
        [
            Order.model_validate(shipped()),
            Order.model_validate(order_doc(order_no="A-2", placed_at="2026-11-02T10:00:00+08:00")),
            Order.model_validate(order_doc(order_no="A-3", placed_at="2026-11-03T10:00:00+08:00")),
        ]
    )
    app = await create_app(services.settings, services)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture
async def spec(client: TestClient) -> dict[str, Any]:
    res = await client.get("/openapi.json")
    assert res.status == 200
    return await res.json()


async def conforms(spec: dict[str, Any], res: ClientResponse, path: str, method: str) -> Any:
    """The response's status is documented for the route, its media type is the documented
    one and its body validates against the documented schema; returns the body."""
    operation = spec["paths"][path][method.lower()]
    documented = operation["responses"].get(str(res.status))
    assert documented is not None, f"{method} {path} answered an undocumented {res.status}"
    (media, content), *_ = documented["content"].items()
    assert res.content_type == media
    body = await res.json(content_type=None)
    schema = {**content["schema"], "components": spec["components"]}
    jsonschema.Draft202012Validator(schema).validate(body)
    return body


async def test_the_description_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    validate_openapi(spec)
    assert spec["openapi"].startswith("3.1")


async def test_every_api_route_is_described(client: TestClient, spec: dict[str, Any]) -> None:
    served = {
        (route.method.lower(), template(route.resource.canonical))
        for route in client.app.router.routes()
        if route.resource is not None
        and route.resource.canonical.startswith("/api/")
        and route.method != "HEAD"
    }
    described = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert served and served <= described
    assert described <= served, "the description names a route that is not served"


async def test_each_guarded_route_names_its_scope(spec: dict[str, Any]) -> None:
    ops = {op["operationId"]: op for ops in spec["paths"].values() for op in ops.values()}
    assert ops["getOrder"]["security"] == [{"bearerAuth": ["read:orders"]}]
    assert ops["postOrderEvent"]["security"] == [{"bearerAuth": ["write:orders"]}]
    assert ops["assignTicket"]["security"] == [{"bearerAuth": ["write:tickets"]}]
    assert ops["chat"]["security"] == []


async def test_an_order_answers_as_documented(client: TestClient, spec: dict[str, Any]) -> None:
    res = await client.get("/api/orders/1234567890123451023", headers=READER)
    body = await conforms(spec, res, "/api/orders/{order_no}", "GET")
    assert body["order_no"] == "1234567890123451023"
    missing = await client.get("/api/orders/NOPE-1", headers=READER)
    assert (await conforms(spec, missing, "/api/orders/{order_no}", "GET"))["status"] == 404


async def test_a_customers_orders_come_newest_first_up_to_the_limit(
    client: TestClient, spec: dict[str, Any]
) -> None:
    path = "/api/customers/{customer_id}/orders"
    res = await client.get("/api/customers/C-LI/orders", params={"limit": "2"}, headers=READER)
    body = await conforms(spec, res, path, "GET")
    assert len(body["orders"]) == 2 and body["truncated"] is True
    everything = await client.get("/api/customers/C-LI/orders", headers=READER)
    body = await conforms(spec, everything, path, "GET")
    assert {o["order_no"] for o in body["orders"]} == {"1234567890123451023", "A-2", "A-3"}
    assert body["truncated"] is False
    bad = await client.get("/api/customers/C-LI/orders", params={"limit": "0"}, headers=READER)
    assert (await conforms(spec, bad, path, "GET"))["detail"].startswith("limit")


async def test_a_customers_orders_filter_by_status(client: TestClient) -> None:
    res = await client.get(
        "/api/customers/C-LI/orders", params={"status": "shipped"}, headers=READER
    )
    assert [o["order_no"] for o in (await res.json())["orders"]] == ["1234567890123451023"]


async def test_an_order_event_in_the_canonical_format_is_stored_once(
    client: TestClient, spec: dict[str, Any]
) -> None:
    doc = order_doc(order_no="ERP-900", status="picking")
    headers = {**WRITER, "Idempotency-Key": "erp-evt-1"}
    res = await client.post("/api/order-events", json=doc, headers=headers)
    assert res.status == 202
    body = await conforms(spec, res, "/api/order-events", "POST")
    assert body["order_no"] == "ERP-900" and body["duplicate"] is False
    again = await client.post("/api/order-events", json=doc, headers=headers)
    assert (await conforms(spec, again, "/api/order-events", "POST"))["duplicate"] is True
    stored = await client.get("/api/orders/ERP-900", headers=READER)
    assert (await stored.json())["status"] == "picking"


async def test_an_order_event_that_is_not_an_order_is_400(
    client: TestClient, spec: dict[str, Any]
) -> None:
    res = await client.post("/api/order-events", json={"order_no": "X-1"}, headers=WRITER)
    assert res.status == 400
    assert (await conforms(spec, res, "/api/order-events", "POST"))["title"] == "Bad Request"


@pytest.fixture
async def ticket_id(services: Services) -> int:
    ticket = await services.tickets.open(
        NewTicket(kind="human_agent", department=Department.SERVICE, summary="wants a person")
    )
    return ticket.id


async def test_a_ticket_changes_status_with_its_history(
    client: TestClient, spec: dict[str, Any], ticket_id: int
) -> None:
    path = "/api/tickets/{ticket_id}"
    res = await client.patch(
        f"/api/tickets/{ticket_id}", json={"status": "in_progress", "note": "called"}, headers=DESK
    )
    body = await conforms(spec, res, path, "PATCH")
    assert body["status"] == "in_progress"
    assert [(h["by"], h["status"], h["note"]) for h in body["history"]] == [
        ("desk", "in_progress", "called")
    ]
    shown = await conforms(
        spec, await client.get(f"/api/tickets/{ticket_id}", headers=DESK), path, "GET"
    )
    assert shown["status"] == "in_progress"


async def test_a_ticket_is_assigned_and_unassigned(
    client: TestClient, spec: dict[str, Any], ticket_id: int
) -> None:
    path = "/api/tickets/{ticket_id}/assign"
    res = await client.post(
        f"/api/tickets/{ticket_id}/assign", json={"assignee": "agent-7"}, headers=DESK
    )
    assert (await conforms(spec, res, path, "POST"))["assignee"] == "agent-7"
    res = await client.post(
        f"/api/tickets/{ticket_id}/assign", json={"assignee": None}, headers=DESK
    )
    body = await conforms(spec, res, path, "POST")
    assert body["assignee"] is None and len(body["history"]) == 2


async def test_tickets_list_by_status(
    client: TestClient, spec: dict[str, Any], ticket_id: int
) -> None:
    res = await client.get("/api/tickets", params={"status": "open"}, headers=DESK)
    body = await conforms(spec, res, "/api/tickets", "GET")
    assert [t["id"] for t in body["tickets"]] == [ticket_id]
    none = await client.get("/api/tickets", params={"status": "resolved"}, headers=DESK)
    assert (await none.json())["tickets"] == []


async def test_a_wrong_ticket_change_is_400_and_an_unknown_ticket_404(
    client: TestClient, spec: dict[str, Any], ticket_id: int
) -> None:
    path = "/api/tickets/{ticket_id}"
    bad = await client.patch(f"/api/tickets/{ticket_id}", json={"status": "lost"}, headers=DESK)
    assert (await conforms(spec, bad, path, "PATCH"))["detail"].startswith("status")
    gone = await client.patch("/api/tickets/999999", json={"status": "resolved"}, headers=DESK)
    assert (await conforms(spec, gone, path, "PATCH"))["status"] == 404


async def test_a_token_without_the_scope_gets_403_naming_it(
    client: TestClient, spec: dict[str, Any], ticket_id: int
) -> None:
    res = await client.patch(
        f"/api/tickets/{ticket_id}", json={"status": "resolved"}, headers=READER
    )
    assert res.status == 403
    body = await conforms(spec, res, "/api/tickets/{ticket_id}", "PATCH")
    assert body["required_scope"] == "write:tickets"
    read_only = await client.post("/api/order-events", json=order_doc(), headers=READER)
    assert (await read_only.json())["required_scope"] == "write:orders"
    desk_reads_no_orders = await client.get("/api/orders/1234567890123451023", headers=DESK)
    assert desk_reads_no_orders.status == 403


async def test_a_missing_or_unknown_token_gets_401_problem_details(
    client: TestClient, spec: dict[str, Any]
) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": READER_TOKEN}):
        res = await client.get("/api/tickets", headers=headers)
        assert res.status == 401 and res.headers["WWW-Authenticate"] == "Bearer"
        assert (await conforms(spec, res, "/api/tickets", "GET"))["title"] == "Unauthorized"


async def test_the_shops_own_token_has_every_scope(client: TestClient, ticket_id: int) -> None:
    assert (await client.get("/api/orders/A-2", headers=SHOP)).status == 200
    res = await client.patch(f"/api/tickets/{ticket_id}", json={"status": "resolved"}, headers=SHOP)
    assert res.status == 200 and (await res.json())["history"][0]["by"] == "shop"


async def test_the_web_chat_answers_as_documented(client: TestClient, spec: dict[str, Any]) -> None:
    res = await client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    body = await conforms(spec, res, "/api/chat", "POST")
    assert body["replies"]
    inbox = await client.get("/api/inbox", params={"user": "web-li"})
    await conforms(spec, inbox, "/api/inbox", "GET")
    bad = await client.post("/api/chat", json={"user": "web-li"})
    await conforms(spec, bad, "/api/chat", "POST")


async def test_without_any_token_configured_the_api_is_503(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'off.sqlite3'}", seed_demo_if_empty=False
    )
    services = await build_services(settings)
    try:
        app = await create_app(settings, services)
        async with TestClient(TestServer(app)) as client:
            res = await client.get("/api/tickets", headers=SHOP)
            assert res.status == 503 and res.content_type == "application/problem+json"
    finally:
        await services.aclose()


def test_a_token_with_an_unknown_scope_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="unknown scopes"):
        ApiToken(name="x", token="0123456789abcdef0", scopes=["read:everything"])  # type: ignore[arg-type]


async def test_an_order_source_that_is_down_answers_503_with_retry_after(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'down.sqlite3'}",
        api_token="test-token",
        seed_demo_if_empty=False,
        woocommerce={  # type: ignore[arg-type]
            "base_url": f"http://127.0.0.1:{port}",
            "consumer_key": "ck_test",
            "consumer_secret": "cs_test",
        },
    )
    services = await build_services(settings)
    try:
        app = await create_app(settings, services)
        async with TestClient(TestServer(app)) as client:
            spec = await (await client.get("/openapi.json")).json()
            res = await client.get("/api/orders/812", headers=SHOP)
            assert res.status == 503 and int(res.headers["Retry-After"]) > 0
            body = await conforms(spec, res, "/api/orders/{order_no}", "GET")
            assert "not answering" in body["detail"]
    finally:
        await services.aclose()
