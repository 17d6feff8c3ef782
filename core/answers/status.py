"""The order-status answer: where an order is, in the customer's language and time zone."""

from __future__ import annotations

from core.answers.labels import event_label, status_label
from core.i18n import Localizer
from core.masking import mask_order_no
from core.messages import CardField, OrderCardPart, ReplyPart, TextPart
from core.order import Order, OrderStatus, PaymentStatus, Shipment


def _items_summary(loc: Localizer, order: Order) -> str:
    first = order.items[0].title
    others = len(order.items) - 1
    if others == 0:
        return first
    return loc.n_("{first} and {n} more item", "{first} and {n} more items", others, first=first)


def _latest_event_line(loc: Localizer, shipment: Shipment) -> str | None:
    event = shipment.latest_event()
    if event is None:
        return None
    label = event_label(loc, event.status)
    what = f"{label} — {event.description}" if label else event.description
    return loc._("Latest update ({at}): {event}", at=loc.when(event.at), event=what)


def _waiting_for_stock(loc: Localizer, order: Order) -> str | None:
    missing = [i.title for i in order.items if i.backordered]
    if not missing:
        return None
    return loc._(
        "It is waiting for stock: {items} is out of stock at the moment. We ship as soon as it "
        "arrives, and you can also cancel it for a full refund.",
        items=loc._(", ").join(missing),
    )


def _shipped_lines(loc: Localizer, order: Order) -> list[str]:
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
        if shipment.picked_up_at:
            lines.append(
                loc._(
                    "{carrier} picked it up at {at}; tracking number {tracking}.",
                    carrier=shipment.carrier,
                    at=loc.when(shipment.picked_up_at),
                    tracking=shipment.tracking_no,
                )
            )
        else:
            lines.append(
                loc._(
                    "Carrier: {carrier}, tracking number {tracking}.",
                    carrier=shipment.carrier,
                    tracking=shipment.tracking_no,
                )
            )
        latest = _latest_event_line(loc, shipment)
        if latest:
            lines.append(latest)
        if shipment.eta and order.status is OrderStatus.SHIPPED:
            lines.append(loc._("Expected delivery: {day}.", day=loc.day(shipment.eta)))
    return lines


def status_text(loc: Localizer, order: Order) -> list[str]:
    """The sentences that explain where an order is."""
    number = mask_order_no(order.order_no)
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
                lines.append(loc._("The last payment attempt did not go through."))
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
            if order.presale_ship_by:
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
                *_shipped_lines(loc, order),
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
            return lines + [s for s in _shipped_lines(loc, order)[-1:] if s]
        case OrderStatus.CANCELLED:
            return [loc._("Order {order} was cancelled.", order=number)]
        case OrderStatus.CLOSED:
            return [loc._("Order {order} is closed.", order=number)]


def order_card(loc: Localizer, order: Order) -> OrderCardPart:
    fields = [
        CardField(label=loc._("Placed"), value=loc.when(order.placed_at)),
        CardField(label=loc._("Total"), value=loc.money(order.payment.amount, order.currency)),
    ]
    for shipment in order.shipments:
        fields.append(CardField(label=shipment.carrier, value=shipment.tracking_no))
    return OrderCardPart(
        title=loc._("Order {order}", order=mask_order_no(order.order_no)),
        status=status_label(loc, order.status),
        fields=fields,
        lines=[f"{i.title} × {loc.number(i.quantity)}" for i in order.items],
    )


def status_answer(loc: Localizer, order: Order) -> list[ReplyPart]:
    return [TextPart(text="\n".join(status_text(loc, order))), order_card(loc, order)]


def order_choice_label(loc: Localizer, order: Order) -> str:
    return f"{mask_order_no(order.order_no)} · {_items_summary(loc, order)} · " + status_label(
        loc, order.status
    )
