"""What the customer wants, read from the whole message (round 10, class "intents").

A person asked for instead of the bot, a person asked to get in touch about a request the bot is
unsure of, the shop's ways of paying asked before buying, an invoice to be made out again in the
right name, and a return's reason told in the customer's own words. Each in at least three
languages, on the demo shop; what the customer sees and what the shop holds are asserted.
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


async def _returns(services: Services, order_no: str) -> list:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return order.returns


# --- a person asked for -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "text"),
    [
        (
            "demo-wang",
            "我想在那个订单里再加一个一模一样的保温杯，一起寄。帮我转人工吧，机器人办不了这个。",
        ),
        (
            "demo-yuki",
            "注文に同じマグをもう一つ追加して一緒に送ってほしいです。担当者につないでください、"
            "ボットでは無理だと思うので。",
        ),
        (
            "demo-lucia",
            "Quiero añadir otra taza igual al mismo pedido. Pásame con un agente, que el bot no "
            "sabe hacer esto.",
        ),
        (
            "demo-ivan",
            "Хочу дописать в заказ ещё одну такую же вещь, чтобы пришло вместе. "
            "Соедините с оператором, бот с этим не справится.",
        ),
    ],
)
async def test_a_person_asked_for_instead_of_the_bot_takes_the_request(
    demo: Services, engine: Engine, user: str, text: str
) -> None:
    reply = await Chat(engine, user=user).say(text)
    tickets = await demo.tickets.list()
    assert [t.department.value for t in tickets] == ["service"]
    assert f"#{tickets[0].id}" in reply.text() and not reply.buttons()


@pytest.mark.parametrize(
    ("user", "text"),
    [
        (
            "demo-li",
            "你好，我们单位想给员工订三十份中秋礼盒，能不能开专票，有没有批发价，麻烦安排专人联系我好吗？",
        ),
        (
            "demo-chen",
            "請問我們辦公室想大量訂購香氛蠟燭送客戶，價格可以再談嗎，能不能請專人和我聯絡？",
        ),
        (
            "demo-emma",
            "Hi, our studio wants around forty candles as client gifts, with one invoice and maybe "
            "a bulk price, could someone from your team contact me?",
        ),
    ],
)
async def test_a_person_asked_to_get_in_touch_about_an_unsure_request_hands_it_over(
    demo: Services, engine: Engine, user: str, text: str
) -> None:
    reply = await Chat(engine, user=user).say(text)
    tickets = await demo.tickets.list()
    assert [t.department.value for t in tickets] == ["service"]
    assert f"#{tickets[0].id}" in reply.text() and not reply.buttons()


# --- the ways of paying ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "first", "then"),
    [
        (
            "demo-yuki",
            "PayPayは使えますか？もう一つ買いたいと思っていて",
            "使えないなら、何で払えますか？",
        ),
        (
            "demo-lucia",
            "¿Aceptan Bizum? Quiero comprar otra taza para mi hermana.",
            "Si no, ¿con qué puedo pagar?",
        ),
        (
            "demo-li",
            "你们支不支持云闪付？想再买一个保温杯送人",
            "不支持的话，那可以用什么付款？",
        ),
        (
            "demo-ivan",
            "Вы принимаете карты Мир? Хочу заказать ещё один чайник.",
            "А если нет, то чем можно оплатить?",
        ),
    ],
)
async def test_the_ways_of_paying_asked_before_buying_are_named(
    demo: Services, engine: Engine, user: str, first: str, then: str
) -> None:
    chat = Chat(engine, user=user)
    for text in (first, then):
        reply = await chat.say(text)
        assert "PayPal" in reply.text() and not reply.buttons()
    assert await demo.tickets.list() == []
