"""`POST /webhooks/shop/{platform}`: order, shipment and payment changes from the shop.

Platform `canonical`: the body is one canonical order (DESIGN.md, "The canonical order"),
signed with HMAC-SHA256 of the raw body in `X-OrderSupport-Signature` (hex), keyed with the
`shop_webhook_secret` setting. An optional `X-OrderSupport-Event-Id` header is the event's
idempotency key (else a digest of the body), so a repeated delivery is queued once.

    no secret configured -> 503          missing signature -> 401     wrong signature -> 403
    not JSON / not a valid order -> 400   unknown platform -> 404
    valid -> the order is upserted through the SQL source and an event is queued (or, without
             Redis, decided at once) -> 200 {"order_no", "queued"}

Nothing is stored before the signature and the order are checked. Shopify and WooCommerce
mappings come later, on the same route.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import structlog
from aiohttp import web
from pydantic import ValidationError

from core.masking import mask_order_no
from core.order import Order
from core.proactive.events import Event, body_digest
from core.proactive.service import Proactive
from core.services import Services

log = structlog.get_logger(__name__)

PATH = "/webhooks/shop/{platform}"
SIGNATURE_HEADER = "X-OrderSupport-Signature"
EVENT_ID_HEADER = "X-OrderSupport-Event-Id"
PROACTIVE_KEY = web.AppKey("shop_webhook_proactive", Proactive)
PLATFORMS = ("canonical",)


def sign(body: bytes, secret: str) -> str:
    """The signature a sender puts in `X-OrderSupport-Signature`."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _secret(services: Services) -> str | None:
    value = services.settings.shop_webhook_secret
    return value.get_secret_value() if value is not None else None


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def receive(request: web.Request) -> web.Response:
    proactive = request.app[PROACTIVE_KEY]
    services = proactive.services
    platform = request.match_info["platform"]
    if platform not in PLATFORMS:
        return _error(404, f"unknown shop platform {platform!r}")
    secret = _secret(services)
    if not secret:
        return _error(503, "shop webhooks are off: set ORDERSUPPORT_SHOP_WEBHOOK_SECRET")
    body = await request.read()
    given = request.headers.get(SIGNATURE_HEADER, "").strip().lower()
    if not given:
        return _error(401, f"missing {SIGNATURE_HEADER}")
    if not hmac.compare_digest(given.encode(), sign(body, secret).encode()):
        log.warning("shop_webhook_forged", platform=platform)
        return _error(403, "bad signature")
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body must be a JSON order")
    if not isinstance(doc, dict):
        return _error(400, "the body must be a JSON object: one canonical order")
    try:
        order = Order.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "order"
        return _error(400, f"{field}: {first['msg']}")
    event_id = request.headers.get(EVENT_ID_HEADER, "").strip()[:200] or body_digest(body)
    await services.orders.save(order)
    queued = await proactive.submit(
        Event(id=f"{platform}:{event_id}", order_no=order.order_no, source=f"webhook:{platform}")
    )
    log.info("shop_webhook", platform=platform, order=mask_order_no(order.order_no), queued=queued)
    return web.json_response({"order_no": order.order_no, "queued": queued})


def register(app: web.Application, proactive: Proactive) -> None:
    """Mount the shop webhook on `app`, feeding `proactive`."""
    app[PROACTIVE_KEY] = proactive
    app.router.add_post(PATH, receive)
