"""One update into the core and its reply back out, the same for both SDKs: what the core reads
of it (words first, then a photo or a kind it cannot read), a pressed button answered and its
keyboard taken away, a `/start <token>` link redeemed. The engine answers a repeated update
once (`Inbound.event_id` is the bot's id and the update's)."""

from __future__ import annotations

import structlog

from adapters.telegram.callbacks import PayloadStore, resolve_callback
from adapters.telegram.deeplinks import DeepLinks
from adapters.telegram.incoming import Incoming, start_argument
from adapters.telegram.limits import SendLimits, TelegramLimits
from adapters.telegram.sender import (
    CHANNEL,
    BotApi,
    RateLimited,
    Refused,
    TelegramSender,
    Unavailable,
)
from core.acceptance import is_outage, note_outage
from core.messages import MAX_TEXT, Inbound, Reply
from core.outbound import DeliveryFailed
from core.ports import Conversations

log = structlog.get_logger(__name__)

START_EVENT = "event:start"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
"""What the bot asks Telegram for: a customer's messages and edits, button presses, and whether
the customer blocked or restarted the bot (logged)."""


def bot_id_of(token: str) -> str:
    return token.split(":", 1)[0]


class TelegramHandler:
    def __init__(
        self,
        engine: Conversations,
        store: PayloadStore,
        links: DeepLinks,
        limits: SendLimits | None = None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.links = links
        self.limits = limits or TelegramLimits()

    def sender(self, api: BotApi) -> TelegramSender:
        return TelegramSender(api, self.store, self.limits)

    async def process(self, incoming: Incoming, api: BotApi) -> None:
        try:
            inbounds = await self._inbounds(incoming, api)
        except Exception as exc:  # our own part failed (the key store, say): one apology
            if is_outage(exc):  # Redis is down: the update is handled again later
                note_outage(exc)
                raise
            log.exception("telegram_update_failed", update_id=incoming.update_id)
            inbounds = []
            await self._send(api, incoming, await self._apology(incoming))
        for inbound in inbounds:
            await self._send(api, incoming, await self.engine.handle(inbound))

    async def _apology(self, incoming: Incoming) -> Reply:
        return await self.engine.apology(incoming.language_code, f"{CHANNEL}:{incoming.chat_id}")

    async def _send(self, api: BotApi, incoming: Incoming, reply: Reply) -> None:
        try:
            await self.sender(api).send(str(incoming.chat_id), reply)
        except DeliveryFailed as exc:
            log.warning(
                "telegram_reply_not_delivered", update_id=incoming.update_id, error=str(exc)
            )

    async def _inbounds(self, incoming: Incoming, api: BotApi) -> list[Inbound]:
        """What the core reads of one update, in order: the words (text or caption) first, then
        the photo that joins the claim, or the kind the bot cannot read."""
        event = f"{bot_id_of(api.token)}:{incoming.update_id}"
        first: list[Inbound] = []
        if (
            incoming.callback_id is not None
            or incoming.text
            or not (incoming.photo_id or incoming.media)
        ):
            first = [await self._inbound(incoming, api, event)]
        extra: list[str] = []
        if incoming.photo_id:
            extra.append(f"image:{incoming.photo_id}")
        if incoming.media:
            extra.append(f"unsupported:{incoming.media}")
        return first + [
            self._make(incoming, event=f"{event}:{n}", payload=payload)
            for n, payload in enumerate(extra, 1)
        ]

    def _make(
        self, incoming: Incoming, *, event: str, text: str = "", payload: str | None = None
    ) -> Inbound:
        return Inbound(
            channel=CHANNEL,
            user_id=str(incoming.user_id),
            chat_id=str(incoming.chat_id),
            text=text[:MAX_TEXT],
            payload=payload[:256] if payload else None,
            event_id=event,
            locale_hint=incoming.language_code[:35] if incoming.language_code else None,
        )

    async def _inbound(self, incoming: Incoming, api: BotApi, event: str) -> Inbound:
        payload: str | None = None
        text = incoming.text
        if incoming.callback_id is not None:
            await self._acknowledge(incoming, api)
            payload = await resolve_callback(self.store, incoming.callback_data or "")
            if payload is None:
                log.info("telegram_button_expired", update_id=incoming.update_id)
            text = ""
        elif not incoming.edited:
            argument = start_argument(text)
            if argument is not None:
                if argument:
                    await self.links.redeem(str(incoming.user_id), argument, api.token)
                payload, text = START_EVENT, ""
        return self._make(incoming, event=event, text=text, payload=payload)

    async def _acknowledge(self, incoming: Incoming, api: BotApi) -> None:
        """Answer the press at once (stops the spinner) and take the keyboard away so the same
        choice cannot be made twice; both are best effort."""
        try:
            await api.answer_callback(incoming.callback_id or "")
        except (RateLimited, Refused, Unavailable) as exc:
            log.info("telegram_callback_answer_failed", error=str(exc))
        if incoming.message_id is not None:
            try:
                await api.clear_keyboard(str(incoming.chat_id), incoming.message_id)
            except (RateLimited, Refused, Unavailable) as exc:
                log.info("telegram_keyboard_not_cleared", error=str(exc))
