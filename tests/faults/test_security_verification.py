"""Issue 16, case 2: verification cannot be brute-forced by changing chat ids, and its answers
never tell which order numbers exist.

Before the fix: "please confirm order ****1023" for an order that exists and "I couldn't find an
order with the number ****0599" for one that does not (an oracle of which orders exist), and on
Telegram and WeChat, whose updates carry no client address, fresh chat ids guessing against
different orders were never stopped as a whole."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.engine import Engine
from core.identity import CLIENT
from core.services import Services, build_services
from core.settings import Settings
from tests.chat import Chat, store
from tests.factories import shipped

KNOWN, UNKNOWN = "1234567890123451023", "9876543210987650599"
CHANNEL_BUDGET = 5


def same_shape(text: str, order_no: str) -> str:
    """A reply with the order number the user typed taken out."""
    return text.replace(order_no, "<order>")


async def conversation(engine: Engine, user: str, order_no: str, channel: str) -> list[str]:
    chat = Chat(engine, user=user, channel=channel)
    replies = [await chat.say(f"where is order {order_no}?"), await chat.say("0000")]
    return [same_shape(r.text(), order_no) for r in replies]


@pytest.mark.parametrize("channel", ["web", "telegram", "wechat"])
async def test_a_known_and_an_unknown_order_number_get_the_same_answers(
    engine: Engine, services: Services, channel: str
) -> None:
    await store(services, shipped())
    known = await conversation(engine, "visitor-1", KNOWN, channel)
    unknown = await conversation(engine, "visitor-2", UNKNOWN, channel)
    assert known == unknown
    assert "confirm order <order>" in known[0] and "doesn't match" in known[1]


async def test_the_right_answer_for_a_known_order_still_verifies(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    chat = Chat(engine, user="visitor-3", channel="telegram")
    await chat.say(f"where is order {KNOWN}?")
    assert "verified" in (await chat.say("5678")).text()


async def test_guesses_for_a_number_that_is_no_order_lock_like_wrong_answers(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    chat = Chat(engine, user="visitor-4", channel="telegram")
    await chat.say(f"where is order {UNKNOWN}?")
    replies = [(await chat.say(code)).text() for code in ("0001", "0002", "0003")]
    assert "try again in 15 minutes" in replies[-1]


@pytest.fixture
async def budgeted(settings: Settings) -> AsyncIterator[Engine]:
    services = await build_services(
        settings.model_copy(update={"verify_max_failures_per_channel": CHANNEL_BUDGET})
    )
    await store(services, shipped())
    yield Engine(services)
    await services.aclose()


async def test_fresh_telegram_ids_guessing_many_orders_stop_at_the_channel_budget(
    budgeted: Engine,
) -> None:
    for n in range(CHANNEL_BUDGET):  # each id, each order: under every per-id and per-order limit
        chat = Chat(budgeted, user=f"tg-{n}", channel="telegram")
        await chat.say(f"where is order 55500000000000{n:05d}?")
        await chat.say("0000")
    chat = Chat(budgeted, user="tg-fresh", channel="telegram")
    reply = await chat.say(f"where is order {KNOWN}?")
    assert "try again in" in reply.text()
    assert "verified" not in (await chat.say("5678")).text()


async def test_the_web_counts_by_client_address_not_by_channel(budgeted: Engine) -> None:
    for n in range(CHANNEL_BUDGET):
        token = CLIENT.set(f"203.0.113.{n}")
        try:
            chat = Chat(budgeted, user=f"web-{n}", channel="web")
            await chat.say(f"where is order 55500000000000{n:05d}?")
            await chat.say("0000")
        finally:
            CLIENT.reset(token)
    token = CLIENT.set("198.51.100.7")
    try:
        chat = Chat(budgeted, user="web-fresh", channel="web")
        await chat.say(f"where is order {KNOWN}?")
        assert "verified" in (await chat.say("5678")).text()
    finally:
        CLIENT.reset(token)


async def test_rotating_web_ids_from_one_address_are_locked_out(budgeted: Engine) -> None:
    token = CLIENT.set("203.0.113.99")
    try:
        replies = []
        for n in range(12):  # 3 guesses per id would never lock an id; the address locks
            chat = Chat(budgeted, user=f"web-rot-{n // 3}", channel="web")
            if n % 3 == 0:
                await chat.say(f"where is order 55500000000001{n:05d}?")
            replies.append((await chat.say(f"{n:04d}")).text())
        chat = Chat(budgeted, user="web-rot-last", channel="web")
        await chat.say(f"where is order {KNOWN}?")
        assert "verified" not in (await chat.say("5678")).text()
    finally:
        CLIENT.reset(token)
