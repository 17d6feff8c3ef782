"""A customer of the demo shop in an outcome test: talks, and the clock moves between turns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine

from core.engine import Engine
from core.messages import Inbound, Reply
from core.services import Services
from core.storage.tables import outcome_episodes
from demo import generate_demo_orders

MONDAY_10 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
"""Monday 2 March 2026, 10:00 in Shanghai (the demo shop's time zone)."""


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


async def demo_shop(services: Services) -> None:
    await services.orders.replace_all(generate_demo_orders(datetime.now(UTC)))


async def say(
    engine: Engine, channel: str, user: str, text: str = "", payload: str | None = None
) -> Reply:
    return await engine.handle(
        Inbound(channel=channel, user_id=user, chat_id=user, text=text, payload=payload)
    )


def later(clock: time_machine.Coordinates, **delta: float) -> datetime:
    clock.shift(timedelta(**delta))
    return datetime.now(UTC)


async def episodes(services: Services) -> list[dict[str, Any]]:
    e = outcome_episodes
    await services.outcomes.flush()
    async with services.db.connect() as conn:
        rows = await conn.execute(sa.select(e).order_by(e.c.started_at, e.c.id))
        return [dict(r) for r in rows.mappings()]


async def outcomes(services: Services) -> list[tuple[str | None, str]]:
    """(intent, outcome) of every episode, oldest first, as of now."""
    await services.outcomes.settle(datetime.now(UTC))
    return [(r["intent"], r["outcome"]) for r in await episodes(services)]
