"""Proactive exceptions: predicates a worker runs over orders, plus the compensation offer.

Each predicate is pure and returns an `ExceptionFinding` or None (DESIGN.md, "Proactive
exceptions"). Boundaries are strict: exactly 48 hours after payment is not yet late, exactly
72 hours of silence is not yet stalled.

`since` is when the problem started: the missed deadline (warehouse_late), the payment time
(stock_out), the last sign of life of the parcel (parcel_stalled), the exception event
(shipment_exception); None for a failed payment (the order carries no payment time).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.order import Order, OrderStatus, PaymentStatus, Shipment
from core.policies.clock import require_aware
from core.policies.codes import Department, Priority
from core.policies.config import DEFAULT_POLICY, BusinessDays, ShopPolicy, needs_approval
from core.policies.money import round_money
from core.policies.refunds import goods_subtotal


class ExceptionKind(StrEnum):
    WAREHOUSE_LATE = "warehouse_late"
    STOCK_OUT = "stock_out"
    PARCEL_STALLED = "parcel_stalled"
    SHIPMENT_EXCEPTION = "shipment_exception"
    PAYMENT_FAILED = "payment_failed"


Detail = str | int | bool | list[str]


class ExceptionFinding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ExceptionKind
    since: datetime | None
    details: dict[str, Detail] = {}
    ticket_department: Department | None = None
    """Who gets a staff ticket; None = only tell the customer."""
    ticket_priority: Priority | None = None
    offer_compensation: bool = False
    """Offer `compensation(order)`: a coupon or priority shipping."""
    offer_cancellation: bool = False
    """Offer cancellation with a full refund."""


class CompensationOption(StrEnum):
    COUPON = "coupon"
    PRIORITY_SHIPPING = "priority_shipping"


class Compensation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    options: tuple[CompensationOption, ...]
    """The customer picks one."""
    coupon_amount: Decimal
    currency: str
    needs_approval: bool


_WAITING = (OrderStatus.PAID, OrderStatus.PICKING)


def _norm_status(status: str) -> str:
    return "_".join(status.strip().lower().replace("-", " ").split())


def _left_warehouse(order: Order) -> bool:
    if order.warehouse is not None and order.warehouse.outbound_at is not None:
        return True
    return any(s.picked_up_at is not None or s.events for s in order.shipments)


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def warehouse_late(
    order: Order, now: datetime, policy: ShopPolicy = DEFAULT_POLICY
) -> ExceptionFinding | None:
    """Paid but not out of the warehouse 48 h after payment (presale: after presale_ship_by)."""
    require_aware(now)
    if order.status not in _WAITING or _left_warehouse(order):
        return None
    presale = order.presale_ship_by is not None
    if order.presale_ship_by is not None:
        deadline = order.presale_ship_by
    elif order.paid_at is not None:
        deadline = order.paid_at + timedelta(hours=policy.warehouse_late_hours)
    else:
        return None
    if now <= deadline:
        return None
    return ExceptionFinding(
        kind=ExceptionKind.WAREHOUSE_LATE,
        since=deadline,
        details={"presale": presale, "hours_overdue": _hours(now - deadline)},
        ticket_department=Department.WAREHOUSE,
        ticket_priority=Priority.HIGH,
        offer_compensation=True,
        offer_cancellation=True,
    )


def stock_out(order: Order) -> ExceptionFinding | None:
    """Any item backordered on a paid (or picking) order."""
    if order.status not in _WAITING:
        return None
    lines = [item.line_id for item in order.items if item.backordered]
    if not lines:
        return None
    return ExceptionFinding(
        kind=ExceptionKind.STOCK_OUT,
        since=order.paid_at,
        details={"line_ids": lines},
        ticket_department=Department.WAREHOUSE,
        ticket_priority=Priority.HIGH,
        offer_compensation=True,
        offer_cancellation=True,
    )


def is_cross_border(order: Order, policy: ShopPolicy = DEFAULT_POLICY) -> bool:
    """The shipping country differs from the warehouse's country (policy table, default CN)."""
    code = order.warehouse.code if order.warehouse else None
    return order.shipping_address.country.upper() != policy.warehouse_country(code).upper()


def delivery_days(order: Order, policy: ShopPolicy = DEFAULT_POLICY) -> BusinessDays:
    """How long the order's parcel usually travels once it has left the warehouse."""
    if is_cross_border(order, policy):
        return policy.delivery_days_cross_border
    return policy.delivery_days_domestic


def _last_sign_of_life(order: Order, shipment: Shipment) -> datetime | None:
    latest = shipment.latest_event()
    if latest is not None:
        return latest.at
    if shipment.picked_up_at is not None:
        return shipment.picked_up_at
    return order.warehouse.outbound_at if order.warehouse else None


def parcel_stalled(
    order: Order, now: datetime, policy: ShopPolicy = DEFAULT_POLICY
) -> ExceptionFinding | None:
    """A shipped parcel with no tracking event for 72 h, or 7 days when crossing a border.

    Silence is measured from the latest event (else pick-up, else leaving the warehouse); a
    parcel whose latest event is `delivered` is not stalled. With several parcels, the one
    silent the longest is reported.
    """
    require_aware(now)
    if order.status is not OrderStatus.SHIPPED:
        return None
    cross_border = is_cross_border(order, policy)
    hours = policy.stall_cross_border_hours if cross_border else policy.stall_domestic_hours
    limit = timedelta(hours=hours)
    worst: tuple[datetime, Shipment] | None = None
    for shipment in order.shipments:
        latest = shipment.latest_event()
        if latest is not None and _norm_status(latest.status) == "delivered":
            continue
        last = _last_sign_of_life(order, shipment)
        if last is None or now - last <= limit:
            continue
        if worst is None or last < worst[0]:
            worst = (last, shipment)
    if worst is None:
        return None
    last, shipment = worst
    return ExceptionFinding(
        kind=ExceptionKind.PARCEL_STALLED,
        since=last,
        details={
            "tracking_no": shipment.tracking_no,
            "carrier": shipment.carrier,
            "cross_border": cross_border,
            "hours_silent": _hours(now - last),
            "threshold_hours": hours,
        },
        ticket_department=Department.LOGISTICS,
        ticket_priority=Priority.NORMAL,
    )


def shipment_exception(
    order: Order, policy: ShopPolicy = DEFAULT_POLICY
) -> ExceptionFinding | None:
    """A parcel whose latest tracking event is an exception (address problem, customs hold,
    returned to sender, lost, damaged: `ShopPolicy.shipment_exception_statuses`)."""
    if order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
        return None
    statuses = {_norm_status(s) for s in policy.shipment_exception_statuses}
    found = None
    for shipment in order.shipments:
        latest = shipment.latest_event()
        if latest is None or _norm_status(latest.status) not in statuses:
            continue
        if found is None or latest.at > found[0].at:
            found = (latest, shipment)
    if found is None:
        return None
    event, shipment = found
    return ExceptionFinding(
        kind=ExceptionKind.SHIPMENT_EXCEPTION,
        since=event.at,
        details={
            "status": _norm_status(event.status),
            "tracking_no": shipment.tracking_no,
            "carrier": shipment.carrier,
        },
        ticket_department=Department.LOGISTICS,
        ticket_priority=Priority.HIGH,
    )


def payment_failed(order: Order) -> ExceptionFinding | None:
    """The order's payment failed (and the order is still open)."""
    if order.payment.status is not PaymentStatus.FAILED:
        return None
    if order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
        return None
    code = order.payment.failure_code
    return ExceptionFinding(
        kind=ExceptionKind.PAYMENT_FAILED,
        since=None,
        details={
            "failure_code": code.value if code is not None else "unknown",
            "method": order.payment.method,
        },
    )


def detect_exceptions(
    order: Order, now: datetime, policy: ShopPolicy = DEFAULT_POLICY
) -> list[ExceptionFinding]:
    """Every finding for the order, in a fixed order of kinds."""
    findings = [
        stock_out(order),
        warehouse_late(order, now, policy),
        shipment_exception(order, policy),
        parcel_stalled(order, now, policy),
        payment_failed(order),
    ]
    return [f for f in findings if f is not None]


def compensation(order: Order, policy: ShopPolicy = DEFAULT_POLICY) -> Compensation:
    """A coupon worth 5% of the goods (at full price), at least 5 in the order's currency,
    rounded half up to the minor unit, or priority shipping."""
    currency = order.currency
    percent_value = round_money(goods_subtotal(order) * policy.compensation_percent / 100, currency)
    minimum = round_money(policy.minimum_compensation(currency), currency)
    amount = max(percent_value, minimum)
    return Compensation(
        options=(CompensationOption.COUPON, CompensationOption.PRIORITY_SHIPPING),
        coupon_amount=amount,
        currency=currency,
        needs_approval=needs_approval(amount, currency, policy),
    )
