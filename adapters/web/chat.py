"""`POST /api/chat` `{"text"|"payload", "locale"?}` plus who is asking returns `{"replies":
[...], "language", "direction"}`, with whatever staff and notices left first; `GET|POST
/api/inbox` is what they left since the last call."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import ValidationError

from adapters.web.identity import (
    ChatRequest,
    Forged,
    Identity,
    Who,
    dumps,
    forged,
    identify,
    remember_visitor,
    tie,
)
from adapters.web.ports import CHANNEL, WEB, WebChannel
from core.i18n import babel_locale
from core.identity import CLIENT
from core.inbox import handed_over
from core.messages import Inbound
from core.ratelimit import client_ip


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{field}: {first['msg']}"


def inbound_from(who: Who, **fields: Any) -> Inbound:
    return Inbound(channel=CHANNEL, user_id=who.chat_id, chat_id=who.chat_id, **fields)


async def answer(
    request: web.Request, channel: WebChannel, who: Who, inbound: Inbound
) -> web.StreamResponse:
    """The engine's reply, after what was waiting; the client address counts verification."""
    await tie(channel, who)
    token = CLIENT.set(client_ip(request, channel.trusted_proxy_hops))
    try:
        with handed_over(who.chat_id) as handover:  # the turn's own save takes what waits
            reply = await channel.engine.handle(inbound)
    finally:
        CLIENT.reset(token)
    waiting = handover.parts
    if waiting is None:
        waiting = await channel.inbox.drain(who.chat_id)
    response = web.json_response(
        {
            "replies": waiting + [part.model_dump(mode="json") for part in reply.parts],
            "language": reply.language,
            "direction": babel_locale(reply.language).text_direction,
        },
        dumps=dumps,
    )
    remember_visitor(request, response, who)
    return response


async def chat(request: web.Request) -> web.StreamResponse:
    try:
        body: Any = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return error(400, "the body must be a JSON object")
    try:
        req = ChatRequest.model_validate(body)
    except ValidationError as exc:
        return error(400, first_error(exc))
    if not req.text.strip() and not req.payload:
        return error(400, "send 'text' or 'payload'")
    if req.payload and req.payload.startswith("image:"):
        return error(400, "payload: photos go to /chat/photo")
    channel = request.app[WEB]
    try:
        who = identify(request, channel, req)
    except Forged:
        return forged(channel, req.locale)
    inbound = inbound_from(who, text=req.text, payload=req.payload, locale_hint=req.locale)
    return await answer(request, channel, who, inbound)


async def inbox(request: web.Request) -> web.StreamResponse:
    """Messages that arrived for a web user since their last request (staff, notices)."""
    channel = request.app[WEB]
    if request.method == "POST":
        try:
            claimed = Identity.model_validate(await request.json())
        except (ValueError, UnicodeDecodeError, RecursionError, ValidationError):
            return error(400, "the body must name who is asking")
    else:
        user = request.query.get("user", "").strip()
        if len(user) > 128:
            return error(400, "user: a web user id is at most 128 characters")
        claimed = Identity(user=user or None)
    try:
        who = identify(request, channel, claimed)
    except Forged:
        return forged(channel, None)
    if who.new_visitor:
        return web.json_response({"replies": [], "direction": "auto"})
    waiting = await channel.inbox.drain(who.chat_id)
    return web.json_response({"replies": waiting, "direction": "auto"}, dumps=dumps)
