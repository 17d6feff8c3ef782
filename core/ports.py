"""The narrow ports an adapter is given, instead of the whole `Services`: the conversation
engine (its two calls), a key store for the platform's own short-lived values
(`core.keys.KeyStore`), the channel's sender (`core.outbound.Sender`) and, where the platform
ties chat users to customers, the identity calls it needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from core.messages import Inbound, Reply


class Conversations(Protocol):
    """What an adapter asks of the core (`core.engine.Engine`)."""

    async def handle(self, inbound: Inbound) -> Reply:
        """The reply to one message; never raises, answers a repeated `event_id` silently."""
        ...

    async def apology(
        self, locale_hint: str | None = None, conversation_key: str | None = None
    ) -> Reply:
        """The one apology, for when the adapter's own part fails."""
        ...


class LinkRedeemer(Protocol):
    """Signed deep links (`core.identity.IdentityService.redeem_link`)."""

    async def redeem_link(
        self, channel: str, user_id: str, token: str, key: bytes, *, clock: Callable[[], float]
    ) -> bool: ...


class CustomerBinder(Protocol):
    """Ties a chat user the shop has signed to its customer (the web chat)."""

    async def customer_for(self, channel: str, user_id: str) -> str | None: ...

    async def bind(self, channel: str, user_id: str, customer_id: str, how: str) -> None: ...
