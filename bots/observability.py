"""Metrics and probes of the processes: the request-metrics middleware, `/livez`, `/readyz`,
`/metrics` for the web process, and the worker's own small probe server.

- `/livez`: the process answers (the event loop turns). For the worker, also that its loop
  ticked within `WORKER_STALE_SECONDS`: a stuck worker is restarted, not left alone.
- `/readyz`: the database answers with its schema at the code's head revision, and Redis
  answers (when configured). 503 with each check's state otherwise: the load balancer stops
  sending traffic, the orchestrator does not restart the process.
- `/metrics`: Prometheus' text format (`core.metrics`), the gauges that need a read refreshed
  first (`core.health.refresh`). Open like the probes: mount it on an internal port or filter
  it at the proxy.

The middleware labels each request with its route's template (`/api/orders/{order_no}`),
never the raw path, so an order number never becomes a label and the series stay bounded.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress

import structlog
from aiohttp import web

from core.health import readiness, refresh
from core.metrics import CONTENT_TYPE, latest, ops_metrics
from core.proactive.queue import EventQueue
from core.services import Services

log = structlog.get_logger(__name__)

WEBHOOK_PREFIXES = ("/webhooks/", "/slack/")
REJECTION_REASONS = {
    400: "malformed",
    401: "unsigned",
    403: "forged",
    404: "unknown",
    405: "method",
    413: "too_large",
    415: "media_type",
    429: "rate_limited",
    503: "not_configured",
}
"""Why a webhook was refused, by its answer's status (each platform route's own table)."""
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
WORKER_TICK_SECONDS = 5.0
WORKER_STALE_SECONDS = 60.0
"""A worker whose loop has not ticked for this long answers 503 on `/livez`."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def route_label(request: web.Request) -> str:
    """The route's template, or "unmatched" for a path no route serves."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def request_metrics(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Time every request by route template, method and status; count 5xx as errors and
    refused webhooks by reason. Outermost: what it measures is what the client waited."""
    metrics = ops_metrics()
    started = time.perf_counter()
    status = 500
    metrics.http_in_flight.inc()
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = 499  # the client went away
        raise
    finally:
        metrics.http_in_flight.dec()
        route = route_label(request)
        method = request.method if request.method in _METHODS else "OTHER"
        metrics.http.labels(route=route, method=method, status=str(status)).observe(
            time.perf_counter() - started
        )
        if status >= 500 and status != 503:
            metrics.errors.labels(component="http").inc()
        if status >= 400 and request.path.startswith(WEBHOOK_PREFIXES):
            reason = REJECTION_REASONS.get(status, f"status_{status}")
            metrics.webhooks_rejected.labels(route=route, reason=reason).inc()


async def livez(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def readyz_handler(services: Services) -> Handler:
    async def readyz(_: web.Request) -> web.Response:
        state = await readiness(services)
        body = {"status": "ok" if state.ready else "unavailable", **state.checks}
        if state.detail:
            body["detail"] = state.detail  # type: ignore[assignment]
        return web.json_response(body, status=200 if state.ready else 503)

    return readyz


def metrics_handler(services: Services, queue: EventQueue | None) -> Handler:
    async def metrics(_: web.Request) -> web.Response:
        await refresh(services, queue)
        response = web.Response(body=latest())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    return metrics


def mount(app: web.Application, services: Services, queue: EventQueue | None) -> None:
    """The web process's probes and `/metrics` (the middleware is added by `create_app`)."""
    app.router.add_get("/livez", livez)
    app.router.add_get("/readyz", readyz_handler(services))
    app.router.add_get("/metrics", metrics_handler(services, queue))


class WorkerProbe:
    """The worker's probe server: `/livez` (its loop ticked lately), `/readyz`, `/metrics`.
    Kubernetes probes it over HTTP like the web process; nothing else is served."""

    def __init__(
        self,
        services: Services,
        queue: EventQueue | None,
        *,
        stale_seconds: float = WORKER_STALE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.services = services
        self.queue = queue
        self.stale_seconds = stale_seconds
        self.clock = clock
        self.last_tick = clock()
        self._runner: web.AppRunner | None = None

    def tick(self) -> None:
        self.last_tick = self.clock()
        ops_metrics().worker_heartbeat.set(self.last_tick)

    async def livez(self, _: web.Request) -> web.Response:
        age = self.clock() - self.last_tick
        if age > self.stale_seconds:
            return web.json_response(
                {"status": "stuck", "seconds_since_tick": round(age, 1)}, status=503
            )
        return web.json_response({"status": "ok", "seconds_since_tick": round(age, 1)})

    def app(self) -> web.Application:
        app = web.Application()
        app.middlewares.append(request_metrics)
        app.router.add_get("/livez", self.livez)
        app.router.add_get("/readyz", readyz_handler(self.services))
        app.router.add_get("/metrics", metrics_handler(self.services, self.queue))
        return app

    async def start(self, host: str, port: int) -> int:
        """Serve on `host:port` (0: any free port); returns the port bound."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        bound = int(sockets[0].getsockname()[1]) if sockets else port
        log.info("worker_probe_listening", port=bound)
        return bound

    async def run(self, stop: asyncio.Event, every: float = WORKER_TICK_SECONDS) -> None:
        """Tick and refresh the gauges until stopped (the queue lag the autoscaler reads)."""
        while not stop.is_set():
            self.tick()
            try:
                await refresh(self.services, self.queue)
            except Exception:
                log.exception("worker_metrics_refresh_failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
