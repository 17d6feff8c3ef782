"""The one answer every endpoint gives when a store it needs is down: 503 with `Retry-After`
and a JSON body, which every platform retries (Telegram, Slack, WeChat, shop platforms) and the
web page shows as "try again" — never a plain-text 500, and nothing answered 200 and dropped.

`outage_middleware` turns an outage that escapes a handler (`core.acceptance.Outage`, a Redis
or database connection error, an order source that is down) into that answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web

from core.acceptance import RETRY_AFTER_SECONDS, is_outage
from core.sources import SourceUnavailable

log = structlog.get_logger(__name__)


def unavailable(
    message: str = "temporarily unavailable, retry later", *, seconds: int = RETRY_AFTER_SECONDS
) -> web.Response:
    return web.json_response(
        {"error": message, "retry_after": seconds},
        status=503,
        headers={"Retry-After": str(seconds)},
    )


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def outage_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except SourceUnavailable:
        log.warning("request_source_unavailable", path=request.path)
        return unavailable("the shop's order system is unavailable, retry later")
    except web.HTTPException:
        raise
    except Exception as exc:
        if not is_outage(exc):
            raise
        log.warning("request_outage", path=request.path, error=type(exc).__name__)
        return unavailable()
