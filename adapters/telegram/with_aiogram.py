"""The Telegram channel for aiogram 3: a `Router` a shop includes in its own `Dispatcher`.

    dp.include_router(build_router(engine, keys, identity))

Every private-chat message gets an outcome: text (including `/start <token>` deep links) and
captions go to the core, a photo joins the claim in progress, voice notes, stickers and the like
get a clear answer in the customer's language, edits are read again, and button presses are
answered. Service messages (payments, pinned messages, ...) and chat-member changes are logged
and passed on (`SkipHandler`) to the shop's other routers. The shared behaviour lives in
the rest of `adapters.telegram`; this module only translates aiogram objects and errors.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.enums import ChatType, ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from pydantic import SecretStr

from adapters.telegram.callbacks import PayloadStore
from adapters.telegram.deeplinks import DeepLinks
from adapters.telegram.handler import TelegramHandler
from adapters.telegram.incoming import Incoming, incoming_message, member_update
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


def make_bot(token: str, api_base: str | None = None) -> Bot:
    """A Bot talking HTML to the Bot API at `api_base` (the official one when None)."""
    server = TelegramAPIServer.from_base(api_base) if api_base else PRODUCTION
    return Bot(
        token,
        session=AiohttpSession(api=server),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


class AiogramApi(SdkBotApi):
    """`adapters.telegram.sender.BotApi` around an aiogram `Bot`."""

    def markup(self, keyboard: Keyboard) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
                for row in keyboard
            ]
        )

    def no_preview(self) -> LinkPreviewOptions:
        return LinkPreviewOptions(is_disabled=True)

    def translate(self, exc: Exception) -> Exception | None:
        if isinstance(exc, TelegramRetryAfter):
            return RateLimited(float(exc.retry_after))
        if isinstance(exc, TelegramNetworkError | TelegramServerError):
            return Unavailable(str(exc))
        if isinstance(exc, TelegramAPIError):
            return Refused(str(exc))
        return None


def fields(message: Message) -> dict[str, Any]:
    """The message as the Bot API sent it (`from`, `photo`, `caption`, ...)."""
    return message.model_dump(mode="json", by_alias=True, exclude_none=True)


def sender(bot: Bot, store: PayloadStore, limits: SendLimits | None = None) -> TelegramSender:
    """The channel's `core.outbound.Sender` sending through this bot."""
    return TelegramSender(AiogramApi(bot), store, limits)


def build_router(
    engine: Conversations,
    keys: PayloadStore,
    identity: LinkRedeemer,
    *,
    link_secret: SecretStr | None = None,
    limits: SendLimits | None = None,
    name: str = "order_support",
) -> Router:
    """A router giving every private-chat message and button press an outcome through the core.

    `keys` keeps long button payloads (Redis: shared by every process); `identity` redeems
    `/start` links; pass the `limits` of the process's `TelegramSender` so both share them."""
    handler = TelegramHandler(engine, keys, DeepLinks(identity, link_secret), limits)
    router = Router(name=name)
    private = F.chat.type == ChatType.PRIVATE

    @router.message(private)
    async def on_message(message: Message, bot: Bot, event_update: Update) -> None:
        incoming = incoming_message(event_update.update_id, fields(message))
        if incoming is None:
            raise SkipHandler  # a service message, logged: the shop's routers may want it
        await handler.process(incoming, AiogramApi(bot))

    @router.edited_message(private)
    async def on_edit(message: Message, bot: Bot, event_update: Update) -> None:
        incoming = incoming_message(event_update.update_id, fields(message), edited=True)
        if incoming is None:
            raise SkipHandler
        await handler.process(incoming, AiogramApi(bot))

    @router.my_chat_member(private)
    async def on_member(change: ChatMemberUpdated, event_update: Update) -> None:
        member_update(event_update.update_id, change.model_dump(mode="json", by_alias=True))
        raise SkipHandler

    @router.callback_query(F.message.chat.type == ChatType.PRIVATE)
    async def on_button(query: CallbackQuery, bot: Bot, event_update: Update) -> None:
        message = query.message
        assert message is not None
        incoming = Incoming(
            update_id=event_update.update_id,
            user_id=query.from_user.id,
            chat_id=message.chat.id,
            language_code=query.from_user.language_code,
            callback_id=query.id,
            callback_data=query.data or "",
            message_id=message.message_id if isinstance(message, Message) else None,
        )
        await handler.process(incoming, AiogramApi(bot))

    return router
