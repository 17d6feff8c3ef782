"""`POST /webhooks/telegram`: check the secret header, store the update (SQL, `InboundEvents`),
answer 200 and feed it to the runtime in the background. An update whose handling met an outage
(Redis down) stays stored and is fed again until it is handled; with the database down the
update is not accepted: 503 with Retry-After, and Telegram sends it again.

aiogram's own `SimpleRequestHandler` answers a forged secret with 401 and a malformed body with
a 500, which Telegram would retry for a day; this handler gives 403 and 400, and serves both
SDKs the same way."""

from __future__ import annotations

import asyncio
import hmac
from datetime import datetime
from typing import Any

import structlog
from aiohttp import web

from adapters.outage import unavailable
from adapters.telegram.runtime import Runtime
from core.acceptance import InboundEvents, Outage, handling, is_outage, note_outage
from core.background import Background

log = structlog.get_logger(__name__)

WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramWebhook:
    def __init__(
        self, runtime: Runtime, secret: str | None, *, events: InboundEvents | None = None
    ) -> None:
        self.runtime = runtime
        self._secret = secret.encode() if secret else None
        self.background = Background("telegram_webhook")
        self.events = events
        """Where updates are stored before 200 (None: fed at once, nothing kept)."""
        self._stop = asyncio.Event()
        self._redelivery: asyncio.Task[None] | None = None

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
        if self.events is not None:
            try:
                fresh = await self.events.accept(str(update_id), data)
            except Outage:
                log.warning("telegram_update_refused", update_id=update_id, reason="database")
                return unavailable()
            if not fresh:  # still waiting from an earlier delivery: it will be handled
                return web.json_response({"ok": True})
        await self.background.spawn(self._handle(update, str(update_id)))
        return web.json_response({"ok": True})

    async def _handle(self, update: Any, event_id: str) -> None:
        watch = handling()
        try:
            await self.runtime.feed(update)
        except Exception as exc:
            if not is_outage(exc):
                raise
            note_outage(exc)
        if watch.outage is not None:
            log.warning("telegram_update_kept", update_id=event_id, reason="outage")
            if self.events is None:
                raise Outage("the update could not be handled")
            return
        if self.events is not None:
            try:
                await self.events.done(event_id)
            except Exception:  # handled; fed again later, the engine answers it once
                log.warning("telegram_update_not_marked", update_id=event_id)

    async def _again(self, payload: dict[str, Any]) -> None:
        """An accepted update handed over again; raises when it still cannot be handled."""
        watch = handling()
        await self.runtime.feed(self.runtime.parse(payload))
        if watch.outage is not None:
            raise Outage("still unavailable")

    async def redeliver_once(self, now: datetime | None = None) -> int:
        """Feed again every stored update whose handling failed (tests, and the loop)."""
        return await self.events.redeliver_once(self._again, now) if self.events else 0

    async def start(self) -> None:
        if self.events is not None and self._redelivery is None:
            self._stop.clear()
            self._redelivery = asyncio.create_task(self.events.redeliver(self._again, self._stop))

    async def drain(self) -> None:
        """Wait until every accepted update has been processed (shutdown and tests)."""
        await self.background.drain()

    async def close(self, grace_seconds: float = 10.0) -> None:
        self._stop.set()
        if self._redelivery is not None:
            await self._redelivery
            self._redelivery = None
        await self.background.close(grace_seconds)
        await self.runtime.close()


WEBHOOK = web.AppKey("telegram_webhook", TelegramWebhook)


def mount(app: web.Application, hook: TelegramWebhook) -> None:
    """Serve `hook` at `POST /webhooks/telegram` (its owner, `bots.root`, closes it)."""
    app[WEBHOOK] = hook
    app.router.add_post(WEBHOOK_PATH, hook.handle)

    async def start(_: web.Application) -> None:
        await hook.start()

    app.on_startup.append(start)
