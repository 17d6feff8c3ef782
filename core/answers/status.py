"""The order-status answer: where an order is, in the customer's language and time zone.

Carrier names and tracking statuses are the customer's language's; what the carrier itself
wrote is quoted after the localized status, as the carrier's words. An expected delivery is
shown only while it lies ahead. `answer_status` is the whole reply of the status question:
it reads fresh tracking first, and a late parcel is said to be late, apologised for and
handed to logistics once (`core.proactive.late`).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any

import structlog

from core.answers.labels import carrier_label, event_label, status_label
from core.i18n import Localizer
from core.messages import ButtonsPart, CardField, OrderCardPart, ReplyPart, TextPart
from core.order import Order, OrderStatus, PaymentStatus, Shipment
from core.understanding.types import Intent

if TYPE_CHECKING:
    from core.policies import ExceptionFinding
    from core.proactive.late import LateDecision
    from core.services import Services

log = structlog.get_logger(__name__)


def _items_summary(loc: Localizer, order: Order) -> str:
    first = order.items[0].title
    others = len(order.items) - 1
    if others == 0:
        return first
    return loc.n_("{first} and {n} more item", "{first} and {n} more items", others, first=first)


def _latest_event_line(loc: Localizer, shipment: Shipment) -> str | None:
    """The newest event: its localized status, then the carrier's own words, quoted."""
    event = shipment.latest_event()
    if event is None:
        return None
    label = event_label(loc, event.status)
    words = event.description.strip()
    if label is None:
        return loc._("Latest update ({at}): {event}", at=loc.when(event.at), event=words)
    if not words or words.lower().replace(" ", "_") == event.status or words == label:
        return loc._("Latest update ({at}): {event}", at=loc.when(event.at), event=label)
    return loc._(
        "Latest update ({at}): {status} — {carrier} writes: “{text}”",
        at=loc.when(event.at),
        status=label,
        carrier=carrier_label(loc, shipment.carrier, shipment.tracking_no),
        text=words,
    )


def _waiting_for_stock(loc: Localizer, order: Order) -> str | None:
    missing = [i.title for i in order.items if i.backordered]
    if not missing:
        return None
    return loc._(
        "It is waiting for stock: {items} is out of stock at the moment. We ship as soon as it "
        "arrives, and you can also cancel it for a full refund.",
        items=loc._(", ").join(missing),
    )


def _shipped_lines(loc: Localizer, order: Order, now: datetime | None = None) -> list[str]:
    lines: list[str] = []
    if order.warehouse and order.warehouse.outbound_at:
        lines.append(
            loc._(
                "It left our {warehouse} warehouse at {at}.",
                warehouse=order.warehouse.code,
                at=loc.when(order.warehouse.outbound_at),
            )
        )
    for shipment in order.shipments:
        carrier = carrier_label(loc, shipment.carrier, shipment.tracking_no)
        if shipment.picked_up_at:
            lines.append(
                loc._(
                    "{carrier} picked it up at {at}; tracking number {tracking}.",
                    carrier=carrier,
                    at=loc.when(shipment.picked_up_at),
                    tracking=shipment.tracking_no,
                )
            )
        else:
            lines.append(
                loc._(
                    "Carrier: {carrier}, tracking number {tracking}.",
                    carrier=carrier,
                    tracking=shipment.tracking_no,
                )
            )
        latest = _latest_event_line(loc, shipment)
        if latest:
            lines.append(latest)
        ahead = shipment.eta is not None and (now is None or shipment.eta > now)
        if shipment.eta and ahead and order.status is OrderStatus.SHIPPED:
            lines.append(loc._("Expected delivery: {day}.", day=loc.day(shipment.eta)))
    return lines


def status_text(loc: Localizer, order: Order, now: datetime | None = None) -> list[str]:
    """The sentences that explain where an order is."""
    number = order.order_no
    match order.status:
        case OrderStatus.PENDING_PAYMENT:
            lines = [
                loc._(
                    "Order {order} has not been paid yet (placed {at}).",
                    order=number,
                    at=loc.when(order.placed_at),
                )
            ]
            if order.payment.status is PaymentStatus.FAILED:
                lines.append(_why_payment_failed(loc, order))
            return lines
        case OrderStatus.PAID | OrderStatus.PICKING:
            if order.status is OrderStatus.PAID:
                lines = [loc._("Order {order} is paid and waiting to be packed.", order=number)]
            else:
                warehouse = order.warehouse.code if order.warehouse else "—"
                lines = [
                    loc._(
                        "Order {order} is being picked and packed in our {warehouse} warehouse.",
                        order=number,
                        warehouse=warehouse,
                    )
                ]
            stock = _waiting_for_stock(loc, order)
            if stock:
                lines.append(stock)
            if order.presale_ship_by and (now is None or order.presale_ship_by > now):
                lines.append(
                    loc._(
                        "It is a pre-sale order and ships by {day}.",
                        day=loc.day(order.presale_ship_by),
                    )
                )
            return lines
        case OrderStatus.SHIPPED:
            return [
                loc._("Order {order} is on its way.", order=number),
                *_shipped_lines(loc, order, now),
            ]
        case OrderStatus.DELIVERED:
            assert order.delivered_at is not None
            lines = [
                loc._(
                    "Order {order} was delivered at {at}.",
                    order=number,
                    at=loc.when(order.delivered_at),
                )
            ]
            return lines + [s for s in _shipped_lines(loc, order, now)[-1:] if s]
        case OrderStatus.CANCELLED:
            return [loc._("Order {order} was cancelled.", order=number)]
        case OrderStatus.CLOSED:
            return [loc._("Order {order} is closed.", order=number)]


def _why_payment_failed(loc: Localizer, order: Order) -> str:
    """Why the last attempt failed, in plain words when its failure code says ("the card has
    expired", "not enough money on the account"): what the customer needs to know to pay."""
    from core.answers.policy_text import payment_reason_sentence
    from core.policies import PaymentReason, failure_guidance

    reason = failure_guidance(order.payment.failure_code, order.shipping_address.country).reason
    if reason is PaymentReason.UNKNOWN:
        return loc._("The last payment attempt did not go through.")
    return payment_reason_sentence(loc, reason)


def _latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin one (accents allowed)."""
    return all("LATIN" in unicodedata.name(c, "") for c in text if c.isalpha())


def order_card(loc: Localizer, order: Order) -> OrderCardPart:
    fields = [
        CardField(label=loc._("Placed"), value=loc.when(order.placed_at)),
        CardField(label=loc._("Total"), value=loc.money(order.payment.amount, order.currency)),
    ]
    for shipment in order.shipments:
        label = carrier_label(loc, shipment.carrier, shipment.tracking_no)
        brand = carrier_label(Localizer("en"), shipment.carrier, shipment.tracking_no)
        if brand.casefold() not in label.casefold() and _latin(label):
            # a name translated into another Latin-script language gets the brand printed on
            # the parcel and the carrier's site: "Correios da China (China Post)"; a name in
            # the customer's own script is the brand they know ("顺丰速运", "ヤマト運輸")
            label = f"{label} ({brand})"
        fields.append(CardField(label=label, value=shipment.tracking_no))
    return OrderCardPart(
        title=loc._("Order {order}", order=order.order_no),
        status=status_label(loc, order.status),
        fields=fields,
        lines=[f"{i.title} × {loc.number(i.quantity)}" for i in order.items],
    )


def status_answer(loc: Localizer, order: Order, now: datetime | None = None) -> list[ReplyPart]:
    return [TextPart(text="\n".join(status_text(loc, order, now))), order_card(loc, order)]


# ----------------------------------------------------------------------------- late parcels


def late_lines(
    loc: Localizer, order: Order, finding: ExceptionFinding, apologise: bool, first: bool
) -> list[str]:
    """The parcel is late: said plainly (with an apology unless one was already sent), what
    is being done, then its latest status. No expected date: it has passed or means nothing."""
    from core.tracking.late import ETA_PASSED

    details = finding.details
    tracking = str(details.get("tracking_no", ""))
    shipment = next((s for s in order.shipments if s.tracking_no == tracking), None)
    carrier = carrier_label(loc, str(details.get("carrier", "")), tracking)
    number = order.order_no
    lines: list[str] = []
    if not apologise:
        lines.append(
            loc._(
                "As we let you know, your parcel {tracking} for order {order} is running late.",
                tracking=tracking,
                order=number,
            )
        )
    elif details.get("reason") == ETA_PASSED:
        lines.append(
            loc._(
                "I'm sorry: your parcel {tracking} for order {order} is running late — it "
                "hasn't arrived when it was expected.",
                tracking=tracking,
                order=number,
            )
        )
    else:
        lines.append(
            loc._(
                "I'm sorry: your parcel {tracking} for order {order} is running late — "
                "{carrier} hasn't reported any movement since {since}.",
                tracking=tracking,
                order=number,
                carrier=carrier,
                since=loc.when(finding.since or order.placed_at),
            )
        )
    if first:
        lines.append(
            loc._(
                "We've asked {carrier} to look into it and opened a case with our logistics "
                "team; we'll update you as soon as we hear back.",
                carrier=carrier,
            )
        )
    else:
        lines.append(
            loc._(
                "Our logistics team is already looking into it with {carrier}; we'll update "
                "you as soon as we hear back.",
                carrier=carrier,
            )
        )
    latest = _latest_event_line(loc, shipment) if shipment else None
    if latest:
        lines.append(latest)
    return lines


def late_answer(
    loc: Localizer, order: Order, finding: ExceptionFinding, decision: LateDecision
) -> list[ReplyPart]:
    from core.proactive.compose import notice_button

    text = "\n".join(late_lines(loc, order, finding, decision.apologise, decision.first))
    buttons = [notice_button(loc, c, order, decision.offer) for c in decision.choices]
    first: ReplyPart = ButtonsPart(text=text, buttons=buttons) if buttons else TextPart(text=text)
    return [first, order_card(loc, order)]


async def fresh_order(services: Services, order: Order) -> Order:
    """The order with live tracking; the local copy (the monitor's) is updated with it."""
    tracking = services.hub.tracking
    if not tracking.enabled:
        return order
    fresh = await tracking.refresh(order)
    if fresh != order and await services.orders.get_order(order.order_no) is not None:
        await services.orders.save(fresh)
    return fresh


async def answer_status(ctx: Any, order: Order) -> None:
    """The reply to "where is my order": fresh tracking; a late parcel explained, apologised
    for and handed to logistics once; otherwise the usual status answer."""
    from core.proactive.late import settle_late_parcel
    from core.tracking.late import late_parcel

    services = ctx.services
    order = await fresh_order(services, order)
    finding = late_parcel(order, ctx.now, services.policy)
    if finding is None:
        ctx.add(*status_answer(ctx.loc, order, ctx.now))
        await _hand_over_a_stuck_parcel(ctx, order)
        return
    decision = await settle_late_parcel(
        services,
        order,
        finding,
        ctx.now,
        language=ctx.loc.language,
        conversation=f"{ctx.channel}:{ctx.user_id}",
    )
    parts = late_answer(ctx.loc, order, finding, decision)
    ctx.add(*parts)
    log.info("late_parcel_answered", first=decision.first, apologised=decision.apologise)
    if decision.choices:
        from core.dialogue.state import NoticeStep

        ctx.expect(NoticeStep.of(parts, order.order_no, decision.key, Intent.ORDER_STATUS))


async def _hand_over_a_stuck_parcel(ctx: Any, order: Order) -> None:
    """A parcel held at customs, returned to the sender, with an address problem: the status
    answer has told what happened; logistics takes it up, once, through the same decision the
    exception monitor uses (so a notice about it is not sent again)."""
    from core.policies import ExceptionKind
    from core.policies.exceptions import detect_exceptions
    from core.proactive.late import settle_late_parcel

    findings = detect_exceptions(order, ctx.now, ctx.services.policy)
    stuck = next((f for f in findings if f.kind is ExceptionKind.SHIPMENT_EXCEPTION), None)
    late = next((f for f in findings if f.kind is ExceptionKind.WAREHOUSE_LATE), None)
    if stuck is None and late is not None:
        await _hand_over_a_late_order(ctx, order, late)
        return
    if stuck is None:
        return
    decision = await settle_late_parcel(
        ctx.services,
        order,
        stuck,
        ctx.now,
        language=ctx.loc.language,
        conversation=f"{ctx.channel}:{ctx.user_id}",
    )
    log.info("shipment_exception_answered", first=decision.first)
    if decision.first:
        ctx.say(
            ctx.loc._(
                "I've asked our logistics team to sort this out with the carrier; they will "
                "reply here."
            )
        )
    else:
        ctx.say(ctx.loc._("Our logistics team is already on it and will reply here."))


async def _hand_over_a_late_order(ctx: Any, order: Order, late: ExceptionFinding) -> None:
    """Paid and past the day it should have left the warehouse (a pre-sale past its date): said
    plainly with an apology, and the warehouse asked, once, through the exception monitor's
    decision (a high-priority warehouse ticket; no second notice about it)."""
    from core.proactive.late import settle_late_parcel

    await settle_late_parcel(
        ctx.services,
        order,
        late,
        ctx.now,
        language=ctx.loc.language,
        conversation=f"{ctx.channel}:{ctx.user_id}",
    )
    number = order.order_no
    if late.details.get("presale"):
        said = ctx.loc._(
            "Sorry: your pre-sale order {order} was due to ship by {deadline}, but it hasn't "
            "shipped yet.",
            order=number,
            deadline=ctx.loc.day(late.since or order.placed_at),
        )
    else:
        said = ctx.loc._(
            "Sorry: your order {order} should have left our warehouse by {deadline}, but it "
            "hasn't yet.",
            order=number,
            deadline=ctx.loc.when(late.since or order.placed_at),
        )
    ctx.say(said)
    ctx.say(ctx.loc._("Our warehouse team has been asked to ship it as soon as possible."))


def order_choice_label(loc: Localizer, order: Order) -> str:
    """An order as a button: its masked number, what is in it, how it stands and what it cost —
    what a customer tells their orders apart by ("the blue one", "the one not shipped", "the
    $59 one")."""
    total = loc.money(order.payment.amount, order.currency)
    status = status_label(loc, order.status)
    return f"{order.order_no} · {_items_summary(loc, order)} · {status} · {total}"
