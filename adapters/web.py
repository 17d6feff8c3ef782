"""The `web` channel: the chat page, the widget a shop embeds, and their JSON API.

- `GET /` the chat page (also what the widget opens in its panel), `GET /widget.js` the one
  script a shop pastes into its site, `GET /chat/words?locale=` the page's words in the
  visitor's language (greeting, suggested questions, every label);
- `POST /api/chat` `{"text"|"payload", "locale"?}` plus who is asking (below) returns
  `{"replies": [...], "language", "direction"}`; `POST /chat/photo` (multipart: `photo`
  and the same identity fields) sends a photo for a damage or return claim; `GET|POST
  /api/inbox` what staff and notices left since the last call.

Who is asking, strongest first:
- `user_id` + `user_hash` (hex HMAC-SHA256 of the id with `web_identity_secret`) or `token`
  (a short-lived HS256 JWT): the shop's site signed its logged-in customer, who is tied to the
  customer of that id and sees her orders. A forged signature gets 403 and nothing else;
- otherwise an anonymous visitor, known by a random id in the `os_visitor` cookie (HttpOnly),
  who must verify before seeing an order;
- `user` (the `?user=` shortcut of the demo page) only when `settings.demo_users` is on.

`register(app, engine)` plugs all of it into any aiohttp application.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import structlog
from aiohttp import BodyPartReader, web
from PIL import Image, ImageOps, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from core.dialogue.conversation import main_menu
from core.engine import Engine
from core.i18n import Localizer, babel_locale, best_language, shipped_languages
from core.identity import CLIENT, check_token, check_user_hash
from core.inbox import drain_inbox
from core.messages import MAX_TEXT, Inbound
from core.ratelimit import client_ip

log = structlog.get_logger(__name__)
STATIC = Path(__file__).with_name("web_static")
PAGE = STATIC / "index.html"
WIDGET = STATIC / "widget.js"
ENGINE_KEY = web.AppKey("web_engine", Engine)
VISITOR_COOKIE = "os_visitor"
VISITOR_DAYS = 180
_VISITOR = re.compile(r"^[0-9a-f]{32}$")
PHOTO_TTL_SECONDS = 30 * 24 * 3600
PHOTO_SIDE = 2048
"""Photos are scaled down to this longest side and re-encoded: no camera metadata (place,
device) is kept."""
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}

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


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def identify(request: web.Request, engine: Engine, claimed: Identity) -> Who:
    """The chat user behind a request; raises `Forged` for a signature that does not match."""
    settings = engine.services.settings
    keys = settings.web.identity_keys()
    if claimed.token:
        max_ttl = settings.web.token_max_ttl_seconds
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
    if claimed.user and settings.demo_users:
        return Who(claimed.user, "demo")
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    if _VISITOR.match(visitor):
        return Who(f"v:{visitor}", "visitor")
    return Who(f"v:{secrets.token_hex(16)}", "visitor", new_visitor=True)


def _remember_visitor(request: web.Request, response: web.StreamResponse, who: Who) -> None:
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


async def _tie(engine: Engine, who: Who) -> None:
    """A signed customer is tied to the customer of that id (once; audited)."""
    if who.customer_id is None:
        return
    identity = engine.services.identity
    if await identity.customer_for("web", who.chat_id) != who.customer_id:
        await identity.bind("web", who.chat_id, who.customer_id, how="signed")


def _forged(engine: Engine, locale: str | None) -> web.Response:
    loc = Localizer(best_language(locale, engine.services.settings.default_locale))
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
        dumps=_dumps,
    )


def _client(request: web.Request, engine: Engine) -> str:
    return client_ip(request, engine.services.settings.trusted_proxy_hops)


async def _answer(
    request: web.Request, engine: Engine, who: Who, inbound: Inbound
) -> web.StreamResponse:
    await _tie(engine, who)
    token = CLIENT.set(_client(request, engine))
    try:
        reply = await engine.handle(inbound)
    finally:
        CLIENT.reset(token)
    waiting = await drain_inbox(engine.services.sessions, who.chat_id)
    response = web.json_response(
        {
            "replies": waiting + [part.model_dump(mode="json") for part in reply.parts],
            "language": reply.language,
            "direction": babel_locale(reply.language).text_direction,
        },
        dumps=_dumps,
    )
    _remember_visitor(request, response, who)
    return response


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{field}: {first['msg']}"


async def chat(request: web.Request) -> web.StreamResponse:
    try:
        body: Any = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _error(400, "the body must be a JSON object")
    try:
        req = ChatRequest.model_validate(body)
    except ValidationError as exc:
        return _error(400, _first_error(exc))
    if not req.text.strip() and not req.payload:
        return _error(400, "send 'text' or 'payload'")
    if req.payload and req.payload.startswith("image:"):
        return _error(400, "payload: photos go to /chat/photo")
    engine = request.app[ENGINE_KEY]
    try:
        who = identify(request, engine, req)
    except Forged:
        return _forged(engine, req.locale)
    inbound = Inbound(
        channel="web",
        user_id=who.chat_id,
        chat_id=who.chat_id,
        text=req.text,
        payload=req.payload,
        locale_hint=req.locale,
    )
    return await _answer(request, engine, who, inbound)


# --- photos for a claim ---------------------------------------------------------------------


def clean_photo(data: bytes) -> bytes:
    """The photo re-encoded as JPEG, at most `PHOTO_SIDE` pixels a side, turned upright, with
    no metadata; raises ValueError for anything that is not a JPEG, PNG or WebP image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PHOTO_FORMATS:
                raise ValueError(f"not a photo: {image.format}")
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError("not a readable image") from exc
    upright.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=85)
    return out.getvalue()


async def _read_photo(request: web.Request, limit: int) -> tuple[dict[str, str], bytes | None]:
    """The form's text fields and the photo's bytes (None when over `limit`)."""
    fields: dict[str, str] = {}
    photo: bytes | None = b""
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            raise ValueError("nested multipart")
        if part.name == "photo":
            chunks: list[bytes] = []
            size = 0
            while chunk := await part.read_chunk(64 * 1024):
                size += len(chunk)
                if size > limit:
                    return fields, None
                chunks.append(chunk)
            photo = b"".join(chunks)
        elif part.name:
            fields[part.name] = (await part.text())[:2048]
    return fields, photo


async def photo(request: web.Request) -> web.StreamResponse:
    engine = request.app[ENGINE_KEY]
    settings = engine.services.settings
    limit = settings.web.photo_max_bytes
    if not request.content_type.startswith("multipart/"):
        return _error(400, "send the photo as multipart/form-data")
    try:
        fields, data = await _read_photo(request, limit)
    except (ValueError, AssertionError):
        return _error(400, "malformed multipart body")
    locale = fields.pop("locale", None)
    loc = Localizer(best_language(locale, settings.default_locale))
    too_big = loc._(
        "That photo could not be sent: please choose a JPEG, PNG or WebP image under {size} MB.",
        size=max(1, limit // (1024 * 1024)),
    )
    if data is None:
        return web.json_response({"error": "photo too large", "message": too_big}, status=413)
    try:
        claimed = Identity.model_validate({k: v for k, v in fields.items() if v})
    except ValidationError as exc:
        return _error(400, _first_error(exc))
    try:
        who = identify(request, engine, claimed)
    except Forged:
        return _forged(engine, locale)
    try:
        cleaned = await asyncio.to_thread(clean_photo, data or b"")
    except ValueError:
        return web.json_response({"error": "not a photo", "message": too_big}, status=415)
    media = f"web-{secrets.token_urlsafe(12)}"
    encoded = base64.b64encode(cleaned).decode()
    await engine.services.keys.put(f"web:photo:{media}", encoded, PHOTO_TTL_SECONDS)
    log.info("web_photo_received", size=len(cleaned))
    inbound = Inbound(
        channel="web",
        user_id=who.chat_id,
        chat_id=who.chat_id,
        payload=f"image:{media}",
        locale_hint=locale[:35] if locale else None,
    )
    return await _answer(request, engine, who, inbound)


# --- inbox, page, words ---------------------------------------------------------------------


async def inbox(request: web.Request) -> web.StreamResponse:
    """Messages that arrived for a web user since their last request (staff, notices)."""
    engine = request.app[ENGINE_KEY]
    if request.method == "POST":
        try:
            claimed = Identity.model_validate(await request.json())
        except (ValueError, UnicodeDecodeError, RecursionError, ValidationError):
            return _error(400, "the body must name who is asking")
    else:
        user = request.query.get("user", "").strip()
        if len(user) > 128:
            return _error(400, "user: a web user id is at most 128 characters")
        claimed = Identity(user=user or None)
    try:
        who = identify(request, engine, claimed)
    except Forged:
        return _forged(engine, None)
    if who.new_visitor:
        return web.json_response({"replies": [], "direction": "auto"})
    waiting = await drain_inbox(engine.services.sessions, who.chat_id)
    return web.json_response({"replies": waiting, "direction": "auto"}, dumps=_dumps)


def ui_words(language: str) -> dict[str, Any]:
    """Everything the page and the widget show by themselves, in `language`."""
    loc = Localizer(language)
    return {
        "language": language,
        "direction": babel_locale(language).text_direction,
        "title": loc._("Order support"),
        "placeholder": loc._("Ask about your order…"),
        "send": loc._("Send"),
        "photo": loc._("Send a photo"),
        "open": loc._("Chat with us"),
        "close": loc._("Close"),
        "error": loc._("Sorry, something went wrong on our side. Please try again in a moment."),
        "greeting": loc._("Hello! I'm the order assistant. How can I help?"),
        "suggestions": [b.model_dump() for b in main_menu(loc)],
    }


async def words(request: web.Request) -> web.Response:
    engine = request.app[ENGINE_KEY]
    wanted = request.query.get("locale", "")[:35] or None
    language = best_language(wanted, engine.services.settings.default_locale)
    return web.json_response(
        ui_words(language), dumps=_dumps, headers={"Cache-Control": "max-age=300"}
    )


def _frame_ancestors(engine: Engine) -> str:
    settings = engine.services.settings
    origins = [o.rstrip("/") for o in settings.web.embed_origins]
    if origins:
        return " ".join(["'self'", *origins])
    return "*" if settings.demo_users else "'self'"


async def page(request: web.Request) -> web.FileResponse:
    engine = request.app[ENGINE_KEY]
    return web.FileResponse(
        PAGE,
        headers={
            "Cache-Control": "no-cache",
            "Content-Security-Policy": (
                "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; "
                f"script-src 'self' 'unsafe-inline'; frame-ancestors {_frame_ancestors(engine)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


@lru_cache(maxsize=1)
def widget_source() -> str:
    """The widget script with its launcher words in every shipped language."""
    keep = ("open", "close", "direction")
    table = {lang: {k: ui_words(lang)[k] for k in keep} for lang in shipped_languages()}
    return WIDGET.read_text().replace("/*WORDS*/{}", json.dumps(table, ensure_ascii=False))


async def widget(_: web.Request) -> web.Response:
    return web.Response(
        text=widget_source(),
        content_type="application/javascript",
        headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"},
    )


def register(app: web.Application, engine: Engine) -> None:
    app[ENGINE_KEY] = engine
    app.router.add_get("/", page)
    app.router.add_get("/widget.js", widget)
    app.router.add_get("/chat/words", words)
    app.router.add_post("/api/chat", chat)
    app.router.add_post("/chat/photo", photo)
    app.router.add_get("/api/inbox", inbox)
    app.router.add_post("/api/inbox", inbox)


__all__ = ["Forged", "Identity", "Who", "clean_photo", "identify", "register"]
