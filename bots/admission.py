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
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field

import structlog
from aiohttp import web
from aiohttp.typedefs import Middleware

from core.acceptance import is_outage
from core.engine import busy_text
from core.i18n import Localizer, babel_locale, best_language

log = structlog.get_logger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
RETRY_AFTER_SECONDS = 2
SHED_LOG_SECONDS = 1.0
"""Shed requests are logged as one line per second with their count."""
CHAT = "/api/chat"


@dataclass
class Admission:
    """Counts the requests being handled and waiting; `enter` says whether one gets a turn.

    The line is a plain deque of futures: a finished request hands its turn straight to the
    oldest waiter, and a waiter's deadline is a timer, not a task of its own, so a request
    that is shed or times out costs next to nothing."""

    max_in_flight: int
    max_waiting: int
    queue_timeout: float
    in_flight: int = 0
    shed: int = 0
    logged_at: float = float("-inf")
    logged_shed: int = 0
    _line: deque[asyncio.Future[bool]] = field(init=False, default_factory=deque)

    @property
    def waiting(self) -> int:
        return len(self._line)

    async def enter(self) -> bool:
        if self.in_flight < max(1, self.max_in_flight) and not self._line:
            self.in_flight += 1
            return True
        if len(self._line) >= self.max_waiting:
            return False
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[bool] = loop.create_future()
        self._line.append(turn)
        timer = loop.call_later(self.queue_timeout, _give_up, turn)
        try:
            return await turn
        except asyncio.CancelledError:  # the client went away while waiting
            if turn.done() and not turn.cancelled() and turn.result():
                self.leave()  # it was handed a turn it will not use
            raise
        finally:
            timer.cancel()
            if not turn.done():
                turn.cancel()
            with suppress(ValueError):
                self._line.remove(turn)

    def leave(self) -> None:
        while self._line:
            turn = self._line.popleft()
            if not turn.done():
                turn.set_result(True)  # the turn goes on to the oldest waiter
                return
        self.in_flight -= 1


def _give_up(turn: asyncio.Future[bool]) -> None:
    if not turn.done():
        turn.set_result(False)


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
    """The chat's answer when the service sheds load: a reply, not an error (its body built
    once per language: shedding must cost next to nothing)."""
    body = await request.read()  # cached when the rate limiter read it first
    language = _language(request, body, default_locale)
    return web.Response(
        body=_busy_body(language),
        content_type="application/json",
        charset="utf-8",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


_BUSY: dict[str, bytes] = {}


def _busy_body(language: str) -> bytes:
    cached = _BUSY.get(language)
    if cached is None:
        reply = {
            "replies": [{"type": "text", "text": busy_text(Localizer(language))}],
            "language": language,
            "direction": babel_locale(language).text_direction,
            "busy": True,
        }
        cached = _BUSY[language] = json.dumps(reply, ensure_ascii=False).encode()
    return cached


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
            now = time.monotonic()
            if now - admission.logged_at >= SHED_LOG_SECONDS:  # one line a second, not one each
                log.info(
                    "load_shed",
                    path=path,
                    shed=admission.shed - admission.logged_shed,
                    in_flight=admission.in_flight,
                    waiting=admission.waiting,
                )
                admission.logged_at, admission.logged_shed = now, admission.shed
            if path == CHAT and request.method == "POST":
                return await busy_reply(request, default_locale)
            return unavailable()
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except Exception as exc:  # a pool or a store that timed out under load: an answer
            if is_outage(exc) and not isinstance(exc, TimeoutError):
                raise  # a store is down, not busy: `adapters.outage` answers 503 + Retry-After
            log.exception("request_failed_under_load", path=path)
            if path == CHAT and request.method == "POST":
                return await busy_reply(request, default_locale)
            return unavailable()
        finally:
            admission.leave()

    return admit
