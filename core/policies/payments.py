"""Failed payments: why, in plain words (a reason key), what to do, and what else to pay with.

The alternatives fit the customer's region, taken from the shipping country (CN: alipay,
wechat_pay, unionpay; elsewhere: card, paypal, apple_pay), without the method that just failed.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.order import FailureCode, Order, PaymentStatus
from core.policies.config import CARD_METHODS, DEFAULT_POLICY, ShopPolicy, normalize_method


class PaymentReason(StrEnum):
    """Plain-words reason keys; the dialogue layer turns them into sentences."""

    NOT_ENOUGH_FUNDS = "not_enough_funds"
    OVER_LIMIT = "over_limit"
    BLOCKED_FOR_SECURITY = "blocked_for_security"
    CARD_EXPIRED = "card_expired"
    VERIFICATION_FAILED = "verification_failed"
    DECLINED_BY_BANK = "declined_by_bank"
    CONNECTION_PROBLEM = "connection_problem"
    UNKNOWN = "unknown"


class PaymentAction(StrEnum):
    RETRY_LATER = "retry_later"
    TOP_UP_AND_RETRY = "top_up_and_retry"
    USE_ANOTHER_CARD = "use_another_card"
    USE_ANOTHER_METHOD = "use_another_method"
    CONTACT_BANK = "contact_bank"
    UPDATE_CARD_DETAILS = "update_card_details"
    VERIFY_3DS = "verify_3ds"
    """Card: complete the bank's 3-D Secure check (SMS code or banking app)."""
    VERIFY_IN_APP = "verify_in_app"
    """Wallet: confirm with the payment password / face or fingerprint in the app."""
    CONTACT_SUPPORT = "contact_support"


class PaymentGuidance(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    failure_code: FailureCode | None
    reason: PaymentReason
    actions: tuple[PaymentAction, ...]
    """Best first."""
    retry_possible: bool
    """The same method may work if tried again (after the action)."""
    failed_method: str | None
    alternatives: tuple[str, ...]
    """Payment methods for the customer's region, the failed one left out."""


_A = PaymentAction
_TABLE: dict[FailureCode | None, tuple[PaymentReason, tuple[PaymentAction, ...], bool]] = {
    FailureCode.INSUFFICIENT_FUNDS: (
        PaymentReason.NOT_ENOUGH_FUNDS,
        (_A.TOP_UP_AND_RETRY, _A.USE_ANOTHER_METHOD),
        True,
    ),
    FailureCode.CARD_LIMIT_EXCEEDED: (
        PaymentReason.OVER_LIMIT,
        (_A.USE_ANOTHER_CARD, _A.USE_ANOTHER_METHOD, _A.CONTACT_BANK),
        False,
    ),
    FailureCode.RISK_BLOCKED: (
        PaymentReason.BLOCKED_FOR_SECURITY,
        (_A.USE_ANOTHER_METHOD, _A.CONTACT_BANK, _A.CONTACT_SUPPORT),
        False,
    ),
    FailureCode.EXPIRED_CARD: (
        PaymentReason.CARD_EXPIRED,
        (_A.UPDATE_CARD_DETAILS, _A.USE_ANOTHER_CARD, _A.USE_ANOTHER_METHOD),
        False,
    ),
    FailureCode.AUTHENTICATION_FAILED: (
        PaymentReason.VERIFICATION_FAILED,
        (_A.VERIFY_3DS, _A.USE_ANOTHER_METHOD),
        True,
    ),
    FailureCode.BANK_DECLINED: (
        PaymentReason.DECLINED_BY_BANK,
        (_A.CONTACT_BANK, _A.USE_ANOTHER_CARD, _A.USE_ANOTHER_METHOD),
        False,
    ),
    FailureCode.NETWORK_ERROR: (
        PaymentReason.CONNECTION_PROBLEM,
        (_A.RETRY_LATER, _A.USE_ANOTHER_METHOD),
        True,
    ),
    None: (
        PaymentReason.UNKNOWN,
        (_A.RETRY_LATER, _A.USE_ANOTHER_METHOD, _A.CONTACT_SUPPORT),
        True,
    ),
}


def failure_guidance(
    failure_code: FailureCode | str | None,
    country: str,
    method: str | None = None,
    policy: ShopPolicy = DEFAULT_POLICY,
) -> PaymentGuidance:
    """Guidance for a failure code (unknown or None -> UNKNOWN) in a shipping country.

    For a wallet (a method that is not card-like) the 3-D Secure step becomes an in-app
    verification; "another card" stays (another bank card linked to the wallet).
    """
    code: FailureCode | None
    try:
        code = FailureCode(failure_code) if failure_code is not None else None
    except ValueError:
        code = None
    reason, actions, retry = _TABLE[code]
    failed = normalize_method(method) if method else None
    if failed is not None and failed not in CARD_METHODS:
        actions = tuple(_A.VERIFY_IN_APP if a is _A.VERIFY_3DS else a for a in actions)
    alternatives = tuple(
        m for m in policy.payment_alternatives(country) if normalize_method(m) != failed
    )
    return PaymentGuidance(
        failure_code=code,
        reason=reason,
        actions=actions,
        retry_possible=retry,
        failed_method=failed,
        alternatives=alternatives,
    )


def payment_guidance(order: Order, policy: ShopPolicy = DEFAULT_POLICY) -> PaymentGuidance | None:
    """Guidance for the order's failed payment; None when the payment has not failed."""
    if order.payment.status is not PaymentStatus.FAILED:
        return None
    return failure_guidance(
        order.payment.failure_code,
        order.shipping_address.country,
        order.payment.method,
        policy,
    )
