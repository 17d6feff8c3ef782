"""When a parcel is late, for the status answer and the exception monitor alike.

A shipped parcel is late when the carrier has reported no movement for the policy's hours
(`core.policies.parcel_stalled`: 72 h, 7 days across a border) or when its expected delivery
has passed without a delivery. Both are one finding, `parcel_stalled`, so an order gets one
decision for its late parcel however it was noticed: the customer asking, or the monitor.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.order import Order, OrderStatus, Shipment
from core.policies import DEFAULT_POLICY, ExceptionFinding, ExceptionKind, ShopPolicy
from core.policies.codes import Department, Priority
from core.policies.exceptions import (
    _last_sign_of_life,
    detect_exceptions,
    is_cross_border,
    parcel_stalled,
)

NO_MOVEMENT = "no_movement"
ETA_PASSED = "eta_passed"


def _delivered(shipment: Shipment) -> bool:
    latest = shipment.latest_event()
    return latest is not None and latest.status == "delivered"


def overdue(order: Order, now: datetime) -> Shipment | None:
    """The parcel whose expected delivery passed longest ago without a delivery, if any."""
    if order.status is not OrderStatus.SHIPPED:
        return None
    late = [s for s in order.shipments if s.eta is not None and s.eta < now and not _delivered(s)]
    return min(late, key=lambda s: s.eta or now, default=None)


def late_parcel(
    order: Order, now: datetime, policy: ShopPolicy = DEFAULT_POLICY
) -> ExceptionFinding | None:
    """The order's late parcel as a `parcel_stalled` finding (details `reason`: no_movement or
    eta_passed), or None."""
    stalled = parcel_stalled(order, now, policy)
    if stalled is not None:
        return stalled.model_copy(update={"details": {**stalled.details, "reason": NO_MOVEMENT}})
    shipment = overdue(order, now)
    if shipment is None or shipment.eta is None:
        return None
    last = _last_sign_of_life(order, shipment) or shipment.eta
    cross_border = is_cross_border(order, policy)
    hours = policy.stall_cross_border_hours if cross_border else policy.stall_domestic_hours
    return ExceptionFinding(
        kind=ExceptionKind.PARCEL_STALLED,
        since=shipment.eta,
        details={
            "tracking_no": shipment.tracking_no,
            "carrier": shipment.carrier,
            "cross_border": cross_border,
            "hours_silent": int((now - last) // timedelta(hours=1)),
            "hours_overdue": int((now - shipment.eta) // timedelta(hours=1)),
            "threshold_hours": hours,
            "reason": ETA_PASSED,
        },
        ticket_department=Department.LOGISTICS,
        ticket_priority=Priority.NORMAL,
    )


def findings(
    order: Order, now: datetime, policy: ShopPolicy = DEFAULT_POLICY
) -> list[ExceptionFinding]:
    """Every exception finding of the order (`detect_exceptions`), a late parcel included
    whether it stopped moving or missed its expected delivery."""
    found = [
        f
        for f in detect_exceptions(order, now, policy)
        if f.kind is not ExceptionKind.PARCEL_STALLED
    ]
    late = late_parcel(order, now, policy)
    if late is not None:
        found.append(late)
    return found
