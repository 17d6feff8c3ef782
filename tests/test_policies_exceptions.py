"""Proactive-exception predicates at their boundaries, compensation and approvals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest

from core.policies import (
    CompensationOption,
    Department,
    ExceptionKind,
    Priority,
    ShopPolicy,
    compensation,
    detect_exceptions,
    needs_approval,
    parcel_stalled,
    payment_failed,
    shipment_exception,
    stock_out,
    warehouse_late,
)
from tests.test_policies_helpers import T0, item, make_order

H = timedelta(hours=1)
PAID = T0


def _waiting(status="paid", **kwargs):
    return make_order(status=status, paid_at=PAID, delivered_at=None, **kwargs)


# --- warehouse late -----------------------------------------------------------------------


def test_not_late_47_hours_after_payment():
    assert warehouse_late(_waiting(), PAID + 47 * H) is None


def test_not_late_at_exactly_48_hours():
    assert warehouse_late(_waiting(), PAID + 48 * H) is None


def test_late_49_hours_after_payment():
    finding = warehouse_late(_waiting("picking"), PAID + 49 * H)
    assert finding is not None
    assert finding.kind is ExceptionKind.WAREHOUSE_LATE
    assert finding.since == PAID + 48 * H
    assert finding.details["hours_overdue"] == 1
    assert (finding.ticket_department, finding.ticket_priority) == (
        Department.WAREHOUSE,
        Priority.HIGH,
    )
    assert finding.offer_compensation and finding.offer_cancellation


def test_not_late_once_out_of_the_warehouse():
    order = _waiting(warehouse={"code": "SH", "outbound_at": (PAID + 10 * H).isoformat()})
    assert warehouse_late(order, PAID + 100 * H) is None


def test_presale_order_is_late_only_after_its_ship_by_date():
    order = _waiting(presale_ship_by=PAID + 240 * H)
    assert warehouse_late(order, PAID + 100 * H) is None
    finding = warehouse_late(order, PAID + 241 * H)
    assert finding is not None and finding.details["presale"] is True


def test_unpaid_order_is_never_warehouse_late():
    assert warehouse_late(_waiting("pending_payment"), PAID + 100 * H) is None


# --- stock out ----------------------------------------------------------------------------


def test_backordered_item_on_a_paid_order_is_a_stock_out():
    order = _waiting(items=[item("A", 1, "5.00"), item("B", 1, "5.00", backordered=True)])
    finding = stock_out(order)
    assert finding is not None
    assert finding.details["line_ids"] == ["B"]


def test_backordered_item_on_an_unpaid_order_is_not_reported():
    order = _waiting("pending_payment", items=[item("A", 1, "5.00", backordered=True)])
    assert stock_out(order) is None


def test_no_backorder_no_stock_out():
    assert stock_out(_waiting()) is None


# --- parcel stalled -----------------------------------------------------------------------


def _shipped(country="CN", warehouse="SH", hours_since_event=0, status="in_transit"):
    return make_order(
        status="shipped",
        delivered_at=None,
        country=country,
        warehouse={"code": warehouse, "outbound_at": (T0 - 200 * H).isoformat()},
        shipments=[
            {
                "carrier": "SF",
                "tracking_no": "SF123",
                "events": [
                    {"at": (T0 - 300 * H).isoformat(), "status": "picked_up", "description": "x"},
                    {
                        "at": (T0 - hours_since_event * H).isoformat(),
                        "status": status,
                        "description": "y",
                    },
                ],
            }
        ],
    )


def test_domestic_parcel_silent_71_hours_is_not_stalled():
    assert parcel_stalled(_shipped(hours_since_event=71), T0) is None


def test_domestic_parcel_silent_73_hours_is_stalled():
    finding = parcel_stalled(_shipped(hours_since_event=73), T0)
    assert finding is not None
    assert finding.since == T0 - 73 * H
    assert finding.details["cross_border"] is False
    assert finding.details["tracking_no"] == "SF123"
    assert finding.ticket_department is Department.LOGISTICS


def test_cross_border_parcel_silent_73_hours_is_not_stalled():
    # warehouse country defaults to CN; shipping to DE crosses a border: 7 days.
    assert parcel_stalled(_shipped(country="DE", hours_since_event=73), T0) is None


def test_cross_border_parcel_silent_over_7_days_is_stalled():
    finding = parcel_stalled(_shipped(country="DE", hours_since_event=169), T0)
    assert finding is not None and finding.details["cross_border"] is True


def test_warehouse_country_comes_from_the_policy_table():
    policy = ShopPolicy(warehouse_countries={"FRA": "DE"})
    order = _shipped(country="DE", warehouse="FRA", hours_since_event=73)
    assert parcel_stalled(order, T0, policy) is not None


def test_delivered_parcel_is_not_stalled():
    assert parcel_stalled(_shipped(hours_since_event=100, status="delivered"), T0) is None


# --- shipment exception -------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", ["address_problem", "customs_hold", "returned_to_sender", "Lost", "damaged"]
)
def test_latest_exception_event_is_reported(status):
    finding = shipment_exception(_shipped(hours_since_event=5, status=status))
    assert finding is not None
    assert finding.kind is ExceptionKind.SHIPMENT_EXCEPTION
    assert finding.details["status"] == status.lower()
    assert finding.since == T0 - 5 * H


def test_ordinary_transit_event_is_no_exception():
    assert shipment_exception(_shipped(status="in_transit")) is None


# --- payment failed -----------------------------------------------------------------------


def _failed(status="pending_payment"):
    return make_order(
        status=status,
        delivered_at=None,
        payment={
            "method": "card",
            "status": "failed",
            "failure_code": "expired_card",
            "amount": "100",
        },
    )


def test_failed_payment_is_reported_with_its_code():
    finding = payment_failed(_failed())
    assert finding is not None
    assert finding.details["failure_code"] == "expired_card"


def test_failed_payment_on_a_cancelled_order_is_not_reported():
    assert payment_failed(_failed("cancelled")) is None


def test_succeeded_payment_is_not_reported():
    assert payment_failed(make_order()) is None


def test_detect_exceptions_collects_every_finding():
    order = _waiting(items=[item("A", 1, "5.00", backordered=True)])
    kinds = [f.kind for f in detect_exceptions(order, PAID + 49 * H)]
    assert kinds == [ExceptionKind.STOCK_OUT, ExceptionKind.WAREHOUSE_LATE]


# --- compensation and approval ------------------------------------------------------------


def test_compensation_is_five_percent_of_the_goods():
    # 5% of 2 x 149.90 = 299.80 -> 14.99
    order = make_order(items=[item("A", 2, "149.90")])
    offer = compensation(order)
    assert offer.coupon_amount == D("14.99")
    assert offer.options == (CompensationOption.COUPON, CompensationOption.PRIORITY_SHIPPING)


def test_compensation_rounds_half_up_to_the_minor_unit():
    # 5% of 100.10 = 5.005 -> 5.01
    assert compensation(make_order(items=[item("A", 1, "100.10")])).coupon_amount == D("5.01")


def test_compensation_is_at_least_five():
    # 5% of 20.00 = 1.00 -> minimum 5.00
    assert compensation(make_order(items=[item("A", 1, "20.00")])).coupon_amount == D("5.00")


def test_compensation_in_yen_is_whole_yen():
    # 5% of 12,345 JPY = 617.25 -> 617
    order = make_order(currency="JPY", items=[item("A", 1, "12345")])
    assert compensation(order).coupon_amount == D("617")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("500.00", "CNY", False),
        ("500.01", "CNY", True),
        ("100", "USD", False),
        ("100.01", "usd", True),
        ("15000", "JPY", False),
        ("15001", "JPY", True),
        ("1", "XAF", True),  # no limit configured for the currency: always ask
    ],
)
def test_needs_approval_above_the_limit(amount, currency, expected):
    assert needs_approval(D(amount), currency, ShopPolicy()) is expected


def test_approval_default_limit_applies_to_other_currencies():
    policy = ShopPolicy(approval_above_default=D("50"))
    assert not needs_approval(D("50"), "XAF", policy)
    assert needs_approval(D("51"), "XAF", policy)
