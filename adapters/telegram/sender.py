"""The Telegram channel's `core.outbound.Sender`: renders a reply, waits for the send limits,
and retries what is worth retrying with the chat-sends policy (`core.retry.CHAT_SENDS`: a 429
after its Retry-After, a network or server error after a growing wait).

Each SDK module wraps its Bot in the small `BotApi` protocol below, raising `RateLimited`,
`Refused` or `Unavailable` instead of its own errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

import structlog
from tenacity import RetryCallState, retry_if_exception

from adapters.telegram.callbacks import PayloadStore, callback_data
from adapters.telegram.limits import SendLimits, TelegramLimits
from adapters.telegram.render import render
from core.messages import Reply
from core.outbound import DeliveryFailed, NoticeKind
from core.retry import CHAT_SENDS, RetryPolicy, Sleep

log = structlog.get_logger(__name__)

CHANNEL = "telegram"
Keyboard = list[list[tuple[str, str]]]
"""Rows of (label, callback_data)."""


class RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class Refused(Exception):
    """Telegram said no for good (blocked by the user, chat not found, bad request)."""


class Unavailable(Exception):
    """Network trouble or a Telegram server error: worth another try."""


class BotApi(Protocol):
    """The few Bot API calls the channel makes (`AiogramApi`, `PtbApi`)."""

    token: str

    async def send_message(self, chat_id: str, text: str, keyboard: Keyboard | None) -> None: ...

    async def answer_callback(self, callback_id: str) -> None: ...

    async def clear_keyboard(self, chat_id: str, message_id: int) -> None: ...


class SdkBotApi:
    """`BotApi` over an SDK's `Bot`, whose methods take the Bot API's own names (aiogram's and
    python-telegram-bot's both do). Each SDK module says how its keyboards and link-preview
    options are built and which of its errors mean what."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.token: str = bot.token

    def markup(self, keyboard: Keyboard) -> Any:
        raise NotImplementedError

    def no_preview(self) -> Any:
        raise NotImplementedError

    def translate(self, exc: Exception) -> Exception | None:
        """`RateLimited`, `Refused` or `Unavailable` for one of the SDK's errors, else None."""
        raise NotImplementedError

    @asynccontextmanager
    async def _call(self) -> AsyncIterator[None]:
        try:
            yield
        except Exception as exc:
            mapped = self.translate(exc)
            if mapped is None:
                raise
            raise mapped from exc

    async def send_message(self, chat_id: str, text: str, keyboard: Keyboard | None) -> None:
        async with self._call():
            await self.bot.send_message(
                chat_id=int(chat_id),
                text=text,
                parse_mode="HTML",
                reply_markup=self.markup(keyboard) if keyboard else None,
                link_preview_options=self.no_preview(),
            )

    async def answer_callback(self, callback_id: str) -> None:
        async with self._call():
            await self.bot.answer_callback_query(callback_query_id=callback_id)

    async def clear_keyboard(self, chat_id: str, message_id: int) -> None:
        async with self._call():
            await self.bot.edit_message_reply_markup(
                chat_id=int(chat_id), message_id=message_id, reply_markup=None
            )


class TelegramSender:
    channel = CHANNEL

    def __init__(
        self,
        api: BotApi,
        store: PayloadStore,
        limits: SendLimits | None = None,
        *,
        policy: RetryPolicy = CHAT_SENDS,
        max_retry_after: float = 60.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.api = api
        self.store = store
        self.limits = limits or TelegramLimits()
        self.policy = policy
        self.max_attempts = policy.attempts
        self.max_retry_after = max_retry_after
        self._sleep = sleep

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        for message in render(reply):
            keyboard = [
                [(b.text, await callback_data(self.store, b.payload)) for b in row]
                for row in message.keyboard
            ]
            await self._send_one(str(chat_id), message.html, keyboard or None, kind)

    def _worth_retrying(self, exc: BaseException) -> bool:
        if isinstance(exc, RateLimited):
            return exc.retry_after <= self.max_retry_after
        return isinstance(exc, Unavailable)

    def _wait(self, state: RetryCallState) -> float:
        """A 429's own Retry-After, else the policy's growing wait."""
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, RateLimited):
            log.warning("telegram_rate_limited", retry_after=failure.retry_after)
            return failure.retry_after
        log.warning("telegram_unavailable", error=str(failure), attempt=state.attempt_number)
        return self.policy.delay(state.attempt_number)

    async def _send_one(
        self, chat_id: str, text: str, keyboard: Keyboard | None, kind: NoticeKind
    ) -> None:
        retrying = self.policy.retrying(RateLimited, wait=self._wait, sleep=self._sleep)
        retrying = retrying.copy(retry=retry_if_exception(self._worth_retrying))
        try:
            async for attempt in retrying:
                with attempt:
                    await self.limits.wait(chat_id)
                    await self.api.send_message(chat_id, text, keyboard)
        except RateLimited as exc:
            raise DeliveryFailed(f"rate limited by Telegram ({kind})") from exc
        except Refused as exc:
            raise DeliveryFailed(f"Telegram refused the message: {exc}") from exc
        except Unavailable as exc:
            raise DeliveryFailed(f"Telegram unreachable: {exc}") from exc
