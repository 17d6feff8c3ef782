"""Cancellation by order status, with the refund it brings.

- pending_payment, paid: cancel now (after the customer confirms);
- picking: the parcel must be intercepted: high-priority ticket to the warehouse, attempted;
- shipped, delivered: too late to cancel: offer a return instead;
- cancelled, closed: nothing to cancel.

A full cancellation refunds the payment amount when the payment succeeded (less any refunds
already made); a partial one uses the return computation (`quote_refund`), shipping kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.order import Order, OrderStatus, PaymentStatus
from core.policies.codes import Department, Priority, ReturnReason
from core.policies.config import DEFAULT_POLICY, ShopPolicy, needs_approval
from core.policies.errors import UnknownLineError
from core.policies.money import ZERO, quantum
from core.policies.refunds import (
    RefundQuote,
    quote_refund,
    refunded_so_far,
    returnable_units,
    validate_return_lines,
)


class CancelAction(StrEnum):
    CANCEL_NOW = "cancel_now"
    INTERCEPT_TICKET = "intercept_ticket"
    OFFER_RETURN = "offer_return"
    CANNOT_CANCEL = "cannot_cancel"


class CancelRefusal(StrEnum):
    ALREADY_CANCELLED = "already_cancelled"
    ORDER_CLOSED = "order_closed"
    ALREADY_SHIPPED = "already_shipped"


class CancelOutcome(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    action: CancelAction
    full: bool
    """The whole order (every unit still held) is cancelled."""
    refusal: CancelRefusal | None = None
    department: Department | None = None
    priority: Priority | None = None
    requires_confirmation: bool = False
    guaranteed: bool = False
    """Certain (CANCEL_NOW); an intercept is attempted, not promised."""
    refund_amount: Decimal = ZERO
    """What the customer gets back once the cancellation goes through."""
    currency: str
    quote: RefundQuote | None = None
    """The partial-cancellation refund breakdown (threshold figures included)."""
    needs_approval: bool = False


def _as_units(order: Order, lines: Mapping[str, int] | Iterable[str]) -> dict[str, int]:
    if isinstance(lines, Mapping):
        return dict(lines)
    left = returnable_units(order)
    units: dict[str, int] = {}
    for line_id in lines:
        if line_id not in left:
            raise UnknownLineError(line_id)
        units[line_id] = left[line_id]
    return units


def cancel_outcome(
    order: Order,
    line_ids: Mapping[str, int] | Iterable[str] | None = None,
    policy: ShopPolicy = DEFAULT_POLICY,
) -> CancelOutcome:
    """What cancelling the order (None) or some lines does now.

    `line_ids` is either line ids (every unit still held of each) or line_id -> units. Raises
    `UnknownLineError`, `InvalidQuantityError` or `QuantityExceedsReturnableError`.
    """
    currency = order.currency
    zero = ZERO.quantize(quantum(currency))
    status = order.status
    if status is OrderStatus.CANCELLED:
        return _refused(order, CancelAction.CANNOT_CANCEL, CancelRefusal.ALREADY_CANCELLED)
    if status is OrderStatus.CLOSED:
        return _refused(order, CancelAction.CANNOT_CANCEL, CancelRefusal.ORDER_CLOSED)
    if status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        return _refused(order, CancelAction.OFFER_RETURN, CancelRefusal.ALREADY_SHIPPED)

    held = {lid: u for lid, u in returnable_units(order).items() if u > 0}
    request = held if line_ids is None else _as_units(order, line_ids)
    request = validate_return_lines(order, request)
    full = request == held
    paid = order.payment.status is PaymentStatus.SUCCEEDED

    quote: RefundQuote | None = None
    if not paid:
        refund = zero
    elif full:
        refund = max(order.payment.amount - refunded_so_far(order), ZERO).quantize(
            quantum(currency)
        )
    else:
        quote = quote_refund(order, request, ReturnReason.NO_REASON)
        refund = quote.total

    common = {
        "full": full,
        "requires_confirmation": True,
        "refund_amount": refund,
        "currency": currency,
        "quote": quote,
        "needs_approval": refund > 0 and needs_approval(refund, currency, policy),
    }
    if status is OrderStatus.PICKING:
        return CancelOutcome(
            action=CancelAction.INTERCEPT_TICKET,
            department=Department.WAREHOUSE,
            priority=Priority.HIGH,
            **common,
        )
    return CancelOutcome(action=CancelAction.CANCEL_NOW, guaranteed=True, **common)


def _refused(order: Order, action: CancelAction, refusal: CancelRefusal) -> CancelOutcome:
    return CancelOutcome(
        action=action,
        full=False,
        refusal=refusal,
        refund_amount=ZERO.quantize(quantum(order.currency)),
        currency=order.currency,
    )
