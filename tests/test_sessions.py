"""Sessions on a real Redis: TTL, prefix, optimistic concurrency, and no lost updates."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from redis.asyncio import Redis

from core.dialogue.state import ConversationState
from core.engine import Engine
from core.keys import session_key
from core.messages import Inbound
from core.services import Services
from core.sessions import (
    MemorySessionStore,
    RedisSessionStore,
    Session,
    SessionConflict,
    SessionStore,
    update_session,
)
from core.understanding import Intent


@pytest.fixture(params=["redis", "memory"])
def store(request: pytest.FixtureRequest, redis: Redis, redis_prefix: str) -> SessionStore:
    if request.param == "redis":
        return RedisSessionStore(redis, prefix=redis_prefix, ttl_seconds=60)
    return MemorySessionStore(ttl_seconds=60)


async def test_a_new_conversation_starts_empty(store: SessionStore) -> None:
    session = await store.load("web:u1")
    assert session.version == 0 and session.state == ConversationState()


async def test_saved_state_is_loaded_back_with_a_new_version(store: SessionStore) -> None:
    session = await store.load("web:u1")
    session.state.focus = "A1"
    saved = await store.save(session)
    loaded = await store.load("web:u1")
    assert loaded.state.focus == "A1" and loaded.version == saved.version == 1


async def test_saving_a_stale_copy_is_refused(store: SessionStore) -> None:
    first = await store.load("web:u1")
    second = await store.load("web:u1")
    await store.save(first)
    with pytest.raises(SessionConflict):
        await store.save(second)


async def test_concurrent_updates_are_all_kept(store: SessionStore) -> None:
    async def add(n: int) -> None:
        def change(session: Session) -> None:
            session.state.agenda = [*session.state.agenda, list(Intent)[n]]

        await update_session(store, "web:u1", change, tries=50)

    await asyncio.gather(*(add(n) for n in range(10)))
    kept = (await store.load("web:u1")).state.agenda
    assert sorted(kept) == sorted(list(Intent)[:10])


async def test_redis_sessions_live_under_the_prefix_with_a_ttl(
    redis: Redis, redis_prefix: str
) -> None:
    store = RedisSessionStore(redis, prefix=redis_prefix, ttl_seconds=60)
    await store.save(Session(key="web:u1"))
    ttl = await redis.ttl(redis_prefix + session_key("web:u1"))
    assert 0 < ttl <= 60


async def test_two_messages_of_one_user_at_once_are_both_remembered(
    services: Services, redis: Redis, redis_prefix: str
) -> None:
    services = replace(
        services, sessions=RedisSessionStore(redis, prefix=redis_prefix, ttl_seconds=60)
    )
    engine = Engine(services)
    messages = [
        Inbound(channel="web", user_id="u1", chat_id="u1", text=text)
        for text in ("hello", "hi there")
    ]
    await asyncio.gather(*(engine.handle(m) for m in messages))
    session = await services.sessions.load("web:u1")
    customer_lines = [t.text for t in session.history if t.role == "customer"]
    assert sorted(customer_lines) == ["hello", "hi there"]
    assert session.version == 2
