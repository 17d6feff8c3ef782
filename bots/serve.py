"""The web process: chat page, chat API, REST API, webhooks and health, on aiohttp. Every
object comes from the composition root (`bots.root`); this module only mounts them."""

from __future__ import annotations

import sqlalchemy as sa
import structlog
from aiohttp import web

from adapters import admin_page, shop_webhooks
from adapters import web as web_channel
from adapters.outage import outage_middleware
from adapters.slack import app as slack_app
from adapters.telegram import webhook as telegram_webhook
from adapters.wechat import webhook as wechat_webhook
from bots import observability, openapi, rest_api
from bots.admission import Admission, admission_middleware
from bots.heap import freeze_startup_heap
from bots.root import Root, build_root
from bots.shop import seed_demo_if_empty
from core.inbox import WebInbox
from core.ratelimit import Limiter, default_rules, rate_limit_middleware
from core.services import Foundation, Services
from core.settings import Settings

log = structlog.get_logger(__name__)
ROOT = web.AppKey("root", Root)
SERVICES = web.AppKey("services", Services)
ADMISSION = web.AppKey("admission", Admission)


async def _freeze_heap(_: web.Application) -> None:
    """What startup built leaves the cyclic collector's reach (`bots.heap`)."""
    freeze_startup_heap()


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
    sources = services.hub.status()  # remote shop systems: "open" while one is being skipped
    status = "ok" if healthy and all(v == "closed" for v in sources.values()) else "degraded"
    # 503 only for what every request needs: an order source that is down answers its own 503
    return web.json_response(
        {"status": status, **checks, "sources": sources}, status=200 if healthy else 503
    )


def _web_channel(root: Root) -> web_channel.WebChannel:
    settings, services = root.settings, root.services
    inbox = services.senders.get(WebInbox.channel)
    assert isinstance(inbox, WebInbox), "the web channel's sender is its inbox"
    return web_channel.WebChannel(
        engine=root.engine,
        inbox=inbox,
        identity=services.identity,
        keys=services.keys,
        settings=settings.web,
        demo_users=settings.demo_users,
        default_locale=settings.default_locale,
        trusted_proxy_hops=settings.trusted_proxy_hops,
    )


def _staff_page(root: Root) -> admin_page.StaffPage:
    settings = root.settings
    return admin_page.StaffPage(
        outcomes=root.services.outcomes,
        api_token=settings.api_token,
        shop_name=settings.shop_name,
        timezone=settings.default_timezone,
    )


def mount(app: web.Application, root: Root) -> None:
    """Every route of the process: the web chat, the REST API, the staff page and `/metrics`,
    the shop webhooks and tracking pushes, each configured platform."""
    web_channel.register(app, _web_channel(root))
    rest_api.register(app, root.services, root.proactive)
    openapi.mount(app)  # /openapi.json: the REST API described
    admin_page.register(app, _staff_page(root))
    shop_webhooks.register(app, root.proactive)  # and /webhooks/tracking/{provider}
    if root.telegram is not None:
        telegram_webhook.mount(app, root.telegram)
        log.info("channel_mounted", channel="telegram")
    if root.wechat is not None:
        wechat_webhook.mount(app, root.wechat)
        log.info("channel_mounted", channel="wechat")
    if root.slack is not None:
        slack_app.mount(app, root.slack)
        log.info("staff_desk_mounted", desk="slack")
    app.router.add_get("/healthz", healthz)
    observability.mount(app, root.services, root.proactive.queue)  # /livez /readyz /metrics


async def create_app(settings: Settings, foundation: Foundation | None = None) -> web.Application:
    """The application. Everything is built here unless a caller (a test) passes its own
    foundation (its storage, kept open when the app closes)."""
    root = await build_root(settings, foundation=foundation)
    if root.owns_foundation and settings.seed_demo_if_empty:
        await seed_demo_if_empty(root.services)
    if settings.demo_users and not root.owns_foundation:
        log.info("web_demo_users", effect="the web chat takes the user a browser names")
    elif settings.demo_users:
        log.warning("web_demo_users", effect="anyone may name a web user: demo only")
    app = web.Application(client_max_size=settings.max_body_bytes)
    app.middlewares.append(observability.request_metrics)  # outermost: what the client waited
    app.middlewares.append(outage_middleware)  # a store down is a 503, never a 500
    admission = Admission(
        settings.max_in_flight, settings.max_waiting, settings.queue_timeout_seconds
    )
    # Admission first: a request shed in an overload costs no rate-limit round trip.
    app.middlewares.append(admission_middleware(admission, default_locale=settings.default_locale))
    limiter = Limiter(root.services.keys, root.services.redis, settings.redis_prefix)
    app.middlewares.append(  # before any token check
        rate_limit_middleware(
            limiter, default_rules(settings), forwarded_hops=settings.trusted_proxy_hops
        )
    )
    app[ROOT] = root
    app[SERVICES] = root.services
    app[ADMISSION] = admission
    mount(app, root)
    app.on_startup.append(_freeze_heap)

    async def close(_: web.Application) -> None:
        await root.aclose()

    app.on_cleanup.append(close)
    return app
