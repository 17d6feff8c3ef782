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


# --- an invoice to be made out again ---------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "text", "name"),
    [
        (
            "demo-emma",
            "The receipt for the t-shirts came with the wrong name on it, please send me a "
            "corrected one.",
            "Emma Johnson",
        ),
        (
            "demo-ivan",
            "Счёт на худи выписан на неправильное имя, можете переделать?",
            "Иван Петров",
        ),
        (
            "demo-lucia",
            "La factura de los pendientes me llegó con otro nombre, ¿me mandan una corregida?",
            "Lucía García",
        ),
    ],
)
async def test_an_invoice_to_be_redone_in_the_right_name_goes_to_finance(
    demo: Services, engine: Engine, user: str, text: str, name: str
) -> None:
    chat = Chat(engine, user=user)
    first = await chat.say(text)
    if first.buttons():  # which order the invoice is of
        first = await chat.press(first.buttons()[0].payload)
    done = await chat.say(name)
    [ticket] = await demo.tickets.list()
    assert ticket.department.value == "finance" and name in done.text()


# --- a return's reason in the customer's words ----------------------------------------------


@pytest.mark.parametrize(
    ("user", "channel", "text", "order_no", "line"),
    [
        (
            "demo-emma",
            "web",
            "Please take back one of the t-shirts from #1038: never worn, the tags are still on, "
            "I simply have too many.",
            "#1038",
            "L1",
        ),
        (
            "100006",
            "telegram",
            "Ich möchte die Jacke aus #UK3391 zurückgeben, sie ist ungetragen und noch mit "
            "Etikett, ich ziehe nächsten Monat um.",
            "#UK3391",
            "L1",
        ),
        (
            "demo-omar",
            "web",
            "ابي ارجع ثوب واحد من الطلب #ME2031، ما لبسته وعليه التيكت",
            "#ME2031",
            "L2",
        ),
    ],
)
async def test_items_told_unused_with_no_fault_are_returned_for_the_customers_own_reason(
    demo: Services, engine: Engine, user: str, channel: str, text: str, order_no: str, line: str
) -> None:
    chat = Chat(engine, user=user, channel=channel)
    quote = await chat.say(text)
    assert quote.buttons()  # straight to the confirmation: no reason asked
    await chat.press(quote.buttons()[0].payload)
    [ret] = await _returns(demo, order_no)
    assert ret.reason == "no_reason" and [(x.line_id, x.quantity) for x in ret.lines] == [(line, 1)]


@pytest.mark.parametrize(
    ("user", "channel", "text", "order_no", "line"),
    [
        (
            "demo-emma",
            "web",
            "I want to return one t-shirt from #1038, the colour ran onto my other clothes in the "
            "very first cold wash.",
            "#1038",
            "L1",
        ),
        (
            "100006",
            "telegram",
            "Die Socken aus #UK3391 haben schon bei der ersten Wäsche abgefärbt, ich möchte ein "
            "Paar zurückschicken.",
            "#UK3391",
            "L2",
        ),
        (
            "demo-omar",
            "web",
            "ابي ارجع ثوب واحد من #ME2031، من أول غسلة بهت اللون على باقي الملابس",
            "#ME2031",
            "L2",
        ),
    ],
)
async def test_colour_that_ran_in_the_wash_is_a_defect(
    demo: Services, engine: Engine, user: str, channel: str, text: str, order_no: str, line: str
) -> None:
    chat = Chat(engine, user=user, channel=channel)
    quote = await chat.say(text)
    assert quote.buttons()
    await chat.press(quote.buttons()[0].payload)
    [ret] = await _returns(demo, order_no)
    assert ret.reason == "defective" and [(x.line_id, x.quantity) for x in ret.lines] == [(line, 1)]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("ابي ارجع الثوبين من الطلب #ME2031، فيهم عيب في الخياطة", 2),
        ("الثوبين فيهم عيب: واحد الزرار طايح والثاني الكم مشقوق، ابي ارجعهم من #ME2031", 2),
        ("ابي ارجع ثوب واحد من #ME2031 فيه عيب، والثاني بخليه", 1),
    ],
)
async def test_an_arabic_dual_counts_two_and_one_then_the_other_counts_none(
    demo: Services, engine: Engine, text: str, units: int
) -> None:
    chat = Chat(engine, user="demo-omar")
    quote = await chat.say(text)
    assert quote.buttons() and f"× {units}" in quote.text()
    await chat.press(quote.buttons()[0].payload)
    [ret] = await _returns(demo, "#ME2031")
    assert ret.reason == "defective" and [(x.line_id, x.quantity) for x in ret.lines] == [
        ("L2", units)
    ]
