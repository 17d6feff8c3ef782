"""Canonical shipment event statuses, and how each platform's and carrier's codes map to them.

Every event that reaches an order (`TrackingEvent.status`) carries one of `EventStatus`; the
status answer localizes it (`core.answers.labels.event_label`) and the exception rules read it
(`ShopPolicy.shipment_exception_statuses`: address_problem, customs_hold, returned_to_sender,
lost, damaged). A provider's own code that is not known maps to `in_transit` (movement of some
kind), never to an error, so an unfamiliar code cannot invent a problem.
"""

from __future__ import annotations

from enum import StrEnum


class EventStatus(StrEnum):
    INFO_RECEIVED = "info_received"
    ACCEPTED = "accepted"
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    ARRIVED_AT_HUB = "arrived_at_hub"
    DEPARTED_HUB = "departed_hub"
    CUSTOMS_HOLD = "customs_hold"
    CUSTOMS_CLEARED = "customs_cleared"
    OUT_FOR_DELIVERY = "out_for_delivery"
    AVAILABLE_FOR_PICKUP = "available_for_pickup"
    DELIVERY_FAILED = "delivery_failed"
    DELIVERED = "delivered"
    DELAYED = "delayed"
    ADDRESS_PROBLEM = "address_problem"
    RETURNED_TO_SENDER = "returned_to_sender"
    REFUSED = "refused"
    LOST = "lost"
    DAMAGED = "damaged"
    EXCEPTION = "exception"
    EXPIRED = "expired"


FINAL = frozenset({EventStatus.DELIVERED, EventStatus.RETURNED_TO_SENDER})
"""After these the parcel is not expected to move any more."""

SHOPIFY_EVENT = {
    "LABEL_PRINTED": EventStatus.INFO_RECEIVED,
    "LABEL_PURCHASED": EventStatus.INFO_RECEIVED,
    "CONFIRMED": EventStatus.ACCEPTED,
    "CARRIER_PICKED_UP": EventStatus.PICKED_UP,
    "IN_TRANSIT": EventStatus.IN_TRANSIT,
    "OUT_FOR_DELIVERY": EventStatus.OUT_FOR_DELIVERY,
    "READY_FOR_PICKUP": EventStatus.AVAILABLE_FOR_PICKUP,
    "ATTEMPTED_DELIVERY": EventStatus.DELIVERY_FAILED,
    "DELAYED": EventStatus.DELAYED,
    "DELIVERED": EventStatus.DELIVERED,
    "PICKED_UP": EventStatus.DELIVERED,
    "NOT_DELIVERED": EventStatus.DELIVERY_FAILED,
    "FAILURE": EventStatus.EXCEPTION,
}
"""Shopify's `FulfillmentEventStatus` and `FulfillmentDisplayStatus` values (Admin GraphQL;
the REST `shipment_status` is the same word in lower case)."""

AFTERSHIP_TAG = {
    "Pending": EventStatus.INFO_RECEIVED,
    "InfoReceived": EventStatus.INFO_RECEIVED,
    "InTransit": EventStatus.IN_TRANSIT,
    "OutForDelivery": EventStatus.OUT_FOR_DELIVERY,
    "AttemptFail": EventStatus.DELIVERY_FAILED,
    "Delivered": EventStatus.DELIVERED,
    "AvailableForPickup": EventStatus.AVAILABLE_FOR_PICKUP,
    "Exception": EventStatus.EXCEPTION,
    "Expired": EventStatus.EXPIRED,
}
"""AfterShip's delivery tags (Tracking API `tag`)."""

AFTERSHIP_SUBTAG = {
    "InTransit_002": EventStatus.PICKED_UP,
    "InTransit_003": EventStatus.ARRIVED_AT_HUB,
    "InTransit_004": EventStatus.ARRIVED_AT_HUB,
    "InTransit_005": EventStatus.CUSTOMS_CLEARED,
    "InTransit_007": EventStatus.DEPARTED_HUB,
    "Exception_002": EventStatus.ADDRESS_PROBLEM,
    "Exception_003": EventStatus.REFUSED,
    "Exception_004": EventStatus.CUSTOMS_HOLD,
    "Exception_005": EventStatus.DELAYED,
    "Exception_006": EventStatus.CUSTOMS_HOLD,
    "Exception_007": EventStatus.ADDRESS_PROBLEM,
    "Exception_008": EventStatus.DELIVERY_FAILED,
    "Exception_010": EventStatus.RETURNED_TO_SENDER,
    "Exception_011": EventStatus.RETURNED_TO_SENDER,
    "Exception_012": EventStatus.DAMAGED,
    "Exception_013": EventStatus.LOST,
}
"""AfterShip sub-tags that say more than their tag (Tracking API "Delivery sub-statuses":
InTransit_002 acceptance scan, _003 arrival scan, _004 at destination country, _005 customs
cleared, _007 departure scan; Exception_002 customer moved, _003 refused, _004 customs delay,
_005 external delay, _006 held for payment, _007 incorrect address, _008 pick-up missed,
_010/_011 return to sender, _012 damaged, _013 lost)."""

KUAIDI100_STATE = {
    "0": EventStatus.IN_TRANSIT,
    "1": EventStatus.PICKED_UP,
    "2": EventStatus.EXCEPTION,
    "3": EventStatus.DELIVERED,
    "4": EventStatus.RETURNED_TO_SENDER,
    "5": EventStatus.OUT_FOR_DELIVERY,
    "6": EventStatus.RETURNED_TO_SENDER,
    "7": EventStatus.IN_TRANSIT,
    "8": EventStatus.CUSTOMS_HOLD,
    "10": EventStatus.CUSTOMS_HOLD,
    "11": EventStatus.CUSTOMS_HOLD,
    "12": EventStatus.CUSTOMS_CLEARED,
    "13": EventStatus.CUSTOMS_HOLD,
    "14": EventStatus.REFUSED,
}
"""Kuaidi100's `state` (0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转投, 8/10/11
清关, 12 已清关, 13 清关异常, 14 拒签)."""

KUAIDI100_SUBSTATE = {
    "101": EventStatus.INFO_RECEIVED,
    "102": EventStatus.INFO_RECEIVED,
    "103": EventStatus.PICKED_UP,
    "1001": EventStatus.ARRIVED_AT_HUB,
    "1002": EventStatus.IN_TRANSIT,
    "1003": EventStatus.IN_TRANSIT,
    "501": EventStatus.AVAILABLE_FOR_PICKUP,
    "201": EventStatus.DELAYED,
    "202": EventStatus.DELAYED,
    "203": EventStatus.REFUSED,
    "204": EventStatus.DELIVERY_FAILED,
    "205": EventStatus.AVAILABLE_FOR_PICKUP,
    "206": EventStatus.ADDRESS_PROBLEM,
    "207": EventStatus.ADDRESS_PROBLEM,
    "208": EventStatus.DELAYED,
    "209": EventStatus.DAMAGED,
    "210": EventStatus.EXCEPTION,
    "301": EventStatus.DELIVERED,
    "302": EventStatus.DELIVERED,
    "303": EventStatus.DELIVERED,
    "304": EventStatus.DELIVERED,
    "401": EventStatus.RETURNED_TO_SENDER,
}
"""Kuaidi100's detailed `statusCode` (with `resultv2=4`): 101–103 揽收, 1001–1003 在途, 501 投柜,
201–210 疑难 (超时, 拒收, 派件异常, 无法联系, 超区, 滞留, 破损, 销单), 301–304 签收, 401 退签."""


def from_shopify(code: str | None) -> EventStatus:
    return SHOPIFY_EVENT.get(str(code or "").upper(), EventStatus.IN_TRANSIT)


def from_aftership(tag: str | None, subtag: str | None = None) -> EventStatus:
    if subtag and subtag in AFTERSHIP_SUBTAG:
        return AFTERSHIP_SUBTAG[subtag]
    return AFTERSHIP_TAG.get(str(tag or ""), EventStatus.IN_TRANSIT)


def from_kuaidi100(state: str | int | None, status_code: str | int | None = None) -> EventStatus:
    code = str(status_code or "")
    if code in KUAIDI100_SUBSTATE:
        return KUAIDI100_SUBSTATE[code]
    return KUAIDI100_STATE.get(str(state if state is not None else ""), EventStatus.IN_TRANSIT)
