"""A chat turn's Redis round trips (issue 18): the rate limits in one script, the lock, the
session and the "seen" mark in one script, the save and the release in another, and the web
inbox handed over by that same save. Real Redis; what the customer sees stays what it was."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection

from bots.serve import create_app
from core.engine import Engine
from core.inbox import WebInbox
from core.keys import seen_key
from core.messages import Inbound, Reply, TextPart
from core.order import Order
from core.services import Services, build_services
from core.sessions import (
    RedisSessionStore,
    Session,
    SessionConflict,
    SessionSealer,
    locked,
    save_and_unlock,
)
from core.settings import Settings
from tests.conftest import REDIS_URL
from tests.factories import shipped

SEALER = SessionSealer.from_secrets("round-trip-tests")


@pytest.fixture
async def on_redis(settings: Settings, redis_prefix: str, redis: Redis) -> AsyncIterator[Services]:
    built = await build_services(
        settings.model_copy(
            update={"redis_url": REDIS_URL, "redis_prefix": redis_prefix, "demo": True}
        )
    )
    await built.orders.replace_all([Order.model_validate(shipped())])
    yield built
    await built.aclose()


def _count_round_trips(client: Any) -> list[str]:
    """Every command and pipeline the client sends from now on, by name."""
    sent: list[str] = []
    command, pipeline = client.execute_command, client.pipeline

    async def counted(*args: Any, **options: Any) -> Any:
        sent.append(str(args[0]))
        return await command(*args, **options)

    def counted_pipeline(*args: Any, **options: Any) -> Any:
        pipe = pipeline(*args, **options)
        run = pipe.execute

        async def execute(*a: Any, **k: Any) -> Any:
            sent.append("PIPELINE")
            return await run(*a, **k)

        pipe.execute = execute
        return pipe

    client.execute_command, client.pipeline = counted, counted_pipeline
    return sent


async def test_a_status_turn_takes_two_redis_round_trips(on_redis: Services) -> None:
    engine = Engine(on_redis)
    asked = Inbound(channel="web", user_id="web-li", chat_id="web-li", text="where is my order?")
    await engine.handle(asked)  # the scripts are loaded once
    sent = _count_round_trips(on_redis.redis)
    reply = await engine.handle(asked)
    assert "SF1234567890123" in reply.text()
    assert sent == ["EVALSHA", "EVALSHA"]  # lock + session + seen mark; save + release


async def test_a_chat_user_is_marked_seen_as_their_turn_takes_the_lock(
    on_redis: Services,
) -> None:
    inbound = Inbound(channel="telegram", user_id="42", chat_id="42", text="where is my order?")
    await Engine(on_redis).handle(inbound)
    assert await on_redis.keys.remaining(seen_key("telegram", "42")) > 0


async def test_the_last_save_of_a_turn_releases_the_lock_at_once(
    redis: Redis, redis_prefix: str
) -> None:
    store = RedisSessionStore(redis, redis_prefix, sealer=SEALER)
    async with locked(store, "web:bo") as session:
        session.language = "de"
        saved = await save_and_unlock(store, session)
        assert not await redis.exists(f"{redis_prefix}lock:{{web:bo}}")
        async with store.lock("web:bo"):  # the next turn need not wait for the block to end
            pass
    assert (await store.load("web:bo")).language == "de"
    assert saved.version == 1


async def test_a_last_save_over_a_newer_version_keeps_the_lock_for_the_merge(
    redis: Redis, redis_prefix: str
) -> None:
    store = RedisSessionStore(redis, redis_prefix, sealer=SEALER)
    async with locked(store, "web:cy") as session:
        await store.save(Session(key="web:cy"))  # a writer whose lock ran out got in first
        with pytest.raises(SessionConflict):
            await save_and_unlock(store, session)
        assert await redis.exists(f"{redis_prefix}lock:{{web:cy}}")
    assert not await redis.exists(f"{redis_prefix}lock:{{web:cy}}")


@pytest.fixture
async def web(on_redis: Services) -> AsyncIterator[TestClient]:
    app = await create_app(on_redis.settings, on_redis)
    async with TestClient(TestServer(app)) as client:
        yield client


async def test_a_notice_left_for_a_web_user_comes_first_with_their_next_answer_once(
    web: TestClient, on_redis: Services
) -> None:
    await WebInbox(on_redis.sessions).send("web-li", Reply(parts=[TextPart(text="Shipped!")]))
    res = await web.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    replies = (await res.json())["replies"]
    assert (replies[0]["text"], replies[0]["kind"]) == ("Shipped!", "reply")
    assert "SF1234567890123" in replies[1]["text"]
    res = await web.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert "Shipped!" not in [r.get("text") for r in (await res.json())["replies"]]
    res = await web.get("/api/inbox", params={"user": "web-li"})
    assert (await res.json())["replies"] == []


async def test_a_web_answer_with_nothing_waiting_costs_no_inbox_read(
    web: TestClient, on_redis: Services
) -> None:
    await web.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    sent = _count_round_trips(on_redis.redis)
    res = await web.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert "SF1234567890123" in (await res.json())["replies"][0]["text"]
    assert "GET" not in sent
    assert sent == ["EVALSHA"] * 3  # the rate limits; lock + session + seen; save + release


async def test_a_web_chat_answer_takes_three_redis_round_trips_its_rate_limits_one(
    web: TestClient, on_redis: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    await web.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    sends: list[str] = []
    send = AbstractConnection.send_packed_command

    async def counted(self: AbstractConnection, *args: Any, **kwargs: Any) -> None:
        sends.append("sent")
        await send(self, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
    res = await web.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert "SF1234567890123" in (await res.json())["replies"][0]["text"]
    assert len(sends) == 3  # the limits; lock + session + seen mark; save + release
