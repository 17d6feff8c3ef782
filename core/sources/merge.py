"""Folding a platform's news into the order we keep, without losing what only we know.

A shop platform's copy of an order (a webhook body) is authoritative for the order itself —
status, items, address, payment, which parcels exist — but it does not know the carrier
events and delivery estimates that live tracking found, the returns the bot recorded, or the
chat identities and time zone tied to the customer. These functions merge the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.order import Order, OrderStatus, Return, Shipment, TrackingEvent

_OPEN = (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING)


def merge_events(*groups: Iterable[TrackingEvent]) -> list[TrackingEvent]:
    """Events of several reports of one parcel, each once, oldest first."""
    seen: dict[tuple[datetime, str, str], TrackingEvent] = {}
    for group in groups:
        for event in group:
            seen.setdefault((event.at, event.status, event.description), event)
    return sorted(seen.values(), key=lambda e: e.at)


def merge_shipment(known: Shipment | None, news: Shipment) -> Shipment:
    if known is None:
        return news
    return news.model_copy(
        update={
            "events": merge_events(known.events, news.events),
            "eta": news.eta or known.eta,
            "picked_up_at": news.picked_up_at or known.picked_up_at,
            "carrier": news.carrier if news.carrier != "unknown" else known.carrier,
        }
    )


def _settle_status(order: Order, delivered_at: datetime | None = None) -> Order:
    """An open order with a parcel is shipped; one whose every parcel was delivered is."""
    status, when = order.status, order.delivered_at
    if order.shipments and status in _OPEN:
        status = OrderStatus.SHIPPED
    latest = [s.latest_event() for s in order.shipments]
    if (
        status is OrderStatus.SHIPPED
        and latest
        and all(e is not None and e.status == "delivered" for e in latest)
    ):
        status = OrderStatus.DELIVERED
        when = when or delivered_at or max(e.at for e in latest if e is not None)
    if status is OrderStatus.DELIVERED and when is None:
        when = delivered_at
    if status is OrderStatus.DELIVERED and when is None:
        status = OrderStatus.SHIPPED
    if (status, when) == (order.status, order.delivered_at):
        return order
    return order.model_copy(update={"status": status, "delivered_at": when})


def merge_platform_copy(stored: Order | None, incoming: Order) -> Order:
    """The platform's new copy, with our tracking events, recorded returns and customer ties."""
    if stored is None:
        return _settle_status(incoming)
    known = {s.tracking_no: s for s in stored.shipments}
    shipments = [merge_shipment(known.get(s.tracking_no), s) for s in incoming.shipments]
    line_ids = {i.line_id for i in incoming.items}
    platform_returns = {r.return_id for r in incoming.returns}
    returns = list(incoming.returns) + [
        r
        for r in stored.returns
        if r.return_id not in platform_returns and all(x.line_id in line_ids for x in r.lines)
    ]
    customer = incoming.customer.model_copy(
        update={
            "id": stored.customer.id,
            "channels": stored.customer.channels or incoming.customer.channels,
            "timezone": incoming.customer.timezone or stored.customer.timezone,
            "locale": incoming.customer.locale or stored.customer.locale,
        }
    )
    merged = incoming.model_copy(
        update={
            "customer": customer,
            "shipments": shipments,
            "returns": returns,
            "delivered_at": incoming.delivered_at or stored.delivered_at,
            "presale_ship_by": incoming.presale_ship_by or stored.presale_ship_by,
        }
    )
    return Order.model_validate(_settle_status(merged).model_dump())


def apply_shipments(
    order: Order,
    shipments: Iterable[Shipment],
    *,
    cancelled: Iterable[str] = (),
    delivered_at: datetime | None = None,
) -> Order:
    """Parcels reported for an order (a fulfilment): added or updated; cancelled ones removed."""
    gone = set(cancelled)
    by_number = {s.tracking_no: s for s in order.shipments if s.tracking_no not in gone}
    for news in shipments:
        by_number[news.tracking_no] = merge_shipment(by_number.get(news.tracking_no), news)
    updated = order.model_copy(update={"shipments": list(by_number.values())})
    return Order.model_validate(_settle_status(updated, delivered_at).model_dump())


def apply_return(order: Order, ret: Return) -> Order:
    """A refund reported by the platform: recorded once (by its id), only for lines the order
    has; a refund that touches none of them is kept as money only."""
    line_ids = {i.line_id for i in order.items}
    lines = [line for line in ret.lines if line.line_id in line_ids]
    ret = ret.model_copy(update={"lines": lines})
    returns = [r for r in order.returns if r.return_id != ret.return_id] + [ret]
    return Order.model_validate(order.model_copy(update={"returns": returns}).model_dump())
