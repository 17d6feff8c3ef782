"""Return eligibility per line, and the guidance every return answer gives.

DESIGN.md, "Returns": the window counts from `delivered_at` (CN 7 days, EU 14, elsewhere 30);
custom and digital items only when defective or wrong; perishable only as a damage claim within
48 hours with photos; hygiene only unopened; fragile in original packaging, and a damage claim
needs photos within 48 hours; defective, damaged or wrong items have 30 days and the shop pays
return shipping. Not yet delivered is not a return: offer cancellation instead.

Decisions beyond the design, kept explicit here:
- `size` is the customer's choice like `no_reason` (standard window, customer pays shipping).
- Damaged counts with defective and wrong as the shop's fault, so a custom or digital item that
  arrives damaged may go back; for perishable items every shop-fault reason is a damage claim
  (48 hours, photos). A defective hygiene item may go back opened.
- A flag passed as None is unknown: the line stays eligible, the flag is listed in `missing` so
  the dialogue asks, and the matching note tells the customer the condition.
- The deadline is inclusive: at exactly the deadline the line is still eligible.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.order import Address, Category, Item, Order, OrderStatus
from core.policies.clock import require_aware
from core.policies.codes import ReturnReason
from core.policies.config import DEFAULT_POLICY, BusinessDays, ShopPolicy, normalize_method
from core.policies.errors import UnknownLineError
from core.policies.refunds import returnable_units


class Refusal(StrEnum):
    NOT_DELIVERED = "not_delivered"
    ORDER_CANCELLED = "order_cancelled"
    ORDER_CLOSED = "order_closed"
    ALREADY_RETURNED = "already_returned"
    WINDOW_EXPIRED = "window_expired"
    CUSTOM_OR_DIGITAL = "custom_or_digital"
    PERISHABLE_DAMAGE_ONLY = "perishable_damage_only"
    PERISHABLE_CLAIM_EXPIRED = "perishable_claim_expired"
    DAMAGE_CLAIM_EXPIRED = "damage_claim_expired"
    """A fragile item's damage claim after the 48-hour photo window."""
    HYGIENE_OPENED = "hygiene_opened"
    FRAGILE_NEEDS_PACKAGING = "fragile_needs_packaging"
    PHOTOS_REQUIRED = "photos_required"


class Alternative(StrEnum):
    """What to offer instead when a return is refused."""

    CANCEL_ORDER = "cancel_order"
    WAIT_FOR_DELIVERY = "wait_for_delivery"


class Note(StrEnum):
    """Conditions that apply to an item's return; the dialogue tells the customer."""

    ORIGINAL_PACKAGING = "original_packaging"
    PHOTOS_WITHIN_CLAIM_WINDOW = "photos_within_claim_window"
    """Photos of the damage within `ShopPolicy.damage_claim_hours` (48) of delivery."""
    UNOPENED_ONLY = "unopened_only"
    DEFECTIVE_OR_WRONG_ONLY = "defective_or_wrong_only"
    DAMAGE_CLAIM_ONLY = "damage_claim_only"


class Flag(StrEnum):
    """An answer from the customer that would decide eligibility and is still unknown."""

    OPENED = "opened"
    HAS_PHOTOS = "has_photos"
    ORIGINAL_PACKAGING = "original_packaging"


class ShippingPayer(StrEnum):
    SHOP = "shop"
    CUSTOMER = "customer"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Eligibility(_Frozen):
    line_id: str
    reason: ReturnReason
    eligible: bool
    refusal: Refusal | None = None
    alternative: Alternative | None = None
    deadline: datetime | None = None
    """Last moment (inclusive) to request this return; None when not delivered."""
    return_shipping_paid_by: ShippingPayer
    notes: tuple[Note, ...] = ()
    missing: tuple[Flag, ...] = ()
    returnable_units: int = 0


class ReturnGuidance(_Frozen):
    warehouse_code: str | None
    return_address: Address
    refund_method: str
    """The original payment method, normalized (e.g. `wechat_pay`)."""
    refund_business_days: BusinessDays
    notes: tuple[Note, ...]
    line_notes: dict[str, tuple[Note, ...]]
    return_shipping_paid_by: ShippingPayer | None = None
    damage_claim_hours: int


def item_notes(item: Item, reason: ReturnReason | None = None) -> tuple[Note, ...]:
    """The notes that apply to an item's return (all of the category's when reason is None)."""
    category = item.category
    fault = reason is not None and reason.shop_at_fault
    if category is Category.FRAGILE:
        if reason is None:
            return (Note.ORIGINAL_PACKAGING, Note.PHOTOS_WITHIN_CLAIM_WINDOW)
        if reason is ReturnReason.DAMAGED:
            return (Note.PHOTOS_WITHIN_CLAIM_WINDOW,)
        return (Note.ORIGINAL_PACKAGING,)
    if category is Category.PERISHABLE:
        return (Note.DAMAGE_CLAIM_ONLY, Note.PHOTOS_WITHIN_CLAIM_WINDOW)
    if category is Category.HYGIENE:
        return () if fault else (Note.UNOPENED_ONLY,)
    if category in (Category.CUSTOM, Category.DIGITAL):
        return (Note.DEFECTIVE_OR_WRONG_ONLY,)
    return ()


def shipping_payer(reason: ReturnReason) -> ShippingPayer:
    return ShippingPayer.SHOP if reason.shop_at_fault else ShippingPayer.CUSTOMER


def return_deadline(
    order: Order, item: Item, reason: ReturnReason, policy: ShopPolicy = DEFAULT_POLICY
) -> datetime | None:
    """The inclusive deadline for returning `item` for `reason`; None when not delivered."""
    if order.delivered_at is None:
        return None
    delivered = order.delivered_at
    claim = timedelta(hours=policy.damage_claim_hours)
    if item.category is Category.PERISHABLE:
        return delivered + claim
    if item.category is Category.FRAGILE and reason is ReturnReason.DAMAGED:
        return delivered + claim
    window = policy.return_window(order.shipping_address.country)
    if reason.shop_at_fault:
        window = max(window, timedelta(days=policy.defect_window_days))
    return delivered + window


def return_eligibility(
    order: Order,
    line_id: str,
    reason: ReturnReason,
    now: datetime,
    *,
    opened: bool | None = None,
    has_photos: bool | None = None,
    original_packaging: bool | None = None,
    policy: ShopPolicy = DEFAULT_POLICY,
) -> Eligibility:
    """May this line go back for this reason now? Raises `UnknownLineError`."""
    require_aware(now)
    item = order.item(line_id)
    if item is None:
        raise UnknownLineError(line_id)
    reason = ReturnReason(reason)
    left = returnable_units(order)[line_id]
    notes = item_notes(item, reason)
    deadline = return_deadline(order, item, reason, policy)
    base = {
        "line_id": line_id,
        "reason": reason,
        "return_shipping_paid_by": shipping_payer(reason),
        "notes": notes,
        "deadline": deadline,
        "returnable_units": left,
    }

    def refuse(refusal: Refusal, alternative: Alternative | None = None) -> Eligibility:
        return Eligibility(eligible=False, refusal=refusal, alternative=alternative, **base)

    if order.status is OrderStatus.CANCELLED:
        return refuse(Refusal.ORDER_CANCELLED)
    if order.delivered_at is None or deadline is None:
        if order.status is OrderStatus.CLOSED:
            return refuse(Refusal.ORDER_CLOSED)
        if order.status is OrderStatus.SHIPPED:
            return refuse(Refusal.NOT_DELIVERED, Alternative.WAIT_FOR_DELIVERY)
        return refuse(Refusal.NOT_DELIVERED, Alternative.CANCEL_ORDER)
    if left == 0:
        return refuse(Refusal.ALREADY_RETURNED)

    category = item.category
    fault = reason.shop_at_fault
    expired = now > deadline
    missing: list[Flag] = []

    if category in (Category.CUSTOM, Category.DIGITAL) and not fault:
        return refuse(Refusal.CUSTOM_OR_DIGITAL)
    if category is Category.PERISHABLE:
        if not fault:
            return refuse(Refusal.PERISHABLE_DAMAGE_ONLY)
        if expired:
            return refuse(Refusal.PERISHABLE_CLAIM_EXPIRED)
        if has_photos is False:
            return refuse(Refusal.PHOTOS_REQUIRED)
        if has_photos is None:
            missing.append(Flag.HAS_PHOTOS)
    elif category is Category.FRAGILE and reason is ReturnReason.DAMAGED:
        if expired:
            return refuse(Refusal.DAMAGE_CLAIM_EXPIRED)
        if has_photos is False:
            return refuse(Refusal.PHOTOS_REQUIRED)
        if has_photos is None:
            missing.append(Flag.HAS_PHOTOS)
    elif expired:
        return refuse(Refusal.WINDOW_EXPIRED)

    if category is Category.HYGIENE and not fault:
        if opened is True:
            return refuse(Refusal.HYGIENE_OPENED)
        if opened is None:
            missing.append(Flag.OPENED)
    if category is Category.FRAGILE and not fault:
        if original_packaging is False:
            return refuse(Refusal.FRAGILE_NEEDS_PACKAGING)
        if original_packaging is None:
            missing.append(Flag.ORIGINAL_PACKAGING)

    return Eligibility(eligible=True, missing=tuple(missing), **base)


def return_guidance(
    order: Order,
    lines: Iterable[str],
    policy: ShopPolicy = DEFAULT_POLICY,
    reason: ReturnReason | None = None,
) -> ReturnGuidance:
    """Where to send the items, how the money comes back, and the notes for these lines.

    The return address is the order's warehouse's (`ShopPolicy.return_addresses`, default
    address otherwise); the refund goes to the original payment method. Raises
    `UnknownLineError`.
    """
    line_notes: dict[str, tuple[Note, ...]] = {}
    for line_id in lines:
        item = order.item(line_id)
        if item is None:
            raise UnknownLineError(line_id)
        line_notes[line_id] = item_notes(item, reason)
    notes = tuple(dict.fromkeys(n for ns in line_notes.values() for n in ns))
    code = order.warehouse.code if order.warehouse else None
    method = normalize_method(order.payment.method)
    return ReturnGuidance(
        warehouse_code=code,
        return_address=policy.return_address(code),
        refund_method=method,
        refund_business_days=policy.refund_time(method),
        notes=notes,
        line_notes=line_notes,
        return_shipping_paid_by=shipping_payer(reason) if reason is not None else None,
        damage_claim_hours=policy.damage_claim_hours,
    )
