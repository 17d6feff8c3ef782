"""Typed conversations, issue 12, round 5: the classes of failure the dialogue still had.

Each class in at least three languages (one of them CJK), on the demo shop (the customers of
`docs/demo-orders.md`); what the customer sees or the shop's state afterwards is asserted.
"""

from __future__ import annotations

import pytest

from bots.shop import seed_demo
from core.engine import Engine
from core.services import Services
from tests.chat import Chat


@pytest.fixture
async def demo(services: Services) -> Services:
    await seed_demo(services)
    return services


async def returns_of(services: Services, order_no: str) -> list:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return order.returns


# --- what the customer keeps is not what they return or cancel ---------------------------


@pytest.mark.parametrize(
    ("user", "channel", "ask", "order_no", "meant", "kept"),
    [
        (
            "demo-wang",
            "web",
            "301122334455 取消一下 机械键盘还是要的，鼠标垫不要了",
            "301122334455",
            "鼠标垫",
            "机械键盘",
        ),
        (
            "100007",
            "telegram",
            "Der Bluetooth-Lautsprecher gefällt mir nicht. Ich möchte ihn zurückgeben, das "
            "USB-C-Ladekabel behalte ich.",
            "WEB2025102400390",
            "Lautsprecher",
            "Ladekabel",
        ),
        (
            "demo-wang",
            "web",
            "del pedido 301122334455 ya no quiero la alfombrilla, cancelen solo el mouse pad y "
            "el teclado mecánico sí mándenlo",
            "301122334455",
            "鼠标垫",
            "机械键盘",
        ),
    ],
)
async def test_an_item_the_customer_keeps_is_not_the_one_acted_on(
    demo: Services,
    engine: Engine,
    user: str,
    channel: str,
    ask: str,
    order_no: str,
    meant: str,
    kept: str,
) -> None:
    customer = Chat(engine, user=user, channel=channel)
    before = {r.return_id for r in await returns_of(demo, order_no)}
    question = await customer.say(ask)
    assert meant in question.text() and kept not in question.text()
    await customer.say("1")
    [made] = [r for r in await returns_of(demo, order_no) if r.return_id not in before]
    order = await demo.hub.get_order(order_no)
    assert order is not None
    [title] = [i.title for i in order.items if i.line_id == made.lines[0].line_id]
    assert meant in title and len(made.lines) == 1


async def test_a_reason_said_to_a_yes_or_no_question_that_takes_none_is_no_crash(
    demo: Services, engine: Engine
) -> None:
    emma = Chat(engine, user="demo-emma")
    asked = await emma.say("I want to return the coffee dripper from #1038, I'll keep the beans")
    assert "packaging" in asked.text()
    reply = await emma.say("it's the wrong size")
    assert "something went wrong" not in reply.text()
