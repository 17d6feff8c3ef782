"""`orders.watch_at`: the earliest moment a rule could fire for an order, so the scan reads only
the orders that are due (`watch_at <= now`, an index range) instead of every order.

Time-based rules (DESIGN.md, "Proactive exceptions") have one deadline each, fixed by the
order's document: leaving the warehouse (`paid_at` + 48 h, or `presale_ship_by`) and, per
parcel, the next tracking event (last sign of life + 72 h, 7 days across a border) and its
expected delivery (`eta`: passing it undelivered makes the parcel late). Both fire
strictly after their deadline. Rules about the order's present state (a stock-out, a shipment
exception, a failed payment) are due at once: whatever wrote the order (webhook, import, sync),
the next scan sees them even when no event was queued.

When an order is written (`core.sources.sql`), the watch is conservative: a parcel's deadline
uses the shorter of the two silence limits, because whether it crosses a border depends on the
shop's warehouse table. After the worker has evaluated an order it writes the exact next
deadline for the shop's policy (`after=now`), or NULL when no rule can fire any more.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.order import Order, OrderStatus
from core.policies import DEFAULT_POLICY, ShopPolicy
from core.policies.exceptions import (
    _last_sign_of_life,
    _left_warehouse,
    _norm_status,
    is_cross_border,
    payment_failed,
    shipment_exception,
    stock_out,
)

_WAITING = (OrderStatus.PAID, OrderStatus.PICKING)


def deadlines(
    order: Order, policy: ShopPolicy = DEFAULT_POLICY, *, exact: bool = True
) -> list[datetime]:
    """Every moment after which a time-based rule fires for this order as it is now."""
    found: list[datetime] = []
    if order.status in _WAITING and not _left_warehouse(order):
        if order.presale_ship_by is not None:
            found.append(order.presale_ship_by)
        elif order.paid_at is not None:
            found.append(order.paid_at + timedelta(hours=policy.warehouse_late_hours))
    if order.status is OrderStatus.SHIPPED:
        if exact:
            hours = (
                policy.stall_cross_border_hours
                if is_cross_border(order, policy)
                else policy.stall_domestic_hours
            )
        else:
            hours = min(policy.stall_cross_border_hours, policy.stall_domestic_hours)
        for shipment in order.shipments:
            latest = shipment.latest_event()
            if latest is not None and _norm_status(latest.status) == "delivered":
                continue
            last = _last_sign_of_life(order, shipment)
            if last is not None:
                found.append(last + timedelta(hours=hours))
            if shipment.eta is not None:  # a missed expected delivery makes the parcel late
                found.append(shipment.eta)
    return found


def has_state_exception(order: Order, policy: ShopPolicy = DEFAULT_POLICY) -> bool:
    """A stock-out, a shipment exception or a failed payment shows in the order right now."""
    return (
        stock_out(order) is not None
        or shipment_exception(order, policy) is not None
        or payment_failed(order) is not None
    )


def watch_at(
    order: Order, policy: ShopPolicy = DEFAULT_POLICY, *, after: datetime | None = None
) -> datetime | None:
    """When the scan should next look at `order`; None when no rule can fire.

    Without `after` (an order being written): the conservative watch, due at once (its
    `placed_at`) when a state-based exception shows. With `after` (the worker has just
    evaluated the order at `after`): the exact next deadline not before `after`.
    """
    if after is None:
        if has_state_exception(order, policy):
            return order.placed_at
        return min(deadlines(order, policy, exact=False), default=None)
    return min((d for d in deadlines(order, policy) if d >= after), default=None)
