"""The Telegram channel for python-telegram-bot: handlers added to a shop's own `Application`.

    register(application, engine, keys, identity)

Every private-chat message gets an outcome: text (including `/start <token>` deep links) and
captions go to the core, a photo joins the claim in progress, voice notes, stickers and the like
get a clear answer in the customer's language, edits are read again, and button presses are
answered. Service messages (payments, pinned messages, ...) and chat-member changes are only
logged, by handlers in the next group (`group + 1`), so they never take an update away from the
shop's own handlers. The shared behaviour lives in the rest of `adapters.telegram`; this module
only translates python-telegram-bot objects and errors. Our own application gets PTB's
`AIORateLimiter` (`builder`), so its sender needs no limits of its own.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from pydantic import SecretStr
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from adapters.telegram.callbacks import PayloadStore
from adapters.telegram.deeplinks import DeepLinks
from adapters.telegram.handler import TelegramHandler
from adapters.telegram.incoming import Incoming, incoming_message, member_update
from adapters.telegram.kinds import Kind, classify
from adapters.telegram.limits import SendLimits
from adapters.telegram.sender import (
    Keyboard,
    RateLimited,
    Refused,
    SdkBotApi,
    TelegramSender,
    Unavailable,
)
from core.ports import Conversations, LinkRedeemer


def builder(token: str, api_base: str | None = None) -> ApplicationBuilder:  # type: ignore[type-arg]
    """An application builder for the Bot API at `api_base` (the official one when None), with
    PTB's `AIORateLimiter` (Telegram's overall and per-chat limits; our retry policy handles
    429s, so it retries none itself)."""
    built = Application.builder().token(token).rate_limiter(AIORateLimiter(max_retries=0))
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


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PtbApi(SdkBotApi):
    """`adapters.telegram.sender.BotApi` around a python-telegram-bot `Bot`."""

    def markup(self, keyboard: Keyboard) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(label, callback_data=data) for label, data in row]
                for row in keyboard
            ]
        )

    def no_preview(self) -> LinkPreviewOptions:
        return LinkPreviewOptions(is_disabled=True)

    def translate(self, exc: Exception) -> Exception | None:
        if isinstance(exc, RetryAfter):
            return RateLimited(_seconds(exc))
        if isinstance(exc, BadRequest):
            return Refused(str(exc))
        if isinstance(exc, NetworkError):
            return Unavailable(str(exc))
        if isinstance(exc, TelegramError):
            return Refused(str(exc))
        return None


class _Answered(filters.MessageFilter):
    """Messages the channel answers or attaches (not service messages)."""

    def filter(self, message: Message) -> bool:
        return classify(message.to_dict()).kind not in (Kind.SERVICE, Kind.UNKNOWN)


ANSWERED = _Answered(name="order_support_answered")


def sender(bot: Bot, store: PayloadStore, limits: SendLimits | None = None) -> TelegramSender:
    """The channel's `core.outbound.Sender` sending through this bot."""
    return TelegramSender(PtbApi(bot), store, limits)


def register(
    application: Application,  # type: ignore[type-arg]
    engine: Conversations,
    keys: PayloadStore,
    identity: LinkRedeemer,
    *,
    link_secret: SecretStr | None = None,
    limits: SendLimits | None = None,
    group: int = 0,
) -> None:
    """Add handlers giving every private-chat message and button press an outcome through the
    core (in `group`), and log what they leave (in `group + 1`).

    `keys` keeps long button payloads; `identity` redeems `/start` links; `limits`: none needed
    with an application from `builder` (PTB's `AIORateLimiter`), else Telegram's."""
    handler = TelegramHandler(engine, keys, DeepLinks(identity, link_secret), limits)

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        edited = update.edited_message is not None
        incoming = incoming_message(update.update_id, message.to_dict(), edited=edited)
        if incoming is not None:
            await handler.process(incoming, PtbApi(context.bot))

    async def on_ignored(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None:  # logs why (a service message, an unknown kind)
            incoming_message(update.update_id, message.to_dict())

    async def on_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.my_chat_member is not None:
            member_update(update.update_id, update.my_chat_member.to_dict())

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

    private = filters.ChatType.PRIVATE & (
        filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
    )
    application.add_handler(MessageHandler(private & ANSWERED, on_message), group)
    application.add_handler(CallbackQueryHandler(on_button), group)
    application.add_handler(MessageHandler(private & ~ANSWERED, on_ignored), group + 1)
    application.add_handler(
        ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER), group + 1
    )
