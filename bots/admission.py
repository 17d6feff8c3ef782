"""Admission control for the web process: overload degrades into clear answers, never 500s.

At most `max_in_flight` chat and API requests are handled at once; up to `max_waiting` more
wait in line, each for at most `queue_timeout_seconds`. What does not get a turn is shed at
once, before any work is done for it:
- `POST /api/chat`: 200 with a "busy, one moment" reply in the customer's language (the
  request's `locale`, else Accept-Language, else the shop's default) and `"busy": true`, with
  `Retry-After`, so the widget shows a message and not an error;
- the REST API (`/api/...`): 503 with `Retry-After`.
A chat or API request whose handling fails anyway (a Redis pool or the database timing out
under load) gets the same answers instead of a 500. Platform webhooks and the pages are not
queued here: platforms retry on their own schedule and their deliveries are bounded by the
rate limits.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog
from aiohttp import web
from aiohttp.typedefs import Middleware

from core.engine import busy_text
from core.i18n import Localizer, babel_locale, best_language

log = structlog.get_logger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
RETRY_AFTER_SECONDS = 2
CHAT = "/api/chat"


@dataclass
class Admission:
    """Counts the requests being handled and waiting; `enter` says whether one gets a turn."""

    max_in_flight: int
    max_waiting: int
    queue_timeout: float
    in_flight: int = 0
    waiting: int = 0
    shed: int = 0
    _turns: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self._turns = asyncio.Semaphore(max(1, self.max_in_flight))

    async def enter(self) -> bool:
        if not self._turns.locked():
            await self._turns.acquire()
            self.in_flight += 1
            return True
        if self.waiting >= self.max_waiting:
            return False
        self.waiting += 1
        try:
            await asyncio.wait_for(self._turns.acquire(), self.queue_timeout)
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1
        self.in_flight += 1
        return True

    def leave(self) -> None:
        self.in_flight -= 1
        self._turns.release()


def _language(request: web.Request, body: bytes, default: str) -> str:
    wanted: str | None = None
    try:
        data = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("locale"), str):
        wanted = data["locale"][:35]
    if not wanted:
        header = request.headers.get("Accept-Language", "")
        wanted = header.split(",")[0].split(";")[0].strip()[:35] or None
    return best_language(wanted, default)


async def busy_reply(request: web.Request, default_locale: str) -> web.Response:
    """The chat's answer when the service sheds load: a reply, not an error."""
    body = await request.read()  # cached when the rate limiter read it first
    language = _language(request, body, default_locale)
    return web.json_response(
        {
            "replies": [{"type": "text", "text": busy_text(Localizer(language))}],
            "language": language,
            "direction": babel_locale(language).text_direction,
            "busy": True,
        },
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        dumps=lambda value: json.dumps(value, ensure_ascii=False),
    )


def unavailable() -> web.Response:
    return web.json_response(
        {"error": "busy, try again shortly", "retry_after": RETRY_AFTER_SECONDS},
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def admission_middleware(admission: Admission, *, default_locale: str = "en") -> Middleware:
    """Queue chat and API requests behind `admission`; shed what gets no turn."""

    @web.middleware
    async def admit(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if not (path == "/api" or path.startswith("/api/")):
            return await handler(request)
        if not await admission.enter():
            admission.shed += 1
            log.info("load_shed", path=path, in_flight=admission.in_flight)
            if path == CHAT and request.method == "POST":
                return await busy_reply(request, default_locale)
            return unavailable()
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except Exception:  # a pool or a store that timed out under load: an answer, not a 500
            log.exception("request_failed_under_load", path=path)
            if path == CHAT and request.method == "POST":
                return await busy_reply(request, default_locale)
            return unavailable()
        finally:
            admission.leave()

    return admit
