"""Issue 16, case 3: a confirmed change is made once, even when Redis dies after the change and
before the session is saved (the customer's "yes" is then read again from the old session), or
when two turns carry out the same confirmation at once (a turn that outlived the lock)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from core.acceptance import Outage
from core.engine import Engine
from core.keys import lock_key
from core.ledger import ActionLedger
from core.services import Services
from tests.chat import Chat, store
from tests.faults.helpers import ORDER, audited, delivered_order, fault_services, until
from tests.faults.servers import PostgresServer, RedisServer


@pytest.fixture
def durable_redis(tmp_path) -> AsyncIterator[RedisServer]:  # type: ignore[no-untyped-def]
    """A Redis that keeps what it was told (append-only file): a restart loses nothing saved."""
    server = RedisServer(tmp_path / "redis-aof", appendonly=True)
    server.start()
    yield server  # type: ignore[misc]
    server.kill()


@pytest.fixture
async def services(own_postgres_url: str, durable_redis: RedisServer) -> AsyncIterator[Services]:
    built = await fault_services(own_postgres_url, durable_redis.url)
    yield built
    await built.aclose()


async def test_a_return_confirmed_again_after_redis_died_mid_turn_is_registered_once(
    services: Services, durable_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await store(services, delivered_order())
    chat = Chat(Engine(services))
    await chat.say("I want to return one mug")  # of two: a second return would be allowed
    quote = await chat.press("return_reason:no_reason")
    assert "confirm" in str(quote.parts).lower()

    made = services.operations.create_return

    async def made_then_redis_dies(*args: Any, **kwargs: Any) -> Any:
        done = await made(*args, **kwargs)
        durable_redis.kill()  # after the change, before the session is saved
        return done

    monkeypatch.setattr(services.operations, "create_return", made_then_redis_dies)
    with pytest.raises(Outage):  # not an apology that looks like an answer: a retry is due
        await chat.press("confirm:yes")
    monkeypatch.setattr(services.operations, "create_return", made)
    durable_redis.start()
    assert services.redis is not None
    await services.redis.delete(
        f"{services.settings.redis_prefix}{lock_key(f'web:{chat.user}')}"
    )  # expired

    again = await chat.press("confirm:yes")  # the platform's retry, or the customer again

    order = await services.hub.get_order(ORDER)
    assert order is not None
    assert len(order.returns) == 1
    assert await audited(services, "order.return_created") == 1
    assert order.returns[0].return_id in again.text()


async def test_a_confirmation_answered_again_while_its_turn_outlives_the_lock_cancels_once(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    await store(services, delivered_order(status="paid", shipments=[], delivered_at=None))
    chat = Chat(Engine(services))
    await chat.say("please cancel my order")
    await chat.press("cancel_line:all")
    key = f"web:{chat.user}"
    pending = (await services.sessions.load(key)).state.pending
    assert pending is not None and pending.kind == "confirm"

    inside, go_on = asyncio.Event(), asyncio.Event()
    cancel = services.operations.cancel

    async def slow_cancel(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        await go_on.wait()  # the turn takes longer than the conversation lock lives
        return await cancel(*args, **kwargs)

    monkeypatch.setattr(services.operations, "cancel", slow_cancel)
    first = asyncio.ensure_future(chat.press("confirm:yes"))
    await inside.wait()
    assert services.redis is not None
    await services.redis.delete(f"{services.settings.redis_prefix}{lock_key(key)}")  # it expired
    second = asyncio.ensure_future(Chat(Engine(services)).press("confirm:yes"))
    entry = f"{key}:cancel:{pending.change.id}"  # type: ignore[union-attr]

    async def claimed() -> bool:
        return await services.ledger.get(entry) is not None

    await until(claimed)
    go_on.set()
    one, two = await asyncio.gather(first, second)

    assert await audited(services, "order.cancelled") == 1
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.status.value == "cancelled"
    assert two.text() == one.text()


async def test_the_ledger_runs_one_key_once_and_gives_its_outcome_to_the_second_caller(
    services: Services,
) -> None:
    ledger = ActionLedger(services.db)
    runs = 0
    release = asyncio.Event()

    async def work() -> dict[str, Any]:
        nonlocal runs
        runs += 1
        await release.wait()
        return {"parts": [{"type": "text", "text": "done"}]}

    first = asyncio.ensure_future(ledger.run("web:x:cancel:1", "cancel", ORDER, work))
    second = asyncio.ensure_future(ledger.run("web:x:cancel:1", "cancel", ORDER, work))

    async def claimed() -> bool:
        return await ledger.get("web:x:cancel:1") is not None

    await until(claimed)
    release.set()
    entries = await asyncio.gather(first, second)
    assert runs == 1
    assert sorted(e.fresh for e in entries) == [False, True]
    assert [e.outcome for e in entries] == [{"parts": [{"type": "text", "text": "done"}]}] * 2


def test_the_servers_of_this_module_are_the_tests_own(
    own_postgres: PostgresServer, durable_redis: RedisServer
) -> None:
    assert own_postgres.port != 5432 and durable_redis.port != 6379


async def test_a_confirmation_answered_while_postgres_is_down_is_still_open_when_it_is_back(
    services: Services, own_postgres: PostgresServer
) -> None:
    await store(services, delivered_order())
    chat = Chat(Engine(services))
    await chat.say("I want to return the towel")
    await chat.press("return_reason:no_reason")

    own_postgres.stop()
    during = await chat.press("confirm:yes")
    own_postgres.start()

    assert "nothing you asked for is lost" in during.text()
    session = await services.sessions.load(f"web:{chat.user}")
    assert session.state.pending is not None and session.state.pending.kind == "confirm"
    done = await chat.press("confirm:yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None and len(order.returns) == 1
    assert order.returns[0].return_id in done.text()
