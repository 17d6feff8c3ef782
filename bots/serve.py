"""The web process: chat page, chat API, REST API and health, on aiohttp."""

from __future__ import annotations

import sqlalchemy as sa
import structlog
from aiohttp import web

from adapters import admin_page, shop_webhooks
from adapters import web as web_channel
from bots import rest_api
from bots.shop import seed_demo_if_empty
from core.engine import Engine
from core.inbox import WebInbox
from core.ratelimit import rate_limit_middleware
from core.services import Services, build_services
from core.settings import Settings

log = structlog.get_logger(__name__)
SERVICES = web.AppKey("services", Services)


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    checks: dict[str, str] = {}
    try:
        async with services.db.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # health must report, not raise
        checks["database"] = "down"
    if services.redis is not None:
        try:
            await services.redis.ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "down"
    healthy = all(v == "ok" for v in checks.values())
    return web.json_response(
        {"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503
    )


def mount_channels(
    app: web.Application, engine: Engine, services: Services, settings: Settings
) -> None:
    """Mount every platform whose credentials are set; each adds its outbound sender."""
    from adapters import slack, wechat
    from bots import telegram

    mounted = (
        telegram.mount(app, engine, services, settings),
        wechat.register(app, engine, services),
    )
    for sender in mounted:
        if sender is not None:
            services.senders.add(sender)
            log.info("channel_mounted", channel=sender.channel)
    if "web" not in services.senders:
        services.senders.add(WebInbox(services.sessions))
    if slack.mount(app, services, engine, settings, senders=services.senders) is not None:
        log.info("staff_desk_mounted", desk="slack")


async def create_app(settings: Settings, services: Services | None = None) -> web.Application:
    """The application. Services are built here unless a caller (a test) passes its own."""
    own = services is None
    ready = services or await build_services(settings)
    if own and settings.seed_demo_if_empty:
        await seed_demo_if_empty(ready)
    ready.identity.configure_limits(
        settings.verify_max_failures_per_order, settings.verify_max_failures_per_client
    )
    if settings.demo_users and not own:
        log.info("web_demo_users", effect="the web chat takes the user a browser names")
    elif settings.demo_users:
        log.warning("web_demo_users", effect="anyone may name a web user: demo only")
    app = web.Application(client_max_size=settings.max_body_bytes)
    app.middlewares.append(rate_limit_middleware(ready))  # first: before any token check
    app[SERVICES] = ready
    engine = Engine(ready)
    web_channel.register(app, engine)
    rest_api.register(app, ready)
    admin_page.register(app, ready)
    shop_webhooks.register(app, ready)
    shop_webhooks.register_tracking(app, ready)  # /webhooks/tracking/{provider}
    mount_channels(app, engine, ready, settings)
    app.router.add_get("/healthz", healthz)
    if own:

        async def close(_: web.Application) -> None:
            await ready.aclose()

        app.on_cleanup.append(close)
    return app
