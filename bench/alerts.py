"""Proactive exceptions at scale: how fast one worker settles events, and how long the scheduled
scan takes over 1,000,000 orders with 1% due.

    python bench/alerts.py [--events 10000] [--orders 1000000] [--finding-share 0.2]

Needs PostgreSQL ($ORDERSUPPORT_TEST_POSTGRES_DSN, default
postgresql://postgres:postgres@127.0.0.1:5432) and Redis ($ORDERSUPPORT_TEST_REDIS_URL, default
redis://127.0.0.1:6379/15). Everything happens in a throwaway database and under a throwaway
Redis prefix, both removed at the end. Targets: >= 1,000 events/s, scan < 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.order import Order
from core.proactive.compose import quiet_until
from core.proactive.config import ProactiveConfig
from core.proactive.events import Event
from core.proactive.service import Proactive, RunReport
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import orders

DSN = os.environ.get(
    "ORDERSUPPORT_TEST_POSTGRES_DSN", "postgresql://postgres:postgres@127.0.0.1:5432"
)
REDIS = os.environ.get("ORDERSUPPORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NOW = datetime.now(UTC).replace(microsecond=0)
H = timedelta(hours=1)


def order_doc(n: int, stock_out: bool) -> dict:
    return {
        "order_no": f"B{n:09d}",
        "platform": "web",
        "status": "paid",
        "placed_at": (NOW - 2 * H).isoformat(),
        "paid_at": (NOW - 2 * H).isoformat(),
        "currency": "CNY",
        "customer": {
            "id": f"C{n}",
            "name": "Bench",
            "locale": "zh_Hans",
            "timezone": "Asia/Shanghai",
            "channels": [{"channel": "web", "user_id": f"web-{n}"}],
        },
        "items": [
            {
                "line_id": "L1",
                "sku": "S",
                "title": "Mug",
                "quantity": 1,
                "unit_price": "98.00",
                "backordered": stock_out,
            }
        ],
        "shipping_address": {
            "name": "Bench",
            "phone": "13800000000",
            "country": "CN",
            "city": "Hangzhou",
            "line1": "1 Road",
        },
        "warehouse": {"code": "SH-01"},
        "payment": {"method": "alipay", "status": "succeeded", "amount": "98.00"},
    }


async def create_database() -> tuple[str, str]:
    name = f"ordersupport_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(f"{DSN}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name, f"{DSN.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"


async def drop_database(name: str) -> None:
    admin = await asyncpg.connect(f"{DSN}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def clear_redis(services: Services, prefix: str) -> None:
    redis = services.redis
    assert redis is not None
    keys = [k async for k in redis.scan_iter(match=f"{prefix}*", count=10_000)]
    for start in range(0, len(keys), 5000):
        await redis.delete(*keys[start : start + 5000])


async def bench_events(services: Services, count: int, share: float) -> None:
    every = max(1, round(1 / share)) if share > 0 else 0
    docs = [order_doc(n, bool(every) and n % every == 0) for n in range(count)]
    for start in range(0, count, 2000):
        await services.orders.replace_all(
            [Order.model_validate(d) for d in docs[start : start + 2000]]
        )
    async with services.db.begin() as conn:  # the scan is measured separately
        await conn.execute(sa.update(orders).values(watch_at=None))
    worker = Proactive(services, ProactiveConfig(event_batch=500), consumer="bench")
    assert worker.queue is not None
    events = [Event(id=f"bench:{d['order_no']}", order_no=d["order_no"], at=NOW) for d in docs]
    for start in range(0, count, 5000):
        await worker.queue.publish_many(events[start : start + 5000])
    report = RunReport()
    began = time.perf_counter()
    await worker.process_events(NOW, report=report)
    elapsed = time.perf_counter() - began
    print(
        f"events: {report.events} settled by one worker in {elapsed:.2f} s = "
        f"{report.events / elapsed:,.0f} events/s ({report.decisions} decisions, "
        f"{share:.0%} of events with a finding; target >= 1,000/s)"
    )
    daytime = quiet_until(NOW, "Asia/Shanghai") or NOW  # notices wait for the customers' morning
    began = time.perf_counter()
    delivered = await worker.deliver(daytime)
    elapsed = time.perf_counter() - began
    rows = delivered.sent + delivered.tickets
    print(
        f"outbox: {delivered.sent} notices (web inbox on Redis) + {delivered.tickets} tickets "
        f"in {elapsed:.2f} s = {rows / max(elapsed, 1e-9):,.0f} rows/s"
    )


async def bench_scan(services: Services, total: int) -> None:
    due_every = 100  # 1% due
    async with services.db.begin() as conn:
        await conn.execute(sa.delete(orders))
    began = time.perf_counter()
    async with services.db.connect() as conn:
        raw = await conn.get_raw_connection()
        pg: asyncpg.Connection = raw.driver_connection  # type: ignore[assignment]
        batch = 100_000
        for start in range(0, total, batch):
            records = []
            for n in range(start, min(total, start + batch)):
                if n % due_every == 0:
                    watch = NOW - H
                elif n % 2:
                    watch = NOW + timedelta(hours=1 + n % 300)
                else:
                    watch = None
                records.append(
                    (
                        f"S{n:09d}",
                        "web",
                        "paid",
                        f"C{n % 50_000}",
                        NOW - 50 * H,
                        NOW - 49 * H,
                        NOW,
                        '{"m": 1}',
                        watch,
                    )
                )
            await pg.copy_records_to_table(
                "orders",
                records=records,
                columns=[
                    "order_no",
                    "platform",
                    "status",
                    "customer_id",
                    "placed_at",
                    "paid_at",
                    "updated_at",
                    "doc",
                    "watch_at",
                ],
            )
        await pg.execute("ANALYZE orders")
        plan = await pg.fetch(
            "EXPLAIN UPDATE orders SET watch_at = NULL WHERE order_no IN (SELECT order_no FROM "
            "orders WHERE watch_at <= $1 ORDER BY watch_at LIMIT 1000 FOR UPDATE SKIP LOCKED) "
            "AND watch_at <= $1 RETURNING order_no",
            NOW,
        )
        await conn.commit()
    print(f"loaded {total:,} orders with COPY in {time.perf_counter() - began:.1f} s")
    print("EXPLAIN of one scan page:")
    for row in plan:
        print("   ", row[0])
    worker = Proactive(services, ProactiveConfig(scan_page_size=1000), consumer="bench-scan")
    began = time.perf_counter()
    found = await worker.scan(NOW)
    elapsed = time.perf_counter() - began
    assert worker.queue is not None
    queued = await services.redis.xlen(worker.queue.stream)  # type: ignore[union-attr]
    print(
        f"scan: {found:,} due of {total:,} orders claimed and queued in {elapsed:.2f} s "
        f"(stream length {queued:,}; target < 10 s)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--finding-share", type=float, default=0.2)
    args = parser.parse_args()
    name, url = await create_database()
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    settings = Settings(
        database_url=url,
        redis_url=REDIS,
        redis_prefix=prefix,
        seed_demo_if_empty=False,
        demo=True,  # the demo shop's policies on a throwaway database
    )
    services = await build_services(settings, upgrade_schema=True)  # a fresh database
    try:
        await bench_events(services, args.events, args.finding_share)
        await clear_redis(services, prefix)
        await bench_scan(services, args.orders)
    finally:
        await clear_redis(services, prefix)
        await services.aclose()
        await drop_database(name)


if __name__ == "__main__":
    asyncio.run(main())
