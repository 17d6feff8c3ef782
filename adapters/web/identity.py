"""Who is asking, strongest first:

- `user_id` + `user_hash` (hex HMAC-SHA256 of the id with `web.identity_secret`) or `token` (a
  short-lived HS256 JWT): the shop's site signed its logged-in customer, who is tied to the
  customer of that id and sees her orders. A forged signature gets 403 and nothing else;
- otherwise an anonymous visitor, known by a random id in the `os_visitor` cookie (HttpOnly),
  who must verify before seeing an order;
- `user` (the `?user=` shortcut of the demo page) only when demo users are on.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Annotated

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from adapters.web.ports import CHANNEL, WebChannel
from core.i18n import Localizer, best_language
from core.identity import check_token, check_user_hash
from core.messages import MAX_TEXT

log = structlog.get_logger(__name__)

VISITOR_COOKIE = "os_visitor"
VISITOR_DAYS = 180
_VISITOR = re.compile(r"^[0-9a-f]{32}$")

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Identity(BaseModel):
    """Who is asking, as the browser states it; checked by `identify`."""

    model_config = ConfigDict(extra="forbid")

    user: Annotated[str, StringConstraints(strip_whitespace=True, max_length=128)] | None = None
    user_id: Id | None = None
    user_hash: Annotated[str, StringConstraints(max_length=128)] | None = None
    token: Annotated[str, StringConstraints(max_length=2048)] | None = None


class ChatRequest(Identity):
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    payload: Annotated[str, StringConstraints(max_length=256)] | None = None
    locale: Annotated[str, StringConstraints(max_length=35)] | None = None


@dataclass(frozen=True)
class Who:
    chat_id: str
    how: str
    """"signed", "visitor" or "demo"."""
    customer_id: str | None = None
    new_visitor: bool = False


class Forged(Exception):
    """A signature that does not match: the request gets nothing."""


def identify(request: web.Request, channel: WebChannel, claimed: Identity) -> Who:
    """The chat user behind a request; raises `Forged` for a signature that does not match."""
    keys = channel.settings.identity_keys()
    if claimed.token:
        max_ttl = channel.settings.token_max_ttl_seconds
        subject = check_token(keys, claimed.token, max_ttl_seconds=max_ttl) if keys else None
        if subject is None:
            raise Forged("token")
        return Who(f"u:{subject}", "signed", subject)
    if claimed.user_id or claimed.user_hash:
        if not (keys and claimed.user_id and claimed.user_hash):
            raise Forged("user_hash")
        if not check_user_hash(keys, claimed.user_id, claimed.user_hash):
            raise Forged("user_hash")
        return Who(f"u:{claimed.user_id}", "signed", claimed.user_id)
    if claimed.user and channel.demo_users:
        return Who(claimed.user, "demo")
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    if _VISITOR.match(visitor):
        return Who(f"v:{visitor}", "visitor")
    return Who(f"v:{secrets.token_hex(16)}", "visitor", new_visitor=True)


def remember_visitor(request: web.Request, response: web.StreamResponse, who: Who) -> None:
    """The visitor's id in an HttpOnly cookie; cross-site (the widget in a shop's page) over
    https, partitioned by the embedding site."""
    if not who.new_visitor:
        return
    secure = request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"
    response.set_cookie(
        VISITOR_COOKIE,
        who.chat_id.removeprefix("v:"),
        max_age=VISITOR_DAYS * 24 * 3600,
        httponly=True,
        secure=secure,
        samesite="None" if secure else "Lax",
        path="/",
    )
    if secure:  # CHIPS: aiohttp has no flag for it yet
        cookie = response.cookies[VISITOR_COOKIE]
        response.cookies.pop(VISITOR_COOKIE)
        response.headers.add("Set-Cookie", cookie.OutputString() + "; Partitioned")


async def tie(channel: WebChannel, who: Who) -> None:
    """A signed customer is tied to the customer of that id (once; audited)."""
    if who.customer_id is None:
        return
    if await channel.identity.customer_for(CHANNEL, who.chat_id) != who.customer_id:
        await channel.identity.bind(CHANNEL, who.chat_id, who.customer_id, how="signed")


def forged(channel: WebChannel, locale: str | None) -> web.Response:
    loc = Localizer(best_language(locale, channel.default_locale))
    log.warning("web_identity_forged")
    return web.json_response(
        {
            "error": "the signature of this customer does not match",
            "message": loc._(
                "We couldn't confirm who you are. Please reload the page or sign in again."
            ),
            "replies": [],
        },
        status=403,
        dumps=dumps,
    )


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
