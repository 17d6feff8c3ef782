"""Return eligibility per category, country and reason, and the return guidance."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.order import Address
from core.policies import (
    Alternative,
    BusinessDays,
    Flag,
    Note,
    Refusal,
    ReturnReason,
    ShippingPayer,
    ShopPolicy,
    UnknownLineError,
    return_eligibility,
    return_guidance,
)
from tests.test_policies_helpers import T0, earlier_return, item, make_order

R = ReturnReason
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def _order(category="general", country="CN", **kwargs):
    return make_order(items=[item("A", 2, "50.00", category)], country=country, **kwargs)


def _check(order, reason=R.NO_REASON, now=T0 + DAY, **flags):
    return return_eligibility(order, "A", reason, now, **flags)


# --- windows by country -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "days"), [("CN", 7), ("DE", 14), ("FR", 14), ("GR", 14), ("US", 30), ("GB", 30)]
)
def test_no_reason_window_depends_on_the_shipping_country(country, days):
    order = _order(country=country)
    on_last_day = _check(order, now=T0 + days * DAY)
    assert on_last_day.eligible
    assert on_last_day.deadline == T0 + days * DAY
    too_late = _check(order, now=T0 + days * DAY + timedelta(seconds=1))
    assert not too_late.eligible
    assert too_late.refusal is Refusal.WINDOW_EXPIRED


def test_size_is_treated_like_no_reason():
    result = _check(_order(), R.SIZE, now=T0 + 8 * DAY)
    assert result.refusal is Refusal.WINDOW_EXPIRED
    assert result.return_shipping_paid_by is ShippingPayer.CUSTOMER


@pytest.mark.parametrize("reason", [R.DEFECTIVE, R.DAMAGED, R.WRONG_ITEM])
def test_shop_fault_returns_have_thirty_days_in_china_and_shop_pays_shipping(reason):
    result = _check(_order(country="CN"), reason, now=T0 + 20 * DAY)
    assert result.eligible
    assert result.deadline == T0 + 30 * DAY
    assert result.return_shipping_paid_by is ShippingPayer.SHOP


def test_defect_window_ends_after_thirty_days():
    result = _check(_order(country="DE"), R.DEFECTIVE, now=T0 + 31 * DAY)
    assert result.refusal is Refusal.WINDOW_EXPIRED


def test_customer_pays_return_shipping_without_a_fault():
    assert _check(_order()).return_shipping_paid_by is ShippingPayer.CUSTOMER


# --- not delivered, cancelled, already returned --------------------------------------------


@pytest.mark.parametrize("status", ["pending_payment", "paid", "picking"])
def test_not_delivered_offers_cancellation(status):
    result = _check(_order(status=status, delivered_at=None))
    assert result.refusal is Refusal.NOT_DELIVERED
    assert result.alternative is Alternative.CANCEL_ORDER
    assert result.deadline is None


def test_shipped_but_not_delivered_waits_for_delivery():
    result = _check(_order(status="shipped", delivered_at=None))
    assert result.refusal is Refusal.NOT_DELIVERED
    assert result.alternative is Alternative.WAIT_FOR_DELIVERY


def test_cancelled_order_cannot_be_returned():
    assert _check(_order(status="cancelled", delivered_at=None)).refusal is (
        Refusal.ORDER_CANCELLED
    )


def test_line_already_fully_returned():
    order = _order(returns=[earlier_return({"A": 2}, "100.00")])
    assert _check(order).refusal is Refusal.ALREADY_RETURNED


def test_unknown_line_raises():
    with pytest.raises(UnknownLineError):
        return_eligibility(_order(), "Z", R.NO_REASON, T0)


def test_naive_now_is_rejected():
    with pytest.raises(ValueError):
        return_eligibility(_order(), "A", R.NO_REASON, T0.replace(tzinfo=None))


# --- custom and digital -------------------------------------------------------------------


@pytest.mark.parametrize("category", ["custom", "digital"])
@pytest.mark.parametrize("reason", [R.NO_REASON, R.SIZE])
def test_custom_and_digital_refuse_a_change_of_mind(category, reason):
    result = _check(_order(category), reason)
    assert result.refusal is Refusal.CUSTOM_OR_DIGITAL
    assert Note.DEFECTIVE_OR_WRONG_ONLY in result.notes


@pytest.mark.parametrize("category", ["custom", "digital"])
@pytest.mark.parametrize("reason", [R.DEFECTIVE, R.WRONG_ITEM])
def test_custom_and_digital_go_back_when_defective_or_wrong(category, reason):
    result = _check(_order(category), reason, now=T0 + 25 * DAY)
    assert result.eligible
    assert result.return_shipping_paid_by is ShippingPayer.SHOP


# --- perishable ---------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [R.NO_REASON, R.SIZE])
def test_perishable_only_as_a_damage_claim(reason):
    assert _check(_order("perishable"), reason, now=T0 + HOUR).refusal is (
        Refusal.PERISHABLE_DAMAGE_ONLY
    )


def test_perishable_damage_claim_with_photos_within_48_hours():
    result = _check(_order("perishable"), R.DAMAGED, now=T0 + 47 * HOUR, has_photos=True)
    assert result.eligible
    assert result.deadline == T0 + 48 * HOUR
    assert Note.PHOTOS_WITHIN_CLAIM_WINDOW in result.notes


def test_perishable_damage_claim_after_48_hours_expires():
    result = _check(_order("perishable"), R.DAMAGED, now=T0 + 49 * HOUR, has_photos=True)
    assert result.refusal is Refusal.PERISHABLE_CLAIM_EXPIRED


def test_perishable_damage_claim_without_photos_is_refused():
    result = _check(_order("perishable"), R.DAMAGED, now=T0 + HOUR, has_photos=False)
    assert result.refusal is Refusal.PHOTOS_REQUIRED


def test_perishable_claim_with_unknown_photos_asks_for_them():
    result = _check(_order("perishable"), R.DAMAGED, now=T0 + HOUR)
    assert result.eligible
    assert result.missing == (Flag.HAS_PHOTOS,)


# --- hygiene ------------------------------------------------------------------------------


def test_hygiene_unopened_goes_back():
    result = _check(_order("hygiene"), opened=False)
    assert result.eligible
    assert result.notes == (Note.UNOPENED_ONLY,)


def test_hygiene_opened_is_refused():
    assert _check(_order("hygiene"), opened=True).refusal is Refusal.HYGIENE_OPENED


def test_hygiene_unknown_opened_asks():
    assert _check(_order("hygiene")).missing == (Flag.OPENED,)


def test_defective_hygiene_item_may_be_opened():
    assert _check(_order("hygiene"), R.DEFECTIVE, opened=True).eligible


# --- fragile ------------------------------------------------------------------------------


def test_fragile_in_original_packaging_goes_back():
    result = _check(_order("fragile"), original_packaging=True)
    assert result.eligible
    assert Note.ORIGINAL_PACKAGING in result.notes


def test_fragile_without_original_packaging_is_refused():
    result = _check(_order("fragile"), original_packaging=False)
    assert result.refusal is Refusal.FRAGILE_NEEDS_PACKAGING


def test_fragile_unknown_packaging_asks():
    assert _check(_order("fragile")).missing == (Flag.ORIGINAL_PACKAGING,)


def test_fragile_damage_claim_needs_photos_within_48_hours():
    ok = _check(_order("fragile"), R.DAMAGED, now=T0 + 47 * HOUR, has_photos=True)
    assert ok.eligible
    assert ok.notes == (Note.PHOTOS_WITHIN_CLAIM_WINDOW,)
    late = _check(_order("fragile"), R.DAMAGED, now=T0 + 49 * HOUR, has_photos=True)
    assert late.refusal is Refusal.DAMAGE_CLAIM_EXPIRED
    no_photos = _check(_order("fragile"), R.DAMAGED, now=T0 + HOUR, has_photos=False)
    assert no_photos.refusal is Refusal.PHOTOS_REQUIRED


def test_defective_fragile_item_has_thirty_days():
    assert _check(_order("fragile"), R.DEFECTIVE, now=T0 + 29 * DAY).eligible


# --- policy is configurable ---------------------------------------------------------------


def test_shop_policy_overrides_the_windows():
    policy = ShopPolicy(return_window_days_by_country={"CN": 15})
    result = return_eligibility(_order(), "A", R.NO_REASON, T0 + 10 * DAY, policy=policy)
    assert result.eligible


# --- guidance -----------------------------------------------------------------------------


def _mixed_order(**kwargs):
    return make_order(
        items=[item("A", 1, "10.00", "fragile"), item("B", 1, "10.00", "hygiene")], **kwargs
    )


def test_guidance_names_the_default_return_address_without_a_known_warehouse():
    guidance = return_guidance(_mixed_order(), ["A", "B"])
    assert guidance.return_address == ShopPolicy().default_return_address
    assert guidance.warehouse_code is None


def test_guidance_names_the_warehouse_return_address():
    address = Address(name="WH", phone="1", country="DE", city="Berlin", line1="Lager 1")
    policy = ShopPolicy(return_addresses={"de-ber": address})
    order = _mixed_order(warehouse={"code": "DE-BER"})
    assert return_guidance(order, ["A"], policy).return_address == address


@pytest.mark.parametrize(
    ("method", "normalized", "days"),
    [
        ("alipay", "alipay", (1, 3)),
        ("WeChat Pay", "wechat_pay", (1, 3)),
        ("paypal", "paypal", (3, 5)),
        ("credit_card", "credit_card", (5, 10)),
        ("some_wallet", "some_wallet", (5, 10)),
    ],
)
def test_guidance_refunds_to_the_original_method_with_its_time(method, normalized, days):
    order = _mixed_order(payment={"method": method, "status": "succeeded", "amount": "20"})
    guidance = return_guidance(order, ["A"])
    assert guidance.refund_method == normalized
    assert guidance.refund_business_days == BusinessDays(min=days[0], max=days[1])


def test_guidance_collects_the_notes_of_every_line():
    guidance = return_guidance(_mixed_order(), ["A", "B"])
    assert guidance.notes == (
        Note.ORIGINAL_PACKAGING,
        Note.PHOTOS_WITHIN_CLAIM_WINDOW,
        Note.UNOPENED_ONLY,
    )
    assert guidance.line_notes["B"] == (Note.UNOPENED_ONLY,)
    assert guidance.damage_claim_hours == 48


def test_guidance_with_a_fault_reason_says_the_shop_pays_shipping():
    guidance = return_guidance(_mixed_order(), ["A"], reason=R.WRONG_ITEM)
    assert guidance.return_shipping_paid_by is ShippingPayer.SHOP
