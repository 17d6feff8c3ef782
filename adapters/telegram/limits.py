"""Telegram's send limits on aiolimiter (the leaky bucket python-telegram-bot's
`AIORateLimiter` is built on): about 30 messages a second overall and one a second per chat. A
busy chat waits for its own bucket only, so it never holds up the others.

With python-telegram-bot the application's own `AIORateLimiter` does this instead
(`adapters.telegram.with_ptb.builder`), and the sender gets no limits of its own."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from aiolimiter import AsyncLimiter


class SendLimits(Protocol):
    async def wait(self, chat_id: str) -> None:
        """Return when one more message may go to `chat_id`."""
        ...


class TelegramLimits:
    def __init__(
        self, *, per_second: float = 30, per_chat_interval: float = 1.0, chats: int = 10_000
    ) -> None:
        self._overall = AsyncLimiter(per_second, 1.0)
        self._interval = per_chat_interval
        self._chats: OrderedDict[str, AsyncLimiter] = OrderedDict()
        self._max_chats = chats

    def _bucket(self, chat_id: str) -> AsyncLimiter:
        bucket = self._chats.pop(chat_id, None) or AsyncLimiter(1, self._interval)
        self._chats[chat_id] = bucket  # most recently used last; the oldest are forgotten
        while len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)
        return bucket

    async def wait(self, chat_id: str) -> None:
        await self._bucket(chat_id).acquire()
        await self._overall.acquire()


class NoLimits:
    """For a bot whose SDK limits its own calls (python-telegram-bot's `AIORateLimiter`)."""

    async def wait(self, chat_id: str) -> None:
        return None
