"""Typed conversations, issue 12, round 5: the classes of failure the dialogue still had.

Each class in at least three languages (one of them CJK), on the demo shop (the customers of
`docs/demo-orders.md`); what the customer sees or the shop's state afterwards is asserted.
"""

from __future__ import annotations

import re

import pytest

from bots.shop import seed_demo
from core.engine import Engine
from core.policies.codes import ReturnReason
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


# --- two requests in one message: each on its own words, none dropped --------------------


async def test_a_status_question_after_a_cancellation_is_answered_once_it_is_done(
    demo: Services, engine: Engine
) -> None:
    wang = Chat(engine, user="demo-wang")
    await wang.say("取消机械键盘那个订单吧，买错了。另外餐椅那单现在到哪了？")
    done = await wang.say("好的")
    order = await demo.hub.get_order("301122334455")
    assert order is not None and order.status == "cancelled"
    assert "4098127365409182736" in done.text()  # the chairs' order, picking


async def test_a_status_question_is_not_answered_for_the_order_another_request_names(
    demo: Services, engine: Engine
) -> None:
    ivan = Chat(engine, user="demo-ivan")
    first = await ivan.say(
        "Отмените заказ WEB2025110300045, он мне больше не нужен. А где мой заказ с часами?"
    )
    assert "не оплачен" not in first.text()  # not the status of the order to cancel
    status = await ivan.say("2")
    assert "LP00612345678901" in status.text()


async def test_where_is_an_item_is_a_status_question_about_its_order(
    demo: Services, engine: Engine
) -> None:
    emma = Chat(engine, user="demo-emma")
    reply = await emma.say("hey where's my sweater? it was supposed to come today")
    assert "1ZV8E4720355273417" in reply.text()


async def test_a_clause_asking_where_in_vietnamese_is_a_second_request(
    demo: Services, engine: Engine
) -> None:
    lucia = Chat(engine, user="demo-lucia")
    reply = await lucia.say("Chào shop. À mà đơn 10482 giờ đang ở đâu vậy?")
    assert "Correos" in reply.text()


# --- the whole order or one item of it ---------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        "me equivoqué de teclado, quiero cancelar todo el pedido 301122334455",
        "I picked the wrong keyboard, please cancel the whole order 301122334455",
        "键盘买错了，整个订单 301122334455 取消吧",
    ],
)
async def test_the_whole_order_said_cancels_it_whatever_item_is_named(
    demo: Services, engine: Engine, ask: str
) -> None:
    wang = Chat(engine, user="demo-wang")
    question = await wang.say(ask)
    assert "鼠标垫" not in question.text() and "机械键盘" not in question.text()
    await wang.say("1")
    order = await demo.hub.get_order("301122334455")
    assert order is not None and order.status == "cancelled"


@pytest.mark.parametrize(
    "ask",
    [
        "我那个键盘的订单 那键盘帮我取消掉，鼠标垫还要的 照常发",
        "del pedido del teclado cancela nada más el teclado mecánico, el mouse pad sí lo quiero",
        "from the order with the keyboard cancel just the mechanical keyboard, I'll keep the "
        "mouse pad",
    ],
)
async def test_an_order_described_by_its_items_but_keeping_one_is_cancelled_in_part(
    demo: Services, engine: Engine, ask: str
) -> None:
    wang = Chat(engine, user="demo-wang")
    question = await wang.say(ask)
    assert "机械键盘" in question.text() and "鼠标垫" not in question.text()


async def test_an_unaccented_vietnamese_cancel_confirms_the_cancellation(
    demo: Services, engine: Engine
) -> None:
    wang = Chat(engine, user="demo-wang")
    await wang.say("Hủy giúp em toàn bộ đơn 301122334455 nha")
    await wang.say("u huy di em")
    order = await demo.hub.get_order("301122334455")
    assert order is not None and order.status == "cancelled"


@pytest.mark.parametrize(
    ("ask", "yes"),
    [
        ("订单301122334455里的机械键盘帮我取消，鼠标垫照常发", "好的"),
        (
            "del pedido 301122334455 cancela solo el teclado mecánico, el mouse pad sí lo quiero",
            "sí",
        ),
        ("from order 301122334455 cancel just the mechanical keyboard, keep the mouse pad", "yes"),
    ],
)
async def test_a_partial_cancellation_is_stored_with_a_reason_of_the_shops_own_codes(
    demo: Services, engine: Engine, ask: str, yes: str
) -> None:
    wang = Chat(engine, user="demo-wang")
    await wang.say(ask)
    await wang.say(yes)
    [cancelled] = [
        r for r in await returns_of(demo, "301122334455") if r.return_id.startswith("C-")
    ]
    assert cancelled.reason == ReturnReason.NO_REASON  # the customer's choice, not a fault


# --- an order chosen by what it cost ------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "channel", "ask", "pick", "cheapest"),
    [
        ("demo-wang", "web", "我的订单怎么还没发货？", "最便宜的那个", True),
        ("demo-wang", "web", "我要退货", "贵的那个", False),
        ("100006", "telegram", "I want to return something", "the cheaper one", True),
        ("100007", "telegram", "Ich möchte etwas zurückgeben", "die teurere bitte", False),
    ],
)
async def test_an_order_named_by_its_price_is_the_one_chosen(
    demo: Services, engine: Engine, user: str, channel: str, ask: str, pick: str, cheapest: bool
) -> None:
    customer = Chat(engine, user=user, channel=channel)
    question = await customer.say(ask)
    offered = [b.payload.removeprefix("order:") for b in question.buttons()]
    orders = [o for no in offered if (o := await demo.hub.get_order(no)) is not None]
    assert len(orders) >= 2, question.text()
    for order, button in zip(orders, question.buttons(), strict=True):  # each shows its total
        assert re.sub(r"\D", "", f"{order.payment.amount:.2f}") in re.sub(r"\D", "", button.label)
    meant = (min if cheapest else max)(orders, key=lambda o: o.payment.amount)
    answer = await customer.say(pick)
    session = await demo.sessions.load(f"{channel}:{user}")
    assert session.state.focus == meant.order_no, answer.text()
    assert not any(b.payload.startswith("order:") for b in answer.buttons())
