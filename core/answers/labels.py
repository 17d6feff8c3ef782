"""Localized names of order statuses, tracking event kinds, carriers and intents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.i18n import Localizer
from core.order import Address, OrderStatus

_BUILT: dict[tuple[str, object], dict[Any, str]] = {}
"""Each label table, translated once per catalog (a status answer names its status, carrier
and events several times: building every table through gettext each time was ~120 lookups a
turn)."""


def _table(loc: Localizer, kind: str, build: Callable[[], dict[Any, str]]) -> dict[Any, str]:
    catalog = getattr(loc, "_t", None)
    if catalog is None:  # a localizer of another kind: no catalog to key on
        return build()
    key = (kind, catalog)
    table = _BUILT.get(key)
    if table is None:
        table = _BUILT[key] = build()
    return table


def status_label(loc: Localizer, status: OrderStatus) -> str:
    return _table(loc, "status", lambda: _status_labels(loc))[status]


def _status_labels(loc: Localizer) -> dict[Any, str]:
    return {
        OrderStatus.PENDING_PAYMENT: loc._("Awaiting payment"),
        OrderStatus.PAID: loc._("Paid"),
        OrderStatus.PICKING: loc._("Being packed"),
        OrderStatus.SHIPPED: loc._("Shipped"),
        OrderStatus.DELIVERED: loc._("Delivered"),
        OrderStatus.CANCELLED: loc._("Cancelled"),
        OrderStatus.CLOSED: loc._("Closed"),
    }


def event_label(loc: Localizer, status: str) -> str | None:
    return _table(loc, "event", lambda: _event_labels(loc)).get(status)


def _event_labels(loc: Localizer) -> dict[Any, str]:
    return {
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
        "info_received": loc._("Shipping label created"),
        "available_for_pickup": loc._("Ready for pickup"),
        "delayed": loc._("Delayed"),
        "refused": loc._("Refused by the recipient"),
        "lost": loc._("Lost in transit"),
        "damaged": loc._("Damaged in transit"),
        "expired": loc._("No longer tracked by the carrier"),
    }


def carrier_label(loc: Localizer, carrier: str, tracking_no: str | None = None) -> str:
    """A carrier's name as the customer knows it (顺丰速运 for a Chinese customer, SF Express
    in English); a carrier we do not know keeps the name the shop gave it."""
    from core.tracking.carriers import normalize_carrier

    found = normalize_carrier(carrier, tracking_no)
    if found is None:
        return carrier
    return _table(loc, "carrier", lambda: _carrier_names(loc)).get(found.code, carrier)


def _carrier_names(loc: Localizer) -> dict[Any, str]:
    return {
        "sf": loc._("SF Express"),
        "yto": loc._("YTO Express"),
        "zto": loc._("ZTO Express"),
        "sto": loc._("STO Express"),
        "yunda": loc._("Yunda Express"),
        "jd": loc._("JD Logistics"),
        "ems": loc._("China EMS"),
        "china_post": loc._("China Post"),
        "best": loc._("BEST Express"),
        "deppon": loc._("Deppon"),
        "cainiao": loc._("Cainiao"),
        "ups": loc._("UPS"),
        "fedex": loc._("FedEx"),
        "dhl": loc._("DHL Express"),
        "usps": loc._("USPS"),
        "yamato": loc._("Yamato Transport"),
        "sagawa": loc._("Sagawa Express"),
        "japan_post": loc._("Japan Post"),
        "aramex": loc._("Aramex"),
        "royal_mail": loc._("Royal Mail"),
    }


def method_label(loc: Localizer, method: str) -> str:
    labels = {
        "alipay": loc._("Alipay"),
        "wechat_pay": loc._("WeChat Pay"),
        "unionpay": loc._("UnionPay"),
        "card": loc._("bank card"),
        "credit_card": loc._("credit card"),
        "debit_card": loc._("debit card"),
        "paypal": "PayPal",
        "apple_pay": "Apple Pay",
        "google_pay": "Google Pay",
        "bank_transfer": loc._("bank transfer"),
    }
    return labels.get(method, method)


def reason_label(loc: Localizer, reason: str) -> str:
    labels = {
        "no_reason": loc._("Changed my mind"),
        "defective": loc._("It's defective"),
        "damaged": loc._("It arrived damaged"),
        "wrong_item": loc._("Wrong item"),
        "size": loc._("Wrong size"),
    }
    return labels[reason]


def return_status_label(loc: Localizer, status: str) -> str:
    labels = {
        "requested": loc._("requested, waiting for approval"),
        "approved": loc._("approved, waiting for the parcel"),
        "received": loc._("items received, refund on its way"),
        "refunded": loc._("refunded"),
        "rejected": loc._("rejected"),
    }
    return labels[status]


def address_text(loc: Localizer, address: Address) -> str:
    """An address as the customer would write it (Chinese order for CN, lines elsewhere)."""
    if address.country in ("CN", "TW", "HK", "MO", "JP"):
        place = "".join(
            p for p in (address.province, address.city, address.district, address.line1) if p
        )
        return f"{place}{address.line2 or ''}, {address.name}, {address.phone}"
    country = loc.locale.territories.get(address.country, address.country)
    # the district is shown too ("Quận 7", "Kec. Pondok Gede", "Almagro"): the customer checks
    # that every part they typed was kept, not only those the label's lines always have
    district = address.district
    if district and any(district in (p or "") for p in (address.line1, address.line2)):
        district = None
    lines = [
        address.line1,
        address.line2,
        district,
        " ".join(p for p in (address.postal_code, address.city) if p),
        address.province,
        country,
    ]
    return ", ".join(p for p in [*lines, address.name, address.phone] if p)
