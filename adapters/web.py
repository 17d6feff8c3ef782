"""The `web` channel: the chat page at `GET /` and its JSON API at `POST /api/chat`.

`register(app, engine)` plugs both into any aiohttp application.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from core.engine import Engine
from core.i18n import babel_locale
from core.inbox import drain_inbox
from core.messages import MAX_TEXT, Inbound

log = structlog.get_logger(__name__)
PAGE = Path(__file__).with_name("web_static") / "index.html"
ENGINE_KEY = web.AppKey("web_engine", Engine)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    payload: Annotated[str, StringConstraints(max_length=256)] | None = None
    locale: Annotated[str, StringConstraints(max_length=35)] | None = None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def page(_: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGE, headers={"Cache-Control": "no-cache"})


async def chat(request: web.Request) -> web.Response:
    try:
        body: Any = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _error(400, "the body must be a JSON object")
    try:
        req = ChatRequest.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        return _error(400, f"{field}: {first['msg']}")
    if not req.text.strip() and not req.payload:
        return _error(400, "send 'text' or 'payload'")
    inbound = Inbound(
        channel="web",
        user_id=req.user,
        chat_id=req.user,
        text=req.text,
        payload=req.payload,
        locale_hint=req.locale,
    )
    engine = request.app[ENGINE_KEY]
    reply = await engine.handle(inbound)
    waiting = await drain_inbox(engine.services.sessions, req.user)
    direction = babel_locale(reply.language).text_direction
    return web.json_response(
        {
            "replies": waiting + [part.model_dump(mode="json") for part in reply.parts],
            "language": reply.language,
            "direction": direction,
        },
        dumps=_dumps,
    )


async def inbox(request: web.Request) -> web.Response:
    """Messages that arrived for a web user since their last request (staff, notices)."""
    user = request.query.get("user", "").strip()
    if not user or len(user) > 128:
        return _error(400, "user: a web user id is required")
    engine = request.app[ENGINE_KEY]
    waiting = await drain_inbox(engine.services.sessions, user)
    return web.json_response({"replies": waiting, "direction": "auto"}, dumps=_dumps)


def register(app: web.Application, engine: Engine) -> None:
    app[ENGINE_KEY] = engine
    app.router.add_get("/", page)
    app.router.add_post("/api/chat", chat)
    app.router.add_get("/api/inbox", inbox)
