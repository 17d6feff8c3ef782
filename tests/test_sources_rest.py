"""The configurable REST/JSON source: a shop's own OMS or an ERP aggregator, by settings alone."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from core.order import Address, OrderStatus
from core.sources.resilience import MalformedPayload
from core.sources.rest import RestOrderSource, RestSourceConfig, map_document

ERP_ORDER = {
    "order_sn": "E20261120",
    "state": 2,
    "created": "2026-11-20T10:00:00+08:00",
    "paid": "2026-11-20T10:01:00+08:00",
    "buyer": {"uid": "881", "nick": "李娜", "mobile": "13812345678", "mail": "li.na@example.com"},
    "receiver": {
        "name": "李娜",
        "mobile": "13812345678",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address": "文三路100号",
    },
    "goods": [{"id": "g1", "code": "MUG-BL", "title": "陶瓷马克杯", "num": 2, "price": "49.00"}],
    "pay": {"type": "alipay", "amount": "98.00"},
    "logistics": [{"company": "顺丰", "no": "SF1234567890123"}],
}

MAPPING: dict[str, Any] = {
    "order_no": "order_sn",
    "platform": {"const": "app"},
    "status": {"path": "state", "map": {"1": "pending_payment", "2": "shipped", "3": "delivered"}},
    "placed_at": "created",
    "paid_at": "paid",
    "currency": {"const": "CNY"},
    "customer": {
        "id": {"join": ["buyer.uid"], "sep": ""},
        "name": "buyer.nick",
        "phone": "buyer.mobile",
        "email": "buyer.mail",
    },
    "items": {
        "each": "goods",
        "fields": {
            "line_id": "id",
            "sku": "code",
            "title": "title",
            "quantity": "num",
            "unit_price": "price",
        },
    },
    "shipping_address": {
        "name": "receiver.name",
        "phone": "receiver.mobile",
        "country": {"const": "CN"},
        "province": "receiver.province",
        "city": "receiver.city",
        "district": "receiver.district",
        "line1": "receiver.address",
    },
    "shipments": {"each": "logistics", "fields": {"carrier": "company", "tracking_no": "no"}},
    "payment": {"method": "pay.type", "status": {"const": "succeeded"}, "amount": "pay.amount"},
}


class FakeErp:
    def __init__(self) -> None:
        self.order = dict(ERP_ORDER)
        self.seen: list[tuple[str, str, dict[str, str], dict[str, str], Any]] = []
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> FakeErp:
        async def handle(request: web.Request) -> web.Response:
            body = await request.json() if request.can_read_body else None
            self.seen.append(
                (request.method, request.path, dict(request.query), dict(request.headers), body)
            )
            if request.path == f"/api/orders/{self.order['order_sn']}":
                return web.json_response({"code": 0, "data": self.order})
            if request.path == "/api/orders":
                return web.json_response({"code": 0, "data": {"list": [self.order]}})
            if request.path.endswith("/address"):
                self.order["receiver"] = {**self.order["receiver"], "address": body["street"]}
                return web.json_response({"code": 0, "data": {"ok": True}})
            return web.json_response({"code": 404}, status=404)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/api"  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def erp() -> AsyncIterator[FakeErp]:
    server = await FakeErp().start()
    yield server
    await server.stop()


def config(erp: FakeErp, auth: dict[str, Any]) -> RestSourceConfig:
    return RestSourceConfig.model_validate(
        {
            "name": "erp",
            "base_url": erp.base,
            "auth": auth,
            "order_no_pattern": r"E\d{8}",
            "customer_id_prefix": "",
            "endpoints": {
                "get_order": {"path": "/orders/{order_no}", "result": "data"},
                "customer_orders": {
                    "path": "/orders",
                    "params": {"buyer": "{customer_id}"},
                    "result": "data.list",
                },
                "search_orders": {
                    "path": "/orders",
                    "params": {"mobile": "{phone}", "email": "{email}"},
                    "result": "data.list",
                },
                "update_address": {
                    "method": "POST",
                    "path": "/orders/{order_no}/address",
                    "body": {"street": "${address.line1}", "mobile": "${address.phone}"},
                },
            },
            "mapping": MAPPING,
        }
    )


@pytest.fixture
async def source(erp: FakeErp) -> AsyncIterator[RestOrderSource]:
    built = RestOrderSource(config(erp, {"type": "bearer", "token": "t0k3n"}))
    yield built
    await built.aclose()


async def test_an_order_is_mapped_by_the_declarative_mapping(source: RestOrderSource) -> None:
    order = await source.get_order("E20261120")
    assert order is not None
    assert (order.status, order.platform, order.customer.id) == (OrderStatus.SHIPPED, "app", "881")
    assert [(i.sku, i.quantity) for i in order.items] == [("MUG-BL", 2)]
    assert order.shipments[0].tracking_no == "SF1234567890123"


async def test_routing_follows_the_configured_number_pattern(source: RestOrderSource) -> None:
    assert source.owns("E20261120") and not source.owns("#1043")


async def test_bearer_basic_and_header_auth_are_sent(erp: FakeErp) -> None:
    auths = [
        ({"type": "bearer", "token": "t0k3n"}, "Authorization", "Bearer t0k3n"),
        (
            {"type": "basic", "username": "u", "password": "p"},
            "Authorization",
            "Basic " + base64.b64encode(b"u:p").decode(),
        ),
        ({"type": "header", "header": "X-Api-Key", "value": "k"}, "X-Api-Key", "k"),
    ]
    for auth, header, expected in auths:
        built = RestOrderSource(config(erp, auth))
        await built.get_order("E20261120")
        await built.aclose()
        assert erp.seen[-1][3][header] == expected


async def test_search_fills_only_the_contact_it_has(source: RestOrderSource, erp: FakeErp) -> None:
    found = await source.search_orders(phone="13812345678")
    assert [o.order_no for o in found] == ["E20261120"]
    assert erp.seen[-1][2] == {"mobile": "13812345678"}


async def test_an_address_change_posts_the_templated_body_and_reads_back(
    source: RestOrderSource, erp: FakeErp
) -> None:
    address = Address(
        name="李娜",
        phone="13912345678",
        country="CN",
        province="浙江省",
        city="杭州市",
        line1="文二路1号",
    )
    order = await source.update_address("E20261120", address)
    posted = [s for s in erp.seen if s[0] == "POST"]
    assert posted[0][4] == {"street": "文二路1号", "mobile": "13912345678"}
    assert order.shipping_address.line1 == "文二路1号"


def test_a_value_outside_the_status_map_is_refused(erp: FakeErp) -> None:
    source = RestOrderSource(config(erp, {"type": "none"}))
    with pytest.raises(MalformedPayload):
        source.map_order({**ERP_ORDER, "state": 9})


def test_a_missing_leaf_is_left_out_so_defaults_apply() -> None:
    assert map_document({"a": "x.y", "b": {"const": 1}, "c": {"d": "nope"}}, {"x": {}}) == {"b": 1}
