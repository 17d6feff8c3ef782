"""Telegram's signed `/start` deep links: the key (a dedicated `telegram.link_secret`, else
derived from the bot token), the `t.me` address, and redeeming a token through the core's
identity service (`core.identity`), which ties the user to the link's customer once."""

from __future__ import annotations

import time
from collections.abc import Callable

from pydantic import SecretStr

from core.identity import link_key
from core.ports import LinkRedeemer
from core.settings import Settings

CHANNEL = "telegram"


def link_key_for(settings: Settings, bot_token: str | None = None) -> bytes:
    """A dedicated `telegram.link_secret` setting when present, else the bot token."""
    return _key(settings.telegram.link_secret, bot_token or _token(settings))


def _token(settings: Settings) -> str:
    if settings.telegram.token is None:
        raise ValueError("no Telegram bot token configured")
    return settings.telegram.token.get_secret_value()


def _key(secret: SecretStr | None, bot_token: str) -> bytes:
    return link_key(secret.get_secret_value() if secret is not None else bot_token)


def link_url(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


class DeepLinks:
    """Redeems `/start <token>` for the bot whose token is given with each update."""

    def __init__(
        self,
        identity: LinkRedeemer,
        secret: SecretStr | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._identity = identity
        self._secret = secret
        self._clock = clock

    async def redeem(self, user_id: str, token: str, bot_token: str) -> bool:
        key = _key(self._secret, bot_token)
        return await self._identity.redeem_link(CHANNEL, user_id, token, key, clock=self._clock)
