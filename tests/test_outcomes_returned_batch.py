"""Several customers coming back in one batch of outcome records: one prebuilt UPDATE moves each
one's earlier episode to *returned*, with the time that customer asked again, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import time_machine

from core.engine import Engine
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import outcome_surveys
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.outcomes_helpers import clock, demo_shop, episodes, later, say

__all__ = ["clock"]

CUSTOMERS = [
    ("telegram", "100001", "demo-emma"),
    ("wechat", "oDemoOpenid0001", "demo-li"),
    ("telegram", "100005", "demo-omar"),
]
"""Each customer asks first on another channel, then on the web."""


@pytest.fixture(params=["sqlite", "postgresql"])
async def held(
    request: pytest.FixtureRequest, tmp_path, clock: time_machine.Coordinates
) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    """Services whose records wait for `flush`: each round of turns is written as one batch."""
    database = None
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}"
    else:
        database, url = await create_postgres_database()
    settings = Settings(
        database_url=url,
        redis_url=None,
        seed_demo_if_empty=False,
        demo=True,
        default_timezone="Asia/Shanghai",
    )
    settings.outcomes.write_delay_seconds = 60.0
    services = await build_services(settings, upgrade_schema=True)
    try:
        await demo_shop(services)
        yield services
    finally:
        await services.aclose()
        if database is not None:
            await drop_postgres_database(database)


async def test_customers_coming_back_in_one_batch_each_return_their_own_episode(
    held: Services, clock: time_machine.Coordinates
) -> None:
    engine = Engine(held)
    for channel, user, _ in CUSTOMERS:
        await say(engine, channel, user, "Where is my order?")
    await say(engine, "web", "demo-chen", "Where is my order?")  # does not come back
    await held.outcomes.flush()
    later(clock, hours=2)
    asked_again: list[datetime] = []
    for _, _, web in CUSTOMERS:
        asked_again.append(later(clock, minutes=1))
        await say(engine, "web", web, "Where is my order?")
    assert held.outcomes._writer.buffered == len(CUSTOMERS)  # one batch of three
    rows = await episodes(held)
    firsts = [r for r in rows if r["channel"] != "web"]
    seconds = sorted((r for r in rows if r["channel"] == "web"), key=lambda r: r["started_at"])
    assert [r["outcome"] for r in firsts] == ["returned"] * 3
    assert [r["outcome"] for r in seconds[1:]] == ["answered"] * 3
    assert seconds[0]["outcome"] != "returned"  # chen's
    by_key = {r["customer_key"]: r for r in firsts}
    for second, moment in zip(seconds[1:], asked_again, strict=True):
        first = by_key[second["customer_key"]]
        assert second["follows"] == first["id"]
        ended = first["ended_at"]
        assert (ended if ended.tzinfo else ended.replace(tzinfo=UTC)) == moment
    assert seconds[0]["follows"] is None and seconds[0]["customer_key"] not in by_key


async def test_a_later_batch_replaces_the_conversations_queued_question(
    held: Services, clock: time_machine.Coordinates
) -> None:
    engine = Engine(held)
    await say(engine, "web", "demo-emma", "Where is my order?")
    await held.outcomes.flush()
    later(clock, hours=2)
    await say(engine, "web", "demo-emma", "Where is my order?")
    await held.outcomes.flush()
    first, second = sorted(await episodes(held), key=lambda r: r["started_at"])
    assert (first["outcome"], second["follows"]) == ("returned", first["id"])
    async with held.db.connect() as conn:
        queued = (await conn.execute(sa.select(outcome_surveys))).mappings().all()
    assert [(q["conversation"], q["episode_id"]) for q in queued] == [
        ("web:demo-emma", second["id"])
    ]
