"""Address changes and cancellations by order status."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.policies import (
    AddressAction,
    AddressRefusal,
    CancelAction,
    CancelRefusal,
    Department,
    Priority,
    QuantityExceedsReturnableError,
    UnknownLineError,
    address_change_outcome,
    cancel_outcome,
)
from tests.test_policies_helpers import earlier_return, item, make_order, threshold

# --- address ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["pending_payment", "paid"])
def test_address_before_picking_is_updated_now_after_confirmation(status):
    outcome = address_change_outcome(make_order(status=status, delivered_at=None), "CN")
    assert outcome.action is AddressAction.UPDATE_NOW
    assert outcome.requires_confirmation
    assert outcome.guaranteed
    assert outcome.department is None


def test_address_while_picking_opens_a_high_priority_intercept_ticket_to_the_warehouse():
    outcome = address_change_outcome(make_order(status="picking", delivered_at=None))
    assert outcome.action is AddressAction.INTERCEPT_TICKET
    assert (outcome.department, outcome.priority) == (Department.WAREHOUSE, Priority.HIGH)
    assert not outcome.guaranteed


def test_address_when_shipped_asks_logistics_for_a_redirect_without_promise():
    outcome = address_change_outcome(make_order(status="shipped", delivered_at=None))
    assert outcome.action is AddressAction.REDIRECT_TICKET
    assert outcome.department is Department.LOGISTICS
    assert not outcome.guaranteed


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        ("delivered", AddressRefusal.ALREADY_DELIVERED),
        ("cancelled", AddressRefusal.ORDER_CANCELLED),
        ("closed", AddressRefusal.ORDER_CLOSED),
    ],
)
def test_address_cannot_change_after_delivery_or_cancellation(status, refusal):
    outcome = address_change_outcome(make_order(status=status), "CN")
    assert outcome.action is AddressAction.CANNOT_CHANGE
    assert outcome.refusal is refusal


@pytest.mark.parametrize("status", ["pending_payment", "paid", "picking", "shipped"])
def test_a_change_of_country_always_goes_to_service_staff(status):
    outcome = address_change_outcome(make_order(status=status, country="CN"), "hk")
    assert outcome.action is AddressAction.STAFF_TICKET
    assert outcome.department is Department.SERVICE
    assert outcome.country_change


def test_same_country_in_other_case_is_no_country_change():
    outcome = address_change_outcome(make_order(status="paid", country="DE"), "de")
    assert outcome.action is AddressAction.UPDATE_NOW


# --- cancellation -------------------------------------------------------------------------


def _order(status="paid", payment_status="succeeded", **kwargs):
    # A 2 x 100, B 1 x 100, goods 300, shipping 10, paid 310.00.
    return make_order(
        status=status,
        delivered_at=None,
        items=[item("A", 2, "100.00"), item("B", 1, "100.00")],
        shipping_fee="10.00",
        payment={"method": "alipay", "status": payment_status, "amount": "310.00"},
        **kwargs,
    )


def test_full_cancel_of_a_paid_order_refunds_the_payment():
    outcome = cancel_outcome(_order())
    assert outcome.action is CancelAction.CANCEL_NOW
    assert outcome.full
    assert outcome.refund_amount == D("310.00")
    assert outcome.guaranteed


def test_cancel_listing_every_line_is_a_full_cancel():
    assert cancel_outcome(_order(), ["A", "B"]).refund_amount == D("310.00")


def test_cancel_of_an_unpaid_order_refunds_nothing():
    outcome = cancel_outcome(_order("pending_payment", "pending"))
    assert outcome.action is CancelAction.CANCEL_NOW
    assert outcome.refund_amount == D("0")


def test_partial_cancel_refunds_like_a_return_and_keeps_shipping():
    # B: 100.00 (no discounts), shipping 10.00 kept.
    outcome = cancel_outcome(_order(), ["B"])
    assert not outcome.full
    assert outcome.refund_amount == D("100.00")
    assert outcome.quote is not None and not outcome.quote.shipping_refunded


def test_partial_cancel_of_some_units_uses_the_same_computation():
    # A 1 of 2: 200 / 2 = 100.00
    assert cancel_outcome(_order(), {"A": 1}).refund_amount == D("100.00")


def test_partial_cancel_that_loses_a_threshold_reports_both_figures():
    # goods 300, spend 300 save 30: shares A 20, B 10; paid A 180, B 90, goods paid 270.
    # Cancel B: kept 200 < 300 -> lost: 270 - 200 = 70.00; had it been kept: 90.00.
    outcome = cancel_outcome(_order(discounts=[threshold("300.00", "30.00")]), ["B"])
    assert outcome.quote is not None and outcome.quote.threshold_lost
    assert outcome.refund_amount == D("70.00")
    assert outcome.quote.total_if_discount_kept == D("90.00")


def test_cancel_while_picking_opens_an_intercept_ticket():
    outcome = cancel_outcome(_order("picking"))
    assert outcome.action is CancelAction.INTERCEPT_TICKET
    assert (outcome.department, outcome.priority) == (Department.WAREHOUSE, Priority.HIGH)
    assert not outcome.guaranteed
    assert outcome.refund_amount == D("310.00")


@pytest.mark.parametrize("status", ["shipped", "delivered"])
def test_cancel_after_shipping_offers_a_return(status):
    outcome = cancel_outcome(make_order(status=status))
    assert outcome.action is CancelAction.OFFER_RETURN
    assert outcome.refusal is CancelRefusal.ALREADY_SHIPPED


@pytest.mark.parametrize(
    ("status", "refusal"),
    [("cancelled", CancelRefusal.ALREADY_CANCELLED), ("closed", CancelRefusal.ORDER_CLOSED)],
)
def test_cancel_of_a_finished_order_is_refused(status, refusal):
    outcome = cancel_outcome(make_order(status=status))
    assert outcome.action is CancelAction.CANNOT_CANCEL
    assert outcome.refusal is refusal


def test_full_cancel_after_an_earlier_refund_refunds_the_rest():
    # 310.00 paid, 100.00 already refunded for B -> 210.00.
    order = _order(returns=[earlier_return({"B": 1}, "100.00")])
    assert cancel_outcome(order).refund_amount == D("210.00")


def test_cancel_above_the_approval_limit_needs_approval():
    # 310.00 CNY is below the 500 CNY limit; 600 CNY is above.
    assert not cancel_outcome(_order()).needs_approval
    big = make_order(
        status="paid",
        items=[item("A", 1, "600.00")],
        payment={"method": "alipay", "status": "succeeded", "amount": "600.00"},
    )
    assert cancel_outcome(big).needs_approval


def test_cancel_of_an_unknown_line_raises():
    with pytest.raises(UnknownLineError):
        cancel_outcome(_order(), ["Z"])


def test_cancel_of_too_many_units_raises():
    with pytest.raises(QuantityExceedsReturnableError):
        cancel_outcome(_order(), {"A": 3})
