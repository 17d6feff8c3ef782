"""The outcome record of a turn is written after the reply, batched with other turns: a batch
ends exactly as the turns written one by one would, a stop writes what is buffered, one bad
record costs only itself, and a full buffer makes a turn wait instead of dropping anything."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import time_machine

from core.engine import Engine
from core.outcomes.writer import BatchWriter
from core.services import Services, build_services
from core.settings import Settings
from tests.outcomes_helpers import clock, demo_shop, episodes, later, outcomes, say

__all__ = ["clock"]


@pytest.fixture
async def held(settings: Settings, clock: time_machine.Coordinates) -> AsyncIterator[Services]:
    """Services whose writer waits an hour before writing: every record of a test is in one
    batch, written when something reads the episodes (or the process stops)."""
    outcomes = settings.outcomes.model_copy(update={"write_delay_seconds": 3600.0})
    built = await build_services(settings.model_copy(update={"outcomes": outcomes}))
    await demo_shop(built)
    yield built
    await built.aclose()


async def test_a_turns_record_waits_in_the_buffer_until_it_is_written(held: Services) -> None:
    engine = Engine(held)
    reply = await say(engine, "web", "demo-emma", "Where is my order?")
    assert reply.parts  # answered before anything was written
    assert held.outcomes._writer.buffered == 1
    assert await outcomes(held) == [("order_status", "answered")]
    assert held.outcomes._writer.buffered == 0


async def test_one_batch_of_several_customers_ends_as_turn_by_turn_writes_would(
    held: Services, clock: time_machine.Coordinates
) -> None:
    engine = Engine(held)
    await say(engine, "telegram", "100001", "Where is my order?")  # emma on Telegram
    await say(engine, "web", "demo-li", "我的快递到哪了？")
    later(clock, minutes=1)
    await say(engine, "web", "demo-li", "谢谢")  # li: resolved by thanks
    later(clock, hours=3)
    await say(engine, "web", "demo-emma", "Where is my order?")  # emma again: returned
    assert held.outcomes._writer.buffered == 4
    rows = await episodes(held)
    telegram = next(r for r in rows if r["channel"] == "telegram")
    li = next(r for r in rows if r["language"] == "zh_Hans")
    web = next(r for r in rows if r["channel"] == "web" and r["language"] == "en")
    assert (telegram["outcome"], li["outcome"], web["outcome"]) == (
        "returned",
        "resolved_hard",
        "answered",
    )
    assert web["follows"] == telegram["id"]
    assert (li["turns"], web["turns"]) == (2, 1)


async def test_a_stop_writes_the_records_still_buffered(settings: Settings) -> None:
    outcomes_settings = settings.outcomes.model_copy(update={"write_delay_seconds": 3600.0})
    first = await build_services(settings.model_copy(update={"outcomes": outcomes_settings}))
    await demo_shop(first)
    await say(Engine(first), "web", "demo-emma", "Where is my order?")
    assert first.outcomes._writer.buffered == 1
    await first.aclose()
    again = await build_services(settings)
    try:
        assert [(r["intent"], r["outcome"]) for r in await episodes(again)] == [
            ("order_status", "answered")
        ]
    finally:
        await again.aclose()


async def test_a_bad_record_in_a_batch_costs_only_itself() -> None:
    written: list[int] = []

    async def write(batch: list[int]) -> None:
        if 13 in batch:
            raise ValueError("a record the database refuses")
        written.extend(batch)

    writer: BatchWriter[int] = BatchWriter(write, linger=3600.0)
    for item in (1, 13, 2):
        await writer.put(item)
    await writer.aclose()
    assert written == [1, 2]


async def test_a_full_buffer_makes_the_next_record_wait_for_the_writer() -> None:
    written: list[list[int]] = []

    async def write(batch: list[int]) -> None:
        written.append(list(batch))

    writer: BatchWriter[int] = BatchWriter(write, linger=3600.0, max_buffered=2)
    for item in (1, 2, 3):
        await writer.put(item)
    assert written == [[1, 2]] and writer.buffered == 1  # the third waited for a write
    await writer.aclose()
    assert written == [[1, 2], [3]]
