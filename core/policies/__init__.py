"""Order policies: pure, typed rules plus per-shop configuration (`ShopPolicy`).

No I/O, no user-facing text: every answer is an enum code or a number, and `now` is always a
parameter. The dialogue layer localizes the codes; workers and services act on them.

Modules: `config` (ShopPolicy, needs_approval), `refunds` (discount shares, refund quotes),
`returns` (eligibility, guidance), `address`, `cancellation`, `payments`, `exceptions`
(proactive predicates, compensation).
"""

from core.policies.address import (
    AddressAction,
    AddressChangeOutcome,
    AddressRefusal,
    address_change_outcome,
)
from core.policies.cancellation import CancelAction, CancelOutcome, CancelRefusal, cancel_outcome
from core.policies.codes import Department, Priority, ReturnReason
from core.policies.config import (
    DEFAULT_POLICY,
    EU_COUNTRIES,
    BusinessDays,
    ShopPolicy,
    needs_approval,
    normalize_method,
)
from core.policies.errors import (
    InvalidQuantityError,
    PolicyError,
    QuantityExceedsReturnableError,
    UnknownLineError,
)
from core.policies.exceptions import (
    Compensation,
    CompensationOption,
    ExceptionFinding,
    ExceptionKind,
    compensation,
    delivery_days,
    detect_exceptions,
    parcel_stalled,
    payment_failed,
    shipment_exception,
    stock_out,
    warehouse_late,
)
from core.policies.payments import (
    PaymentAction,
    PaymentGuidance,
    PaymentReason,
    failure_guidance,
    payment_guidance,
)
from core.policies.refunds import (
    AppliedDiscount,
    RefundQuote,
    applied_discounts,
    discount_shares,
    goods_paid,
    line_paid,
    quote_refund,
    returnable_units,
)
from core.policies.returns import (
    Alternative,
    Eligibility,
    Flag,
    Note,
    Refusal,
    ReturnGuidance,
    ShippingPayer,
    return_eligibility,
    return_guidance,
)

__all__ = [
    "DEFAULT_POLICY",
    "EU_COUNTRIES",
    "AddressAction",
    "AddressChangeOutcome",
    "AddressRefusal",
    "Alternative",
    "AppliedDiscount",
    "BusinessDays",
    "CancelAction",
    "CancelOutcome",
    "CancelRefusal",
    "Compensation",
    "CompensationOption",
    "Department",
    "Eligibility",
    "ExceptionFinding",
    "ExceptionKind",
    "Flag",
    "InvalidQuantityError",
    "Note",
    "PaymentAction",
    "PaymentGuidance",
    "PaymentReason",
    "PolicyError",
    "Priority",
    "QuantityExceedsReturnableError",
    "RefundQuote",
    "Refusal",
    "ReturnGuidance",
    "ReturnReason",
    "ShippingPayer",
    "ShopPolicy",
    "UnknownLineError",
    "address_change_outcome",
    "applied_discounts",
    "cancel_outcome",
    "compensation",
    "delivery_days",
    "detect_exceptions",
    "discount_shares",
    "failure_guidance",
    "goods_paid",
    "line_paid",
    "needs_approval",
    "normalize_method",
    "parcel_stalled",
    "payment_failed",
    "payment_guidance",
    "quote_refund",
    "return_eligibility",
    "return_guidance",
    "returnable_units",
    "shipment_exception",
    "stock_out",
    "warehouse_late",
]
