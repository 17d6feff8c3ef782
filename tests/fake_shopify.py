"""A local Shopify Admin GraphQL API on 127.0.0.1, built from the documented payloads.

It answers the operations the connector sends (by operation name), filters orders by the
search syntax the connector uses (`name:`, `email:`, `customer_id:`, `updated_at:>=`), pages
with `first`/`after`, reports `extensions.cost.throttleStatus` and can be told to throttle,
hang, or answer garbage. Every request is kept in `calls` as (operation, variables).
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
from pathlib import Path
from typing import Any

from aiohttp import web

from tests import shopify_schema

FIXTURES = Path(__file__).parent / "fixtures" / "shopify"
TOKEN = "shpat_test_token"
API_VERSION = shopify_schema.API_VERSION
RETURN_REASON_DEFINITIONS = [
    {
        "id": "gid://shopify/ReturnReasonDefinition/1",
        "handle": "arrived-late",
        "name": "Arrived late",
    },
    {"id": "gid://shopify/ReturnReasonDefinition/2", "handle": "quality", "name": "Quality"},
    {"id": "gid://shopify/ReturnReasonDefinition/3", "handle": "too-tight", "name": "Too tight"},
    {"id": "gid://shopify/ReturnReasonDefinition/4", "handle": "wrong-item", "name": "Wrong item"},
    {
        "id": "gid://shopify/ReturnReasonDefinition/5",
        "handle": "changed-mind",
        "name": "Changed mind",
    },
]
"""Handles as Shopify documents them ("arrived-late", "too-tight", "quality", ...)."""


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeShopify:
    def __init__(self) -> None:
        self.orders: list[dict[str, Any]] = fixture("orders.json")
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.invalid: list[str] = []
        """Every schema problem of every request (the tests assert it stays empty)."""
        self.throttle_next = 0
        self.available = 1000.0
        self.cost = 12
        self.hang = False
        self.malformed = False
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._check_schema = False
        self.base_url = ""

    def ops(self, name: str) -> list[dict[str, Any]]:
        return [v for op, v in self.calls if op == name]

    async def start(self) -> FakeShopify:
        # The schema is built once per process before the first request, off the loop: built
        # inside the first request (seconds on a loaded machine) it made the client time out.
        self._check_schema = shopify_schema.available()
        if self._check_schema:
            await asyncio.to_thread(shopify_schema.schema)
        app = web.Application()
        app.router.add_post(f"/admin/api/{API_VERSION}/graphql.json", self._graphql)
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

    def _answer(self, data: Any) -> web.Response:
        self.available = max(0.0, self.available - self.cost)
        return web.json_response(
            {
                "data": data,
                "extensions": {
                    "cost": {
                        "requestedQueryCost": self.cost,
                        "actualQueryCost": self.cost,
                        "throttleStatus": {
                            "maximumAvailable": 1000.0,
                            "currentlyAvailable": self.available,
                            "restoreRate": 50.0,
                        },
                    }
                },
            }
        )

    async def _graphql(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("X-Shopify-Access-Token") != TOKEN:
            return web.json_response(
                {"errors": "[API] Invalid API key or access token"}, status=401
            )
        body = await request.json()
        match = re.search(r"(?:query|mutation)\s+(\w+)", body.get("query", ""))
        op = match.group(1) if match else "anonymous"
        variables = body.get("variables") or {}
        self.calls.append((op, variables))
        if self._check_schema:  # a real Shopify refuses what its schema does not allow
            problems = shopify_schema.check(body.get("query", ""), variables)
            self.invalid.extend(problems)
            if problems:
                return web.json_response(
                    {
                        "errors": [
                            {"message": p, "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}
                            for p in problems
                        ]
                    }
                )
        if self.hang:
            await self._release.wait()
        if self.throttle_next > 0:
            self.throttle_next -= 1
            return web.json_response(fixture("throttled.json"))
        if self.malformed:
            return web.json_response({"data": {"orders": {"nodes": [{"name": "#1043"}]}}})
        handler = getattr(self, f"_op_{op}", None)
        if handler is None:
            return web.json_response({"errors": [{"message": f"unknown operation {op}"}]})
        return self._answer(handler(variables))

    # -- queries

    def _matches(self, node: dict[str, Any], query: str) -> bool:
        for term in re.findall(r"""(\w+):(>=|<=|>|<)?("[^"]*"|'[^']*'|\S+)""", query):
            field, op, value = term[0], term[1], term[2].strip("\"'")
            customer = node.get("customer") or {}
            if field == "name" and node["name"] != value and node["name"] != f"#{value}":
                return False
            if field == "email" and (node.get("email") or "").lower() != value.lower():
                return False
            if field == "customer_id" and customer.get("legacyResourceId") != value:
                return False
            if field == "updated_at" and op in (">=", ">") and node["updatedAt"] < value:
                return False
        return True

    def _page(self, variables: dict[str, Any]) -> dict[str, Any]:
        found = [n for n in self.orders if self._matches(n, variables.get("query") or "")]
        start = int(variables.get("after") or 0)
        first = int(variables.get("first") or 50)
        page = found[start : start + first]
        more = start + first < len(found)
        return {
            "nodes": copy.deepcopy(page),
            "pageInfo": {"hasNextPage": more, "endCursor": str(start + first) if more else None},
        }

    def _op_FindOrders(self, variables: dict[str, Any]) -> dict[str, Any]:
        return {"orders": self._page(variables)}

    def _op_UpdatedOrders(self, variables: dict[str, Any]) -> dict[str, Any]:
        return {"orders": self._page(variables)}

    def _op_FindCustomers(self, variables: dict[str, Any]) -> dict[str, Any]:
        wanted = re.sub(r"\D", "", variables.get("query", ""))[-10:]
        seen: dict[str, dict[str, Any]] = {}
        for node in self.orders:
            customer = node.get("customer") or {}
            phone = (customer.get("defaultPhoneNumber") or {}).get("phoneNumber") or ""
            if wanted and re.sub(r"\D", "", phone).endswith(wanted):
                seen[customer["id"]] = {
                    "id": customer["id"],
                    "legacyResourceId": customer["legacyResourceId"],
                }
        return {"customers": {"nodes": list(seen.values())}}

    # -- mutations

    def _node(self, gid: str) -> dict[str, Any] | None:
        return next((n for n in self.orders if n["id"] == gid), None)

    def _op_OrderUpdate(self, variables: dict[str, Any]) -> dict[str, Any]:
        data = variables["input"]
        node = self._node(data["id"])
        if node is None:
            return {
                "orderUpdate": {
                    "order": None,
                    "userErrors": [{"field": ["id"], "message": "Order does not exist"}],
                }
            }
        if "shippingAddress" in data:
            a = data["shippingAddress"]
            node["shippingAddress"] = {
                "name": " ".join(p for p in (a.get("firstName"), a.get("lastName")) if p),
                "firstName": a.get("firstName"),
                "lastName": a.get("lastName"),
                "phone": a.get("phone"),
                "address1": a.get("address1"),
                "address2": a.get("address2"),
                "city": a.get("city"),
                "province": None,
                "provinceCode": a.get("provinceCode"),
                "countryCodeV2": a.get("countryCode"),
                "zip": a.get("zip"),
            }
        return {"orderUpdate": {"order": copy.deepcopy(node), "userErrors": []}}

    def _op_RefundCreate(self, variables: dict[str, Any]) -> dict[str, Any]:
        data = variables["input"]
        node = self._node(data["orderId"])
        amount = sum(float(t["amount"]) for t in data.get("transactions") or [])
        refund = {
            "id": f"gid://shopify/Refund/{7000 + len(self.calls)}",
            "createdAt": "2026-11-23T12:00:00Z",
            "note": data.get("note"),
            "totalRefundedSet": {"shopMoney": {"amount": f"{amount:.2f}"}},
            "refundLineItems": {
                "nodes": [
                    {"quantity": r["quantity"], "lineItem": {"id": r["lineItemId"]}}
                    for r in data.get("refundLineItems") or []
                ]
            },
        }
        if node is not None:
            node["refunds"].append(refund)
        return {"refundCreate": {"refund": refund, "userErrors": []}}

    def _op_ReturnReasonDefinitions(self, variables: dict[str, Any]) -> dict[str, Any]:
        nodes = [{**d, "deleted": False} for d in RETURN_REASON_DEFINITIONS]
        return {"returnReasonDefinitions": {"nodes": nodes}}

    def _op_ReturnCreate(self, variables: dict[str, Any]) -> dict[str, Any]:
        return {
            "returnCreate": {
                "return": {"id": "gid://shopify/Return/1", "status": "OPEN", "name": "#1044-R1"},
                "userErrors": [],
            }
        }

    def _op_OrderCancel(self, variables: dict[str, Any]) -> dict[str, Any]:
        node = self._node(variables["orderId"])
        if node is not None:
            node["cancelledAt"] = "2026-11-23T12:00:00Z"
        return {
            "orderCancel": {
                "job": {"id": "gid://shopify/Job/1", "done": False},
                "orderCancelUserErrors": [],
            }
        }


def shopify_config(fake: FakeShopify, **overrides: Any) -> Any:
    from core.sources.shopify import ShopifyConfig

    fields = {"base_url": fake.base_url, "access_token": TOKEN, "api_version": API_VERSION}
    return ShopifyConfig(**{**fields, **overrides})
