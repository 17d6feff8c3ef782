"""The Telegram channel for python-telegram-bot: handlers added to a shop's own `Application`.

    register(application, engine, services)

Private-chat text messages (including `/start <token>` deep links) and button presses go to the
core. The shared behaviour lives in `adapters.telegram_common`; this module only translates
python-telegram-bot objects and errors.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from adapters.telegram_common import (
    Incoming,
    Keyboard,
    PayloadStore,
    RateLimited,
    RateLimiter,
    Refused,
    TelegramHandler,
    TelegramSender,
    Unavailable,
    payload_store_for,
)
from core.services import Services


def builder(token: str, api_base: str | None = None) -> ApplicationBuilder:
    """An application builder for the Bot API at `api_base` (the official one when None)."""
    built = Application.builder().token(token)
    if api_base:
        base = api_base.rstrip("/")
        built = built.base_url(f"{base}/bot{{token}}").base_file_url(f"{base}/file/bot{{token}}")
    return built


def make_bot(token: str, api_base: str | None = None) -> Bot:
    """A bare Bot (no Application) for one-off calls such as getMe or setWebhook."""
    if not api_base:
        return Bot(token)
    base = api_base.rstrip("/")
    return Bot(token, base_url=f"{base}/bot{{token}}", base_file_url=f"{base}/file/bot{{token}}")


def _markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in keyboard
        ]
    )


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _Translated:
    """Turn python-telegram-bot's errors into the channel's three kinds."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, kind: Any, exc: BaseException | None, tb: Any) -> bool:
        if exc is None:
            return False
        if isinstance(exc, RetryAfter):
            raise RateLimited(_seconds(exc)) from exc
        if isinstance(exc, BadRequest):
            raise Refused(str(exc)) from exc
        if isinstance(exc, NetworkError):
            raise Unavailable(str(exc)) from exc
        if isinstance(exc, TelegramError):
            raise Refused(str(exc)) from exc
        return False


class PtbApi:
    """`adapters.telegram_common.BotApi` around a python-telegram-bot `Bot`."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.token = bot.token

    async def send_message(self, chat_id: str, text: str, keyboard: Keyboard | None) -> None:
        async with _Translated():
            await self.bot.send_message(
                chat_id=int(chat_id),
                text=text,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(keyboard),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )

    async def answer_callback(self, callback_id: str) -> None:
        async with _Translated():
            await self.bot.answer_callback_query(callback_query_id=callback_id)

    async def clear_keyboard(self, chat_id: str, message_id: int) -> None:
        async with _Translated():
            await self.bot.edit_message_reply_markup(
                chat_id=int(chat_id), message_id=message_id, reply_markup=None
            )


def sender(
    bot: Bot,
    services: Services,
    limiter: RateLimiter | None = None,
    store: PayloadStore | None = None,
) -> TelegramSender:
    """The channel's `core.outbound.Sender` sending through this bot."""
    return TelegramSender(PtbApi(bot), store or payload_store_for(services), limiter)


def register(
    application: Application,  # type: ignore[type-arg]
    engine: Any,
    services: Services,
    *,
    limiter: RateLimiter | None = None,
    store: PayloadStore | None = None,
    group: int = 0,
) -> None:
    """Add handlers answering private-chat text and button presses through the core.

    Pass the `limiter` and `store` of the process's `TelegramSender` so both share them."""
    handler = TelegramHandler(engine, services, limiter=limiter, store=store)

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        incoming = Incoming(
            update_id=update.update_id,
            user_id=user.id,
            chat_id=message.chat_id,
            text=message.text,
            language_code=user.language_code,
        )
        await handler.process(incoming, PtbApi(context.bot))

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.message is None:
            return
        if query.message.chat.type != "private":
            return
        incoming = Incoming(
            update_id=update.update_id,
            user_id=query.from_user.id,
            chat_id=query.message.chat.id,
            language_code=query.from_user.language_code,
            callback_id=query.id,
            callback_data=query.data or "",
            message_id=query.message.message_id if isinstance(query.message, Message) else None,
        )
        await handler.process(incoming, PtbApi(context.bot))

    text = filters.TEXT & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(text, on_text), group)
    application.add_handler(CallbackQueryHandler(on_button), group)
