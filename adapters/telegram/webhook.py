"""`POST /webhooks/telegram`: check the secret header, accept the update, answer 200 at once
and feed it to the runtime in the background (Telegram re-sends slow or failed deliveries).

aiogram's own `SimpleRequestHandler` answers a forged secret with 401 and a malformed body with
a 500, which Telegram would retry for a day; this handler gives 403 and 400, and serves both
SDKs the same way."""

from __future__ import annotations

import hmac

import structlog
from aiohttp import web

from adapters.telegram.runtime import Runtime
from core.background import Background

log = structlog.get_logger(__name__)

WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramWebhook:
    def __init__(self, runtime: Runtime, secret: str | None) -> None:
        self.runtime = runtime
        self._secret = secret.encode() if secret else None
        self.background = Background("telegram_webhook")

    def _authentic(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER)
        if self._secret is None or given is None:
            return False
        return hmac.compare_digest(given.encode(), self._secret)

    async def handle(self, request: web.Request) -> web.Response:
        if not self._authentic(request):
            log.warning("telegram_webhook_forbidden", remote=request.remote or "")
            return web.json_response({"error": "forbidden"}, status=403)
        try:
            data = await request.json()
        except (ValueError, UnicodeDecodeError, RecursionError):
            return web.json_response({"error": "the body must be a JSON object"}, status=400)
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return web.json_response({"error": "not a Telegram update"}, status=400)
        try:
            update = self.runtime.parse(data)
        except Exception:
            log.info("telegram_webhook_malformed", update_id=update_id)
            return web.json_response({"error": "not a Telegram update"}, status=400)
        try:
            await self.runtime.ready()
        except Exception as exc:
            log.warning("telegram_not_ready", error=str(exc))
            return web.json_response({"error": "not ready, retry later"}, status=503)
        await self.background.spawn(self.runtime.feed(update))
        return web.json_response({"ok": True})

    async def drain(self) -> None:
        """Wait until every accepted update has been processed (shutdown and tests)."""
        await self.background.drain()

    async def close(self, grace_seconds: float = 10.0) -> None:
        await self.background.close(grace_seconds)
        await self.runtime.close()


WEBHOOK = web.AppKey("telegram_webhook", TelegramWebhook)


def mount(app: web.Application, hook: TelegramWebhook) -> None:
    """Serve `hook` at `POST /webhooks/telegram` (its owner, `bots.root`, closes it)."""
    app[WEBHOOK] = hook
    app.router.add_post(WEBHOOK_PATH, hook.handle)
