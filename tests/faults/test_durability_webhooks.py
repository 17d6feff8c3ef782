"""Issue 16, cases 4 and 5: nothing a platform was told "200" about is lost, and a store that is
down is a 503 with Retry-After (which platforms retry), never a plain-text 500.

Real Redis and PostgreSQL of the test's own, killed and started again by the test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.telegram.runtime import build_runtime, open_bot
from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, TelegramWebhook, mount
from bots.serve import create_app
from core.acceptance import InboundEvents
from core.engine import Engine
from core.services import Services
from tests.chat import store
from tests.factories import shipped
from tests.fake_telegram import FakeTelegram
from tests.faults.helpers import ORDER, fault_services, fault_settings
from tests.faults.servers import PostgresServer, RedisServer

TOKEN = "123456:TEST-token-of-the-fake-bot"
SECRET = "webhook-secret_42"
USER = 777001


def telegram_text(update_id: int, text: str) -> dict[str, object]:
    who = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": USER, "type": "private"},
            "from": who,
            "text": text,
        },
    }


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def services(
    own_postgres_url: str, own_redis: RedisServer, fake: FakeTelegram
) -> AsyncIterator[Services]:
    built = await fault_services(
        own_postgres_url,
        own_redis.url,
        telegram_token=TOKEN,
        telegram_webhook_secret=SECRET,
        telegram_api_base=fake.base_url,
    )
    yield built
    await built.aclose()


async def test_a_telegram_update_accepted_while_redis_is_down_is_answered_once_it_is_back(
    services: Services, own_redis: RedisServer, fake: FakeTelegram
) -> None:
    doc = shipped()
    doc["customer"]["channels"].append({"channel": "telegram", "user_id": str(USER)})
    await store(services, doc)
    bot = open_bot(services.settings.telegram)
    runtime = build_runtime(bot, Engine(services), services.keys, services.identity)
    hook = TelegramWebhook(runtime, SECRET, events=InboundEvents(services.db, "telegram"))
    app = web.Application()
    mount(app, hook)
    async with TestClient(TestServer(app)) as client:
        own_redis.kill()
        res = await client.post(
            WEBHOOK_PATH,
            json=telegram_text(41, "where is my order?"),
            headers={SECRET_HEADER: SECRET},
        )
        await hook.drain()
        assert res.status == 200  # stored: Telegram need not send it again
        assert fake.sent() == []  # nobody could answer it yet

        own_redis.start()
        handled = await hook.redeliver_once(now=datetime.now(UTC) + timedelta(minutes=1))

        assert handled == 1
        text = "\n".join(c.text for c in fake.sent())
        assert "Order 1234567890123451023 is on its way." in text
        assert await hook.redeliver_once(now=datetime.now(UTC) + timedelta(hours=1)) == 0
        await hook.close()


async def test_a_telegram_update_whose_ticket_was_opened_before_redis_died_opens_one_ticket(
    services: Services, own_redis: RedisServer, fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = shipped()
    doc["customer"]["channels"].append({"channel": "telegram", "user_id": str(USER)})
    await store(services, doc)
    bot = open_bot(services.settings.telegram)
    runtime = build_runtime(bot, Engine(services), services.keys, services.identity)
    hook = TelegramWebhook(runtime, SECRET, events=InboundEvents(services.db, "telegram"))
    opened = services.tickets.open

    async def opened_then_redis_dies(*args: Any, **kwargs: Any) -> Any:
        ticket = await opened(*args, **kwargs)
        own_redis.kill()  # after the ticket, before the session is saved
        return ticket

    monkeypatch.setattr(services.tickets, "open", opened_then_redis_dies)
    app = web.Application()
    mount(app, hook)
    async with TestClient(TestServer(app)) as client:
        update = telegram_text(43, "I want to talk to a human agent please")
        res = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
        await hook.drain()
        assert res.status == 200
        monkeypatch.setattr(services.tickets, "open", opened)
        own_redis.start()
        assert await hook.redeliver_once(now=datetime.now(UTC) + timedelta(minutes=1)) == 1
        assert [t.kind for t in await services.tickets.list()] == ["human_agent"]
        await hook.close()


async def test_a_telegram_update_with_the_database_down_is_refused_so_telegram_retries(
    services: Services, own_postgres: PostgresServer
) -> None:
    bot = open_bot(services.settings.telegram)
    runtime = build_runtime(bot, Engine(services), services.keys, services.identity)
    hook = TelegramWebhook(runtime, SECRET, events=InboundEvents(services.db, "telegram"))
    app = web.Application()
    mount(app, hook)
    async with TestClient(TestServer(app)) as client:
        own_postgres.stop()
        res = await client.post(
            WEBHOOK_PATH, json=telegram_text(42, "hello"), headers={SECRET_HEADER: SECRET}
        )
        assert res.status == 503
        assert res.headers["Retry-After"]
        await hook.close()


@pytest.fixture
async def app_client(own_postgres_url: str, own_redis: RedisServer) -> AsyncIterator[TestClient]:
    settings = fault_settings(own_postgres_url, own_redis.url, demo_users=True)
    built = await fault_services(own_postgres_url, own_redis.url)  # migrates the database
    await store(built, shipped())
    await built.aclose()
    async with TestClient(TestServer(await create_app(settings))) as client:
        yield client


async def test_the_web_chat_with_redis_down_answers_503_in_json_with_retry_after(
    app_client: TestClient, own_redis: RedisServer
) -> None:
    own_redis.kill()
    res = await app_client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert res.status == 503
    assert res.content_type == "application/json"
    assert int(res.headers["Retry-After"]) > 0
    assert "retry" in (await res.json())["error"]


async def test_the_rest_api_with_the_database_down_answers_503_and_health_says_so(
    app_client: TestClient, own_postgres: PostgresServer
) -> None:
    auth = {"Authorization": "Bearer test-token"}
    assert (await app_client.get(f"/api/orders/{ORDER}", headers=auth)).status == 200
    own_postgres.stop()
    res = await app_client.get(f"/api/orders/{ORDER}", headers=auth)
    assert res.status == 503
    assert int(res.headers["Retry-After"]) > 0
    health = await app_client.get("/healthz")
    assert health.status == 503
    assert (await health.json())["database"] == "down"

    own_postgres.start()
    res = await app_client.get(f"/api/orders/{ORDER}", headers=auth)  # at once: no breaker
    assert res.status == 200
    assert (await app_client.get("/healthz")).status == 200
