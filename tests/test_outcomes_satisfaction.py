"""The satisfaction question: after a request the bot settled, in the customer's language, as
buttons or numbered text, never at night, at most once a day per customer; typed scores are
read like the buttons; the answer joins the episode."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import time_machine

from adapters.wechat.render import reply_text
from core.engine import Engine
from core.inbox import drain_inbox
from core.messages import Reply
from core.outbound import NoticeKind
from core.outcomes.config import OutcomeSettings
from core.services import Services, build_services
from core.settings import Settings
from tests.outcomes_helpers import clock, demo_shop, episodes, later, outcomes, say

__all__ = ["clock"]


class Recorder:
    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.sent: list[tuple[str, Reply]] = []

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        self.sent.append((chat_id, reply))


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    """The services with a recording sender for Telegram and WeChat (the web has its inbox)."""
    built = await build_services(settings, senders=[Recorder("telegram"), Recorder("wechat")])
    yield built
    await built.aclose()


@pytest.fixture
async def shop(services: Services, clock: time_machine.Coordinates) -> Services:
    await demo_shop(services)
    return services


async def sweep(services: Services) -> int:
    return (await services.outcomes.sweep(datetime.now(UTC), services.senders))["surveys"]


def sent(services: Services, channel: str) -> list[tuple[str, Reply]]:
    sender = services.senders.get(channel)
    assert isinstance(sender, Recorder)
    return sender.sent


async def test_the_question_comes_after_ten_quiet_minutes_in_the_customers_language(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-li", "我的快递到哪了？")
    later(clock, minutes=9)
    assert await sweep(shop) == 0
    later(clock, minutes=2)
    assert await sweep(shop) == 1
    [question] = await drain_inbox(shop.sessions, "demo-li")
    assert question["text"] == "您对这次的帮助满意吗？请从 1（很差）到 5（很好）打分。"
    assert [b["label"] for b in question["buttons"]] == [
        "★ 很差",
        "★★ 较差",
        "★★★ 一般",
        "★★★★ 好",
        "★★★★★ 很好",
    ]


async def test_on_wechat_the_scores_are_numbered_text(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "wechat", "oDemoOpenid0001", "我的快递到哪了")
    later(clock, minutes=11)
    await sweep(shop)
    [(user, reply)] = sent(shop, "wechat")
    assert user == "oDemoOpenid0001"
    assert reply_text(reply).splitlines()[1:] == [
        "1. ★ 很差",
        "2. ★★ 较差",
        "3. ★★★ 一般",
        "4. ★★★★ 好",
        "5. ★★★★★ 很好",
    ]


@pytest.mark.parametrize(
    ("typed", "score"),
    [("5", 5), ("five", 5), ("very good", 5), ("五", 5), ("4", 4), ("poor", 2), ("1", 1)],
)
async def test_a_typed_score_is_read_like_the_button(
    shop: Services, engine: Engine, clock: time_machine.Coordinates, typed: str, score: int
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    later(clock, minutes=11)
    await sweep(shop)
    reply = await say(engine, "web", "demo-emma", typed)
    [row] = await episodes(shop)
    assert row["satisfaction"] == score
    expected = "Thank you for your rating!" if score > 2 else "sorry it wasn't better"
    assert expected in reply.text()


async def test_a_good_score_confirms_the_answer_a_poor_one_offers_a_person(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    later(clock, seconds=10)
    await say(engine, "web", "demo-li", "我的快递到哪了？")
    later(clock, minutes=11)
    await sweep(shop)
    await say(engine, "web", "demo-emma", "5")
    reply = await say(engine, "web", "demo-li", "2")
    assert [b.payload for b in reply.buttons()] == ["intent:human_agent"]
    assert "很抱歉没能做得更好" in reply.text()
    later(clock, days=2)
    assert await outcomes(shop) == [
        ("order_status", "resolved_hard"),
        ("order_status", "resolved_soft"),
    ]


async def test_a_reply_that_is_not_a_score_drops_the_question_and_is_answered(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    later(clock, minutes=11)
    await sweep(shop)
    reply = await say(engine, "web", "demo-emma", "what is your return policy?")
    assert "return most items" in reply.text()
    assert "rate" not in reply.text() and "back to where we were" not in reply.text()
    session = await shop.sessions.load("web:demo-emma")
    assert session.state.pending is None and session.state.suspended is None


async def test_at_night_the_question_waits_for_the_morning(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    clock.move_to(datetime(2026, 3, 2, 15, 30, tzinfo=UTC))  # 23:30 in Shanghai
    await say(engine, "wechat", "oDemoOpenid0001", "我的快递到哪了")
    later(clock, minutes=20)
    assert await sweep(shop) == 0
    clock.move_to(datetime(2026, 3, 2, 23, 59, tzinfo=UTC))  # 07:59
    assert await sweep(shop) == 0
    clock.move_to(datetime(2026, 3, 3, 0, 0, tzinfo=UTC))  # 08:00
    assert await sweep(shop) == 1


async def test_after_a_late_parcels_apology_the_question_still_comes(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    clock.move_to(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))  # 21:00: li's parcel was due at 20:00
    answer = await say(engine, "web", "demo-li", "我的快递到哪了？")
    assert "延误" in answer.text()
    assert any(b.payload.startswith("notice:wait:") for b in answer.buttons())
    later(clock, minutes=11)
    assert await sweep(shop) == 1  # "I'll wait" is hers to press or not: it holds nothing back
    [question] = await drain_inbox(shop.sessions, "demo-li")
    assert question["text"].startswith("您对这次的帮助满意吗？")
    await say(engine, "web", "demo-li", "5")
    [row] = await episodes(shop)
    assert (row["intent"], row["outcome"], row["satisfaction"]) == (
        "order_status",
        "resolved_hard",
        5,
    )


async def test_the_apologys_wait_button_still_works_after_the_question(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    clock.move_to(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    answer = await say(engine, "web", "demo-li", "我的快递到哪了？")
    wait = next(b.payload for b in answer.buttons() if b.payload.startswith("notice:wait:"))
    later(clock, minutes=11)
    assert await sweep(shop) == 1
    reply = await say(engine, "web", "demo-li", payload=wait)
    assert reply.text() == "感谢您的耐心等待，有进展我们会第一时间在这里通知您。"
    later(clock, minutes=11)
    assert await sweep(shop) == 0  # asked once about this answer


async def test_a_notice_that_arrives_after_the_answer_holds_the_question_back(
    settings: Settings, clock: time_machine.Coordinates
) -> None:
    from core.proactive.service import Proactive

    services = await build_services(settings)  # no Telegram or WeChat sender: li's notices
    try:  # reach her on the web
        await demo_shop(services)
        clock.move_to(datetime(2026, 3, 2, 11, 58, tzinfo=UTC))  # 19:58, parcel due at 20:00
        await say(Engine(services), "web", "demo-li", "我的快递到哪了？")
        later(clock, minutes=5)
        await Proactive(services).run_once(datetime.now(UTC))  # 20:03: now it is late
        later(clock, minutes=6)
        assert await sweep(services) == 0
        [notice] = await drain_inbox(services.sessions, "demo-li")
        assert notice["kind"] == "notice" and "延误" in notice["text"]
    finally:
        await services.aclose()


async def test_at_most_one_question_a_day_per_customer_across_channels(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "telegram", "100001", "Where is my order?")  # emma on Telegram
    later(clock, minutes=11)
    assert await sweep(shop) == 1
    await say(engine, "web", "demo-emma", "I want to return a t-shirt from #1038")
    await say(engine, "web", "demo-emma", "Wrong size")
    await say(engine, "web", "demo-emma", "Yes")
    later(clock, minutes=11)
    assert await sweep(shop) == 0  # asked on Telegram 11 minutes ago
    assert await drain_inbox(shop.sessions, "demo-emma") == []


async def test_no_question_after_a_hand_off(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-wang", "转人工")
    later(clock, minutes=11)
    assert await sweep(shop) == 0


async def test_no_question_while_the_customer_is_in_the_middle_of_something(
    shop: Services, engine: Engine, clock: time_machine.Coordinates
) -> None:
    await say(engine, "web", "demo-emma", "Where is my order?")
    later(clock, minutes=5)
    await say(engine, "web", "demo-emma", "I want to return a t-shirt from #1038")  # asks why
    later(clock, minutes=11)
    assert await sweep(shop) == 0


async def test_the_question_can_be_switched_off(tmp_path, clock: time_machine.Coordinates) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'off.sqlite3'}",
        seed_demo_if_empty=False,
        outcomes=OutcomeSettings(satisfaction=False),
    )
    services = await build_services(settings)
    try:
        await demo_shop(services)
        await say(Engine(services), "web", "demo-emma", "Where is my order?")
        later(clock, minutes=11)
        assert await sweep(services) == 0
    finally:
        await services.aclose()
