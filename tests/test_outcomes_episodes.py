"""Episodes and how they end, from what customers say: resolved (hard and soft), came back,
handed to staff, abandoned, no request; correct across topic switches, a return a day later
and two channels of one customer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import time_machine

from core.engine import Engine
from core.privacy import erase_customer
from core.services import Services
from core.storage.tables import outcome_episodes, outcome_events
from demo import demo_customer
from tests.outcomes_helpers import clock, demo_shop, episodes, later, outcomes, say

__all__ = ["clock"]


@pytest.fixture
async def shop(services: Services, clock: time_machine.Coordinates) -> Services:
    await demo_shop(services)
    return services


async def test_an_answer_with_no_return_for_a_day_is_resolved_soft(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    assert await outcomes(shop) == [("order_status", "answered")]
    later(clock, hours=24, seconds=5)
    assert await outcomes(shop) == [("order_status", "resolved_soft")]


async def test_thanks_after_the_answer_is_a_hard_resolution(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-li", "我的快递到哪了？")
    later(clock, minutes=2)
    await say(engine, "web", "demo-li", "谢谢")
    assert await outcomes(shop) == [("order_status", "resolved_hard")]


async def test_the_same_question_on_another_channel_within_a_day_means_the_answer_did_not_settle_it(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "telegram", "100001", "Where is my order?")  # emma on Telegram
    later(clock, hours=3)
    await say(engine, "web", "demo-emma", "Where is my order?")  # emma on the web
    later(clock, days=2)
    assert await outcomes(shop) == [("order_status", "returned"), ("order_status", "resolved_soft")]
    first, second = await episodes(shop)
    assert (first["channel"], second["channel"]) == ("telegram", "web")
    assert second["follows"] == first["id"]
    assert first["customer_key"] == second["customer_key"]


async def test_the_same_question_a_day_and_more_later_leaves_both_resolved(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "telegram", "100007", "Wo ist meine Bestellung?")
    later(clock, hours=25)
    await say(engine, "telegram", "100007", "Wo ist meine Bestellung?")
    later(clock, days=2)
    assert await outcomes(shop) == [
        ("order_status", "resolved_soft"),
        ("order_status", "resolved_soft"),
    ]


async def test_a_question_in_the_middle_of_a_return_is_a_detour_and_the_return_goes_on(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    turns = ["I want to return a t-shirt from #1038", "what is your return policy?"]
    for text in [*turns, "Wrong size", "Yes"]:
        await say(engine, "web", "demo-emma", text)
        later(clock, seconds=30)
    rows = await episodes(shop)
    assert [(r["intent"], r["outcome"], r["detour"], r["turns"]) for r in rows] == [
        ("return_request", "answered", False, 3),
        ("policy_question", "answered", True, 1),
    ]
    refund_query = sa.select(outcome_events).where(outcome_events.c.kind == "refund")
    async with shop.db.connect() as conn:
        refund = (await conn.execute(refund_query)).mappings().one()
    assert (refund["amount"], refund["currency"], refund["actor"]) == ("21.45", "USD", "bot")


async def test_asking_for_a_person_hands_the_episode_to_staff_with_the_reason(
    shop: Services, engine: Engine
) -> None:
    await say(engine, "web", "demo-wang", "转人工")
    [row] = await episodes(shop)
    assert (row["intent"], row["outcome"], row["handoff_reason"]) == (
        "human_agent",
        "handed_off",
        "human_agent",
    )
    assert row["ticket_id"] is not None


async def test_never_mind_abandons_the_request(shop: Services, engine: Engine) -> None:
    await say(engine, "web", "demo-wang", "我要改地址")
    await say(engine, "web", "demo-wang", "算了")
    assert await outcomes(shop) == [("change_address", "abandoned")]


async def test_a_question_left_unanswered_is_abandoned_after_twelve_hours(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "visitor-7", "where is order 10517?")  # asked to verify
    later(clock, hours=11)
    assert await outcomes(shop) == [("order_status", "open")]
    later(clock, hours=1, seconds=1)
    assert await outcomes(shop) == [("order_status", "abandoned")]


async def test_a_greeting_alone_is_no_request(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "telegram", "100004", "hello")
    later(clock, hours=13)
    assert await outcomes(shop) == [(None, "no_request")]


async def test_a_greeting_then_a_request_is_one_episode(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-ivan", "Привет")
    later(clock, minutes=1)
    await say(engine, "web", "demo-ivan", "Почему не прошла оплата?")
    [row] = await episodes(shop)
    assert (row["intent"], row["outcome"], row["turns"]) == ("payment_issue", "answered", 2)
    assert row["first_response_s"] == 0.0
    assert (row["bot_done_at"] - row["started_at"]).total_seconds() == 60


async def test_a_turn_that_failed_is_not_an_answer(
    shop: Services, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setitem(engine.router.order_flows, "status", broken)
    reply = await say(engine, "web", "demo-emma", "Where is my order?")
    assert "something went wrong" in reply.text()
    assert await outcomes(shop) == [("order_status", "open")]


async def test_episodes_hold_no_message_text_and_no_customer_or_order_number(
    shop: Services, engine: Engine
) -> None:
    await say(engine, "web", "demo-emma", "Where is order #1043? my phone is +1 415 555 0134")
    await say(engine, "telegram", "100001", "I want to return a t-shirt from #1038")
    async with shop.db.connect() as conn:
        stored = [
            str(value)
            for table in (outcome_episodes, outcome_events)
            for row in (await conn.execute(sa.select(table))).all()
            for value in row
        ]
    text = " ".join(stored)
    for secret in ("1043", "1038", "0134", "demo-emma", "100001", "CUST-", "Where", "return a"):
        assert secret not in text


async def test_a_privacy_erase_removes_the_link_and_keeps_the_figures(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    later(clock, minutes=1)
    await say(engine, "telegram", "100001", "Where is my order?")
    emma = demo_customer("web", "demo-emma")
    assert emma is not None
    summary = await erase_customer(shop, emma.id)
    assert summary.outcome_links_removed == 2
    rows = await episodes(shop)
    assert len(rows) == 2
    assert all(r["customer_key"] is None and r["conversation_key"] is None for r in rows)
    assert [r["outcome"] for r in rows] == ["returned", "answered"]


async def test_episodes_older_than_the_retention_are_deleted(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    later(clock, days=shop.settings.outcomes.retention_days - 1)
    assert len(await episodes(shop)) == 1
    later(clock, days=2)
    await shop.outcomes.settle(datetime.now(UTC))
    assert await episodes(shop) == []
