"""What the shop webhook and the tracking push routes share."""

from __future__ import annotations

import hashlib
import hmac

from aiohttp import web

from core.proactive.service import Proactive

PROACTIVE_KEY = web.AppKey("shop_webhook_proactive", Proactive)
DEDUP_SECONDS = 7 * 24 * 3600
"""How long a delivery id (or a push's key) is remembered as seen."""


def sign(body: bytes, secret: str) -> str:
    """The signature a sender puts in `X-OrderSupport-Signature` (canonical platform)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
