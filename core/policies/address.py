"""Address changes by order status (DESIGN.md, "Address changes, by order status").

- pending_payment, paid: update in the shop platform now, after the customer confirms;
- picking: high-priority ticket to the warehouse to intercept, attempted, not promised;
- shipped: ticket to logistics for a carrier redirect, no promise;
- delivered, cancelled, closed: cannot change;
- a change of country always goes to staff (service department) while a change is possible.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.order import Order, OrderStatus
from core.policies.codes import Department, Priority


class AddressAction(StrEnum):
    UPDATE_NOW = "update_now"
    INTERCEPT_TICKET = "intercept_ticket"
    REDIRECT_TICKET = "redirect_ticket"
    STAFF_TICKET = "staff_ticket"
    CANNOT_CHANGE = "cannot_change"


class AddressRefusal(StrEnum):
    ALREADY_DELIVERED = "already_delivered"
    ORDER_CANCELLED = "order_cancelled"
    ORDER_CLOSED = "order_closed"


class AddressChangeOutcome(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    action: AddressAction
    department: Department | None = None
    """Who gets the ticket; None when no ticket is opened."""
    priority: Priority | None = None
    requires_confirmation: bool = False
    """Ask the customer to confirm the new address before acting."""
    guaranteed: bool = False
    """The change is certain (only for UPDATE_NOW); otherwise it is attempted, not promised."""
    country_change: bool = False
    refusal: AddressRefusal | None = None


_REFUSALS = {
    OrderStatus.DELIVERED: AddressRefusal.ALREADY_DELIVERED,
    OrderStatus.CANCELLED: AddressRefusal.ORDER_CANCELLED,
    OrderStatus.CLOSED: AddressRefusal.ORDER_CLOSED,
}


def address_change_outcome(order: Order, new_country: str | None = None) -> AddressChangeOutcome:
    """What to do with a request to change the order's shipping address.

    `new_country` is the new address's country (ISO alpha-2) when known; a different country
    from the current shipping country sends the request to staff.
    """
    status = order.status
    if status in _REFUSALS:
        return AddressChangeOutcome(action=AddressAction.CANNOT_CHANGE, refusal=_REFUSALS[status])
    country_change = (
        new_country is not None
        and new_country.strip().upper() != order.shipping_address.country.upper()
    )
    if country_change:
        urgent = status in (OrderStatus.PICKING, OrderStatus.SHIPPED)
        return AddressChangeOutcome(
            action=AddressAction.STAFF_TICKET,
            department=Department.SERVICE,
            priority=Priority.HIGH if urgent else Priority.NORMAL,
            requires_confirmation=True,
            country_change=True,
        )
    if status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID):
        return AddressChangeOutcome(
            action=AddressAction.UPDATE_NOW, requires_confirmation=True, guaranteed=True
        )
    if status is OrderStatus.PICKING:
        return AddressChangeOutcome(
            action=AddressAction.INTERCEPT_TICKET,
            department=Department.WAREHOUSE,
            priority=Priority.HIGH,
            requires_confirmation=True,
        )
    return AddressChangeOutcome(
        action=AddressAction.REDIRECT_TICKET,
        department=Department.LOGISTICS,
        priority=Priority.NORMAL,
        requires_confirmation=True,
    )
