"""The scheduled scan reads only due orders through `orders.watch_at` (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from core.order import Order
from core.proactive.watch import watch_at
from core.services import Services, build_services
from core.storage.database import create_engine, migrate
from core.storage.tables import orders
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.test_proactive_support import (
    NOW,
    Outbox,
    ProactiveSettings,
    base_order,
    close_workers,
    customer,
    decisions,
    settings_for,
    shipped_with,
    start_worker,
    store,
)

H = timedelta(hours=1)


def _doc(no: str, **fields) -> dict:  # type: ignore[no-untyped-def]
    return base_order(no, customer(f"C-{no}", "en", "Asia/Shanghai", "web", f"web-{no}"), **fields)


async def _watch(services: Services, no: str) -> datetime | None:
    async with services.db.connect() as conn:
        return await conn.scalar(sa.select(orders.c.watch_at).where(orders.c.order_no == no))


@pytest.fixture
async def services(tmp_path) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    built = await build_services(settings_for(tmp_path, None))
    yield built
    await built.aclose()


async def test_writing_an_order_sets_when_a_rule_could_next_fire(services: Services) -> None:
    paid = _doc("W-1", paid_at=(NOW - H).isoformat(), placed_at=(NOW - 2 * H).isoformat())
    parcel = _doc("W-2", **shipped_with(-5 * H, country="RU"))  # cross-border
    done = _doc(
        "W-3",
        **{
            **shipped_with(-5 * H, "delivered"),
            "status": "delivered",
            "delivered_at": (NOW - 5 * H).isoformat(),
        },
    )
    failed = _doc(
        "W-4",
        status="pending_payment",
        paid_at=None,
        payment={"method": "alipay", "status": "failed", "amount": "98.00"},
    )
    await store(services, paid, parcel, done, failed)
    assert await _watch(services, "W-1") == NOW + 47 * H  # paid + 48 h
    assert await _watch(services, "W-2") == NOW + 67 * H  # conservatively the 72 h limit
    assert await _watch(services, "W-3") is None  # nothing can fire any more
    assert await _watch(services, "W-4") == Order.model_validate(failed).placed_at  # due now


async def test_the_scan_takes_only_due_orders_and_rearms_their_watch(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    box = Outbox()
    worker = await start_worker(settings_for(tmp_path, None), box, "w")
    try:
        paid = _doc("S-1", paid_at=(NOW + 25 * H).isoformat(), placed_at=(NOW + 24 * H).isoformat())
        parcel = _doc("S-2", **shipped_with(-H, country="RU"))
        await store(worker.services, paid, parcel)
        assert await worker.proactive.scan(NOW) == 0

        assert await worker.proactive.scan(NOW + 71 * H) == 1  # S-2 at the 72 h mark...
        assert await decisions(worker.services) == []  # ...is not stalled: it crosses a border
        assert await _watch(worker.services, "S-2") == NOW + (7 * 24 - 1) * H  # exact now
        assert await _watch(worker.services, "S-1") == NOW + 73 * H  # untouched

        report = await worker.proactive.run_once(NOW + 74 * H)
        assert report.scanned == 1
        assert [d["kind"] for d in await decisions(worker.services)] == ["warehouse_late"]
        assert await _watch(worker.services, "S-1") is None
        await worker.proactive.run_once(NOW + 7 * 24 * H)
        assert [d["kind"] for d in await decisions(worker.services)] == [
            "warehouse_late",
            "parcel_stalled",
        ]
        assert sorted(s.chat_id for s in box.sent) == ["web-S-1", "web-S-2"]
    finally:
        await close_workers(worker)


def test_the_watch_after_an_evaluation_is_the_exact_next_deadline() -> None:
    order = Order.model_validate(_doc("X-1", **shipped_with(-H, country="RU")))
    assert watch_at(order, after=NOW) == NOW + (7 * 24 - 1) * H
    assert watch_at(order, after=NOW + 7 * 24 * H) is None


@pytest.fixture
async def pg_settings(tmp_path) -> AsyncIterator[ProactiveSettings]:  # type: ignore[no-untyped-def]
    name, url = await create_postgres_database()
    db = create_engine(url)
    await migrate(db)  # the release step: workers only check the schema
    await db.dispose()
    yield ProactiveSettings(database_url=url, seed_demo_if_empty=False, demo=True)
    await drop_postgres_database(name)


async def test_on_postgresql_the_scan_uses_the_watch_index(pg_settings: ProactiveSettings) -> None:
    services = await build_services(pg_settings)
    try:
        rows = [
            {
                "order_no": f"N-{n}",
                "platform": "web",
                "status": "paid",
                "customer_id": "C",
                "placed_at": NOW,
                "paid_at": NOW,
                "updated_at": NOW,
                "doc": {},
                "watch_at": NOW - H if n % 100 == 0 else (NOW + 24 * H if n % 2 else None),
            }
            for n in range(5000)
        ]
        async with services.db.begin() as conn:
            await conn.execute(sa.insert(orders), rows)
        async with services.db.connect() as conn:
            await conn.execute(sa.text("ANALYZE orders"))
            plan = await conn.execute(
                sa.text(
                    "EXPLAIN UPDATE orders SET watch_at = NULL WHERE order_no IN ("
                    "SELECT order_no FROM orders WHERE watch_at <= :now ORDER BY watch_at "
                    "LIMIT 1000 FOR UPDATE SKIP LOCKED) AND watch_at <= :now RETURNING order_no"
                ),
                {"now": NOW},
            )
            text = "\n".join(r[0] for r in plan)
        assert "ix_orders_watch_at" in text, text
        assert "Seq Scan on orders" not in text.split("->")[1], text
    finally:
        await services.aclose()


async def test_on_postgresql_two_workers_scan_decide_and_deliver_each_order_once(
    pg_settings: ProactiveSettings,
) -> None:
    box = Outbox()
    a = await start_worker(pg_settings, box, "a")
    b = await start_worker(pg_settings, box, "b")
    try:
        docs = [
            _doc(f"P-{n}", paid_at=(NOW - 50 * H).isoformat(), placed_at=(NOW - 51 * H).isoformat())
            for n in range(30)
        ]
        await store(a.services, *docs)
        await asyncio.gather(a.proactive.run_once(NOW), b.proactive.run_once(NOW))
        assert sorted(s.chat_id for s in box.sent) == sorted(f"web-P-{n}" for n in range(30))
        assert len(await a.services.tickets.list()) == 30
    finally:
        await close_workers(a, b)
