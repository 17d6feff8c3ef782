"""Metrics and probes: `/metrics` shows what happened (requests by route template, messages,
understanding by tier, refused webhooks, queue and outbox lag, breakers), `/livez` and
`/readyz` tell an orchestrator what it needs, and the worker has a probe of its own."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from redis.asyncio import Redis

from bots.observability import WorkerProbe
from bots.serve import create_app
from core.health import queue_lag_seconds, readiness, refresh_outbox, refresh_queue
from core.metrics import REGISTRY
from core.order import Order
from core.proactive.events import Event
from core.proactive.queue import EventQueue
from core.services import Services
from core.settings import Settings
from core.storage.tables import outbox
from tests.factories import shipped

ORDER_NO = "1234567890123451023"


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        api_token="test-token",
        shop_webhook_secret="hook-secret",  # type: ignore[arg-type]
        seed_demo_if_empty=False,
    )


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    await services.orders.replace_all([Order.model_validate(shipped())])
    app = await create_app(services.settings, services)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def value(text: str, metric: str, /, **labels: str) -> float:
    """One sample of the exposition `text` (0 when the series does not exist yet)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == metric and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


async def scrape(client: TestClient) -> str:
    res = await client.get("/metrics")
    assert res.status == 200 and res.content_type == "text/plain"
    return await res.text()


async def test_livez_answers_while_the_process_runs(client: TestClient) -> None:
    res = await client.get("/livez")
    assert res.status == 200 and (await res.json())["status"] == "ok"


async def test_readyz_checks_the_database_and_its_migrations(client: TestClient) -> None:
    res = await client.get("/readyz")
    assert res.status == 200
    assert await res.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


async def test_readyz_is_503_when_the_schema_is_behind_the_code(
    client: TestClient, services: Services
) -> None:
    async with services.db.begin() as conn:
        await conn.execute(sa.text("UPDATE alembic_version SET version_num = '0005'"))
    res = await client.get("/readyz")
    body = await res.json()
    assert res.status == 503 and body["migrations"] == "behind"
    assert "0005" in body["detail"]["migrations"]


async def test_readiness_reports_redis_down(services: Services) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    try:
        state = await readiness(dataclasses.replace(services, redis=unreachable))
    finally:
        await unreachable.aclose()
    assert state.checks["redis"] == "down" and not state.ready


async def test_requests_are_measured_by_route_template_never_by_raw_path(
    client: TestClient,
) -> None:
    name = "ordersupport_http_request_duration_seconds_count"
    labels = {"route": "/api/orders/{order_no}", "method": "GET", "status": "200"}
    before = value(await scrape(client), name, **labels)
    auth = {"Authorization": "Bearer test-token"}
    assert (await client.get(f"/api/orders/{ORDER_NO}", headers=auth)).status == 200
    text = await scrape(client)
    assert value(text, name, **labels) == before + 1
    assert ORDER_NO not in text


async def test_a_chat_turn_counts_a_message_and_its_understanding_by_tier(
    client: TestClient,
) -> None:
    labels = {"channel": "web", "intent": "order_status", "language": "en", "outcome": "answered"}
    before = await scrape(client)
    res = await client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert res.status == 200
    after = await scrape(client)
    assert value(after, "ordersupport_messages_total", **labels) == (
        value(before, "ordersupport_messages_total", **labels) + 1
    )
    for tier in ("model", "rule"):
        name = "ordersupport_understanding_seconds_count"
        assert value(after, name, tier=tier) > value(before, name, tier=tier)


async def test_refused_webhooks_are_counted_by_reason(client: TestClient) -> None:
    route = "/webhooks/shop/{platform}"
    name = "ordersupport_webhooks_rejected_total"
    before = await scrape(client)
    unsigned = await client.post("/webhooks/shop/canonical", data=b"{}")
    forged = await client.post(
        "/webhooks/shop/canonical", data=b"{}", headers={"X-OrderSupport-Signature": "00"}
    )
    assert (unsigned.status, forged.status) == (401, 403)
    after = await scrape(client)
    for reason in ("unsigned", "forged"):
        assert value(after, name, route=route, reason=reason) == (
            value(before, name, route=route, reason=reason) + 1
        )


async def test_the_order_sources_breakers_are_shown(client: TestClient) -> None:
    text = await scrape(client)
    assert 'ordersupport_breaker_state{kind="order_source",name="sql"} 0.0' in text


async def test_the_outbox_lag_is_the_age_of_the_oldest_due_row(services: Services) -> None:
    now = datetime.now(UTC)
    async with services.db.begin() as conn:
        for minutes in (2, 1):
            await conn.execute(
                outbox.insert().values(
                    kind="notice",
                    payload={},
                    status="pending",
                    attempts=0,
                    next_attempt_at=now - timedelta(minutes=minutes),
                    created_at=now,
                )
            )
    await refresh_outbox(services)
    assert REGISTRY.get_sample_value("ordersupport_outbox_due") == 2
    assert 120 <= (REGISTRY.get_sample_value("ordersupport_outbox_lag_seconds") or 0) < 600


@pytest.fixture
async def queue(redis: Redis, redis_prefix: str) -> EventQueue:
    events = EventQueue(redis, redis_prefix)
    await events.ensure_group()
    return events


async def test_queue_depth_and_lag_come_from_the_stream(queue: EventQueue, redis: Redis) -> None:
    for n in range(3):
        await queue.publish(Event(id=f"lag:{n}", order_no=f"A-{n}"))
    await queue.read("worker-1", 1)  # one read, not acknowledged: pending
    first_id = (await redis.xrange(queue.stream, count=1))[0][0]
    first = int(first_id.split("-")[0]) / 1000
    assert await queue_lag_seconds(queue, now=first + 90) == pytest.approx(90, abs=0.01)
    await refresh_queue(queue)
    depth = "ordersupport_queue_messages"
    assert REGISTRY.get_sample_value(depth, {"state": "waiting"}) == 2
    assert REGISTRY.get_sample_value(depth, {"state": "pending"}) == 1


async def test_an_empty_queue_has_no_lag(queue: EventQueue) -> None:
    assert await queue_lag_seconds(queue) == 0.0


async def test_the_worker_probe_fails_liveness_when_its_loop_stops_ticking(
    services: Services,
) -> None:
    now = [1_000_000.0]
    probe = WorkerProbe(services, None, stale_seconds=60, clock=lambda: now[0])
    port = await probe.start("127.0.0.1", 0)
    try:
        async with ClientSession(f"http://127.0.0.1:{port}") as http:
            probe.tick()
            async with http.get("/livez") as res:
                assert res.status == 200
            now[0] += 61
            async with http.get("/livez") as res:
                assert res.status == 503 and (await res.json())["status"] == "stuck"
            async with http.get("/readyz") as res:
                assert res.status == 200
            async with http.get("/metrics") as res:
                text = await res.text()
            assert value(text, "ordersupport_worker_heartbeat_timestamp_seconds") == 1_000_000.0
    finally:
        await probe.close()


async def test_readyz_stays_ready_when_a_newer_release_migrated_ahead(
    client: TestClient, services: Services
) -> None:
    async with services.db.begin() as conn:
        await conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    res = await client.get("/readyz")
    assert res.status == 200 and (await res.json())["migrations"] == "ok"
