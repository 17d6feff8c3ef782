"""Small builders of canonical orders for tests: explicit data, no randomness."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from core.order import Order

NOW = datetime.now(UTC).replace(microsecond=0)


def iso(delta: timedelta) -> str:
    return (NOW + delta).isoformat()


def order_doc(**overrides: Any) -> dict[str, Any]:
    """A paid CNY order of one customer tied to the web user `web-li`; override any field.

    Paid a day before `NOW` (the import time): the warehouse has 48 h to ship, so the order is
    not late however long the test run takes (a paid order past that is handed to the
    warehouse by the status answer)."""
    doc: dict[str, Any] = {
        "order_no": "1234567890123451023",
        "platform": "tmall",
        "status": "paid",
        "placed_at": iso(timedelta(days=-1)),
        "paid_at": iso(timedelta(days=-1, minutes=3)),
        "currency": "CNY",
        "customer": {
            "id": "C-LI",
            "name": "李娜",
            "phone": "13812345678",
            "email": "li.na@example.com",
            "locale": "zh_Hans",
            "timezone": "Asia/Shanghai",
            "channels": [{"channel": "web", "user_id": "web-li"}],
        },
        "items": [
            {
                "line_id": "L1",
                "sku": "MUG-BL",
                "title": "陶瓷马克杯",
                "category": "fragile",
                "quantity": 2,
                "unit_price": "49.00",
            },
        ],
        "discounts": [],
        "shipping_fee": "0",
        "shipping_address": {
            "name": "李娜",
            "phone": "13812345678",
            "country": "CN",
            "province": "浙江省",
            "city": "杭州市",
            "district": "西湖区",
            "line1": "文三路100号",
        },
        "warehouse": {"code": "SH-01"},
        "shipments": [],
        "payment": {"method": "alipay", "status": "succeeded", "amount": "98.00"},
    }
    merged = copy.deepcopy(doc)
    merged.update(overrides)
    return merged


def order(**overrides: Any) -> Order:
    return Order.model_validate(order_doc(**overrides))


def order_living_in(country: str, locale: str, name: str, phone: str) -> dict[str, Any]:
    """A paid order of a customer of `locale` whose shipping address, in `country`, is a stub
    an address change replaces."""
    doc = order_doc()
    doc["customer"]["locale"] = locale
    doc["shipping_address"] = {
        "name": name,
        "phone": phone,
        "country": country,
        "city": "X",
        "line1": "old street 1",
        "postal_code": "00000",
    }
    return doc


def shipped(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = dict(
        status="shipped",
        warehouse={"code": "SH-01", "outbound_at": iso(timedelta(days=-1, hours=-2))},
        shipments=[
            {
                "carrier": "SF Express",
                "tracking_no": "SF1234567890123",
                "picked_up_at": iso(timedelta(days=-1)),
                "eta": iso(timedelta(days=1)),
                "events": [
                    {
                        "at": iso(timedelta(days=-1)),
                        "status": "picked_up",
                        "description": "顺丰已揽收",
                    },
                    {
                        "at": iso(timedelta(hours=-5)),
                        "status": "arrived_at_hub",
                        "description": "快件已到达【杭州转运中心】",
                    },
                ],
            }
        ],
    )
    return order_doc(**{**fields, **overrides})


def delivered_mugs_and_towel(*, coupon: bool = True, **overrides: Any) -> dict[str, Any]:
    """A CN order delivered two days ago, paid by Alipay: two mugs of ¥100 and a towel of ¥50,
    with a 满200减20 coupon unless `coupon` is false."""
    doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-2)))
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "MUG",
            "title": "Ceramic mug",
            "category": "general",
            "quantity": 2,
            "unit_price": "100.00",
        },
        {
            "line_id": "B",
            "sku": "TOWEL",
            "title": "Cotton towel",
            "category": "general",
            "quantity": 1,
            "unit_price": "50.00",
        },
    ]
    if coupon:
        doc["discounts"] = [
            {"code": "MJ200-20", "kind": "threshold", "amount": "20", "threshold": "200"}
        ]
    amount = "230.00" if coupon else "250.00"
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": amount}
    doc.update(overrides)
    return doc
