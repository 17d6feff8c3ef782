"""Payment failure guidance per failure code and region."""

from __future__ import annotations

import pytest

from core.order import FailureCode
from core.policies import (
    PaymentAction,
    PaymentReason,
    ShopPolicy,
    failure_guidance,
    payment_guidance,
)
from tests.test_policies_helpers import make_order

A = PaymentAction


@pytest.mark.parametrize(
    ("code", "reason", "first_action"),
    [
        (FailureCode.INSUFFICIENT_FUNDS, PaymentReason.NOT_ENOUGH_FUNDS, A.TOP_UP_AND_RETRY),
        (FailureCode.CARD_LIMIT_EXCEEDED, PaymentReason.OVER_LIMIT, A.USE_ANOTHER_CARD),
        (FailureCode.RISK_BLOCKED, PaymentReason.BLOCKED_FOR_SECURITY, A.USE_ANOTHER_METHOD),
        (FailureCode.EXPIRED_CARD, PaymentReason.CARD_EXPIRED, A.UPDATE_CARD_DETAILS),
        (FailureCode.AUTHENTICATION_FAILED, PaymentReason.VERIFICATION_FAILED, A.VERIFY_3DS),
        (FailureCode.BANK_DECLINED, PaymentReason.DECLINED_BY_BANK, A.CONTACT_BANK),
        (FailureCode.NETWORK_ERROR, PaymentReason.CONNECTION_PROBLEM, A.RETRY_LATER),
    ],
)
def test_each_failure_code_has_a_reason_and_a_first_step(code, reason, first_action):
    guidance = failure_guidance(code, "US", "card")
    assert guidance.reason is reason
    assert guidance.actions[0] is first_action


def test_every_failure_code_is_covered():
    for code in FailureCode:
        assert failure_guidance(code, "US").reason is not PaymentReason.UNKNOWN


@pytest.mark.parametrize("code", [None, "something_new"])
def test_missing_or_unknown_code_gives_generic_guidance(code):
    guidance = failure_guidance(code, "CN")
    assert guidance.reason is PaymentReason.UNKNOWN
    assert A.RETRY_LATER in guidance.actions


def test_network_error_may_simply_be_retried():
    assert failure_guidance(FailureCode.NETWORK_ERROR, "CN").retry_possible


def test_expired_card_is_not_retried_as_is():
    assert not failure_guidance(FailureCode.EXPIRED_CARD, "US").retry_possible


def test_chinese_customers_get_chinese_methods_without_the_failed_one():
    guidance = failure_guidance(FailureCode.RISK_BLOCKED, "CN", "Alipay")
    assert guidance.alternatives == ("wechat_pay", "unionpay")
    assert guidance.failed_method == "alipay"


def test_customers_elsewhere_get_card_paypal_apple_pay():
    guidance = failure_guidance(FailureCode.BANK_DECLINED, "DE", "paypal")
    assert guidance.alternatives == ("card", "apple_pay")


def test_wallet_authentication_failure_asks_for_in_app_verification():
    guidance = failure_guidance(FailureCode.AUTHENTICATION_FAILED, "CN", "wechat_pay")
    assert guidance.actions[0] is A.VERIFY_IN_APP


def test_region_alternatives_are_configurable():
    policy = ShopPolicy(payment_alternatives_by_country={"jp": ("card", "konbini")})
    assert failure_guidance(None, "JP", policy=policy).alternatives == ("card", "konbini")


def test_order_guidance_uses_shipping_country_and_payment():
    order = make_order(
        status="pending_payment",
        delivered_at=None,
        country="FR",
        payment={
            "method": "card",
            "status": "failed",
            "failure_code": "insufficient_funds",
            "amount": "100.00",
        },
    )
    guidance = payment_guidance(order)
    assert guidance is not None
    assert guidance.reason is PaymentReason.NOT_ENOUGH_FUNDS
    assert guidance.alternatives == ("paypal", "apple_pay")


def test_no_guidance_when_the_payment_did_not_fail():
    assert payment_guidance(make_order()) is None
