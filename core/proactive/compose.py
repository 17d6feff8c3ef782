"""The notice a customer gets for one exception: in their language, with money and times for
their locale and time zone, and the choices as buttons (payload `notice:{choice}:{order_no}`).

Also when a notice may go out: not during the customer's night (22:00–08:00 in
`customer.timezone`) unless it is urgent. Urgent is only a failed payment of an order still
awaiting payment and placed within the last hour: the customer is most likely still at the
checkout, and an unpaid order may close. Everything else can wait for the morning.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from core.answers.labels import event_label, method_label
from core.answers.policy_text import payment_action_sentence, payment_reason_sentence
from core.answers.status import late_lines
from core.i18n import Localizer
from core.messages import Button, ButtonsPart, Reply
from core.order import Order, OrderStatus
from core.policies import (
    ExceptionFinding,
    ExceptionKind,
    ShopPolicy,
    normalize_method,
    payment_guidance,
)

URGENT_WINDOW = timedelta(hours=1)

WAIT, CANCEL, COUPON, PRIORITY, PAY = "wait", "cancel", "coupon", "priority", "pay"
CHOICES = (WAIT, CANCEL, COUPON, PRIORITY, PAY)

PRIMARY_INTENT = {
    ExceptionKind.STOCK_OUT: "cancel_order",
    ExceptionKind.WAREHOUSE_LATE: "cancel_order",
    ExceptionKind.PAYMENT_FAILED: "payment_issue",
    ExceptionKind.PARCEL_STALLED: "order_status",
    ExceptionKind.SHIPMENT_EXCEPTION: "delivery_issue",
}
"""The intent a reply to the notice most likely has; the engine keeps it in the notice step."""


def decision_key(finding: ExceptionFinding) -> str:
    """One decision per order and key: the kind, for a shipment exception with its status
    (a customs hold and a later return to sender are two different problems)."""
    if finding.kind is ExceptionKind.SHIPMENT_EXCEPTION:
        return f"{finding.kind.value}:{finding.details.get('status', 'exception')}"
    return finding.kind.value


def is_urgent(order: Order, finding: ExceptionFinding, now: datetime) -> bool:
    return (
        finding.kind is ExceptionKind.PAYMENT_FAILED
        and order.status is OrderStatus.PENDING_PAYMENT
        and now - order.placed_at <= URGENT_WINDOW
    )


def quiet_until(
    now: datetime, timezone: str, start_hour: int = 22, end_hour: int = 8
) -> datetime | None:
    """The end of the customer's night when `now` falls in it, else None."""
    tz = ZoneInfo(timezone)
    local = now.astimezone(tz)
    if start_hour <= local.hour or local.hour < end_hour:
        day = local.date() + timedelta(days=1) if local.hour >= start_hour else local.date()
        return datetime.combine(day, time(end_hour), tzinfo=tz)
    return None


def notice_button(loc: Localizer, choice: str, order: Order, offer: dict[str, Any]) -> Button:
    """One choice of a notice as a button (payload `notice:{choice}:{order_no}`)."""
    payload = f"notice:{choice}:{order.order_no}"
    if choice == COUPON:
        amount = loc.money(Decimal(offer["coupon_amount"]), order.currency)
        label = loc._("Wait, with a coupon of {amount}", amount=amount)
    elif choice == PRIORITY:
        label = loc._("Wait, with priority shipping")
    elif choice == CANCEL:
        label = loc._("Cancel for a full refund")
    elif choice == PAY:
        label = loc._("Pay another way")
    else:
        label = loc._("OK, I'll wait")
    return Button(label=label, payload=payload)


def choices_for(finding: ExceptionFinding, offer: dict[str, Any]) -> list[str]:
    if finding.kind is ExceptionKind.PAYMENT_FAILED:
        return [PAY, CANCEL]
    if finding.offer_compensation:
        options = [COUPON] if "coupon" in offer.get("options", []) else []
        options.append(PRIORITY)
        return [*options, CANCEL] if finding.offer_cancellation else options
    if finding.offer_cancellation:
        return [WAIT, CANCEL]
    return [WAIT]


def render_notice(
    order: Order,
    finding: ExceptionFinding,
    offer: dict[str, Any],
    loc: Localizer,
    policy: ShopPolicy,
) -> Reply:
    number = order.order_no
    lines: list[str] = []
    details = finding.details
    if finding.kind is ExceptionKind.STOCK_OUT:
        lines.append(
            loc._(
                "Sorry: part of your order {order} is out of stock, so it can't ship yet.",
                order=number,
            )
        )
    elif finding.kind is ExceptionKind.WAREHOUSE_LATE and details.get("presale"):
        lines.append(
            loc._(
                "Sorry: your pre-sale order {order} was due to ship by {deadline}, but it hasn't "
                "shipped yet.",
                order=number,
                deadline=loc.day(finding.since or order.placed_at),
            )
        )
    elif finding.kind is ExceptionKind.WAREHOUSE_LATE:
        lines.append(
            loc._(
                "Sorry: your order {order} should have left our warehouse by {deadline}, but it "
                "hasn't yet.",
                order=number,
                deadline=loc.when(finding.since or order.placed_at),
            )
        )
    elif finding.kind is ExceptionKind.PARCEL_STALLED:  # late: the status answer's words
        lines.extend(late_lines(loc, order, finding, apologise=True, first=True))
    elif finding.kind is ExceptionKind.SHIPMENT_EXCEPTION:
        status = str(details.get("status", "exception"))
        lines.append(
            loc._(
                "There is a problem with your parcel {tracking} for order {order}: {status}. Our "
                "logistics team is on it and will contact you.",
                tracking=details.get("tracking_no", ""),
                order=number,
                status=event_label(loc, status) or event_label(loc, "exception"),
            )
        )
    elif finding.kind is ExceptionKind.PAYMENT_FAILED:
        lines.append(loc._("The payment for order {order} didn't go through.", order=number))
        guidance = payment_guidance(order, policy)
        if guidance is not None:
            lines.append(payment_reason_sentence(loc, guidance.reason))
            lines.extend(payment_action_sentence(loc, a) for a in guidance.actions)
            if guidance.alternatives:
                names = loc._(", ").join(
                    method_label(loc, normalize_method(m)) for m in guidance.alternatives
                )
                lines.append(loc._("You can also pay with: {methods}.", methods=names))
    if finding.offer_compensation:
        refund = loc.money(Decimal(offer["refund"]), order.currency)
        if "coupon" in offer.get("options", []):
            lines.append(
                loc._(
                    "As an apology you can wait and get a coupon worth {amount} or priority "
                    "shipping, or cancel for a full refund of {refund}.",
                    amount=loc.money(Decimal(offer["coupon_amount"]), order.currency),
                    refund=refund,
                )
            )
        else:
            lines.append(
                loc._(
                    "As an apology your order will ship with priority, or you can cancel for a "
                    "full refund of {refund}.",
                    refund=refund,
                )
            )
    buttons = [notice_button(loc, c, order, offer) for c in choices_for(finding, offer)]
    return Reply(parts=[ButtonsPart(text="\n".join(lines), buttons=buttons)], language=loc.language)
