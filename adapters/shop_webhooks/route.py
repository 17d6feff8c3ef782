"""`POST /webhooks/shop/{platform}`: each platform's signature, topic and delivery id checked
before anything is stored (see the package's docstring for every answer)."""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from aiohttp import web
from pydantic import SecretStr, ValidationError

from adapters.shop_webhooks.changes import (
    Change,
    Rejected,
    canonical_change,
    shopify_change,
    woocommerce_change,
)
from adapters.shop_webhooks.common import DEDUP_SECONDS, PROACTIVE_KEY, error, sign
from core.masking import mask_order_no
from core.proactive.events import Event, body_digest
from core.services import Services
from core.settings import Settings
from core.sources import shopify as shopify_source
from core.sources import woocommerce as woo_source

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
PLATFORMS = ("canonical", "shopify", "woocommerce")
WC_PING = re.compile(rb"^webhook_id=\d{1,20}$")


@dataclass(frozen=True)
class Scheme:
    """How one platform signs, names and identifies its webhooks, and what a body changes."""

    secret: Callable[[Settings], SecretStr | None]
    setting: str
    """The environment name of the secret (named when it is unset)."""
    verify: Callable[[str, bytes, str | None], bool]
    signature_header: str
    topic_header: str | None
    delivery_header: str
    topics: tuple[str, ...] | None
    change: Callable[[Services, str, Any], Awaitable[Change]]
    forged_status: int = 401


def _verify_canonical(secret: str, body: bytes, given: str | None) -> bool:
    """Our own scheme: exactly 64 lowercase hex digits (the form `sign` writes), nothing else."""
    value = given or ""
    if re.fullmatch(r"[0-9a-f]{64}", value) is None:
        return False
    return hmac.compare_digest(value.encode(), sign(body, secret).encode())


SCHEMES = {
    "canonical": Scheme(
        lambda settings: settings.shop_webhook_secret,
        "ORDERSUPPORT_SHOP_WEBHOOK_SECRET",
        _verify_canonical,
        SIGNATURE_HEADER,
        None,
        EVENT_ID_HEADER,
        None,
        canonical_change,
        forged_status=403,
    ),
    "shopify": Scheme(
        lambda settings: settings.shopify.webhook_secret,
        "ORDERSUPPORT_SHOPIFY_WEBHOOK_SECRET",
        shopify_source.verify_webhook,
        SHOPIFY_SIGNATURE,
        SHOPIFY_TOPIC,
        SHOPIFY_WEBHOOK_ID,
        shopify_source.WEBHOOK_TOPICS,
        shopify_change,
    ),
    "woocommerce": Scheme(
        lambda settings: settings.woocommerce.webhook_secret,
        "ORDERSUPPORT_WOOCOMMERCE_WEBHOOK_SECRET",
        woo_source.verify_webhook,
        WC_SIGNATURE,
        WC_TOPIC,
        WC_DELIVERY_ID,
        woo_source.WEBHOOK_TOPICS,
        woocommerce_change,
    ),
}


async def receive(request: web.Request) -> web.Response:
    proactive = request.app[PROACTIVE_KEY]
    services = proactive.services
    platform = request.match_info["platform"]
    scheme = SCHEMES.get(platform)
    if scheme is None:
        return error(404, f"unknown shop platform {platform!r}")
    body = await request.read()
    if platform == "woocommerce" and WC_TOPIC not in request.headers and WC_PING.match(body):
        log.info("woocommerce_webhook_ping")  # sent unsigned when the webhook is saved
        return web.json_response({"ok": True, "ping": body.decode().split("=", 1)[1]})
    configured = scheme.secret(services.settings)
    secret = configured.get_secret_value() if configured is not None else ""
    if not secret:
        return error(503, f"{platform} webhooks are off: set {scheme.setting}")
    given = request.headers.get(scheme.signature_header, "").strip()
    if not given:
        return error(401, f"missing {scheme.signature_header}")
    if not scheme.verify(secret, body, given):
        log.warning("shop_webhook_forged", platform=platform)
        return error(scheme.forged_status, "bad signature")
    topic = request.headers.get(scheme.topic_header, "").strip() if scheme.topic_header else ""
    if scheme.topics is not None and topic not in scheme.topics:
        log.info("shop_webhook_ignored", platform=platform, topic=topic[:60])
        return web.json_response({"ignored": topic or "(no topic)"})
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
        return error(400, "the body must be JSON")
    if not isinstance(doc, dict):
        return error(400, "the body must be a JSON object")
    delivery = request.headers.get(scheme.delivery_header, "").strip()[:160] or body_digest(body)
    seen_key = f"shop-webhook:{platform}:{delivery}"
    seen = await services.keys.get(seen_key)
    if seen is not None:
        answer = {"duplicate": True, "queued": False}
        return web.json_response({**answer, "order_no": seen} if seen else answer)
    try:
        change = await scheme.change(services, topic, doc)
    except Rejected as exc:
        return error(400, str(exc))
    except ValidationError as exc:
        return error(400, f"{platform} {topic}: {exc.errors()[0]['msg']}")
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
