"""One bot, either SDK: the framework's dispatcher (aiogram) or application
(python-telegram-bot) with our handlers, fed raw updates by the webhook or by long polling.
`settings.telegram.framework` picks it: "aiogram" (default) or "ptb"."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Protocol

import structlog
from pydantic import SecretStr

from adapters.telegram.callbacks import PayloadStore
from adapters.telegram.handler import ALLOWED_UPDATES
from adapters.telegram.limits import NoLimits, SendLimits, TelegramLimits
from adapters.telegram.sender import BotApi, TelegramSender
from core.ports import Conversations, LinkRedeemer
from core.settings import TelegramSettings

log = structlog.get_logger(__name__)

AIOGRAM = "aiogram"
PTB = "ptb"
_FRAMEWORKS = {
    "aiogram": AIOGRAM,
    "ptb": PTB,
    "python-telegram-bot": PTB,
    "python_telegram_bot": PTB,
}


def framework_of(telegram: TelegramSettings) -> str:
    try:
        return _FRAMEWORKS[telegram.framework.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown telegram framework {telegram.framework!r}: use aiogram or ptb"
        ) from None


def token_of(telegram: TelegramSettings) -> str:
    if telegram.token is None:
        raise ValueError("ORDERSUPPORT_TELEGRAM_TOKEN is not set")
    return telegram.token.get_secret_value()


class Runtime(Protocol):
    api: BotApi
    limits: SendLimits

    def parse(self, data: dict[str, Any]) -> Any: ...

    async def ready(self) -> None:
        """Whatever the framework needs before it can process updates."""
        ...

    async def feed(self, update: Any) -> None: ...

    async def poll(self, stop: asyncio.Event) -> None: ...

    async def delete_webhook(self) -> None: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class TelegramBot:
    """The bot of one SDK, built before the engine: what sends (`api`, `limits`) and, for
    python-telegram-bot, the application its handlers are added to later."""

    framework: str
    api: BotApi
    limits: SendLimits
    native: Any
    """aiogram's `Bot`, or python-telegram-bot's `Application`."""


def open_bot(telegram: TelegramSettings, *, polling: bool = False) -> TelegramBot:
    """The SDK's bot for these settings (no network until it is used)."""
    if framework_of(telegram) == AIOGRAM:
        from adapters.telegram.with_aiogram import AiogramApi, make_bot

        bot = make_bot(token_of(telegram), telegram.api_base)
        return TelegramBot(AIOGRAM, AiogramApi(bot), TelegramLimits(), bot)
    from adapters.telegram.with_ptb import PtbApi, builder

    build = builder(token_of(telegram), telegram.api_base)
    if not polling:
        build = build.updater(None)
    application = build.build()
    # the application's AIORateLimiter limits every call: the sender needs no limits of its own
    return TelegramBot(PTB, PtbApi(application.bot), NoLimits(), application)


class AiogramRuntime:
    def __init__(self, bot: TelegramBot, router: Any) -> None:
        from aiogram import Dispatcher

        self.bot = bot.native
        self.api = bot.api
        self.limits = bot.limits
        self.dispatcher = Dispatcher()
        self.dispatcher.include_router(router)

    def parse(self, data: dict[str, Any]) -> Any:
        from aiogram.types import Update

        return Update.model_validate(data, context={"bot": self.bot})

    async def ready(self) -> None:
        return None

    async def feed(self, update: Any) -> None:
        from aiogram.types.update import UpdateTypeLookupError

        try:
            update.event_type  # noqa: B018 (aiogram raises for a type it does not know)
        except UpdateTypeLookupError:  # aiogram's own warning would print the whole update
            log.info("telegram_update_unknown_type", update_id=update.update_id)
            return
        await self.dispatcher.feed_update(self.bot, update)

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)

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
    def __init__(self, bot: TelegramBot) -> None:
        self.application = bot.native
        self.api = bot.api
        self.limits = bot.limits
        self._ready = asyncio.Lock()
        self._initialized = False

    def parse(self, data: dict[str, Any]) -> Any:
        from telegram import Update

        update = Update.de_json(data, self.application.bot)
        if update is None:
            raise ValueError("empty update")
        return update

    async def ready(self) -> None:
        """python-telegram-bot needs getMe before it processes updates; done on first use so a
        Telegram outage never stops the web process from starting."""
        async with self._ready:
            if not self._initialized:
                await self.application.initialize()
                self._initialized = True

    async def feed(self, update: Any) -> None:
        await self.ready()
        await self.application.process_update(update)

    async def delete_webhook(self) -> None:
        await self.ready()
        await self.application.bot.delete_webhook(drop_pending_updates=False)

    async def close(self) -> None:
        if self._initialized:
            self._initialized = False
            await self.application.shutdown()

    async def poll(self, stop: asyncio.Event) -> None:
        app = self.application
        await self.ready()
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
    bot: TelegramBot,
    engine: Conversations,
    keys: PayloadStore,
    identity: LinkRedeemer,
    link_secret: SecretStr | None = None,
) -> AiogramRuntime | PtbRuntime:
    """The bot with our handlers: an aiogram `Router` in a dispatcher of its own, or handlers
    added to the python-telegram-bot application."""
    if bot.framework == AIOGRAM:
        from adapters.telegram.with_aiogram import build_router

        router = build_router(engine, keys, identity, link_secret=link_secret, limits=bot.limits)
        return AiogramRuntime(bot, router)
    from adapters.telegram.with_ptb import register

    register(bot.native, engine, keys, identity, link_secret=link_secret, limits=bot.limits)
    return PtbRuntime(bot)


def sender_of(bot: TelegramBot, keys: PayloadStore) -> TelegramSender:
    """The channel's sender through the bot's own API and limits."""
    return TelegramSender(bot.api, keys, bot.limits)
