"""`POST /webhooks/shop/{platform}`: order, shipment and payment changes from the shop, and
`POST /webhooks/tracking/{provider}`: carrier-tracking pushes. Each module one job:

- `common`: what the routes share (the proactive worker they feed, the signature of the
  canonical platform, the error body);
- `changes`: what one verified body changes, per platform (the order to upsert);
- `route`: the shop webhook route and each platform's signature scheme;
- `tracking`: the tracking push route.

Three shop platforms, each with its own signature scheme; all feed the same order upsert (the
SQL source) and the same proactive event (`Proactive.submit`):

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

`register(app, proactive)` plugs both routes into any aiohttp application.
"""

from __future__ import annotations

from aiohttp import web

from adapters.shop_webhooks.common import PROACTIVE_KEY, sign
from adapters.shop_webhooks.route import (
    EVENT_ID_HEADER,
    PATH,
    PLATFORMS,
    SIGNATURE_HEADER,
    receive,
)
from adapters.shop_webhooks.tracking import TRACKING_PATH, receive_tracking
from core.proactive.service import Proactive


def register(app: web.Application, proactive: Proactive) -> None:
    """Mount the shop webhooks and the tracking pushes on `app`, feeding `proactive`."""
    app[PROACTIVE_KEY] = proactive
    app.router.add_post(PATH, receive)
    app.router.add_post(TRACKING_PATH, receive_tracking)


__all__ = [
    "EVENT_ID_HEADER",
    "PATH",
    "PLATFORMS",
    "PROACTIVE_KEY",
    "SIGNATURE_HEADER",
    "TRACKING_PATH",
    "Proactive",
    "register",
    "sign",
]
