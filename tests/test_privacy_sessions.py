"""Sealed sessions: the store holds no raw personal data, tampering is detected, keys rotate,
and transcripts expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from structlog.testing import capture_logs

from core import sessions as sessions_module
from core.dialogue.state import AddressStep, ConversationState, Frame
from core.keys import session_key
from core.sessions import (
    MemorySessionStore,
    RedisSessionStore,
    Session,
    SessionSealer,
    SessionStore,
    Turn,
)
from core.settings import Settings
from core.understanding.expect import Expectation, ExpectKind
from core.understanding.types import Entities, ParsedAddress

PERSONAL = [
    "李娜",
    "13812345678",
    "1234567890123451023",
    "文三路100号",
    "li.na@example.com",
    "C-LI",
]


def filled(key: str = "web:u1") -> Session:
    session = Session(key=key, language="zh", customer_id="C-LI")
    session.state = ConversationState(
        focus="1234567890123451023",
        pending=AddressStep(
            order_no="1234567890123451023",
            expect=Expectation(kind=ExpectKind.ADDRESS),
            partial=ParsedAddress(name="李娜", phone="13812345678", line1="文三路100号"),
        ),
        frame=Frame(text="我的订单到哪了", entities=Entities(emails=["li.na@example.com"])),
    )
    session.remember("customer", "我的订单到哪了")
    return session


@pytest.fixture(params=["redis", "memory"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


def make(kind: str, redis: Redis, prefix: str, sealer: SessionSealer, **kw: object) -> SessionStore:
    if kind == "redis":
        return RedisSessionStore(redis, prefix=prefix, ttl_seconds=60, sealer=sealer, **kw)  # type: ignore[arg-type]
    return MemorySessionStore(ttl_seconds=60, sealer=sealer, **kw)  # type: ignore[arg-type]


async def raw_of(store: SessionStore, redis: Redis, prefix: str, key: str) -> str:
    if isinstance(store, RedisSessionStore):
        return await redis.get(prefix + session_key(key)) or ""
    return store._data[key][1]  # type: ignore[attr-defined]


async def test_a_stored_session_holds_no_personal_data_and_loads_back(
    kind: str, redis: Redis, redis_prefix: str
) -> None:
    store = make(kind, redis, redis_prefix, SessionSealer.from_secrets("k1"))
    saved = await store.save(filled())
    raw = await raw_of(store, redis, redis_prefix, "web:u1")
    for value in [
        *PERSONAL,
        "我的订单到哪了",
        "focus",
    ]:  # (two letters would match base64 by chance)
        assert value not in raw
    assert '"v":1' in raw and '"kid":"k' in raw
    loaded = await store.load("web:u1")
    assert loaded == saved and loaded.state.focus == "1234567890123451023"
    assert loaded.customer_id == "C-LI" and loaded.language == "zh"


async def test_a_tampered_or_moved_record_does_not_open(
    kind: str, redis: Redis, redis_prefix: str
) -> None:
    store = make(kind, redis, redis_prefix, SessionSealer.from_secrets("k1"))
    await store.save(filled("web:victim"))
    raw = await raw_of(store, redis, redis_prefix, "web:victim")
    if isinstance(store, RedisSessionStore):
        await redis.set(redis_prefix + session_key("web:attacker"), raw)
    else:
        store._data["web:attacker"] = store._data["web:victim"]  # type: ignore[attr-defined]
    with capture_logs() as logged:
        moved = await store.load("web:attacker")
    assert moved.state == ConversationState() and moved.customer_id is None
    assert moved.version == 1
    assert [e["event"] for e in logged] == ["session_unreadable"]
    moved.state.focus = "x"
    assert (await store.save(moved)).version == 2  # CAS still works on an unreadable record


async def test_another_key_cannot_read_and_rotation_keeps_old_sessions(
    kind: str, redis: Redis, redis_prefix: str
) -> None:
    old = make(kind, redis, redis_prefix, SessionSealer.from_secrets("old-key"))
    await old.save(filled())
    stranger = make(kind, redis, redis_prefix, SessionSealer.from_secrets("other"))
    if isinstance(old, MemorySessionStore):
        stranger._data = old._data  # type: ignore[attr-defined]
    assert (await stranger.load("web:u1")).state == ConversationState()
    rotated = make(kind, redis, redis_prefix, SessionSealer.from_setting("new-key,old-key"))
    if isinstance(old, MemorySessionStore):
        rotated._data = old._data  # type: ignore[attr-defined]
    session = await rotated.load("web:u1")
    assert session.state.focus == "1234567890123451023"
    await rotated.save(session)
    raw = await raw_of(rotated, redis, redis_prefix, "web:u1")
    assert SessionSealer.from_secrets("new-key").key_name in raw


async def test_a_plain_session_from_before_sealing_is_read_and_sealed_on_save(
    redis: Redis, redis_prefix: str
) -> None:
    store = RedisSessionStore(redis, prefix=redis_prefix, sealer=SessionSealer.from_secrets("k"))
    legacy = filled().model_copy(update={"version": 3})
    await redis.set(redis_prefix + session_key("web:u1"), legacy.model_dump_json())
    loaded = await store.load("web:u1")
    assert loaded.version == 3 and loaded.customer_id == "C-LI"
    await store.save(loaded)
    assert "C-LI" not in await redis.get(redis_prefix + session_key("web:u1"))


async def test_transcript_turns_older_than_the_retention_are_dropped(
    kind: str, redis: Redis, redis_prefix: str
) -> None:
    store = make(kind, redis, redis_prefix, SessionSealer.from_secrets("k"), transcript_days=30)
    session = Session(key="web:u1")
    now = datetime.now(UTC)
    session.history = [
        Turn(role="customer", text="old", at=now - timedelta(days=31)),
        Turn(role="bot", text="recent", at=now - timedelta(days=29)),
    ]
    saved = await store.save(session)
    assert [t.text for t in saved.history] == ["recent"]
    assert [t.text for t in (await store.load("web:u1")).history] == ["recent"]


def test_without_a_key_redis_sessions_use_an_ephemeral_key_and_warn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ORDERSUPPORT_SESSION_KEY", raising=False)
    monkeypatch.setattr(sessions_module, "_DEFAULT", None)
    with capture_logs() as logged:
        first = SessionSealer.from_settings(Settings(redis_url="redis://127.0.0.1:6379/15"))
        second = sessions_module.default_sealer()
    assert first is second and first.key_name.startswith("e")
    assert [e["event"] for e in logged] == ["session_key_ephemeral"]


def test_without_a_key_memory_sessions_use_an_ephemeral_key_quietly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ORDERSUPPORT_SESSION_KEY", raising=False)
    with capture_logs() as logged:
        sealer = SessionSealer.from_settings(Settings())
    assert sealer.key_name.startswith("e") and logged == []


def test_a_configured_key_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import SecretStr

    sealer = SessionSealer.from_settings(Settings(session_key=SecretStr("s3cret-session-key")))
    assert sealer.key_name == SessionSealer.from_secrets("s3cret-session-key").key_name
