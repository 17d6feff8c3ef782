"""Shopify, through the Admin GraphQL API: orders, fulfilments, address changes, refunds, returns.

- Reads: `orders(query: "name:#1043")` and friends, mapped into the canonical order (status
  from financial/fulfilment status and fulfilments, tracking and events, discounts, payment
  and the decline reason of a failed transaction, refunds as returns).
- Writes: `orderUpdate` (shipping address), `returnCreate` (fulfilled lines going back),
  `refundCreate` (lines not yet fulfilled), `orderCancel`.
- Cost-based throttling: every answer's `extensions.cost.throttleStatus` is remembered; a
  request waits when the bucket holds less than the query's cost, and a `THROTTLED` error is
  retried with backoff.
- Webhooks: `verify_webhook` (X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body with
  the app secret) and `parse_webhook` for orders/updated, fulfillments/create|update and
  refunds/create payloads (the REST shape), mapped through the same canonical mapper.

Shopify order numbers are names like "#1043"; customers are `shopify:<legacy id>`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import structlog
from pydantic import BaseModel, SecretStr, ValidationError

from core.masking import mask_order_no
from core.order import (
    Address,
    Order,
    OrderStatus,
    Return,
    ReturnStatus,
    Shipment,
)
from core.sources.base import OrderNotFound
from core.sources.resilience import MalformedPayload, UpstreamError, backoff_delays
from core.sources.rest import JsonHttp
from core.tracking.status import SHOPIFY_EVENT, from_shopify

log = structlog.get_logger(__name__)

PLATFORM = "shopify"

ORDER_FIELDS = """
fragment OrderFields on Order {
  id legacyResourceId name createdAt processedAt updatedAt cancelledAt closed
  displayFinancialStatus displayFulfillmentStatus currencyCode email phone
  paymentGatewayNames
  customer { id legacyResourceId firstName lastName locale
             defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber }
             defaultAddress { name firstName lastName phone address1 address2 city province
                              provinceCode countryCodeV2 zip } }
  shippingAddress { name firstName lastName phone address1 address2 city province provinceCode
                    countryCodeV2 zip }
  billingAddress { name firstName lastName phone address1 address2 city province provinceCode
                   countryCodeV2 zip }
  totalPriceSet { shopMoney { amount currencyCode } }
  totalShippingPriceSet { shopMoney { amount currencyCode } }
  lineItems(first: 100) { nodes { id sku title name quantity requiresShipping
                                  originalUnitPriceSet { shopMoney { amount } } } }
  discountApplications(first: 20) { nodes {
    allocationMethod targetType targetSelection
    value { ... on MoneyV2 { amount currencyCode } ... on PricingPercentageValue { percentage } }
    ... on DiscountCodeApplication { code }
    ... on ManualDiscountApplication { title }
    ... on AutomaticDiscountApplication { title }
    ... on ScriptDiscountApplication { title } } }
  fulfillments(first: 20) {
    id name status displayStatus createdAt inTransitAt deliveredAt estimatedDeliveryAt
    trackingInfo(first: 5) { company number url }
    events(first: 50) { nodes { happenedAt status message } }
    fulfillmentLineItems(first: 100) { nodes { id quantity lineItem { id } } }
  }
  transactions(first: 20) { id kind status gateway errorCode processedAt
                            amountSet { shopMoney { amount } } }
  refunds(first: 20) { id createdAt note totalRefundedSet { shopMoney { amount } }
                       refundLineItems(first: 100) { nodes { quantity lineItem { id } } } }
}
"""

FIND_ORDERS = (
    ORDER_FIELDS
    + """
query FindOrders($query: String!, $first: Int!, $after: String) {
  orders(first: $first, after: $after, query: $query, sortKey: PROCESSED_AT, reverse: true) {
    nodes { ...OrderFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

UPDATED_ORDERS = (
    ORDER_FIELDS
    + """
query UpdatedOrders($query: String!, $first: Int!, $after: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ...OrderFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

FIND_CUSTOMERS = """
query FindCustomers($query: String!) {
  customers(first: 5, query: $query) { nodes { id legacyResourceId } }
}
"""

ORDER_UPDATE = (
    ORDER_FIELDS
    + """
mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { ...OrderFields }
    userErrors { field message }
  }
}
"""
)

REFUND_CREATE = """
mutation RefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id createdAt totalRefundedSet { shopMoney { amount } } }
    userErrors { field message }
  }
}
"""

RETURN_REASONS_QUERY = """
query ReturnReasonDefinitions($first: Int!) {
  returnReasonDefinitions(first: $first) { nodes { id handle name deleted } }
}
"""

RETURN_CREATE = """
mutation ReturnCreate($returnInput: ReturnInput!) {
  returnCreate(returnInput: $returnInput) {
    return { id status name }
    userErrors { field message }
  }
}
"""

ORDER_CANCEL = """
mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!,
                     $refundMethod: OrderCancelRefundMethodInput, $restock: Boolean!,
                     $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refundMethod: $refundMethod,
              restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}
"""

RETURN_REASON_HANDLES: dict[str, tuple[str, ...]] = {
    "defective": ("defective", "damaged", "quality", "broken", "not-working"),
    "damaged": ("damaged", "defective", "broken", "quality"),
    "wrong_item": ("wrong-item", "wrong", "incorrect", "not-as-described"),
    "size": ("size", "too-small", "too-large", "too-tight", "too-loose", "fit"),
    "no_reason": ("changed-mind", "unwanted", "no-longer", "not-needed", "other"),
}
"""Our return reasons -> words to look for in the shop's `ReturnReasonDefinition.handle`s
(the handle library differs per shop and product category; the first definition whose handle
contains one of the words, in this order, is used; none: the reason goes as a note)."""

FAILURE_CODES = {
    "INSUFFICIENT_FUNDS": "insufficient_funds",
    "AMOUNT_TOO_LARGE": "card_limit_exceeded",
    "TRANSACTION_LIMIT_EXCEEDED": "card_limit_exceeded",
    "EXPIRED_CARD": "expired_card",
    "INVALID_EXPIRY_DATE": "expired_card",
    "AUTHENTICATION_FAILED": "authentication_failed",
    "AUTHENTICATION_REQUIRED": "authentication_failed",
    "INCORRECT_CVC": "authentication_failed",
    "INVALID_CVC": "authentication_failed",
    "INCORRECT_ZIP": "authentication_failed",
    "INCORRECT_ADDRESS": "authentication_failed",
    "INCORRECT_PIN": "authentication_failed",
    "FRAUD_SUSPECTED": "risk_blocked",
    "CARD_TESTING": "risk_blocked",
    "PICK_UP_CARD": "risk_blocked",
    "MERCHANT_RULE": "risk_blocked",
    "PROCESSING_ERROR": "network_error",
    "GENERIC_ERROR": "network_error",
    "CONFIG_ERROR": "network_error",
    "PAYMENT_PROVIDER_ERROR": "network_error",
    "PAYMENT_METHOD_UNAVAILABLE": "network_error",
    "CARD_DECLINED": "bank_declined",
    "DO_NOT_HONOR": "bank_declined",
    "CALL_ISSUER": "bank_declined",
    "INSTRUMENT_DECLINED": "bank_declined",
    "RETRY_DECLINED": "bank_declined",
}
"""Shopify's `OrderTransactionErrorCode` (Admin GraphQL, pinned version) -> the canonical
`failure_code`; every other code (an invalid number, an unsupported method, ...) is
bank_declined. The tests check each key against the pinned schema's enum."""

DEFAULT_API_VERSION = "2026-10"
"""The Admin API version the connector is written and tested against (tests/fixtures/shopify)."""


class ShopifyConfig(BaseModel):
    name: str = "shopify"
    base_url: str
    """https://{shop}.myshopify.com (or a local fake)."""
    access_token: SecretStr
    api_version: str = DEFAULT_API_VERSION
    timeout_seconds: float = 8.0
    order_name_prefix: str = "#"
    order_name_suffix: str = ""
    warehouse_code: str = "SHOPIFY"
    max_throttle_retries: int = 4
    page_size: int = 50
    shop_country: str = "US"
    """Country of an order that carries no address at all (a digital or in-store order)."""


# ----------------------------------------------------------------------------- helpers


def gid_tail(gid: Any) -> str:
    """`gid://shopify/LineItem/123` -> "123" (and plain ids stay as they are)."""
    return str(gid).rsplit("/", 1)[-1]


def _money(node: Any) -> Decimal:
    try:
        return Decimal(str(node["shopMoney"]["amount"]))
    except (KeyError, TypeError, ArithmeticError):
        return Decimal("0")


def _nodes(conn: Any) -> list[Any]:
    if isinstance(conn, list):
        return conn
    if isinstance(conn, Mapping):
        if "nodes" in conn:
            return list(conn["nodes"] or [])
        if "edges" in conn:
            return [e["node"] for e in conn["edges"] or []]
    return []


def _name(first: Any, last: Any) -> str:
    return " ".join(p for p in (first, last) if p)


def _split_name(name: str) -> tuple[str, str]:
    parts = name.strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def _not_before(later: str | None, earlier: str | None) -> bool:
    """Both times known and `later` not before `earlier` (a payment time after placing)."""
    a, b = _dt(later), _dt(earlier)
    return a is not None and b is not None and a >= b


def _dt(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


# ----------------------------------------------------------------------------- mapping


def map_order(
    node: Mapping[str, Any], *, warehouse_code: str = "SHOPIFY", shop_country: str = "US"
) -> Order:
    """One Admin GraphQL `Order` node -> the canonical order; `MalformedPayload` if it can't."""
    try:
        return Order.model_validate(_order_fields(node, warehouse_code, shop_country))
    except (KeyError, TypeError, ValueError, ArithmeticError, ValidationError) as exc:
        raise MalformedPayload(f"shopify order {node.get('name', '?')}: {exc}") from exc


_FAILED_FULFILMENTS = ("CANCELLED", "ERROR", "FAILURE")


def _customer_contact(customer: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """E-mail and phone of a `Customer` node: `defaultEmailAddress` / `defaultPhoneNumber` since
    2025-04 (the REST shape of webhooks still says `email` / `phone`)."""
    email = (customer.get("defaultEmailAddress") or {}).get("emailAddress") or customer.get("email")
    phone = (customer.get("defaultPhoneNumber") or {}).get("phoneNumber") or customer.get("phone")
    return email or None, phone or None


def _address(
    node: Mapping[str, Any], customer: Mapping[str, Any], name: str, phone: str | None, country: str
) -> dict[str, Any]:
    """The shipping address; else billing, else the customer's default one; an order with none
    (a digital or in-store sale) gets a marked-unknown address in the shop's country."""
    found = (
        node.get("shippingAddress") or node.get("billingAddress") or customer.get("defaultAddress")
    )
    a: Mapping[str, Any] = found or {}
    return {
        "name": a.get("name") or _name(a.get("firstName"), a.get("lastName")) or name,
        "phone": a.get("phone") or phone or "n/a",
        "country": a.get("countryCodeV2") or a.get("countryCode") or country,
        "province": a.get("provinceCode") or a.get("province") or None,
        "city": a.get("city") or "n/a",
        "line1": a.get("address1") or "n/a",
        "line2": a.get("address2") or None,
        "postal_code": a.get("zip") or None,
    }


def _events(f: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A fulfilment's events as canonical events: the status mapped, the carrier's own words
    (Shopify's `message`) kept as the description."""
    events = []
    for e in _nodes(f.get("events")):
        if not e.get("happenedAt"):
            continue
        status = from_shopify(e.get("status")).value
        events.append(
            {"at": e["happenedAt"], "status": status, "description": e.get("message") or status}
        )
    display = str(f.get("displayStatus") or "").upper()
    if display in SHOPIFY_EVENT and not events:
        at = f.get("deliveredAt") if display == "DELIVERED" else None
        at = at or f.get("updatedAt") or f.get("inTransitAt") or f.get("createdAt")
        if at:
            status = from_shopify(display).value
            events.append({"at": at, "status": status, "description": status})
    return events


def _order_fields(
    node: Mapping[str, Any], warehouse_code: str, shop_country: str = "US"
) -> dict[str, Any]:
    customer = node.get("customer") or {}
    customer_email, customer_phone = _customer_contact(customer)
    email = node.get("email") or customer_email
    phone = node.get("phone") or customer_phone
    customer_name = _name(customer.get("firstName"), customer.get("lastName"))
    fallback = node.get("shippingAddress") or node.get("billingAddress") or {}
    customer_name = customer_name or fallback.get("name") or email or "Shopify customer"
    if customer.get("legacyResourceId") or customer.get("id"):
        customer_id = f"shopify:{customer.get('legacyResourceId') or gid_tail(customer['id'])}"
    else:
        customer_id = f"shopify:guest:{email or gid_tail(node['id'])}"
    address = _address(node, customer, customer_name, phone, shop_country)

    items = [
        {
            "line_id": gid_tail(li["id"]),
            "sku": li.get("sku") or gid_tail(li["id"]),
            "title": li.get("title") or li.get("name") or "item",
            "category": "general" if li.get("requiresShipping", True) else "digital",
            "quantity": int(li["quantity"]),
            "unit_price": str(_money(li["originalUnitPriceSet"])),
        }
        for li in _nodes(node.get("lineItems"))
        if int(li.get("quantity") or 0) > 0
    ]

    discounts = []
    for index, app in enumerate(_nodes(node.get("discountApplications"))):
        if app.get("allocationMethod") != "ACROSS" or app.get("targetType") != "LINE_ITEM":
            continue  # line-level and shipping discounts are already in the line/shipping prices
        code = app.get("code") or app.get("title") or f"discount-{index + 1}"
        value = app.get("value") or {}
        if "percentage" in value:
            discounts.append(
                {"code": code, "kind": "order_percent", "percent": value["percentage"]}
            )
        elif "amount" in value:
            discounts.append({"code": code, "kind": "order_fixed", "amount": value["amount"]})

    fulfillments = _nodes(node.get("fulfillments"))
    live = [
        f for f in fulfillments if str(f.get("status") or "").upper() not in _FAILED_FULFILMENTS
    ]
    shipments = []
    delivered_at: datetime | None = None
    for f in live:
        events = _events(f)
        delivered = _dt(f.get("deliveredAt"))
        if delivered is None and str(f.get("displayStatus") or "").upper() == "DELIVERED":
            times = [_dt(e["at"]) for e in events if e["status"] == "delivered"]
            delivered = max((t for t in times if t is not None), default=None)
        if delivered is not None:
            delivered_at = max(delivered_at or delivered, delivered)
        for tracking in f.get("trackingInfo") or []:
            if not tracking.get("number"):
                continue
            shipments.append(
                {
                    "carrier": tracking.get("company") or "unknown",
                    "tracking_no": tracking["number"],
                    "picked_up_at": f.get("inTransitAt"),
                    "eta": f.get("estimatedDeliveryAt"),
                    "events": events,
                }
            )

    status = _status(node, live, delivered_at)
    transactions = _nodes(node.get("transactions"))
    payment = _payment(node, transactions)
    paid_at = next(
        (
            t.get("processedAt")
            for t in transactions
            if t.get("kind") in ("SALE", "CAPTURE") and t.get("status") == "SUCCESS"
        ),
        None,
    )
    if paid_at is None and payment["status"] == "succeeded":
        paid_at = node.get("processedAt") or node.get("createdAt")

    line_ids = {i["line_id"] for i in items}
    returns = []
    for refund in _nodes(node.get("refunds")):
        lines = [
            {"line_id": gid_tail(r["lineItem"]["id"]), "quantity": int(r["quantity"])}
            for r in _nodes(refund.get("refundLineItems"))
            if int(r.get("quantity") or 0) > 0 and gid_tail(r["lineItem"]["id"]) in line_ids
        ]
        amount = _money(refund.get("totalRefundedSet"))
        if not lines and amount <= 0:
            continue  # nothing moved: no goods, no money
        returns.append(
            {
                "return_id": f"shopify-refund-{gid_tail(refund['id'])}",
                "created_at": refund["createdAt"],
                "lines": lines,  # empty: money only (shipping, goodwill)
                "reason": refund.get("note") or "refund",
                "refund_amount": str(amount),
                "status": ReturnStatus.REFUNDED.value,
                "refunded_at": refund["createdAt"],
            }
        )

    outbound = min((f["createdAt"] for f in live if f.get("createdAt")), default=None)
    placed_at = node.get("createdAt") or node.get("processedAt")
    return {
        "order_no": node["name"],
        "platform": PLATFORM,
        "status": status,
        "placed_at": placed_at,
        "paid_at": paid_at if _not_before(paid_at, placed_at) else None,
        "currency": node.get("currencyCode") or node["totalPriceSet"]["shopMoney"]["currencyCode"],
        "customer": {
            "id": customer_id,
            "name": customer_name,
            "phone": phone,
            "email": email,
            "locale": customer.get("locale") or node.get("customerLocale"),
        },
        "items": items,
        "discounts": discounts,
        "shipping_fee": str(_money(node.get("totalShippingPriceSet"))),
        "shipping_address": address,
        "warehouse": {"code": warehouse_code, "outbound_at": outbound},
        "shipments": shipments,
        "payment": payment,
        "delivered_at": delivered_at.isoformat() if delivered_at else None,
        "returns": returns,
    }


def _status(node: Mapping[str, Any], fulfillments: list[Any], delivered_at: Any) -> str:
    """The canonical status from the financial and fulfilment display statuses and the
    successful fulfilments (`fulfillments` holds no failed or cancelled ones)."""
    financial = node.get("displayFinancialStatus") or "PENDING"
    fulfillment = node.get("displayFulfillmentStatus") or "UNFULFILLED"
    if node.get("cancelledAt"):
        return OrderStatus.CANCELLED.value
    if financial == "REFUNDED" or financial == "VOIDED":
        return OrderStatus.CLOSED.value
    if fulfillment in ("FULFILLED", "PARTIALLY_FULFILLED") or any(
        str(f.get("status") or "").upper() == "SUCCESS" for f in fulfillments
    ):
        all_delivered = fulfillments and all(
            f.get("deliveredAt") or str(f.get("displayStatus") or "").upper() == "DELIVERED"
            for f in fulfillments
        )
        if fulfillment == "FULFILLED" and all_delivered and delivered_at is not None:
            return OrderStatus.DELIVERED.value
        return OrderStatus.SHIPPED.value
    if financial in ("PENDING", "EXPIRED"):
        return OrderStatus.PENDING_PAYMENT.value
    if fulfillment in ("IN_PROGRESS", "PENDING_FULFILLMENT", "ON_HOLD", "SCHEDULED"):
        return OrderStatus.PICKING.value
    return OrderStatus.PAID.value


def _payment(node: Mapping[str, Any], transactions: list[Any]) -> dict[str, Any]:
    financial = node.get("displayFinancialStatus") or "PENDING"
    gateways = [g for g in node.get("paymentGatewayNames") or [] if g and str(g).strip()]
    method = (
        gateways[0]
        if gateways
        else next((t.get("gateway") for t in transactions if t.get("gateway")), None)
    ) or "unknown"
    amount = str(_money(node.get("totalPriceSet")))
    failed = [t for t in transactions if t.get("status") in ("FAILURE", "ERROR")]
    succeeded = [
        t for t in transactions if t.get("status") == "SUCCESS" and t.get("kind") != "REFUND"
    ]
    if financial in ("PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED", "REFUNDED", "AUTHORIZED"):
        return {"method": method, "status": "succeeded", "amount": amount}
    if failed and not succeeded:
        code = str(failed[-1].get("errorCode") or "")
        return {
            "method": failed[-1].get("gateway") or method,
            "status": "failed",
            "failure_code": FAILURE_CODES.get(code, "bank_declined"),
            "amount": amount,
        }
    return {"method": method, "status": "pending", "amount": amount}


# ----------------------------------------------------------------------------- webhooks

WEBHOOK_TOPICS = (
    "orders/create",
    "orders/updated",
    "orders/paid",
    "orders/cancelled",
    "orders/fulfilled",
    "orders/partially_fulfilled",
    "orders/delete",
    "fulfillments/create",
    "fulfillments/update",
    "refunds/create",
)
"""Topics `parse_webhook` understands (Shopify's `X-Shopify-Topic`)."""


def verify_webhook(secret: str | bytes, body: bytes, signature: str | None) -> bool:
    """X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, keyed by the app secret."""
    if not signature or not secret:
        return False
    key = secret.encode() if isinstance(secret, str) else secret
    expected = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected.encode(), signature.strip().encode())


def sign_webhook(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass
class ShopifyWebhook:
    """A verified webhook, mapped: `order` for orders/*, `shipments` (every tracking number of
    a successful fulfilment, none of a failed or cancelled one) for fulfillments/*, `ret` for
    refunds/create, `deleted` for orders/delete; `order_id` is Shopify's legacy order id."""

    topic: str
    order_id: str
    order: Order | None = None
    shipments: list[Shipment] = field(default_factory=list)
    cancelled_tracking: list[str] = field(default_factory=list)
    """Tracking numbers of a fulfilment that failed or was cancelled: no longer a parcel."""
    delivered_at: datetime | None = None
    ret: Return | None = None
    deleted: bool = False

    @property
    def shipment(self) -> Shipment | None:
        return self.shipments[0] if self.shipments else None


def _rest_money(amount: Any, currency: Any = None) -> dict[str, Any]:
    return {"shopMoney": {"amount": str(amount or "0"), "currencyCode": currency}}


def _rest_id(doc: Mapping[str, Any]) -> str:
    """A REST resource's id as its GraphQL gid tail (exact even where a JSON parser rounded the
    number: Shopify sends `admin_graphql_api_id` beside every `id`)."""
    gid = doc.get("admin_graphql_api_id")
    return gid_tail(gid) if gid else str(doc.get("id"))


def _rest_address(a: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not a:
        return None
    return {
        "name": a.get("name"),
        "firstName": a.get("first_name"),
        "lastName": a.get("last_name"),
        "phone": a.get("phone"),
        "address1": a.get("address1"),
        "address2": a.get("address2"),
        "city": a.get("city"),
        "province": a.get("province"),
        "provinceCode": a.get("province_code"),
        "countryCodeV2": a.get("country_code"),
        "zip": a.get("zip"),
    }


def _rest_fulfillment(f: Mapping[str, Any]) -> dict[str, Any]:
    numbers = [n for n in f.get("tracking_numbers") or [] if n] or (
        [f["tracking_number"]] if f.get("tracking_number") else []
    )
    companies = f.get("tracking_companies") or []
    shipment_status = str(f.get("shipment_status") or "").upper()
    delivered = shipment_status == "DELIVERED"
    status = {
        "success": "SUCCESS",
        "cancelled": "CANCELLED",
        "error": "ERROR",
        "failure": "FAILURE",
        "pending": "PENDING",
        "open": "OPEN",
    }
    return {
        "id": _rest_id(f),
        "status": status.get(str(f.get("status")), "OPEN"),
        "displayStatus": shipment_status or None,
        "createdAt": f.get("created_at"),
        "updatedAt": f.get("updated_at"),
        "deliveredAt": f.get("updated_at") if delivered else None,
        "inTransitAt": f.get("created_at"),
        "estimatedDeliveryAt": None,
        "trackingInfo": [
            {
                "company": (companies[i] if i < len(companies) else None)
                or f.get("tracking_company"),
                "number": n,
            }
            for i, n in enumerate(numbers)
        ],
        "events": [],
    }


def rest_order_to_node(p: Mapping[str, Any]) -> dict[str, Any]:
    """A webhook's REST-shaped order -> the Admin GraphQL node shape `map_order` reads."""
    currency = p.get("currency")
    customer = p.get("customer") or {}
    financial = str(p.get("financial_status") or "pending").upper()
    fulfillment = {
        None: "UNFULFILLED",
        "fulfilled": "FULFILLED",
        "partial": "PARTIALLY_FULFILLED",
        "restocked": "UNFULFILLED",
    }.get(p.get("fulfillment_status"), "UNFULFILLED")
    shipping = (p.get("total_shipping_price_set") or {}).get("shop_money")
    return {
        "id": p.get("admin_graphql_api_id") or str(p.get("id")),
        "name": p["name"],
        "createdAt": p.get("created_at"),
        "processedAt": p.get("processed_at") or p.get("created_at"),
        "cancelledAt": p.get("cancelled_at"),
        "displayFinancialStatus": financial,
        "displayFulfillmentStatus": fulfillment,
        "currencyCode": currency,
        "email": p.get("email") or p.get("contact_email"),
        "phone": p.get("phone"),
        "customerLocale": p.get("customer_locale"),
        "paymentGatewayNames": [g for g in p.get("payment_gateway_names") or [] if g]
        or ([p["gateway"]] if p.get("gateway") else []),
        "customer": {
            "id": _rest_id(customer),
            "legacyResourceId": _rest_id(customer),
            "firstName": customer.get("first_name"),
            "lastName": customer.get("last_name"),
            "email": customer.get("email"),
            "phone": customer.get("phone"),
            "locale": customer.get("locale"),
            "defaultAddress": _rest_address(customer.get("default_address")),
        }
        if customer.get("id")
        else None,
        "shippingAddress": _rest_address(p.get("shipping_address")),
        "billingAddress": _rest_address(p.get("billing_address")),
        "totalPriceSet": _rest_money(p.get("total_price"), currency),
        "totalShippingPriceSet": {"shopMoney": shipping}
        if shipping
        else _rest_money("0", currency),
        "lineItems": [
            {
                "id": _rest_id(li),
                "sku": li.get("sku"),
                "title": li.get("title"),
                "name": li.get("name"),
                "quantity": li.get("current_quantity", li.get("quantity")),
                "requiresShipping": li.get("requires_shipping", True),
                "originalUnitPriceSet": _rest_money(li.get("price"), currency),
            }
            for li in p.get("line_items") or []
        ],
        "discountApplications": [
            {
                "allocationMethod": str(d.get("allocation_method") or "").upper(),
                "targetType": str(d.get("target_type") or "").upper(),
                "code": d.get("code"),
                "title": d.get("title"),
                "value": {"percentage": d["value"]}
                if d.get("value_type") == "percentage"
                else {"amount": d.get("value")},
            }
            for d in p.get("discount_applications") or []
        ],
        "fulfillments": [_rest_fulfillment(f) for f in p.get("fulfillments") or []],
        "transactions": [],
        "refunds": [_rest_refund(r, currency) for r in p.get("refunds") or []],
    }


def _rest_refund(r: Mapping[str, Any], currency: Any = None) -> dict[str, Any]:
    total = sum(
        (
            Decimal(str(t.get("amount") or "0"))
            for t in r.get("transactions") or []
            if t.get("kind") == "refund" and t.get("status") in (None, "success")
        ),
        Decimal("0"),
    )
    if not total:
        total = sum(
            (Decimal(str(li.get("subtotal") or "0")) for li in r.get("refund_line_items") or []),
            Decimal("0"),
        )
    return {
        "id": _rest_id(r),
        "createdAt": r.get("created_at"),
        "note": r.get("note"),
        "totalRefundedSet": _rest_money(total, currency),
        "refundLineItems": [
            {
                "quantity": li.get("quantity"),
                "lineItem": {"id": _rest_id(li["line_item"])}
                if isinstance(li.get("line_item"), Mapping)
                else {"id": str(li.get("line_item_id"))},
            }
            for li in r.get("refund_line_items") or []
        ],
    }


def parse_webhook(
    topic: str, payload: Mapping[str, Any], *, shop_country: str = "US"
) -> ShopifyWebhook:
    """Map a verified webhook body; `MalformedPayload` for a body that is not what it claims,
    `ValueError` for a topic this connector does not handle."""
    if topic not in WEBHOOK_TOPICS:
        raise ValueError(f"unsupported Shopify webhook topic {topic!r}")
    if not isinstance(payload, Mapping):
        raise MalformedPayload(f"shopify webhook {topic}: not a JSON object")
    try:
        if topic == "orders/delete":
            return ShopifyWebhook(topic, _rest_id(payload), deleted=True)
        if topic.startswith("orders/"):
            order = map_order(rest_order_to_node(payload), shop_country=shop_country)
            return ShopifyWebhook(topic, _rest_id(payload), order=order)
        if topic.startswith("fulfillments/"):
            return _fulfilment_webhook(topic, payload)
        refund = _rest_refund(payload)
        lines = [
            {"line_id": r["lineItem"]["id"], "quantity": int(r["quantity"])}
            for r in refund["refundLineItems"]
            if int(r.get("quantity") or 0) > 0
        ]
        amount = Decimal(refund["totalRefundedSet"]["shopMoney"]["amount"])
        ret = None
        if lines or amount > 0:
            ret = Return.model_validate(
                {
                    "return_id": f"shopify-refund-{refund['id']}",
                    "created_at": refund["createdAt"],
                    "lines": lines,
                    "reason": refund["note"] or "refund",
                    "refund_amount": str(amount),
                    "status": "refunded",
                    "refunded_at": refund["createdAt"],
                }
            )
        return ShopifyWebhook(topic, str(payload["order_id"]), ret=ret)
    except (KeyError, TypeError, ValueError, ArithmeticError, ValidationError) as exc:
        raise MalformedPayload(f"shopify webhook {topic}: {exc}") from exc


def _fulfilment_webhook(topic: str, payload: Mapping[str, Any]) -> ShopifyWebhook:
    node = _rest_fulfillment(payload)
    hook = ShopifyWebhook(topic, str(payload["order_id"]))
    numbers = [t["number"] for t in node["trackingInfo"]]
    if node["status"] in _FAILED_FULFILMENTS:
        hook.cancelled_tracking = numbers
        return hook
    events = _events(node)
    for tracking in node["trackingInfo"]:
        hook.shipments.append(
            Shipment.model_validate(
                {
                    "carrier": tracking["company"] or "unknown",
                    "tracking_no": tracking["number"],
                    "picked_up_at": payload.get("created_at"),
                    "events": events,
                }
            )
        )
    if node["deliveredAt"]:
        hook.delivered_at = _dt(node["deliveredAt"])
    return hook


# ----------------------------------------------------------------------------- source


class ShopifyThrottled(UpstreamError):
    """Still throttled after every retry."""


class ShopifySource:
    """An `OrderSource` over the Shopify Admin GraphQL API."""

    remote = True
    platform = PLATFORM

    def __init__(
        self,
        config: ShopifyConfig,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        http: JsonHttp | None = None,
    ) -> None:
        self.config = config
        self.name = config.name
        self._sleep = sleep
        self._http = http or JsonHttp(
            config.base_url,
            headers={"X-Shopify-Access-Token": config.access_token.get_secret_value()},
            timeout=config.timeout_seconds,
        )
        self._endpoint = f"/admin/api/{config.api_version}/graphql.json"
        self._pattern = re.compile(
            rf"{re.escape(config.order_name_prefix)}\d{{1,10}}{re.escape(config.order_name_suffix)}"
        )
        self._gids: dict[str, str] = {}
        self._reason_ids: dict[str, str] | None = None
        self._costs: dict[str, float] = {}
        self.available: float | None = None
        self.restore_rate: float = 50.0
        self.maximum: float = 1000.0

    def owns(self, order_no: str) -> bool:
        return bool(self._pattern.fullmatch(order_no))

    # -- GraphQL with cost-based throttling

    async def graphql(self, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        """Run one query or mutation; waits for the cost bucket, retries THROTTLED."""
        operation = re.search(r"(?:query|mutation)\s+(\w+)", query)
        op = operation.group(1) if operation else "anonymous"
        delays = backoff_delays(self.config.max_throttle_retries, base=1.0, cap=20.0)
        while True:
            await self._wait_for_budget(op)
            answer = await self._http.request(
                "POST", self._endpoint, body={"query": query, "variables": dict(variables)}
            )
            body = answer.body if isinstance(answer.body, Mapping) else {}
            self._remember_cost(op, body)
            throttled = answer.status == 429 or any(
                (e.get("extensions") or {}).get("code") == "THROTTLED"
                for e in body.get("errors") or []
                if isinstance(e, Mapping)
            )
            if throttled:
                delay = next(delays, None)
                if delay is None:
                    raise ShopifyThrottled(f"{op}: throttled")
                wait = max(delay, self._budget_wait(op), _retry_after(answer.headers))
                log.info("shopify_throttled", operation=op, wait=round(wait, 2))
                await self._sleep(wait)
                self._refilled(wait)
                continue
            if answer.status in (401, 403):
                raise UpstreamError(f"{op}: HTTP {answer.status} (access token or scopes)")
            if answer.status >= 400:
                raise UpstreamError(f"{op}: HTTP {answer.status}")
            if body.get("errors"):
                raise UpstreamError(f"{op}: {body['errors'][0].get('message', 'error')}")
            data = body.get("data")
            if not isinstance(data, Mapping):
                raise MalformedPayload(f"{op}: no data")
            return dict(data)

    def _remember_cost(self, op: str, body: Mapping[str, Any]) -> None:
        cost = (body.get("extensions") or {}).get("cost") or {}
        status = cost.get("throttleStatus") or {}
        if cost.get("requestedQueryCost") is not None:
            self._costs[op] = float(cost["requestedQueryCost"])
        if status.get("currentlyAvailable") is not None:
            self.available = float(status["currentlyAvailable"])
        if status.get("maximumAvailable"):
            self.maximum = float(status["maximumAvailable"])
        if status.get("restoreRate"):
            self.restore_rate = float(status["restoreRate"])

    def _refilled(self, waited: float) -> None:
        """The bucket after a wait: restored at `restoreRate`, never above its maximum."""
        if self.available is not None:
            self.available = min(self.maximum, self.available + waited * self.restore_rate)

    def _budget_wait(self, op: str) -> float:
        needed = self._costs.get(op)
        if needed is None or self.available is None or self.available >= needed:
            return 0.0
        return (needed - self.available) / self.restore_rate

    async def _wait_for_budget(self, op: str) -> None:
        wait = self._budget_wait(op)
        if wait > 0:
            log.info("shopify_waiting_for_budget", operation=op, wait=round(wait, 2))
            await self._sleep(wait)
            self._refilled(wait)

    # -- reads

    def _map(self, node: Mapping[str, Any]) -> Order:
        order = map_order(
            node, warehouse_code=self.config.warehouse_code, shop_country=self.config.shop_country
        )
        self._gids[order.order_no] = str(node["id"])
        return order

    async def _find(self, query: str, first: int = 50) -> list[Order]:
        data = await self.graphql(FIND_ORDERS, {"query": query, "first": first, "after": None})
        return [self._map(node) for node in _nodes(data.get("orders"))]

    async def get_order(self, order_no: str) -> Order | None:
        if not self.owns(order_no):
            return None
        found = await self._find(f'name:"{order_no}"', first=5)
        return next((o for o in found if o.order_no == order_no), None)

    async def list_customer_orders(self, customer_id: str) -> list[Order]:
        if not customer_id.startswith("shopify:") or customer_id.startswith("shopify:guest:"):
            return []
        return await self._find(f"customer_id:{customer_id.removeprefix('shopify:')}")

    async def search_orders(
        self, *, email: str | None = None, phone: str | None = None
    ) -> list[Order]:
        """Orders by the buyer's e-mail; by phone through the customers who have it."""
        found: dict[str, Order] = {}
        if email:
            for order in await self._find(f'email:"{email}"'):
                found[order.order_no] = order
        if phone:
            data = await self.graphql(FIND_CUSTOMERS, {"query": f'phone:"{phone}"'})
            for customer in _nodes(data.get("customers")):
                legacy = customer.get("legacyResourceId") or gid_tail(customer["id"])
                for order in await self._find(f"customer_id:{legacy}"):
                    found[order.order_no] = order
        return list(found.values())

    async def changed_since(
        self, cursor: str | None, *, after: str | None = None
    ) -> tuple[list[Order], str | None, bool]:
        """One page of orders updated at or after `cursor` (ISO time), oldest first:
        (orders, page cursor for the next call, whether more pages follow)."""
        query = f"updated_at:>='{cursor}'" if cursor else ""
        data = await self.graphql(
            UPDATED_ORDERS, {"query": query, "first": self.config.page_size, "after": after}
        )
        orders_conn = data.get("orders") or {}
        page = orders_conn.get("pageInfo") or {}
        orders = []
        for node in _nodes(orders_conn):
            try:
                orders.append(self._map(node))
            except MalformedPayload:
                log.warning("shopify_order_skipped", order=mask_order_no(str(node.get("name"))))
        return orders, page.get("endCursor"), bool(page.get("hasNextPage"))

    async def _gid(self, order_no: str) -> str:
        if order_no not in self._gids:
            if await self.get_order(order_no) is None:
                raise OrderNotFound(order_no)
        return self._gids[order_no]

    async def _raw_order(self, order_no: str) -> Mapping[str, Any]:
        data = await self.graphql(
            FIND_ORDERS, {"query": f'name:"{order_no}"', "first": 5, "after": None}
        )
        for node in _nodes(data.get("orders")):
            if node.get("name") == order_no:
                self._gids[order_no] = str(node["id"])
                found: Mapping[str, Any] = node
                return found
        raise OrderNotFound(order_no)

    # -- writes

    async def update_address(self, order_no: str, address: Address) -> Order:
        first, last = _split_name(address.name)
        mailing: dict[str, Any] = {
            "firstName": first,
            "lastName": last,
            "phone": address.phone,
            "address1": address.line1,
            "address2": " ".join(p for p in (address.district, address.line2) if p) or None,
            "city": address.city,
            "countryCode": address.country,
            "zip": address.postal_code,
        }
        if address.province and re.fullmatch(r"[A-Z0-9]{1,3}", address.province):
            mailing["provinceCode"] = address.province
        mailing = {k: v for k, v in mailing.items() if v is not None}
        data = await self.graphql(
            ORDER_UPDATE, {"input": {"id": await self._gid(order_no), "shippingAddress": mailing}}
        )
        payload = data.get("orderUpdate") or {}
        _raise_user_errors("orderUpdate", payload.get("userErrors"))
        if payload.get("order"):
            return self._map(payload["order"])
        return await self._reread(order_no)

    async def create_return(self, order_no: str, ret: Return) -> Order:
        """Fulfilled lines go back through `returnCreate`; lines never shipped are refunded
        (and their stock released) at once through `refundCreate`."""
        node = await self._raw_order(order_no)
        fulfilled = _fulfillment_line_items(node)
        wanted = {line.line_id: line.quantity for line in ret.lines}
        if all(fulfilled.get(line_id, (None, 0))[1] >= n for line_id, n in wanted.items()):
            definition = await self._reason_definition(ret.reason)
            return_lines = []
            for line_id, quantity in wanted.items():
                line: dict[str, Any] = {
                    "fulfillmentLineItemId": fulfilled[line_id][0],
                    "quantity": quantity,
                }
                if definition is not None:
                    line["returnReasonDefinitionId"] = definition
                else:
                    line["returnReasonNote"] = ret.reason
                return_lines.append(line)
            data = await self.graphql(
                RETURN_CREATE,
                {
                    "returnInput": {
                        "orderId": node["id"],
                        "returnLineItems": return_lines,
                        "requestedAt": ret.created_at.isoformat(),
                    }
                },
            )
            _raise_user_errors("returnCreate", (data.get("returnCreate") or {}).get("userErrors"))
        else:
            await self.refund(order_no, ret, node=node)
        return await self._reread(order_no)

    async def _reason_definition(self, reason: str) -> str | None:
        """The id of the shop's `ReturnReasonDefinition` for one of our reasons (read once)."""
        if self._reason_ids is None:
            data = await self.graphql(RETURN_REASONS_QUERY, {"first": 250})
            self._reason_ids = {
                str(d["handle"]): str(d["id"])
                for d in _nodes(data.get("returnReasonDefinitions"))
                if d.get("handle") and d.get("id") and not d.get("deleted")
            }
        for word in RETURN_REASON_HANDLES.get(reason, ()):
            for handle, gid in self._reason_ids.items():
                if word in handle:
                    return gid
        return None

    async def refund(
        self, order_no: str, ret: Return, *, node: Mapping[str, Any] | None = None
    ) -> None:
        """`refundCreate` for the return's lines and amount, against the order's payment."""
        node = node or await self._raw_order(order_no)
        fulfilled = _fulfillment_line_items(node)
        parent = next(
            (
                t
                for t in _nodes(node.get("transactions"))
                if t.get("kind") in ("SALE", "CAPTURE") and t.get("status") == "SUCCESS"
            ),
            None,
        )
        line_ids = {gid_tail(li["id"]): li["id"] for li in _nodes(node.get("lineItems"))}
        refund_input: dict[str, Any] = {
            "orderId": node["id"],
            "note": f"{ret.return_id}: {ret.reason}",
            "notify": False,
            "refundLineItems": [
                {
                    "lineItemId": line_ids.get(line.line_id, line.line_id),
                    "quantity": line.quantity,
                    "restockType": "RETURN" if line.line_id in fulfilled else "CANCEL",
                }
                for line in ret.lines
            ],
        }
        if parent is not None and ret.refund_amount > 0:
            refund_input["transactions"] = [
                {
                    "orderId": node["id"],
                    "parentId": parent["id"],
                    "gateway": parent.get("gateway"),
                    "kind": "REFUND",
                    "amount": str(ret.refund_amount),
                }
            ]
        data = await self.graphql(REFUND_CREATE, {"input": refund_input})
        _raise_user_errors("refundCreate", (data.get("refundCreate") or {}).get("userErrors"))

    async def cancel(self, order_no: str, line_ids: list[str] | None = None) -> Order:
        if line_ids:
            raise ValueError("cancel some lines through create_return")
        data = await self.graphql(
            ORDER_CANCEL,
            {
                "orderId": await self._gid(order_no),
                "reason": "CUSTOMER",
                "refundMethod": {"originalPaymentMethodsRefund": True},
                "restock": True,
                "notifyCustomer": True,
                "staffNote": "cancelled by the customer through order support",
            },
        )
        _raise_user_errors(
            "orderCancel", (data.get("orderCancel") or {}).get("orderCancelUserErrors")
        )
        order = await self._reread(order_no)
        if order.status is not OrderStatus.CANCELLED:  # Shopify cancels in a background job
            order = order.model_copy(update={"status": OrderStatus.CANCELLED})
        return order

    async def update_return(self, order_no: str, return_id: str, status: ReturnStatus) -> Order:
        """Returns move along in the Shopify admin (inspection, refund); not from here."""
        raise ValueError(f"shopify: return {return_id} is handled in the Shopify admin")

    async def _reread(self, order_no: str) -> Order:
        order = await self.get_order(order_no)
        if order is None:
            raise OrderNotFound(order_no)
        return order

    async def aclose(self) -> None:
        await self._http.aclose()


def _fulfillment_line_items(node: Mapping[str, Any]) -> dict[str, tuple[str, int]]:
    """line id -> (its FulfillmentLineItem id, quantity fulfilled) over successful fulfilments."""
    out: dict[str, tuple[str, int]] = {}
    for f in _nodes(node.get("fulfillments")):
        if f.get("status") not in (None, "SUCCESS"):
            continue
        for fli in _nodes(f.get("fulfillmentLineItems")):
            line_id = gid_tail(fli["lineItem"]["id"])
            previous = out.get(line_id, (fli["id"], 0))
            out[line_id] = (previous[0], previous[1] + int(fli.get("quantity") or 0))
    return out


def _raise_user_errors(operation: str, errors: Any) -> None:
    if errors:
        message = "; ".join(str(e.get("message")) for e in errors if isinstance(e, Mapping))
        raise ValueError(f"shopify {operation}: {message}")


def _retry_after(headers: Mapping[str, str]) -> float:
    try:
        return float(headers.get("Retry-After", "0"))
    except ValueError:
        return 0.0
