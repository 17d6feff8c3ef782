"""`POST /webhooks/tracking/{provider}`: carrier-tracking pushes (Kuaidi100, AfterShip),
verified with each provider's own signature and answered the way the provider expects."""

from __future__ import annotations

import structlog
from aiohttp import web

from adapters.shop_webhooks.common import DEDUP_SECONDS, PROACTIVE_KEY, error
from core.proactive.events import Event
from core.tracking.base import PushRefused
from core.tracking.service import apply_report

log = structlog.get_logger(__name__)

TRACKING_PATH = "/webhooks/tracking/{provider}"


async def receive_tracking(request: web.Request) -> web.Response:
    """`POST /webhooks/tracking/{provider}`: a carrier-tracking push (Kuaidi100, AfterShip),
    verified with the provider's signature; its parcels' orders are updated and each gets a
    proactive event. Unknown provider 404, forged 401, malformed 400, else the provider's ack."""
    proactive = request.app[PROACTIVE_KEY]
    services = proactive.services
    tracking = services.hub.tracking
    provider = request.match_info["provider"]
    source = tracking.source(provider)
    if source is None:
        return error(404, f"no tracking provider {provider!r} is configured")
    body = await request.read()
    try:
        key, reports = source.read_push(request.headers, body)
    except PushRefused as exc:
        if exc.forged:
            log.warning("tracking_push_forged", provider=provider)
            return error(401, "bad signature")
        return error(400, str(exc))
    seen_key = f"tracking-push:{key}"
    if await services.keys.get(seen_key) is None:
        for report in reports:
            await tracking.put_report(report)
            for order_no in await tracking.orders_for(report.tracking_no):
                stored = await services.orders.get_order(order_no)
                if stored is None:
                    continue
                updated = apply_report(stored, report)
                if updated != stored:
                    await services.orders.save(updated)
                await proactive.submit(
                    Event(id=f"{key}:{order_no}", order_no=order_no, source=f"tracking:{provider}")
                )
        await services.keys.put(seen_key, "1", DEDUP_SECONDS)
    answer = source.push_answer(True)
    return web.Response(status=answer.status, text=answer.body, content_type=answer.content_type)
