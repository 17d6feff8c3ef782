"""Builders for canonical orders in the policy tests (no tests here).

Every order is built with `Order.model_validate`, exactly as an import file would be read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.order import Order

T0 = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
"""Delivery time of the default order; tests count from here."""


def item(
    line_id: str,
    quantity: int,
    unit_price: str,
    category: str = "general",
    *,
    backordered: bool = False,
) -> dict[str, Any]:
    return {
        "line_id": line_id,
        "sku": f"SKU-{line_id}",
        "title": f"Item {line_id}",
        "category": category,
        "quantity": quantity,
        "unit_price": unit_price,
        "backordered": backordered,
    }


def fixed(amount: str, code: str = "FIXED") -> dict[str, Any]:
    return {"code": code, "kind": "order_fixed", "amount": amount}


def percent(value: str, code: str = "PCT") -> dict[str, Any]:
    return {"code": code, "kind": "order_percent", "percent": value}


def threshold(spend: str, save: str, code: str = "SPEND") -> dict[str, Any]:
    return {"code": code, "kind": "threshold", "threshold": spend, "amount": save}


def earlier_return(
    lines: dict[str, int],
    refund: str,
    status: str = "refunded",
    *,
    at: datetime | None = None,
    return_id: str = "R1",
) -> dict[str, Any]:
    return {
        "return_id": return_id,
        "created_at": (at or T0 + timedelta(days=1)).isoformat(),
        "lines": [{"line_id": k, "quantity": v} for k, v in lines.items()],
        "reason": "no_reason",
        "refund_amount": refund,
        "status": status,
    }


def make_order(
    *,
    items: list[dict[str, Any]] | None = None,
    discounts: list[dict[str, Any]] | None = None,
    currency: str = "CNY",
    status: str = "delivered",
    country: str = "CN",
    shipping_fee: str = "0",
    paid_at: datetime | None = None,
    delivered_at: datetime | None = T0,
    payment: dict[str, Any] | None = None,
    warehouse: dict[str, Any] | None = None,
    shipments: list[dict[str, Any]] | None = None,
    returns: list[dict[str, Any]] | None = None,
    presale_ship_by: datetime | None = None,
) -> Order:
    paid_at = paid_at or T0 - timedelta(days=3)
    doc: dict[str, Any] = {
        "order_no": "PO-20240601-001",
        "platform": "web",
        "status": status,
        "placed_at": (paid_at - timedelta(minutes=5)).isoformat(),
        "paid_at": paid_at.isoformat(),
        "currency": currency,
        "customer": {"id": "C1", "name": "Test Customer"},
        "items": items or [item("A", 1, "100.00")],
        "discounts": discounts or [],
        "shipping_fee": shipping_fee,
        "shipping_address": {
            "name": "Test Customer",
            "phone": "+86 138 0000 0000",
            "country": country,
            "city": "Somewhere",
            "line1": "1 Test Road",
        },
        "payment": payment or {"method": "alipay", "status": "succeeded", "amount": "100.00"},
        "shipments": shipments or [],
        "returns": returns or [],
    }
    if delivered_at is not None:
        doc["delivered_at"] = delivered_at.isoformat()
    if warehouse is not None:
        doc["warehouse"] = warehouse
    if presale_ship_by is not None:
        doc["presale_ship_by"] = presale_ship_by.isoformat()
    return Order.model_validate(doc)
