"""A customer in a test: says things, presses buttons, reads the replies."""

from __future__ import annotations

from core.engine import Engine
from core.messages import Inbound, Reply
from core.order import Order
from core.services import Services


class Chat:
    def __init__(self, engine: Engine, user: str = "web-li", channel: str = "web") -> None:
        self.engine = engine
        self.user = user
        self.channel = channel
        self.last: Reply | None = None

    async def say(self, text: str, locale: str | None = None) -> Reply:
        return await self._send(text=text, locale_hint=locale)

    async def press(self, payload: str) -> Reply:
        return await self._send(payload=payload)

    async def _send(self, **fields: object) -> Reply:
        inbound = Inbound(channel=self.channel, user_id=self.user, chat_id=self.user, **fields)
        self.last = await self.engine.handle(inbound)
        return self.last


async def store(services: Services, *docs: dict) -> None:
    await services.orders.replace_all([Order.model_validate(d) for d in docs])
