"""`POST /webhooks/shop/{platform}`: order, shipment and payment changes from the shop.

Three platforms, each with its own signature scheme; all feed the same order upsert (the SQL
source) and the same proactive event (`Proactive.submit`):

- `canonical`: one canonical order (DESIGN.md, "The canonical order"); `X-OrderSupport-Signature`
  = hex HMAC-SHA256 of the raw body with `shop_webhook_secret`; idempotency key
  `X-OrderSupport-Event-Id` (else a digest of the body). Missing signature 401, wrong 403.
- `shopify`: Shopify's REST-shaped bodies; `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the
  raw body with the app's client secret (`shopify_webhook_secret`); topic `X-Shopify-Topic`
  (orders/create|updated|paid|cancelled|fulfilled|partially_fulfilled|delete,
  fulfillments/create|update, refunds/create); idempotency key `X-Shopify-Webhook-Id`.
- `woocommerce`: WooCommerce's REST v3 order bodies; `X-WC-Webhook-Signature` = base64
  HMAC-SHA256 of the raw body with the webhook's secret (`woocommerce_webhook_secret`); topic
  `X-WC-Webhook-Topic` (order.created|updated|restored|deleted); idempotency key
  `X-WC-Webhook-Delivery-ID`. The unsigned ping WooCommerce sends when a webhook is saved
  (form body `webhook_id=N`) gets 200 and stores nothing, or the shop would disable the hook.

    unknown platform 404 · secret not configured 503 · unsigned or forged 401 (canonical: 403)
    not JSON / not an order 400 · a topic we do not handle 200 {"ignored"} (stored: nothing)
    a delivery id seen before 200 {"duplicate": true, "queued": false} (stored: nothing)
    an order copy older than the one applied (out-of-order delivery) 200 {"ignored"}
    valid 200 {"order_no", "queued"}

Nothing is stored before the signature and the body are checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from aiohttp import web
from pydantic import ValidationError

from core.masking import mask_order_no
from core.order import Order, OrderStatus
from core.proactive.events import Event, body_digest
from core.proactive.service import Proactive
from core.services import Services
from core.sources import refs
from core.sources import shopify as shopify_source
from core.sources import woocommerce as woo_source
from core.sources.merge import apply_return, apply_shipments, merge_platform_copy
from core.sources.resilience import MalformedPayload
from core.tracking.base import PushRefused
from core.tracking.service import apply_report

log = structlog.get_logger(__name__)

PATH = "/webhooks/shop/{platform}"
SIGNATURE_HEADER = "X-OrderSupport-Signature"
EVENT_ID_HEADER = "X-OrderSupport-Event-Id"
SHOPIFY_SIGNATURE = "X-Shopify-Hmac-Sha256"
SHOPIFY_TOPIC = "X-Shopify-Topic"
SHOPIFY_WEBHOOK_ID = "X-Shopify-Webhook-Id"
WC_SIGNATURE = "X-WC-Webhook-Signature"
WC_TOPIC = "X-WC-Webhook-Topic"
WC_DELIVERY_ID = "X-WC-Webhook-Delivery-ID"
PROACTIVE_KEY = web.AppKey("shop_webhook_proactive", Proactive)
PLATFORMS = ("canonical", "shopify", "woocommerce")
DEDUP_SECONDS = 7 * 24 * 3600
WC_PING = re.compile(rb"^webhook_id=\d{1,20}$")


def sign(body: bytes, secret: str) -> str:
    """The signature a sender puts in `X-OrderSupport-Signature` (canonical platform)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _secret(services: Services, name: str) -> str | None:
    value: Any = getattr(services.settings, name, None)
    if value is None:
        return None
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
    return text or None


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@dataclass
class Change:
    """What one verified webhook changes: the order to upsert (None: nothing to store)."""

    order: Order | None
    note: str = ""


class Rejected(Exception):
    """A body that is not what its topic says: 400 with this message."""


async def _stored(services: Services, order_no: str) -> Order | None:
    return await services.orders.get_order(order_no)


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _is_older(services: Services, platform: str, order_no: str, updated: Any) -> bool:
    """Platforms do not deliver in order: a copy older than the one applied is ignored. The
    platform's own `updated_at` (WooCommerce: `date_modified_gmt`) of each applied copy is
    kept for 30 days."""
    moment = _moment(updated)
    if moment is None:
        return False
    key = f"shop-webhook-updated:{platform}:{order_no}"
    known = _moment(await services.keys.get(key))
    if known is not None and moment < known:
        return True
    await services.keys.put(key, moment.isoformat(), 30 * 24 * 3600)
    return False


async def _linked(services: Services, source: str, order: Order) -> Order:
    """A platform customer already linked to one of ours carries our customer id."""
    links = services.hub.links
    ours = await links.canonical(source, order.customer.id) if links is not None else None
    if not ours or ours == order.customer.id:
        return order
    customer = order.customer.model_copy(update={"id": ours})
    return order.model_copy(update={"customer": customer})


# ----------------------------------------------------------------------------- Shopify


async def _shopify_change(services: Services, topic: str, doc: Any) -> Change:
    country = str(getattr(services.settings, "shopify_shop_country", "US") or "US")
    try:
        hook = shopify_source.parse_webhook(topic, doc, shop_country=country)
    except MalformedPayload as exc:
        raise Rejected(str(exc)) from exc
    number = await refs.order_no_for(services.db, "shopify", hook.order_id)
    if hook.order is not None:
        if await _is_older(services, "shopify", hook.order.order_no, doc.get("updated_at")):
            return Change(None, "older than the copy already applied")
        await refs.remember(services.db, "shopify", hook.order_id, hook.order.order_no)
        incoming = await _linked(services, "shopify", hook.order)
        stored = await _stored(services, incoming.order_no)
        return Change(merge_platform_copy(stored, incoming))
    stored = await _stored(services, number) if number else None
    if stored is None:
        return Change(None, "order not known yet (its orders/* webhook brings it)")
    if hook.deleted:
        closed = stored.model_copy(update={"status": OrderStatus.CLOSED})
        return Change(Order.model_validate(closed.model_dump()))
    if hook.ret is not None:
        return Change(apply_return(stored, hook.ret))
    if hook.shipments or hook.cancelled_tracking:
        changed = apply_shipments(
            stored,
            hook.shipments,
            cancelled=hook.cancelled_tracking,
            delivered_at=hook.delivered_at,
        )
        return Change(changed)
    return Change(None, "nothing to change")


# ----------------------------------------------------------------------------- WooCommerce


async def _woocommerce_change(services: Services, topic: str, doc: Any) -> Change:
    means = str(getattr(services.settings, "woocommerce_completed_means", "delivered"))
    try:
        order = woo_source.parse_webhook(topic, doc, completed_means=means)
    except MalformedPayload as exc:
        raise Rejected(str(exc)) from exc
    external = str(doc["id"])
    if order is None:  # order.deleted: the body is only the id
        number = await refs.order_no_for(services.db, "woocommerce", external)
        stored = await _stored(services, number or external)
        if stored is None:
            return Change(None, "order not known")
        closed = stored.model_copy(update={"status": OrderStatus.CLOSED})
        return Change(Order.model_validate(closed.model_dump()))
    if await _is_older(services, "woocommerce", order.order_no, doc.get("date_modified_gmt")):
        return Change(None, "older than the copy already applied")
    await refs.remember(services.db, "woocommerce", external, order.order_no)
    incoming = await _linked(services, "woocommerce", order)
    return Change(merge_platform_copy(await _stored(services, order.order_no), incoming))


# ----------------------------------------------------------------------------- canonical


async def _canonical_change(services: Services, _: str, doc: Any) -> Change:
    if not isinstance(doc, dict):
        raise Rejected("the body must be a JSON object: one canonical order")
    try:
        order = Order.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "order"
        raise Rejected(f"{field}: {first['msg']}") from exc
    return Change(order)


# ----------------------------------------------------------------------------- the route


@dataclass(frozen=True)
class Scheme:
    secret_setting: str
    verify: Callable[[str, bytes, str | None], bool]
    signature_header: str
    topic_header: str | None
    delivery_header: str
    topics: tuple[str, ...] | None
    change: Callable[[Services, str, Any], Awaitable[Change]]
    forged_status: int = 401


def _verify_canonical(secret: str, body: bytes, given: str | None) -> bool:
    value = (given or "").strip().lower()
    return bool(value) and hmac.compare_digest(value.encode(), sign(body, secret).encode())


SCHEMES = {
    "canonical": Scheme(
        "shop_webhook_secret",
        _verify_canonical,
        SIGNATURE_HEADER,
        None,
        EVENT_ID_HEADER,
        None,
        _canonical_change,
        forged_status=403,
    ),
    "shopify": Scheme(
        "shopify_webhook_secret",
        shopify_source.verify_webhook,
        SHOPIFY_SIGNATURE,
        SHOPIFY_TOPIC,
        SHOPIFY_WEBHOOK_ID,
        shopify_source.WEBHOOK_TOPICS,
        _shopify_change,
    ),
    "woocommerce": Scheme(
        "woocommerce_webhook_secret",
        woo_source.verify_webhook,
        WC_SIGNATURE,
        WC_TOPIC,
        WC_DELIVERY_ID,
        woo_source.WEBHOOK_TOPICS,
        _woocommerce_change,
    ),
}


async def receive(request: web.Request) -> web.Response:
    proactive = request.app[PROACTIVE_KEY]
    services = proactive.services
    platform = request.match_info["platform"]
    scheme = SCHEMES.get(platform)
    if scheme is None:
        return _error(404, f"unknown shop platform {platform!r}")
    body = await request.read()
    if platform == "woocommerce" and WC_TOPIC not in request.headers and WC_PING.match(body):
        log.info("woocommerce_webhook_ping")  # sent unsigned when the webhook is saved
        return web.json_response({"ok": True, "ping": body.decode().split("=", 1)[1]})
    secret = _secret(services, scheme.secret_setting)
    if not secret:
        setting = f"ORDERSUPPORT_{scheme.secret_setting.upper()}"
        return _error(503, f"{platform} webhooks are off: set {setting}")
    given = request.headers.get(scheme.signature_header, "").strip()
    if not given:
        return _error(401, f"missing {scheme.signature_header}")
    if not scheme.verify(secret, body, given):
        log.warning("shop_webhook_forged", platform=platform)
        return _error(scheme.forged_status, "bad signature")
    topic = request.headers.get(scheme.topic_header, "").strip() if scheme.topic_header else ""
    if scheme.topics is not None and topic not in scheme.topics:
        log.info("shop_webhook_ignored", platform=platform, topic=topic[:60])
        return web.json_response({"ignored": topic or "(no topic)"})
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body must be JSON")
    if not isinstance(doc, dict):
        return _error(400, "the body must be a JSON object")
    delivery = request.headers.get(scheme.delivery_header, "").strip()[:160] or body_digest(body)
    seen_key = f"shop-webhook:{platform}:{delivery}"
    seen = await services.keys.get(seen_key)
    if seen is not None:
        answer = {"duplicate": True, "queued": False}
        return web.json_response({**answer, "order_no": seen} if seen else answer)
    try:
        change = await scheme.change(services, topic, doc)
    except Rejected as exc:
        return _error(400, str(exc))
    except ValidationError as exc:
        return _error(400, f"{platform} {topic}: {exc.errors()[0]['msg']}")
    if change.order is None:
        await services.keys.put(seen_key, "", DEDUP_SECONDS)
        return web.json_response({"ignored": change.note or "nothing to store"})
    order = change.order
    await services.orders.save(order)
    await services.keys.put(seen_key, order.order_no, DEDUP_SECONDS)
    queued = await proactive.submit(
        Event(id=f"{platform}:{delivery}", order_no=order.order_no, source=f"webhook:{platform}")
    )
    log.info(
        "shop_webhook",
        platform=platform,
        topic=topic or None,
        order=mask_order_no(order.order_no),
        queued=queued,
    )
    return web.json_response({"order_no": order.order_no, "queued": queued})


def register(app: web.Application, services: Services) -> Proactive:
    """Mount the shop webhooks on `app`; returns the `Proactive` they feed."""
    services.orders.policy = services.policy
    proactive = Proactive(services)
    app[PROACTIVE_KEY] = proactive
    app.router.add_post(PATH, receive)
    return proactive


# ----------------------------------------------------------------------------- tracking pushes

TRACKING_PATH = "/webhooks/tracking/{provider}"


async def receive_tracking(request: web.Request) -> web.Response:
    """`POST /webhooks/tracking/{provider}`: a carrier-tracking push (Kuaidi100, AfterShip),
    verified with the provider's signature; its parcels' orders are updated and each gets a
    proactive event. Unknown provider 404, forged 401, malformed 400, else the provider's ack."""
    proactive = request.app[PROACTIVE_KEY]
    services = proactive.services
    tracking = services.hub.tracking
    provider = request.match_info["provider"]
    source = tracking.source(provider)
    if source is None:
        return _error(404, f"no tracking provider {provider!r} is configured")
    body = await request.read()
    try:
        key, reports = source.read_push(request.headers, body)
    except PushRefused as exc:
        if exc.forged:
            log.warning("tracking_push_forged", provider=provider)
            return _error(401, "bad signature")
        return _error(400, str(exc))
    seen_key = f"tracking-push:{key}"
    if await services.keys.get(seen_key) is None:
        for report in reports:
            await tracking.put_report(report)
            for order_no in await tracking.orders_for(report.tracking_no):
                stored = await services.orders.get_order(order_no)
                if stored is None:
                    continue
                updated = apply_report(stored, report)
                if updated != stored:
                    await services.orders.save(updated)
                await proactive.submit(
                    Event(id=f"{key}:{order_no}", order_no=order_no, source=f"tracking:{provider}")
                )
        await services.keys.put(seen_key, "1", DEDUP_SECONDS)
    answer = source.push_answer(True)
    return web.Response(status=answer.status, text=answer.body, content_type=answer.content_type)


def register_tracking(app: web.Application, services: Services) -> None:
    """Mount the tracking pushes beside the shop webhooks (after `register`)."""
    if PROACTIVE_KEY not in app:
        register(app, services)
    app.router.add_post(TRACKING_PATH, receive_tracking)
