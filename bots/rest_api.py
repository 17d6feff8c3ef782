"""The shop's REST API (`/api/orders/{order_no}`, `/api/tickets`) behind a bearer token."""

from __future__ import annotations

import hmac

from aiohttp import web

from core.order import is_order_no
from core.services import Services

SERVICES_KEY = web.AppKey("rest_services", Services)
PUBLIC = {"/api/chat", "/api/inbox"}
"""The web chat's own endpoints: open to the page, not guarded by the shop's API token."""


@web.middleware
async def _bearer_token(request: web.Request, handler):  # type: ignore[no-untyped-def]
    if not request.path.startswith("/api/") or request.path in PUBLIC:
        return await handler(request)
    token = request.app[SERVICES_KEY].settings.api_token
    if token is None:
        return web.json_response(
            {"error": "the REST API is off: set ORDERSUPPORT_API_TOKEN"}, status=503
        )
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {token.get_secret_value()}"
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return web.json_response(
            {"error": "missing or wrong bearer token"},
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return await handler(request)


_NOT_AN_ORDER_NO = "an order number is 3 to 64 letters, digits or #-_/"


async def get_order(request: web.Request) -> web.Response:
    if not is_order_no(request.match_info["order_no"]):
        return web.json_response({"error": _NOT_AN_ORDER_NO}, status=400)
    order = await request.app[SERVICES_KEY].hub.get_order(request.match_info["order_no"])
    if order is None:
        return web.json_response({"error": "no such order"}, status=404)
    return web.json_response(order.model_dump(mode="json"))


async def list_tickets(request: web.Request) -> web.Response:
    order_no = request.query.get("order_no")
    if order_no is not None and not is_order_no(order_no):
        return web.json_response({"error": _NOT_AN_ORDER_NO}, status=400)
    tickets = await request.app[SERVICES_KEY].tickets.list(order_no=order_no)
    return web.json_response({"tickets": [t.model_dump(mode="json") for t in tickets]})


def register(app: web.Application, services: Services) -> None:
    app[SERVICES_KEY] = services
    app.middlewares.append(_bearer_token)
    app.router.add_get("/api/orders/{order_no:.+}", get_order)  # "/" in Tokopedia numbers
    app.router.add_get("/api/tickets", list_tickets)
