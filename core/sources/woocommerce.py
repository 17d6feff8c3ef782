"""WooCommerce, through the REST API v3 (`/wp-json/wc/v3`): orders, notes, refunds, webhooks.

- Reads: `GET /orders/{id}`, `GET /orders?customer=` and `?search=` paginated by `page` /
  `per_page` and the `X-WP-TotalPages` header; a failed payment's reason is read from the
  order notes, refunds' lines from `GET /orders/{id}/refunds`; tracking numbers from the
  Shipment Tracking extension's `_wc_shipment_tracking_items` meta.
- Writes: `PUT /orders/{id}` (shipping address, cancellation), `POST /orders/{id}/refunds`
  (an approved return), `POST /orders/{id}/notes` (a return waiting for approval).
- HTTP 429 is retried with backoff (Retry-After when given).
- Webhooks: `verify_webhook` (X-WC-Webhook-Signature = base64 HMAC-SHA256 of the raw body with
  the webhook secret) and `parse_webhook` for order.created / order.updated bodies.

WooCommerce order numbers are the order's `number` (its id unless a numbering plugin is used);
customers are `woocommerce:<customer id>` (guests: `woocommerce:guest:<e-mail>`).
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import structlog
from pydantic import BaseModel, SecretStr, ValidationError

from core.masking import mask_order_no
from core.order import Address, Order, OrderStatus, Return, ReturnStatus
from core.sources.base import OrderNotFound
from core.sources.resilience import MalformedPayload, UpstreamError, backoff_delays
from core.sources.rest import HttpAnswer, JsonHttp
from core.sources.shopify import sign_webhook as _sign
from core.sources.shopify import verify_webhook as _verify

log = structlog.get_logger(__name__)

PLATFORM = "woocommerce"
TRACKING_META = "_wc_shipment_tracking_items"
CENT = Decimal("0.01")

STATUSES = {
    "pending": OrderStatus.PENDING_PAYMENT,
    "failed": OrderStatus.PENDING_PAYMENT,
    "on-hold": OrderStatus.PENDING_PAYMENT,
    "checkout-draft": OrderStatus.PENDING_PAYMENT,
    "processing": OrderStatus.PAID,
    "completed": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.CLOSED,
    "trash": OrderStatus.CLOSED,
    # added by common shipping plugins (Advanced Shipment Tracking, Order Status Manager, ...)
    "shipped": OrderStatus.SHIPPED,
    "partial-shipped": OrderStatus.SHIPPED,
    "partially-shipped": OrderStatus.SHIPPED,
    "updated-tracking": OrderStatus.SHIPPED,
    "in-transit": OrderStatus.SHIPPED,
    "out-for-delivery": OrderStatus.SHIPPED,
    "ready-pickup": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "picked-up": OrderStatus.DELIVERED,
}
"""WooCommerce order statuses -> canonical. A status this table does not know (another
plugin's) is read from the payment: paid means paid, else awaiting payment."""

_FAILURE_WORDS = [
    (re.compile(r"insufficient|not enough funds", re.I), "insufficient_funds"),
    (re.compile(r"expired", re.I), "expired_card"),
    (re.compile(r"limit", re.I), "card_limit_exceeded"),
    (re.compile(r"fraud|risk|blocked", re.I), "risk_blocked"),
    (re.compile(r"authenticat|3-?d ?secure|3ds|\bcvc\b|\bcvv\b", re.I), "authentication_failed"),
    (re.compile(r"network|time-?out|connection|unavailable", re.I), "network_error"),
]


class WooCommerceConfig(BaseModel):
    name: str = "woocommerce"
    base_url: str
    """The site root, e.g. https://shop.example.com (the API lives under /wp-json/wc/v3)."""
    consumer_key: SecretStr
    consumer_secret: SecretStr
    timeout_seconds: float = 8.0
    per_page: int = 50
    max_pages: int = 20
    order_no_pattern: str = r"\d{1,9}"
    completed_means: str = "delivered"
    """What WooCommerce's `completed` means in this shop: "delivered" or "shipped"."""
    api_refund: bool = False
    """True: refunds go through the payment gateway at once; False: recorded for staff to pay."""
    max_retries: int = 3


# ----------------------------------------------------------------------------- mapping


def _gmt(value: Any) -> str | None:
    """WooCommerce's `*_gmt` fields carry no offset: they are UTC."""
    if not value:
        return None
    text = str(value)
    return text if re.search(r"(Z|[+-]\d\d:\d\d)$", text) else f"{text}+00:00"


def _meta(doc: Mapping[str, Any], key: str) -> Any:
    return next((m.get("value") for m in doc.get("meta_data") or [] if m.get("key") == key), None)


def failure_code_from_notes(notes: list[Mapping[str, Any]]) -> str:
    for note in notes:
        text = str(note.get("note") or "")
        if "fail" not in text.lower() and "declin" not in text.lower():
            continue
        for pattern, code in _FAILURE_WORDS:
            if pattern.search(text):
                return code
        return "bank_declined"
    return "bank_declined"


def map_order(
    doc: Mapping[str, Any],
    *,
    notes: list[Mapping[str, Any]] | None = None,
    refunds: list[Mapping[str, Any]] | None = None,
    completed_means: str = "delivered",
) -> Order:
    """One WooCommerce order (REST v3 / webhook body) -> the canonical order."""
    try:
        return Order.model_validate(_fields(doc, notes or [], refunds or [], completed_means))
    except (KeyError, TypeError, ValueError, ArithmeticError, ValidationError) as exc:
        raise MalformedPayload(f"woocommerce order {doc.get('id', '?')}: {exc}") from exc


def _fields(
    doc: Mapping[str, Any],
    notes: list[Mapping[str, Any]],
    refunds: list[Mapping[str, Any]],
    completed_means: str,
) -> dict[str, Any]:
    billing = doc.get("billing") or {}
    shipping = doc.get("shipping") or {}
    ship_to = shipping if shipping.get("address_1") else billing
    email = billing.get("email") or None
    phone = billing.get("phone") or None
    name = " ".join(p for p in (billing.get("first_name"), billing.get("last_name")) if p)
    customer_no = doc.get("customer_id") or 0
    customer_id = (
        f"woocommerce:{customer_no}" if customer_no else f"woocommerce:guest:{email or doc['id']}"
    )

    items = []
    for li in doc["line_items"]:
        quantity = int(li["quantity"])
        if quantity <= 0:
            continue
        subtotal = Decimal(str(li.get("subtotal") or li.get("total") or "0"))
        items.append(
            {
                "line_id": str(li["id"]),
                "sku": li.get("sku") or str(li.get("variation_id") or li.get("product_id")),
                "title": html.unescape(str(li.get("name") or "item")),
                "quantity": quantity,
                "unit_price": str((subtotal / quantity).quantize(CENT, ROUND_HALF_UP)),
            }
        )
    discounts = [
        {"code": c.get("code") or "coupon", "kind": "order_fixed", "amount": c.get("discount")}
        for c in doc.get("coupon_lines") or []
        if Decimal(str(c.get("discount") or "0")) > 0
    ]

    shipments = []
    for t in _meta(doc, TRACKING_META) or []:
        if not isinstance(t, Mapping) or not t.get("tracking_number"):
            continue
        shipped_ts = t.get("date_shipped")
        shipments.append(
            {
                "carrier": t.get("custom_tracking_provider")
                or t.get("tracking_provider")
                or "unknown",
                "tracking_no": t["tracking_number"],
                "picked_up_at": datetime.fromtimestamp(int(str(shipped_ts)), UTC).isoformat()
                if str(shipped_ts or "").isdigit()
                else None,
            }
        )

    wc_status = str(doc.get("status") or "pending").removeprefix("wc-")
    paid = bool(doc.get("date_paid_gmt") or doc.get("date_paid"))
    status = STATUSES.get(wc_status)
    if status is None:
        log.info("woocommerce_unknown_status", status=wc_status[:40])
        status = OrderStatus.PAID if paid else OrderStatus.PENDING_PAYMENT
    delivered_at = None
    if status is OrderStatus.PAID and shipments:
        status = OrderStatus.SHIPPED
    if status is OrderStatus.DELIVERED:
        delivered_at = _gmt(doc.get("date_completed_gmt")) or _gmt(doc.get("date_modified_gmt"))
        plugin_delivered = wc_status != "completed"  # "delivered" says so whatever completed means
        if (completed_means != "delivered" and not plugin_delivered) or delivered_at is None:
            status, delivered_at = OrderStatus.SHIPPED, None

    method = doc.get("payment_method_title") or doc.get("payment_method") or "unknown"
    total = str(doc.get("total") or "0")
    if paid:
        payment = {"method": method, "status": "succeeded", "amount": total}
    elif wc_status == "failed":
        code = failure_code_from_notes(notes)
        payment = {"method": method, "status": "failed", "failure_code": code, "amount": total}
    else:
        payment = {"method": method, "status": "pending", "amount": total}

    line_ids = {i["line_id"] for i in items}
    returns = []
    for refund in refunds:
        lines = []
        for li in refund.get("line_items") or []:
            original = str(_meta(li, "_refunded_item_id") or "")
            if original in line_ids and abs(int(li.get("quantity") or 0)) > 0:
                lines.append({"line_id": original, "quantity": abs(int(li["quantity"]))})
        if not lines:
            continue
        created = _gmt(refund.get("date_created_gmt")) or _gmt(doc.get("date_modified_gmt"))
        returns.append(
            {
                "return_id": f"wc-refund-{refund['id']}",
                "created_at": created,
                "lines": lines,
                "reason": refund.get("reason") or "refund",
                "refund_amount": str(abs(Decimal(str(refund.get("amount") or "0")))),
                "status": ReturnStatus.REFUNDED.value,
                "refunded_at": created,
            }
        )

    placed = _gmt(doc.get("date_created_gmt"))
    paid_at = _gmt(doc.get("date_paid_gmt"))
    return {
        "order_no": str(doc.get("number") or doc["id"]),
        "platform": PLATFORM,
        "status": status.value,
        "placed_at": placed,
        "paid_at": paid_at if paid_at and placed and paid_at >= placed else None,
        "currency": doc.get("currency") or "USD",
        "customer": {
            "id": customer_id,
            "name": name or email or "WooCommerce customer",
            "phone": phone,
            "email": email,
        },
        "items": items,
        "discounts": discounts,
        "shipping_fee": str(doc.get("shipping_total") or "0"),
        "shipping_address": {
            "name": " ".join(p for p in (ship_to.get("first_name"), ship_to.get("last_name")) if p)
            or name
            or "n/a",
            "phone": ship_to.get("phone") or phone or "n/a",
            "country": ship_to.get("country"),
            "province": ship_to.get("state") or None,
            "city": ship_to.get("city"),
            "line1": ship_to.get("address_1"),
            "line2": ship_to.get("address_2") or None,
            "postal_code": ship_to.get("postcode") or None,
        },
        "shipments": shipments,
        "payment": payment,
        "delivered_at": delivered_at,
        "returns": returns,
    }


def line_refund_totals(order: Order, ret: Return) -> dict[str, Decimal]:
    """Spread a return's refund over its lines by their value, to the cent (largest remainder)."""
    values = {}
    for line in ret.lines:
        item = order.item(line.line_id)
        values[line.line_id] = (item.unit_price * line.quantity) if item else Decimal("0")
    whole = sum(values.values(), Decimal("0"))
    if whole <= 0:
        return dict.fromkeys(values, Decimal("0"))
    cents = int((ret.refund_amount / CENT).to_integral_value(ROUND_HALF_UP))
    raw = {k: Decimal(cents) * v / whole for k, v in values.items()}
    shares = {k: int(r) for k, r in raw.items()}
    left = cents - sum(shares.values())
    for k in sorted(raw, key=lambda k: raw[k] - shares[k], reverse=True)[:left]:
        shares[k] += 1
    return {k: Decimal(v) * CENT for k, v in shares.items()}


# ----------------------------------------------------------------------------- webhooks


def verify_webhook(secret: str | bytes, body: bytes, signature: str | None) -> bool:
    """X-WC-Webhook-Signature: base64 HMAC-SHA256 of the raw body, keyed by the webhook secret."""
    return _verify(secret, body, signature)


def sign_webhook(secret: str, body: bytes) -> str:
    return _sign(secret, body)


WEBHOOK_TOPICS = ("order.created", "order.updated", "order.restored", "order.deleted")


def parse_webhook(
    topic: str, payload: Mapping[str, Any], *, completed_means: str = "delivered"
) -> Order | None:
    """An order.created / updated / restored body -> the canonical order (refund lines come
    from the REST API, not the webhook); order.deleted -> None (its body is only the id)."""
    if topic not in WEBHOOK_TOPICS:
        raise ValueError(f"unsupported WooCommerce webhook topic {topic!r}")
    if not isinstance(payload, Mapping) or "id" not in payload:
        raise MalformedPayload(f"woocommerce webhook {topic}: not an order")
    if topic == "order.deleted":
        return None
    if "line_items" not in payload:
        raise MalformedPayload(f"woocommerce webhook {topic}: not an order")
    return map_order(payload, completed_means=completed_means)


# ----------------------------------------------------------------------------- source


class WooCommerceSource:
    """An `OrderSource` over the WooCommerce REST API v3."""

    remote = True
    platform = PLATFORM

    def __init__(
        self,
        config: WooCommerceConfig,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        http: JsonHttp | None = None,
    ) -> None:
        self.config = config
        self.name = config.name
        self._sleep = sleep
        self._http = http or JsonHttp(
            config.base_url,
            basic_auth=(
                config.consumer_key.get_secret_value(),
                config.consumer_secret.get_secret_value(),
            ),
            timeout=config.timeout_seconds,
        )
        self._api = "/wp-json/wc/v3"
        self._pattern = re.compile(config.order_no_pattern)
        self._ids: dict[str, str] = {}

    def owns(self, order_no: str) -> bool:
        return bool(self._pattern.fullmatch(order_no))

    async def _request(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> HttpAnswer:
        delays = backoff_delays(self.config.max_retries, base=1.0, cap=20.0)
        while True:
            answer = await self._http.request(
                method, f"{self._api}{path}", params=params, body=body
            )
            if answer.status != 429:
                if answer.status in (401, 403):
                    raise UpstreamError(f"{path}: HTTP {answer.status} (API keys or permissions)")
                return answer
            delay = next(delays, None)
            if delay is None:
                raise UpstreamError(f"{path}: rate limited")
            try:
                delay = max(delay, float(answer.headers.get("Retry-After", "0")))
            except ValueError:
                pass
            log.info("woocommerce_rate_limited", path=path, wait=round(delay, 2))
            await self._sleep(delay)

    async def _map(self, doc: Any) -> Order:
        if not isinstance(doc, Mapping) or "id" not in doc:
            raise MalformedPayload("woocommerce: not an order")
        order_id = str(doc["id"])
        notes: list[Mapping[str, Any]] = []
        refunds: list[Mapping[str, Any]] = []
        if doc.get("status") == "failed":
            answer = await self._request("GET", f"/orders/{order_id}/notes")
            notes = answer.body if isinstance(answer.body, list) else []
        if doc.get("refunds"):
            answer = await self._request("GET", f"/orders/{order_id}/refunds")
            refunds = answer.body if isinstance(answer.body, list) else []
        order = map_order(
            doc, notes=notes, refunds=refunds, completed_means=self.config.completed_means
        )
        self._ids[order.order_no] = order_id
        return order

    async def _pages(self, params: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """Every page of `GET /orders` with these filters (X-WP-TotalPages), up to max_pages."""
        docs: list[Mapping[str, Any]] = []
        page, total_pages = 1, 1
        while page <= min(total_pages, self.config.max_pages):
            answer = await self._request(
                "GET", "/orders", params={**params, "page": page, "per_page": self.config.per_page}
            )
            if answer.status >= 400 or not isinstance(answer.body, list):
                raise MalformedPayload(f"woocommerce /orders page {page}: HTTP {answer.status}")
            docs.extend(answer.body)
            try:
                total_pages = int(answer.headers.get("X-WP-TotalPages", "1"))
            except ValueError:
                total_pages = 1
            page += 1
        return docs

    async def get_order(self, order_no: str) -> Order | None:
        if not self.owns(order_no):
            return None
        order_id = self._ids.get(order_no, order_no)
        answer = await self._request("GET", f"/orders/{order_id}")
        if answer.status == 404:
            return None
        if answer.status >= 400:
            raise UpstreamError(f"woocommerce order {order_no}: HTTP {answer.status}")
        order = await self._map(answer.body)
        return order if order.order_no == order_no else None

    async def list_customer_orders(self, customer_id: str) -> list[Order]:
        prefix = f"{PLATFORM}:"
        bare = customer_id.removeprefix(prefix)
        if not customer_id.startswith(prefix) or not bare.isdigit():
            return []
        return [await self._map(doc) for doc in await self._pages({"customer": bare})]

    async def search_orders(
        self, *, email: str | None = None, phone: str | None = None
    ) -> list[Order]:
        """`?search=` matches loosely: keep only orders whose billing e-mail or phone match."""
        found: dict[str, Order] = {}
        digits = re.sub(r"\D", "", phone or "")
        # the store matches substrings of what was typed: the phone's last digits match best
        for term in (email, digits[-10:] if len(digits) >= 7 else None):
            if not term:
                continue
            for doc in await self._pages({"search": term}):
                billing = doc.get("billing") or {}
                same_email = email and str(billing.get("email", "")).lower() == email.lower()
                bill_digits = re.sub(r"\D", "", str(billing.get("phone") or ""))
                same_phone = len(digits) >= 7 and bill_digits.endswith(digits[-10:])
                if same_email or same_phone:
                    order = await self._map(doc)
                    found[order.order_no] = order
        return list(found.values())

    async def changed_since(
        self, cursor: str | None, *, after: str | None = None
    ) -> tuple[list[Order], str | None, bool]:
        """One page of orders modified after `cursor` (ISO time, GMT), oldest first:
        (orders, the next page to ask for, whether more pages follow)."""
        page = int(after or "1")
        params: dict[str, Any] = {
            "orderby": "modified",
            "order": "asc",
            "dates_are_gmt": "true",
            "page": page,
            "per_page": self.config.per_page,
        }
        if cursor:
            params["modified_after"] = cursor
        answer = await self._request("GET", "/orders", params=params)
        if answer.status >= 400 or not isinstance(answer.body, list):
            raise MalformedPayload(f"woocommerce /orders: HTTP {answer.status}")
        orders = []
        for doc in answer.body:
            try:
                orders.append(await self._map(doc))
            except MalformedPayload:
                log.warning("woocommerce_order_skipped", order=mask_order_no(str(doc.get("id"))))
        total_pages = int(answer.headers.get("X-WP-TotalPages", "1") or 1)
        more = page < total_pages
        return orders, str(page + 1) if more else None, more

    async def _order_id(self, order_no: str) -> str:
        if order_no not in self._ids and await self.get_order(order_no) is None:
            raise OrderNotFound(order_no)
        return self._ids[order_no]

    async def _write(self, order_no: str, method: str, path: str, body: Any) -> HttpAnswer:
        answer = await self._request(method, path, body=body)
        if answer.status == 404:
            raise OrderNotFound(order_no)
        if answer.status >= 400:
            message = answer.body.get("message") if isinstance(answer.body, Mapping) else None
            raise ValueError(f"woocommerce refused: {message or answer.status}")
        return answer

    async def update_address(self, order_no: str, address: Address) -> Order:
        first, _, last = address.name.rpartition(" ")
        shipping = {
            "first_name": first or address.name,
            "last_name": last if first else "",
            "address_1": address.line1,
            "address_2": " ".join(p for p in (address.district, address.line2) if p),
            "city": address.city,
            "state": address.province or "",
            "postcode": address.postal_code or "",
            "country": address.country,
            "phone": address.phone,
        }
        order_id = await self._order_id(order_no)
        answer = await self._write(order_no, "PUT", f"/orders/{order_id}", {"shipping": shipping})
        return await self._map(answer.body)

    async def create_return(self, order_no: str, ret: Return) -> Order:
        """An approved return is refunded at once (`POST /orders/{id}/refunds`); one waiting for
        approval is written as a private order note for staff."""
        order_id = await self._order_id(order_no)
        if ret.status in (ReturnStatus.REQUESTED, ReturnStatus.REJECTED):
            lines = ", ".join(f"{line.line_id}×{line.quantity}" for line in ret.lines)
            note = (
                f"Return {ret.return_id} requested ({ret.reason}): lines {lines}; "
                f"refund {ret.refund_amount} awaiting approval."
            )
            await self._write(
                order_no,
                "POST",
                f"/orders/{order_id}/notes",
                {"note": note, "customer_note": False},
            )
        else:
            order = await self.get_order(order_no)
            if order is None:
                raise OrderNotFound(order_no)
            totals = line_refund_totals(order, ret)
            body = {
                "amount": str(ret.refund_amount.quantize(CENT)),
                "reason": f"{ret.return_id}: {ret.reason}",
                "api_refund": self.config.api_refund,
                "line_items": [
                    {
                        "id": int(line.line_id) if line.line_id.isdigit() else line.line_id,
                        "quantity": line.quantity,
                        "refund_total": str(totals[line.line_id]),
                    }
                    for line in ret.lines
                ],
            }
            await self._write(order_no, "POST", f"/orders/{order_id}/refunds", body)
        order = await self.get_order(order_no)
        if order is None:
            raise OrderNotFound(order_no)
        return order

    async def cancel(self, order_no: str, line_ids: list[str] | None = None) -> Order:
        if line_ids:
            raise ValueError("cancel some lines through create_return")
        order_id = await self._order_id(order_no)
        answer = await self._write(order_no, "PUT", f"/orders/{order_id}", {"status": "cancelled"})
        return await self._map(answer.body)

    async def update_return(self, order_no: str, return_id: str, status: ReturnStatus) -> Order:
        """WooCommerce has no returns: the step is written as a private order note."""
        order_id = await self._order_id(order_no)
        note = {"note": f"Return {return_id}: {status.value}.", "customer_note": False}
        await self._write(order_no, "POST", f"/orders/{order_id}/notes", note)
        order = await self.get_order(order_no)
        if order is None:
            raise OrderNotFound(order_no)
        return order

    async def aclose(self) -> None:
        await self._http.aclose()
