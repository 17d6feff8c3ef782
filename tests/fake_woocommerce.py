"""A local WooCommerce REST API v3 on 127.0.0.1, built from the documented payloads.

Orders (list with `page`/`per_page`/`search`/`customer`, X-WP-Total and X-WP-TotalPages),
one order, updates, notes and refunds; basic auth with the consumer key and secret. It can be
told to answer 429 a number of times, to hang, or to answer garbage. Requests are kept in
`calls` as (method, path, query, body).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import math
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures" / "woocommerce"
KEY = "ck_test"
SECRET = "cs_test"
API = "/wp-json/wc/v3"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeWooCommerce:
    def __init__(self) -> None:
        self.orders: dict[int, dict[str, Any]] = {o["id"]: o for o in fixture("orders.json")}
        self.notes: dict[int, list[dict[str, Any]]] = {813: fixture("notes_813.json")}
        self.refunds: dict[int, list[dict[str, Any]]] = {}
        self.calls: list[tuple[str, str, dict[str, str], Any]] = []
        self.rate_limit_next = 0
        self.hang = False
        self.malformed = False
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def requests(self, method: str, path: str) -> list[tuple[dict[str, str], Any]]:
        return [(q, b) for m, p, q, b in self.calls if m == method and p == path]

    async def start(self) -> FakeWooCommerce:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get(f"{API}/orders", self._list)
        app.router.add_get(f"{API}/orders/{{id}}", self._get)
        app.router.add_put(f"{API}/orders/{{id}}", self._update)
        app.router.add_get(f"{API}/orders/{{id}}/notes", self._notes)
        app.router.add_post(f"{API}/orders/{{id}}/notes", self._add_note)
        app.router.add_get(f"{API}/orders/{{id}}/refunds", self._refunds)
        app.router.add_post(f"{API}/orders/{{id}}/refunds", self._refund)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        expected = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return web.json_response(
                {
                    "code": "woocommerce_rest_cannot_view",
                    "message": "Sorry, you cannot list resources.",
                    "data": {"status": 401},
                },
                status=401,
            )
        body = await request.json() if request.can_read_body else None
        path = request.path.removeprefix(API)
        self.calls.append((request.method, path, dict(request.query), body))
        if self.hang:
            await self._release.wait()
        if self.rate_limit_next > 0:
            self.rate_limit_next -= 1
            return web.json_response(
                {"code": "rate_limited", "message": "Too many requests"},
                status=429,
                headers={"Retry-After": "0"},
            )
        if self.malformed:
            return web.Response(text="<html>maintenance</html>", content_type="text/html")
        return await handler(request)

    def _order(self, request: web.Request) -> dict[str, Any] | None:
        return self.orders.get(int(request.match_info["id"]))

    @staticmethod
    def _not_found() -> web.Response:
        return web.json_response(
            {
                "code": "woocommerce_rest_shop_order_invalid_id",
                "message": "Invalid ID.",
                "data": {"status": 404},
            },
            status=404,
        )

    async def _list(self, request: web.Request) -> web.Response:
        q = request.query
        found = list(self.orders.values())
        if "customer" in q:
            found = [o for o in found if str(o["customer_id"]) == q["customer"]]
        if "search" in q:
            term = q["search"].lower()
            found = [
                o for o in found if term in json.dumps(o["billing"], ensure_ascii=False).lower()
            ]
        if "modified_after" in q:
            found = [o for o in found if o["date_modified_gmt"] > q["modified_after"]]
        per_page = int(q.get("per_page", 10))
        page = int(q.get("page", 1))
        pages = max(1, math.ceil(len(found) / per_page))
        chunk = found[(page - 1) * per_page : page * per_page]
        return web.json_response(
            copy.deepcopy(chunk),
            headers={"X-WP-Total": str(len(found)), "X-WP-TotalPages": str(pages)},
        )

    async def _get(self, request: web.Request) -> web.Response:
        order = self._order(request)
        return web.json_response(copy.deepcopy(order)) if order else self._not_found()

    async def _update(self, request: web.Request) -> web.Response:
        order = self._order(request)
        if order is None:
            return self._not_found()
        data = (await request.json()) or {}
        if "shipping" in data:
            order["shipping"].update(data["shipping"])
        if "status" in data:
            order["status"] = data["status"]
        return web.json_response(copy.deepcopy(order))

    async def _notes(self, request: web.Request) -> web.Response:
        return web.json_response(self.notes.get(int(request.match_info["id"]), []))

    async def _add_note(self, request: web.Request) -> web.Response:
        order_id = int(request.match_info["id"])
        note = {
            "id": 900 + len(self.calls),
            "note": (await request.json())["note"],
            "customer_note": False,
        }
        self.notes.setdefault(order_id, []).insert(0, note)
        return web.json_response(note, status=201)

    async def _refunds(self, request: web.Request) -> web.Response:
        return web.json_response(self.refunds.get(int(request.match_info["id"]), []))

    async def _refund(self, request: web.Request) -> web.Response:
        order = self._order(request)
        if order is None:
            return self._not_found()
        data = (await request.json()) or {}
        refund_id = 9000 + len(self.calls)
        refund = {
            "id": refund_id,
            "date_created_gmt": "2026-11-23T12:00:00",
            "amount": data.get("amount"),
            "reason": data.get("reason", ""),
            "refunded_payment": bool(data.get("api_refund", True)),
            "line_items": [
                {
                    "id": 7000 + i,
                    "quantity": -int(li["quantity"]),
                    "total": f"-{li.get('refund_total', '0')}",
                    "meta_data": [{"key": "_refunded_item_id", "value": str(li["id"])}],
                }
                for i, li in enumerate(data.get("line_items") or [])
            ],
        }
        self.refunds.setdefault(order["id"], []).append(refund)
        order["refunds"].append(
            {"id": refund_id, "reason": refund["reason"], "total": f"-{data.get('amount')}"}
        )
        return web.json_response(refund, status=201)


def woocommerce_config(fake: FakeWooCommerce, **overrides: Any) -> Any:
    from core.sources.woocommerce import WooCommerceConfig

    fields = {"base_url": fake.base_url, "consumer_key": KEY, "consumer_secret": SECRET}
    return WooCommerceConfig(**{**fields, **overrides})
