"""Running the Telegram channel: the webhook in `serve`, polling for development, deploy-time
webhook registration and signed deep links.

The framework is `settings.telegram.framework`: "aiogram" (default) or "ptb"
("python-telegram-bot"). `settings.telegram.api_base` is the Bot API root URL
(default https://api.telegram.org).
"""

from __future__ import annotations

import asyncio
import hmac
import signal
import sys
from typing import Any, Protocol

import structlog
from aiohttp import web

from adapters.telegram_common import (
    ALLOWED_UPDATES,
    BotApi,
    PayloadStore,
    RateLimiter,
    TelegramSender,
    link_key_for,
    link_url,
    payload_store_for,
    sign_link,
)
from core.services import Services
from core.settings import Settings

log = structlog.get_logger(__name__)

WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
AIOGRAM = "aiogram"
PTB = "ptb"
_FRAMEWORKS = {
    "aiogram": AIOGRAM,
    "ptb": PTB,
    "python-telegram-bot": PTB,
    "python_telegram_bot": PTB,
}
LINK_TEMPLATE = "https://t.me/<bot_username>?start={token}"


def framework_of(settings: Settings) -> str:
    try:
        return _FRAMEWORKS[settings.telegram.framework.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown telegram_framework {settings.telegram.framework!r}: use aiogram or ptb"
        ) from None


def _token(settings: Settings) -> str:
    if settings.telegram.token is None:
        raise ValueError("ORDERSUPPORT_TELEGRAM_TOKEN is not set")
    return settings.telegram.token.get_secret_value()


# --- one bot, either framework --------------------------------------------------------------


class Runtime(Protocol):
    """A framework's dispatcher/application with our handlers, fed raw updates."""

    api: BotApi

    def parse(self, data: dict[str, Any]) -> Any: ...

    async def ready(self) -> None:
        """Whatever the framework needs before it can process updates."""
        ...

    async def feed(self, update: Any) -> None: ...

    async def close(self) -> None: ...


class AiogramRuntime:
    def __init__(
        self,
        settings: Settings,
        engine: Any,
        services: Services,
        limiter: RateLimiter,
        store: PayloadStore,
    ) -> None:
        from aiogram import Dispatcher

        from adapters.telegram_aiogram import AiogramApi, build_router, make_bot

        self.bot = make_bot(_token(settings), settings.telegram.api_base)
        self.dispatcher = Dispatcher()
        self.dispatcher.include_router(build_router(engine, services, limiter=limiter, store=store))
        self.api = AiogramApi(self.bot)

    def parse(self, data: dict[str, Any]) -> Any:
        from aiogram.types import Update

        return Update.model_validate(data, context={"bot": self.bot})

    async def ready(self) -> None:
        return None

    async def feed(self, update: Any) -> None:
        await self.dispatcher.feed_update(self.bot, update)

    async def close(self) -> None:
        await self.bot.session.close()

    async def poll(self, stop: asyncio.Event) -> None:
        polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                allowed_updates=ALLOWED_UPDATES,
                handle_signals=False,
                close_bot_session=False,
            )
        )
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not polling.done():
            await self.dispatcher.stop_polling()
        stopped.cancel()
        await polling


class PtbRuntime:
    def __init__(
        self,
        settings: Settings,
        engine: Any,
        services: Services,
        limiter: RateLimiter,
        store: PayloadStore,
        *,
        with_updater: bool = False,
    ) -> None:
        from adapters.telegram_ptb import PtbApi, builder, register

        build = builder(_token(settings), settings.telegram.api_base)
        if not with_updater:
            build = build.updater(None)
        self.application = build.build()
        register(self.application, engine, services, limiter=limiter, store=store)
        self.api = PtbApi(self.application.bot)
        self._ready = asyncio.Lock()
        self._initialized = False

    def parse(self, data: dict[str, Any]) -> Any:
        from telegram import Update

        update = Update.de_json(data, self.application.bot)
        if update is None:
            raise ValueError("empty update")
        return update

    async def ready(self) -> None:
        await self._ensure_initialized()

    async def _ensure_initialized(self) -> None:
        """python-telegram-bot needs getMe before it processes updates; done on first use so a
        Telegram outage never stops the web process from starting."""
        async with self._ready:
            if not self._initialized:
                await self.application.initialize()
                self._initialized = True

    async def feed(self, update: Any) -> None:
        await self._ensure_initialized()
        await self.application.process_update(update)

    async def close(self) -> None:
        if self._initialized:
            self._initialized = False
            await self.application.shutdown()

    async def poll(self, stop: asyncio.Event) -> None:
        app = self.application
        await self._ensure_initialized()
        try:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=10)
            await app.start()
            await stop.wait()
            await app.updater.stop()
            await app.stop()
        finally:
            await self.close()


def build_runtime(
    settings: Settings,
    engine: Any,
    services: Services,
    limiter: RateLimiter | None = None,
    store: PayloadStore | None = None,
    *,
    polling: bool = False,
) -> AiogramRuntime | PtbRuntime:
    limiter = limiter or RateLimiter()
    store = store or payload_store_for(services)
    if framework_of(settings) == AIOGRAM:
        return AiogramRuntime(settings, engine, services, limiter, store)
    return PtbRuntime(settings, engine, services, limiter, store, with_updater=polling)


# --- webhook --------------------------------------------------------------------------------


class TelegramWebhook:
    """`POST /webhooks/telegram`: check the secret header, accept the update, answer 200 at
    once and process it in the background (Telegram re-sends slow or failed deliveries)."""

    def __init__(self, runtime: Runtime, secret: str | None) -> None:
        self.runtime = runtime
        self._secret = secret.encode() if secret else None
        self._tasks: set[asyncio.Task[None]] = set()

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
        task = asyncio.create_task(self._process(update, update_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({"ok": True})

    async def _process(self, update: Any, update_id: int) -> None:
        try:
            await self.runtime.feed(update)
        except Exception:
            log.exception("telegram_update_crashed", update_id=update_id)

    async def drain(self) -> None:
        """Wait until every accepted update has been processed (shutdown and tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


WEBHOOK = web.AppKey("telegram_webhook", TelegramWebhook)


def mount(
    app: web.Application,
    engine: Any,
    services: Services,
    settings: Settings,
    *,
    limiter: RateLimiter | None = None,
) -> TelegramSender | None:
    """Add `POST /webhooks/telegram` to `app` and return the channel's sender; None (nothing
    mounted) when no bot token is configured."""
    if settings.telegram.token is None:
        return None
    limiter = limiter or RateLimiter()
    store = payload_store_for(services)
    runtime = build_runtime(settings, engine, services, limiter, store)
    secret = settings.telegram.webhook_secret
    if secret is None:
        log.warning("telegram_webhook_secret_missing", effect="every webhook call gets 403")
    hook = TelegramWebhook(runtime, secret.get_secret_value() if secret else None)
    app[WEBHOOK] = hook
    app.router.add_post(WEBHOOK_PATH, hook.handle)

    async def finish(_: web.Application) -> None:
        await hook.drain()
        await runtime.close()

    app.on_shutdown.append(finish)
    return TelegramSender(runtime.api, store, limiter)


# --- polling (development) ------------------------------------------------------------------


async def _webhook_url(settings: Settings) -> str:
    framework = framework_of(settings)
    if framework == AIOGRAM:
        from adapters.telegram_aiogram import make_bot

        bot = make_bot(_token(settings), settings.telegram.api_base)
        try:
            return (await bot.get_webhook_info()).url
        finally:
            await bot.session.close()
    from adapters.telegram_ptb import make_bot as make_ptb_bot

    async with make_ptb_bot(_token(settings), settings.telegram.api_base) as ptb_bot:
        return (await ptb_bot.get_webhook_info()).url


async def _delete_webhook(runtime: AiogramRuntime | PtbRuntime) -> None:
    if isinstance(runtime, AiogramRuntime):
        await runtime.bot.delete_webhook(drop_pending_updates=False)
    else:
        await runtime._ensure_initialized()
        await runtime.application.bot.delete_webhook(drop_pending_updates=False)


async def poll(
    settings: Settings,
    services: Services,
    engine: Any = None,
    *,
    stop: asyncio.Event | None = None,
    limiter: RateLimiter | None = None,
    replace_webhook: bool = False,
) -> int:
    """Long-poll getUpdates until `stop` is set (or SIGINT/SIGTERM when no event is given)."""
    from core.engine import Engine

    current = await _webhook_url(settings)
    if current and not replace_webhook:
        print(
            f"a webhook is set ({current}); polling would remove it. "
            "Pass --replace-webhook to poll anyway.",
            file=sys.stderr,
        )
        return 1
    runtime = build_runtime(settings, engine or Engine(services), services, limiter, polling=True)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    if current:
        await _delete_webhook(runtime)
    print(f"telegram: polling with {framework_of(settings)}; Ctrl-C stops", flush=True)
    await runtime.poll(stop)
    if isinstance(runtime, AiogramRuntime):
        await runtime.close()
    return 0


def run_polling(settings: Settings, *, replace_webhook: bool = False) -> int:
    """`ordersupport telegram poll`: answer Telegram by long polling (development)."""
    if settings.telegram.token is None:
        print("set ORDERSUPPORT_TELEGRAM_TOKEN first", file=sys.stderr)
        return 2

    async def run() -> int:
        from bots.shop import seed_demo_if_empty
        from core.services import build_services

        services = await build_services(settings)
        try:
            if settings.seed_demo_if_empty:
                await seed_demo_if_empty(services)
            return await poll(settings, services, replace_webhook=replace_webhook)
        finally:
            await services.aclose()

    return asyncio.run(run())


# --- deploy-time webhook registration -------------------------------------------------------


async def register_webhook(settings: Settings, url: str) -> None:
    """setWebhook with the secret token; raises on refusal."""
    assert settings.telegram.webhook_secret is not None
    secret = settings.telegram.webhook_secret.get_secret_value()
    if framework_of(settings) == AIOGRAM:
        from adapters.telegram_aiogram import make_bot

        bot = make_bot(_token(settings), settings.telegram.api_base)
        try:
            await bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        finally:
            await bot.session.close()
        return
    from adapters.telegram_ptb import make_bot as make_ptb_bot

    async with make_ptb_bot(_token(settings), settings.telegram.api_base) as ptb_bot:
        await ptb_bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)


def set_webhook(settings: Settings, url: str) -> int:
    """`ordersupport telegram set-webhook URL`: point Telegram at this deployment's webhook."""
    if settings.telegram.token is None or settings.telegram.webhook_secret is None:
        print(
            "set ORDERSUPPORT_TELEGRAM_TOKEN and ORDERSUPPORT_TELEGRAM_WEBHOOK_SECRET first",
            file=sys.stderr,
        )
        return 2
    if not url.startswith("https://"):
        print("Telegram only calls https:// webhook URLs", file=sys.stderr)
        return 2
    try:
        asyncio.run(register_webhook(settings, url))
    except Exception as exc:
        print(f"setWebhook failed: {exc}", file=sys.stderr)
        return 1
    print(f"telegram webhook set: {url}")
    return 0


# --- deep links -----------------------------------------------------------------------------


async def bot_username(settings: Settings) -> str:
    if framework_of(settings) == AIOGRAM:
        from adapters.telegram_aiogram import make_bot

        bot = make_bot(_token(settings), settings.telegram.api_base)
        try:
            me = await bot.get_me()
        finally:
            await bot.session.close()
        if not me.username:
            raise ValueError("the bot has no username")
        return me.username
    from adapters.telegram_ptb import make_bot as make_ptb_bot

    async with make_ptb_bot(_token(settings), settings.telegram.api_base) as ptb_bot:
        username = ptb_bot.bot.username
    if not username:
        raise ValueError("the bot has no username")
    return username


def link_token(
    settings: Settings,
    customer_id: str,
    *,
    ttl_seconds: int | None = None,
    now: float | None = None,
) -> str:
    """The signed start parameter for `customer_id` (no network). The lifetime is
    `settings.telegram.link_ttl_seconds` unless given."""
    if ttl_seconds is None:
        ttl_seconds = settings.telegram.link_ttl_seconds
    return sign_link(link_key_for(settings), customer_id, ttl_seconds=ttl_seconds, now=now)


async def link_for(settings: Settings, customer_id: str, *, ttl_seconds: int | None = None) -> str:
    """A t.me link that ties whoever opens it to `customer_id`; when getMe fails, the link
    template with `<bot_username>` left for the operator to fill in."""
    token = link_token(settings, customer_id, ttl_seconds=ttl_seconds)
    try:
        return link_url(await bot_username(settings), token)
    except Exception as exc:
        log.warning("telegram_get_me_failed", error=str(exc))
        return LINK_TEMPLATE.format(token=token)


def issue_link(settings: Settings, customer_id: str) -> str:
    """`ordersupport link telegram --customer ID`: the deep link to send to the customer."""
    return asyncio.run(link_for(settings, customer_id))
