"""A lean turn (issue 18): a notified conversation lock, a status answer that reads a bounded
page of orders, overload answered clearly (busy reply, 503 with Retry-After), Redis pools that
wait instead of raising. Behaviour only: the speed figures live in bench/load.py."""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis
from redis.exceptions import LockError

from bots.admission import Admission
from bots.serve import ADMISSION, create_app
from core.dialogue.resolve import ORDER_PAGE
from core.engine import Engine
from core.order import Order
from core.redis_client import connect
from core.services import Services
from core.sessions import RedisSessionStore, Session, SessionSealer
from tests.chat import Chat
from tests.conftest import REDIS_URL
from tests.factories import iso, order_doc, shipped

SEALER = SessionSealer.from_secrets("lean-turn-tests")
ROOT = Path(__file__).resolve().parents[1]


async def _blocked_in_blpop(redis: Redis, name: str) -> bool:
    return any(c.get("name") == name and c.get("cmd") == "blpop" for c in await redis.client_list())


async def test_a_waiting_turn_is_woken_by_the_release_not_by_polling(
    redis: Redis, redis_prefix: str
) -> None:
    name = f"waiter-{uuid.uuid4().hex[:8]}"
    other_process = Redis.from_url(REDIS_URL, decode_responses=True, client_name=name)
    holder = RedisSessionStore(redis, redis_prefix, sealer=SEALER)
    waiter = RedisSessionStore(other_process, redis_prefix, sealer=SEALER)
    try:
        held = holder.lock("web:ann")
        await held.acquire()
        waiting = waiter.lock("web:ann")
        task = asyncio.create_task(waiting.acquire())
        for _ in range(500):  # until the waiter sits blocked in Redis
            if await _blocked_in_blpop(redis, name):
                break
            await asyncio.sleep(0.01)
        assert await _blocked_in_blpop(redis, name)
        assert waiting.attempts == 1 and not task.done()
        await held.release()
        await asyncio.wait_for(task, 10)
        assert waiting.attempts == 2  # asked once, woken once, took it
        await waiting.release()
    finally:
        await other_process.aclose()


async def test_the_lock_and_the_session_come_in_one_step(redis: Redis, redis_prefix: str) -> None:
    store = RedisSessionStore(redis, redis_prefix, sealer=SEALER)
    saved = await store.save(Session(key="web:bo", language="de"))
    async with store.locked("web:bo") as session:
        assert (session.version, session.language) == (saved.version, "de")
        assert await redis.exists(f"{redis_prefix}lock:{{web:bo}}")
    assert not await redis.exists(f"{redis_prefix}lock:{{web:bo}}")


async def test_a_save_over_a_newer_version_is_refused(redis: Redis, redis_prefix: str) -> None:
    from core.sessions import SessionConflict

    store = RedisSessionStore(redis, redis_prefix, sealer=SEALER)
    first = await store.load("web:cy")
    await store.save(first)
    with pytest.raises(SessionConflict):
        await store.save(first)


def _many_orders(delivered: int) -> list[Order]:
    """One open order placed long ago, and `delivered` newer orders already delivered."""
    docs = [shipped(order_no="OPEN-0001", placed_at=iso(timedelta(days=-400)))]
    docs[0]["paid_at"] = iso(timedelta(days=-400, minutes=3))
    for n in range(delivered):
        docs.append(
            order_doc(
                order_no=f"DONE-{n:04d}",
                status="delivered",
                placed_at=iso(timedelta(days=-2 - n)),
                paid_at=iso(timedelta(days=-2 - n, minutes=3)),
                delivered_at=iso(timedelta(days=-1 - n)),
            )
        )
    return [Order.model_validate(d) for d in docs]


async def test_a_customer_with_many_orders_is_read_one_page_open_orders_first(
    services: Services,
) -> None:
    await services.orders.replace_all(_many_orders(3 * ORDER_PAGE))
    page = await services.hub.list_customer_orders("C-LI", limit=ORDER_PAGE)
    assert len(page) == ORDER_PAGE
    assert "OPEN-0001" in [o.order_no for o in page]


async def test_the_status_answer_for_many_orders_is_about_the_open_one(
    services: Services, engine: Engine
) -> None:
    await services.orders.replace_all(_many_orders(3 * ORDER_PAGE))
    reply = await Chat(engine).say("where is my order?")
    assert "SF1234567890123" in reply.text()


@pytest.fixture
async def crowded(services: Services) -> AsyncIterator[tuple[TestClient, object]]:
    """The web process with room for one request at a time and no line."""
    await services.orders.replace_all([Order.model_validate(shipped())])
    settings = services.settings.model_copy(update={"max_in_flight": 1, "max_waiting": 0})
    app = await create_app(settings, services)
    async with TestClient(TestServer(app)) as client:
        yield client, app[ADMISSION]


async def test_a_chat_message_in_an_overload_gets_a_busy_reply_in_its_language(
    crowded: tuple[TestClient, object],
) -> None:
    client, admission = crowded
    assert await admission.enter()  # type: ignore[attr-defined]  # someone holds the one turn
    res = await client.post(
        "/api/chat", json={"user": "web-li", "text": "wo ist meine Bestellung?", "locale": "de"}
    )
    assert res.status == 200
    assert res.headers["Retry-After"] == "2"
    body = await res.json()
    assert body["busy"] is True
    assert "Einen Moment bitte" in body["replies"][0]["text"]
    admission.leave()  # type: ignore[attr-defined]
    res = await client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
    assert "SF1234567890123" in (await res.json())["replies"][0]["text"]


async def test_the_rest_api_in_an_overload_answers_503_with_retry_after(
    crowded: tuple[TestClient, object],
) -> None:
    client, admission = crowded
    assert await admission.enter()  # type: ignore[attr-defined]
    res = await client.get(
        "/api/orders/1234567890123451023", headers={"Authorization": "Bearer test-token"}
    )
    assert res.status == 503
    assert res.headers["Retry-After"] == "2"
    admission.leave()  # type: ignore[attr-defined]


async def test_a_message_shed_in_an_overload_does_not_count_against_the_customers_limit(
    services: Services,
) -> None:
    await services.orders.replace_all([Order.model_validate(shipped())])
    settings = services.settings.model_copy(
        update={"max_in_flight": 1, "max_waiting": 0, "rate_limit_chat_per_minute": 1}
    )
    app = await create_app(settings, services)
    async with TestClient(TestServer(app)) as client:
        admission = app[ADMISSION]
        assert await admission.enter()
        res = await client.post("/api/chat", json={"user": "web-li", "text": "where is it?"})
        assert (await res.json())["busy"] is True
        admission.leave()
        res = await client.post("/api/chat", json={"user": "web-li", "text": "where is my order?"})
        assert res.status == 200  # its one message a minute is this one, not the shed one
        assert "SF1234567890123" in (await res.json())["replies"][0]["text"]


async def test_a_finished_request_hands_its_turn_to_the_oldest_waiter() -> None:
    admission = Admission(max_in_flight=1, max_waiting=2, queue_timeout=60)
    assert await admission.enter()
    first = asyncio.create_task(admission.enter())
    second = asyncio.create_task(admission.enter())
    await asyncio.sleep(0)  # both run up to their place in the line
    assert admission.waiting == 2
    assert not await admission.enter()  # the line is full: shed at once
    admission.leave()
    assert await first and not second.done()
    assert admission.in_flight == 1
    admission.leave()
    assert await second
    admission.leave()
    assert (admission.in_flight, admission.waiting) == (0, 0)


async def test_a_waiter_past_the_queue_timeout_is_shed() -> None:
    admission = Admission(max_in_flight=1, max_waiting=1, queue_timeout=0.05)
    assert await admission.enter()
    assert not await admission.enter()  # nobody left within the deadline
    assert admission.waiting == 0
    admission.leave()
    assert admission.in_flight == 0


async def test_a_waiter_whose_client_left_passes_its_turn_on() -> None:
    admission = Admission(max_in_flight=1, max_waiting=2, queue_timeout=60)
    assert await admission.enter()
    gone = asyncio.create_task(admission.enter())
    kept = asyncio.create_task(admission.enter())
    await asyncio.sleep(0)  # both run up to their place in the line
    assert admission.waiting == 2
    gone.cancel()
    admission.leave()
    assert await kept
    assert gone.cancelled()
    admission.leave()
    assert (admission.in_flight, admission.waiting) == (0, 0)


async def test_more_commands_than_pooled_connections_wait_for_one(redis_prefix: str) -> None:
    client = connect(REDIS_URL, max_connections=2, pool_timeout=10)
    try:
        keys = [f"{redis_prefix}pool:{n}" for n in range(20)]
        await asyncio.gather(*(client.set(k, "1", ex=60) for k in keys))
        assert await client.exists(*keys) == 20
        await client.delete(*keys)
    finally:
        await client.aclose()


_HOLD_AND_WAIT = """
import asyncio, sys
from redis.asyncio import Redis
from core.sessions import RedisSessionStore, SessionSealer

async def main() -> None:
    redis = Redis.from_url(sys.argv[1], decode_responses=True)
    store = RedisSessionStore(
        redis, sys.argv[2], sealer=SessionSealer.from_secrets("x"), lock_ttl_ms=int(sys.argv[3])
    )
    await store.lock("web:kim").acquire()
    print("held", flush=True)
    await asyncio.Event().wait()  # mid-turn, until killed

asyncio.run(main())
"""


async def test_a_process_killed_mid_turn_holds_its_customer_up_only_for_the_lease(
    redis: Redis, redis_prefix: str
) -> None:
    lease_ms = 1_000
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _HOLD_AND_WAIT,
        REDIS_URL,
        redis_prefix,
        str(lease_ms),
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    assert await asyncio.wait_for(proc.stdout.readline(), 60) == b"held\n"
    proc.kill()  # SIGKILL: no release, no cleanup
    await proc.wait()
    left = await redis.pttl(f"{redis_prefix}lock:{{web:kim}}")
    assert 0 < left <= lease_ms  # what the next turn may have to wait, at most
    store = RedisSessionStore(redis, redis_prefix, sealer=SEALER, lock_ttl_ms=lease_ms)
    waiting = store.lock("web:kim")
    started = time.monotonic()
    await asyncio.wait_for(waiting.acquire(), lease_ms / 1000 + 5)
    assert time.monotonic() - started <= lease_ms / 1000 + 1.0
    assert waiting.attempts == 2  # asked, blocked until the lease ran out, took it
    await waiting.release()


async def test_a_turn_longer_than_the_lease_keeps_its_lock(redis: Redis, redis_prefix: str) -> None:
    store = RedisSessionStore(redis, redis_prefix, sealer=SEALER, lock_ttl_ms=300)
    other = RedisSessionStore(redis, redis_prefix, sealer=SEALER, wait_seconds=1.0)
    held = store.lock("web:lu")
    await held.acquire()
    with pytest.raises(LockError):  # three leases long, and the holder still has it
        await other.lock("web:lu").acquire()
    await held.release()
    async with other.lock("web:lu"):
        pass
