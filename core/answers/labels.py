"""Localized names of order statuses, tracking event kinds and intents."""

from __future__ import annotations

from core.i18n import Localizer
from core.order import OrderStatus


def status_label(loc: Localizer, status: OrderStatus) -> str:
    labels = {
        OrderStatus.PENDING_PAYMENT: loc._("Awaiting payment"),
        OrderStatus.PAID: loc._("Paid"),
        OrderStatus.PICKING: loc._("Being packed"),
        OrderStatus.SHIPPED: loc._("Shipped"),
        OrderStatus.DELIVERED: loc._("Delivered"),
        OrderStatus.CANCELLED: loc._("Cancelled"),
        OrderStatus.CLOSED: loc._("Closed"),
    }
    return labels[status]


def event_label(loc: Localizer, status: str) -> str | None:
    labels = {
        "accepted": loc._("Accepted by the carrier"),
        "picked_up": loc._("Picked up by the carrier"),
        "in_transit": loc._("In transit"),
        "arrived_at_hub": loc._("Arrived at a sorting centre"),
        "departed_hub": loc._("Left a sorting centre"),
        "out_for_delivery": loc._("Out for delivery"),
        "delivered": loc._("Delivered"),
        "customs_hold": loc._("Held at customs"),
        "customs_cleared": loc._("Cleared customs"),
        "address_problem": loc._("Problem with the delivery address"),
        "returned_to_sender": loc._("Being returned to the sender"),
        "delivery_failed": loc._("Delivery attempt failed"),
        "exception": loc._("Delivery exception"),
    }
    return labels.get(status)
