"""What a read costs on PostgreSQL: a pooled connection reused at once is not pinged, a single
read runs outside a transaction (no BEGIN, no ROLLBACK), a connection that died while idle
in the pool is replaced before a read can fail on it (a prebuilt read that fails on one is
answered from a fresh one), and a status turn checks out two pooled connections (the chat
user's customer, its orders) and opens none once the pool is warm."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.engine import Engine
from core.messages import Inbound
from core.order import Order
from core.services import Services, build_services
from core.settings import Settings
from core.storage import database
from core.storage.database import create_engine, read_only
from tests.factories import order_doc, shipped


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    made = create_engine(postgres_url)
    yield made
    await made.dispose()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts what asyncpg sends besides prepared statements: transaction control and pings."""
    seen: Counter[str] = Counter()
    execute, fetchrow = asyncpg.Connection.execute, asyncpg.Connection.fetchrow

    async def counted_execute(self: asyncpg.Connection, query: str, *args: Any, **kw: Any) -> Any:
        seen[query.split()[0].upper().rstrip(";")] += 1
        return await execute(self, query, *args, **kw)

    async def counted_fetchrow(self: asyncpg.Connection, query: str, *args: Any, **kw: Any) -> Any:
        if query == ";":
            seen["PING"] += 1
        return await fetchrow(self, query, *args, **kw)

    monkeypatch.setattr(asyncpg.Connection, "execute", counted_execute)
    monkeypatch.setattr(asyncpg.Connection, "fetchrow", counted_fetchrow)
    return seen


async def _read(engine: AsyncEngine) -> int:
    async with read_only(engine).connect() as conn:
        return int(await conn.scalar(sa.select(sa.literal(7))) or 0)


async def test_a_read_on_a_connection_just_returned_sends_no_ping_and_no_transaction(
    engine: AsyncEngine, sent: Counter[str]
) -> None:
    assert await _read(engine) == 7  # connects
    sent.clear()
    assert await _read(engine) == 7
    assert sent == Counter()


async def test_a_write_still_runs_in_its_own_transaction(
    engine: AsyncEngine, sent: Counter[str]
) -> None:
    await _read(engine)
    sent.clear()
    async with engine.begin() as conn:
        await conn.execute(sa.text("SELECT 1"))
    assert sent["BEGIN"] == 1 and sent["COMMIT"] == 1 and sent["PING"] == 0


async def test_a_connection_killed_while_idle_is_replaced_before_the_read(
    engine: AsyncEngine, postgres_url: str, sent: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as conn:
        pid = await conn.scalar(sa.text("SELECT pg_backend_pid()"))
    admin = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:  # the server ends the pooled connection while it sits idle
        await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", -1.0)  # everything counts as idle
    async with engine.connect() as conn:
        assert await conn.scalar(sa.text("SELECT pg_backend_pid()")) != pid


async def test_a_prebuilt_read_on_a_connection_that_died_in_the_pool_is_answered_afresh(
    engine: AsyncEngine, postgres_url: str
) -> None:
    read = database.SingleRead(engine, sa.select(sa.func.pg_backend_pid()))
    pid = await read.value({})
    admin = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:  # ended by the server after its checkin, too recently to be pinged on checkout
        await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()
    assert await read.value({}) not in (None, pid)


async def test_a_prebuilt_read_sends_no_transaction_control(
    engine: AsyncEngine, sent: Counter[str]
) -> None:
    read = database.SingleRead(engine, sa.select(sa.literal_column("7")))
    assert await read.value({}) == 7  # connects
    sent.clear()
    assert await read.values({}) == [7]
    assert sent == Counter()


@pytest.fixture
async def shop(postgres_url: str) -> AsyncIterator[Services]:
    """A PostgreSQL shop with one shipped order per web user `web-0` ... `web-7` (no outcome
    records: their writer runs after the reply, on its own schedule)."""
    settings = Settings(database_url=postgres_url, seed_demo_if_empty=False, demo=True)
    settings.outcomes.enabled = False
    built = await build_services(settings, upgrade_schema=True)
    customer = order_doc()["customer"]
    docs = [
        shipped(
            order_no=f"12345678901234510{n:02d}",
            customer={
                **customer,
                "id": f"C-{n}",
                "channels": [{"channel": "web", "user_id": f"web-{n}"}],
            },
        )
        for n in range(8)
    ]
    await built.orders.replace_all([Order.model_validate(d) for d in docs])
    yield built
    await built.aclose()


@pytest.fixture
def pool_use(shop: Services) -> Counter[str]:
    """Checkouts from the shop's pool and connections it opened."""
    seen: Counter[str] = Counter()
    pool = shop.db.sync_engine.pool

    @event.listens_for(pool, "checkout")
    def _checkout(*_: Any) -> None:
        seen["checkout"] += 1

    @event.listens_for(pool, "connect")
    def _connect(*_: Any) -> None:
        seen["connect"] += 1

    return seen


async def _status(engine: Engine, user: str) -> str:
    inbound = Inbound(channel="web", user_id=user, chat_id=user, text="where is my order?")
    return (await engine.handle(inbound)).text()


async def test_a_status_turn_checks_out_two_connections_the_customer_and_its_orders(
    shop: Services, pool_use: Counter[str]
) -> None:
    engine = Engine(shop)
    await _status(engine, "web-0")  # connects
    pool_use.clear()
    text = await _status(engine, "web-1")
    assert "Order 1234567890123451001 is on its way." in text
    assert pool_use == Counter(checkout=2)  # no lookup of platform links: no remote source


async def test_turns_at_the_web_process_concurrency_open_no_connection_once_warm(
    shop: Services, pool_use: Counter[str]
) -> None:
    engine = Engine(shop)
    users = [f"web-{n}" for n in range(8)]  # max_in_flight turns at once
    await asyncio.gather(*(_status(engine, u) for u in users))
    # warm: as many connections as these turns could hold at once (two each), however the
    # first round happened to overlap on a busy machine
    async with contextlib.AsyncExitStack() as held:
        await asyncio.gather(*(held.enter_async_context(shop.db.connect()) for _ in range(16)))
    opened = pool_use["connect"]
    pool_use.clear()
    for _ in range(3):
        texts = await asyncio.gather(*(_status(engine, u) for u in users))
        assert all("is on its way." in t for t in texts)
    assert pool_use["connect"] == 0 and pool_use["checkout"] == 3 * 8 * 2
    assert opened <= shop.settings.database_pool_size
