"""Rate limits per chat user and per IP: 429 with Retry-After, drop for platform webhooks,
shared through Redis (sliding window) or per process (KeyStore)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection

from bots.serve import create_app
from core.keys import MemoryKeyStore, RedisKeyStore
from core.ratelimit import (
    Limiter,
    Rule,
    chat_user,
    client_ip,
    rate_limit_middleware,
    telegram_user,
)
from core.services import Services

SEEN = web.AppKey("seen", list)


@pytest.fixture(params=["redis", "memory"])
async def backend(request: pytest.FixtureRequest, redis: Redis, redis_prefix: str) -> Limiter:
    if request.param == "redis":
        return Limiter(RedisKeyStore(redis, redis_prefix), redis, redis_prefix)
    return Limiter(MemoryKeyStore())


RULES = [
    Rule("chat-user", ("/api/chat",), 3, per="user", user_of=chat_user),
    Rule("api-ip", ("/api",), 5, methods=frozenset({"GET", "POST"})),
    Rule("tg", ("/webhooks/telegram",), 2, per="user", user_of=telegram_user, drop=True),
]


@pytest.fixture
async def client(backend: Limiter) -> AsyncIterator[TestClient]:
    seen: list[Any] = []

    async def echo(request: web.Request) -> web.Response:
        seen.append(await request.read())  # the body is still there after the middleware
        return web.json_response({"ok": True})

    app = web.Application(middlewares=[rate_limit_middleware(backend, RULES)])
    app.router.add_post("/api/chat", echo)
    app.router.add_get("/api/orders/{n}", echo)
    app.router.add_post("/webhooks/telegram", echo)
    app[SEEN] = seen
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_a_chat_user_over_the_limit_gets_429_with_retry_after(client: TestClient) -> None:
    statuses = [
        (await client.post("/api/chat", json={"user": "u1", "text": "hi"})).status for _ in range(3)
    ]
    assert statuses == [200, 200, 200]
    refused = await client.post("/api/chat", json={"user": "u1", "text": "hi"})
    assert refused.status == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert (await refused.json())["error"] == "too many requests"
    other = await client.post("/api/chat", json={"user": "u2", "text": "hi"})
    assert other.status == 200  # another user is not limited by u1
    assert len(client.server.app[SEEN]) == 4


async def test_one_ip_is_limited_across_users(client: TestClient) -> None:
    for n in range(5):
        assert (await client.get(f"/api/orders/{n}")).status == 200
    assert (await client.get("/api/orders/9")).status == 429


async def test_a_flooding_telegram_user_is_dropped_with_200(client: TestClient) -> None:
    update = {"update_id": 1, "message": {"from": {"id": 42}, "chat": {"id": 42}, "text": "x"}}
    answers = [(await client.post("/webhooks/telegram", json=update)).status for _ in range(4)]
    assert answers == [200, 200, 200, 200]
    assert len(client.server.app[SEEN]) == 2  # the last two never reached the handler


def test_client_ip_trusts_only_the_configured_proxy_hops() -> None:
    request = SimpleNamespace(
        headers={"X-Forwarded-For": "6.6.6.6, 10.0.0.7, 192.168.1.2"}, remote="127.0.0.1"
    )
    assert client_ip(request, 0) == "127.0.0.1"  # type: ignore[arg-type]
    assert client_ip(request, 1) == "192.168.1.2"  # type: ignore[arg-type]
    assert client_ip(request, 2) == "10.0.0.7"  # type: ignore[arg-type]


async def test_the_real_app_with_the_middleware_first_limits_token_guessing(
    services: Services,
) -> None:
    app = await create_app(services.settings, services)
    app.middlewares.insert(
        0,
        rate_limit_middleware(
            Limiter(services.keys), [Rule("api", ("/api",), 3, methods=frozenset({"GET"}))]
        ),
    )
    async with TestClient(TestServer(app)) as test_client:
        statuses = [
            (
                await test_client.get("/api/tickets", headers={"Authorization": f"Bearer guess{n}"})
            ).status
            for n in range(5)
        ]
    assert statuses == [401, 401, 401, 429, 429]


async def test_a_broken_store_lets_requests_through() -> None:
    class Broken:
        async def hit(self, *_: Any) -> int:
            raise ConnectionError("down")

    limiter = Limiter(Broken())  # type: ignore[arg-type]

    async def ok(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(middlewares=[rate_limit_middleware(limiter, RULES)])
    app.router.add_post("/api/chat", ok)
    async with TestClient(TestServer(app)) as test_client:
        res = await test_client.post("/api/chat", data=json.dumps({"user": "u"}))
        assert res.status == 200


def _count_sends(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every round trip any Redis connection makes from now on (a pipeline's too)."""
    sends: list[int] = []
    send = AbstractConnection.send_packed_command

    async def counted(self: AbstractConnection, *args: Any, **kwargs: Any) -> None:
        sends.append(1)
        await send(self, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
    return sends


async def test_a_request_under_two_rules_is_counted_in_one_redis_round_trip(
    redis: Redis, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    limiter = Limiter(RedisKeyStore(redis, redis_prefix), redis, redis_prefix)
    await limiter.hit("warm", 5, 60, "ip:203.0.113.1")  # the connection and the script
    sends = _count_sends(monkeypatch)
    decisions = await limiter.hit_many(
        [("chat-user", 1, 60, "user:web:u1"), ("api-ip", 5, 60, "ip:203.0.113.1")]
    )
    assert len(sends) == 1
    assert [d.allowed for d in decisions] == [True, True]


async def test_each_rule_counted_in_one_call_keeps_its_own_window(
    redis: Redis, redis_prefix: str
) -> None:
    limiter = Limiter(RedisKeyStore(redis, redis_prefix), redis, redis_prefix)
    hits = [("chat-user", 1, 60, "user:web:u1"), ("api-ip", 5, 60, "ip:203.0.113.1")]
    first, second = await limiter.hit_many(hits), await limiter.hit_many(hits)
    assert [(d.allowed, d.count) for d in first] == [(True, 1), (True, 1)]
    assert [(d.allowed, d.count) for d in second] == [(False, 1), (True, 2)]
    assert 1 <= second[0].retry_after <= 60
