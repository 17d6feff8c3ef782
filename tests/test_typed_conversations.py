"""Customers who type: every answer to the bot's own questions is typed, never clicked.

Each class of failure named in issue 12, in at least three languages, on the demo shop (the
customers of `docs/demo-orders.md`). The outcome a customer sees is asserted: the return or
cancellation made (or not), its refund, and what the bot asked.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from bots.shop import seed_demo
from core.engine import Engine
from core.order import OrderStatus
from core.services import Services
from tests.chat import Chat, store
from tests.factories import iso, shipped


@pytest.fixture
async def demo(services: Services) -> Services:
    await seed_demo(services)
    return services


def chat_as(engine: Engine, user: str, channel: str = "web") -> Chat:
    return Chat(engine, user=user, channel=channel)


async def new_returns(services: Services, order_no: str) -> list:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return order.returns


# --- a reason or a label typed in words --------------------------------------------------


async def test_a_typed_reason_in_english_sets_it_and_the_refund_is_quoted(
    demo: Services, engine: Engine
) -> None:
    emma = chat_as(engine, "demo-emma")
    await emma.say("I want to return a t-shirt from #1038")
    quote = await emma.say("it doesn't fit me")
    assert "$21.45" in quote.text()
    await emma.say("sure, go ahead")
    [ret] = await new_returns(demo, "#1038")
    assert (ret.reason, ret.refund_amount) == ("size", Decimal("21.45"))
    assert [(line.line_id, line.quantity) for line in ret.lines] == [("L1", 1)]


async def test_a_typed_reason_in_spanish_is_read_as_the_wrong_item(
    demo: Services, engine: Engine
) -> None:
    lucia = chat_as(engine, "demo-lucia")
    await lucia.say("quiero devolver los pendientes del pedido #EU1052")
    await lucia.say("me mandaron una inicial equivocada")
    await lucia.say("sí, adelante")
    ret = (await new_returns(demo, "#EU1052"))[-1]
    assert ret.reason == "wrong_item" and [line.line_id for line in ret.lines] == ["L2"]


async def test_an_item_already_on_its_way_back_is_named_as_such(
    demo: Services, engine: Engine
) -> None:
    reply = await chat_as(engine, "demo-lucia").say("quiero devolver el vestido del pedido #EU1052")
    assert "Vestido de lino" in reply.text() and not reply.buttons()


async def test_a_typed_reason_in_german_is_read_as_changed_mind(
    demo: Services, engine: Engine
) -> None:
    lukas = chat_as(engine, "100007", channel="telegram")
    await lukas.say("Ich möchte den Bluetooth-Lautsprecher zurückschicken")
    await lukas.say("gefällt mir nicht")
    await lukas.say("ja, bitte")
    ret = (await new_returns(demo, "WEB2025102400390"))[-1]
    assert ret.reason == "no_reason" and [line.line_id for line in ret.lines] == ["L1"]


async def test_a_typed_no_reason_in_chinese_is_a_reason_not_a_no(
    demo: Services, engine: Engine
) -> None:
    li = chat_as(engine, "oDemoOpenid0001", channel="wechat")
    await li.say("我想退保温杯")
    await li.say("两个")
    quote = await li.say("不想要了")
    assert "¥" in quote.text() and quote.buttons()  # a confirmation, not "nothing changed"
    await li.say("嗯 好的")
    [ret] = await new_returns(demo, "298765432101")
    assert ret.reason == "no_reason" and [(x.line_id, x.quantity) for x in ret.lines] == [("L1", 2)]


# --- a choice by description, ordinal or number word --------------------------------------


async def test_an_item_named_by_description_in_english(demo: Services, engine: Engine) -> None:
    emma = chat_as(engine, "demo-emma")
    await emma.say("I'd like to return something from order #1038")
    await emma.say("the coffee dripper")
    await emma.say("it arrived with a crack")
    confirm = emma.last
    assert confirm is not None and "Ceramic Pour-Over Coffee Dripper" in confirm.text()


async def test_an_order_named_by_its_item_in_chinese(demo: Services, engine: Engine) -> None:
    wang = chat_as(engine, "demo-wang")
    await wang.say("我要取消订单")
    reply = await wang.say("键盘那个")
    assert "301122334455" in reply.text()


async def test_an_item_chosen_by_ordinal_in_three_languages(demo: Services, engine: Engine) -> None:
    for user, first, second, order_no, line in (
        ("demo-emma", "I want to return an item from #1038", "the first one", "#1038", "L1"),
        ("demo-omar", "أريد إرجاع منتج من الطلب #ME2031", "الثاني", "#ME2031", "L2"),
        (
            "100007",
            "Ich möchte etwas aus WEB2025102400390 zurückgeben",
            "das dritte",
            "WEB2025102400390",
            "L3",
        ),
    ):
        person = chat_as(engine, user, "telegram" if user.isdigit() else "web")
        await person.say(first)
        reply = await person.say(second)
        assert reply.buttons(), (user, reply.text())
        assert reply.buttons()[0].payload.startswith(("return_reason:", "return_qty:")), user
        if reply.buttons()[0].payload.startswith("return_qty:"):
            await person.say("1")
        await person.say("1")
        await person.say("ok")
        ret = (await new_returns(demo, order_no))[-1]
        assert [x.line_id for x in ret.lines] == [line], user


async def test_a_quantity_in_words_in_three_languages(demo: Services, engine: Engine) -> None:
    cases = (
        ("oDemoOpenid0001", "wechat", "我想退儿童保温杯", "两个", "298765432101", 2),
        ("demo-omar", "web", "أريد إرجاع Cotton Thobe من الطلب #ME2031", "اثنين", "#ME2031", 2),
        ("demo-emma", "web", "I'd like to return some t-shirts from #1038", "two", "#1038", 2),
    )
    for user, channel, first, amount, order_no, units in cases:
        person = chat_as(engine, user, channel)
        await person.say(first)
        await person.say(amount)
        await person.say("1")  # the first reason offered: changed my mind
        await person.say("ok")
        ret = (await new_returns(demo, order_no))[-1]
        assert sum(line.quantity for line in ret.lines) == units, first


# --- confirmations in natural words --------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "channel", "ask", "yes", "order_no"),
    [
        ("oDemoOpenid0002", "wechat", "取消机械键盘那个订单", "嗯 取消吧", "301122334455"),
        (
            "demo-ivan",
            "web",
            "хочу отменить заказ WEB2025110300045",
            "да, отменяйте",
            "WEB2025110300045",
        ),
        ("100006", "telegram", "please cancel #UK3402", "sure, go ahead", "#UK3402"),
        ("100008", "telegram", "mau batalin pesanan #ME2050", "iya kak batalin aja", "#ME2050"),
    ],
)
async def test_a_natural_yes_confirms_a_cancellation(
    demo: Services, engine: Engine, user: str, channel: str, ask: str, yes: str, order_no: str
) -> None:
    person = chat_as(engine, user, channel)
    question = await person.say(ask)
    assert question.buttons(), question.text()
    if "confirm:yes" not in [b.payload for b in question.buttons()]:
        await person.say("整单" if channel == "wechat" else "the whole order")
    await person.say(yes)
    order = await demo.hub.get_order(order_no)
    assert order is not None and order.status is OrderStatus.CANCELLED


# --- negation and scope ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "ask", "no", "order_no"),
    [
        ("demo-ivan", "cancel order WEB2025110300045", "no, don't cancel it", "WEB2025110300045"),
        ("oDemoOpenid0002", "取消301122334455这个订单", "算了 别取消了 我还要的", "301122334455"),
        ("100006", "cancela el pedido #UK3402", "no, mejor no lo canceles", "#UK3402"),
    ],
)
async def test_a_negated_answer_changes_nothing(
    demo: Services, engine: Engine, user: str, ask: str, no: str, order_no: str
) -> None:
    channel = "wechat" if user.startswith("oDemo") else "telegram" if user.isdigit() else "web"
    person = chat_as(engine, user, channel)
    await person.say(ask)
    if person.last and "confirm:yes" not in [b.payload for b in person.last.buttons()]:
        await person.say("整单" if channel == "wechat" else "all of it")
    reply = await person.say(no)
    order = await demo.hub.get_order(order_no)
    assert order is not None and order.status is not OrderStatus.CANCELLED
    assert not [b for b in reply.buttons() if b.payload == "confirm:yes"]


@pytest.mark.parametrize("text", ["先别取消", "don't cancel my order", "no cancelen mi pedido"])
async def test_a_negated_request_does_not_start_a_cancellation(
    demo: Services, engine: Engine, text: str
) -> None:
    wang = chat_as(engine, "demo-wang")
    reply = await wang.say(text)
    assert "confirm:yes" not in [b.payload for b in reply.buttons()]
    assert "cancel_line:all" not in [b.payload for b in reply.buttons()]


async def test_cancelling_the_order_with_the_mugs_cancels_the_whole_order(
    services: Services, engine: Engine
) -> None:
    doc = shipped(status="paid", shipments=[])
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "MUG",
            "title": "Ceramic mug",
            "category": "general",
            "quantity": 3,
            "unit_price": "10.00",
        },
        {
            "line_id": "B",
            "sku": "TEA",
            "title": "Green tea",
            "category": "general",
            "quantity": 1,
            "unit_price": "20.00",
        },
    ]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "50.00"}
    doc["discounts"] = []
    doc["shipping_fee"] = "0.00"
    await store(services, doc)
    li = chat_as(engine, "web-li")
    question = await li.say("cancel the order with the mugs")
    assert "whole order" in question.text()
    await li.say("yes")
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.CANCELLED


# --- everything said in the first message is used ------------------------------------------


async def test_a_return_said_in_full_goes_straight_to_the_confirmation(
    services: Services, engine: Engine
) -> None:
    doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-2)))
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "MUG",
            "title": "Ceramic mug",
            "category": "general",
            "quantity": 3,
            "unit_price": "10.00",
        },
        {
            "line_id": "B",
            "sku": "TEA",
            "title": "Green tea",
            "category": "general",
            "quantity": 1,
            "unit_price": "20.00",
        },
    ]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "50.00"}
    doc["discounts"] = []
    doc["shipping_fee"] = "0.00"
    await store(services, doc)
    li = chat_as(engine, "web-li")
    quote = await li.say("return 2 of the 3 mugs from my order, they arrived chipped")
    assert [b.payload for b in quote.buttons()] == ["confirm:yes", "confirm:no"]
    await li.say("yes")
    [ret] = await new_returns(services, doc["order_no"])
    assert ret.reason == "damaged" and [(x.line_id, x.quantity) for x in ret.lines] == [("A", 2)]
    assert ret.refund_amount == Decimal("20.00")


@pytest.mark.parametrize(
    ("user", "text", "city"),
    [
        (
            "demo-wang",
            "我要改地址 4098127365409182736 改成 浙江省杭州市西湖区文三路100号 张三 13812345678",
            "杭州",
        ),
        (
            "demo-lucia",
            "Cambiar la dirección del pedido 10482: Calle Mayor 12, 3º B, 28013 Madrid",
            "Madrid",
        ),
        (
            "100006",
            "please change the address of #UK3402 to 10 Downing Street, London SW1A 2AA",
            "London",
        ),
    ],
)
async def test_an_address_given_with_the_request_is_not_asked_again(
    demo: Services, engine: Engine, user: str, text: str, city: str
) -> None:
    person = chat_as(engine, user, "telegram" if user.isdigit() else "web")
    reply = await person.say(text)
    assert city in reply.text()
    assert [b.payload for b in reply.buttons()] == ["confirm:yes", "confirm:no"]


async def test_the_order_number_of_the_first_message_survives_a_clarifying_question(
    demo: Services, engine: Engine
) -> None:
    visitor = chat_as(engine, "visitor-1038")
    await visitor.say("I want to return a t-shirt from #1038")
    if visitor.last and any(b.payload.startswith("intent:") for b in visitor.last.buttons()):
        await visitor.press("intent:return_request")
    assert visitor.last is not None and "#1038" in visitor.last.text()


# --- long messages and topic switches --------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (
            "demo-emma",
            "Hi there! I hope you're having a good day. I ordered a sweater a little "
            "while ago as a gift for my brother, his birthday is this weekend and I'm getting "
            "a bit "
            "nervous because I haven't heard anything. Could you tell me where it is right now?",
            "UPS",
        ),
        (
            "demo-lucia",
            "Hola, buenas tardes. Mira, te cuento: compré unas zapatillas para correr "
            "hace ya unos días y me dijeron que llegarían pronto, pero sigo esperando "
            "y no sé nada. "
            "¿Me puedes decir dónde está mi pedido?",
            "Correos",
        ),
        (
            "demo-ivan",
            "Здравствуйте! Вчера пытался оплатить заказ на сайте, но оплата почему-то "
            "не прошла, хотя деньги на карте есть. Я уже два раза пробовал. "
            "Подскажите, пожалуйста, "
            "в чём проблема?",
            "банк",
        ),
    ],
)
async def test_a_long_chatty_message_reaches_the_right_answer(
    demo: Services, engine: Engine, user: str, text: str, expected: str
) -> None:
    reply = await chat_as(engine, user).say(text)
    assert expected.lower() in reply.text().lower()


@pytest.mark.parametrize(
    ("user", "start", "question", "address", "city"),
    [
        (
            "demo-wang",
            "我要改 4098127365409182736 的地址",
            "等下 先问问 退款多久到账",
            "浙江省杭州市西湖区文三路100号 张三 13812345678",
            "杭州",
        ),
        (
            "demo-lucia",
            "quiero cambiar la dirección del pedido 10482",
            "espera, ¿cuánto tarda el reembolso?",
            "Calle Mayor 12, 3º B, 28013 Madrid",
            "Madrid",
        ),
        (
            "100006",
            "I need to change the address on #UK3402",
            "hang on, how long do refunds take?",
            "221B Baker Street, London NW1 6XE",
            "London",
        ),
    ],
)
async def test_a_question_mid_flow_is_answered_and_the_flow_resumes(
    demo: Services,
    engine: Engine,
    user: str,
    start: str,
    question: str,
    address: str,
    city: str,
) -> None:
    person = chat_as(engine, user, "telegram" if user.isdigit() else "web")
    await person.say(start)
    detour = await person.say(question)
    assert not [b for b in detour.buttons() if b.payload == "confirm:yes"]
    assert len(detour.parts) >= 2  # the answer, then the address question again
    confirm = await person.say(address)
    assert city in confirm.text() and confirm.buttons()


# --- answers inside a sentence, changes of mind, requests that survive a question ------------


@pytest.mark.parametrize(
    ("text"), ["the last four digits are 0188", "手机尾号是0188", "les 4 derniers chiffres : 0188"]
)
async def test_a_verification_answer_inside_a_sentence_is_read(
    demo: Services, engine: Engine, text: str
) -> None:
    visitor = chat_as(engine, "visitor-10517")
    await visitor.say("where is order 10517?")
    reply = await visitor.say(text)
    assert "10517" in reply.text() and "0188" not in reply.text()


@pytest.mark.parametrize(
    ("amend"),
    [
        "hang on, only that much for two? then just one pair",
        "mmm, mejor solo un par",
        "等等，那就只退一双吧",
    ],
)
async def test_changing_the_quantity_at_the_confirmation_quotes_again(
    demo: Services, engine: Engine, amend: str
) -> None:
    oliver = chat_as(engine, "100006", channel="telegram")
    first = await oliver.say("I want to send back two pairs of the merino socks, too big")
    assert "× 2" in first.text()
    again = await oliver.say(amend)
    assert "× 1" in again.text() and next(b.payload for b in again.buttons()) == "confirm:yes"
    await oliver.say("yes")
    ret = (await new_returns(demo, "#UK3391"))[-1]
    assert [(x.line_id, x.quantity) for x in ret.lines] == [("L2", 1)]


@pytest.mark.parametrize(
    ("ask", "proof"),
    [
        ("订单 302244668800 的滤网取消一个", "4321"),
        ("please cancel one filter from order 302244668800", "zhang.lei@example.com"),
        ("del pedido 302244668800 cancela un filtro", "4321"),
    ],
)
async def test_a_request_survives_the_verification_it_needed(
    demo: Services, engine: Engine, ask: str, proof: str
) -> None:
    visitor = chat_as(engine, "visitor-zhang")
    await visitor.say(ask)
    question = await visitor.say(proof)
    assert "× 1" in question.text() and "confirm:yes" in [b.payload for b in question.buttons()]


@pytest.mark.parametrize(
    ("user", "text", "order_no"),
    [
        ("demo-chen", "我的包裹怎麼被退回去了？", "4125587903164420897"),
        ("demo-ivan", "Где моя посылка? Трек не обновляется уже больше недели", "APP2025102800417"),
        ("demo-omar", "what is going on with my parcel?", "#ME2045"),
    ],
)
async def test_a_question_about_trouble_is_about_the_order_in_trouble(
    demo: Services, engine: Engine, user: str, text: str, order_no: str
) -> None:
    reply = await chat_as(engine, user).say(text)
    assert not any(b.payload.startswith("order:") for b in reply.buttons())
    [ticket] = await demo.tickets.list(order_no=order_no)
    assert ticket.department == "logistics"


@pytest.mark.parametrize("thanks", ["thanks!", "谢谢", "спасибо большое"])
async def test_a_thank_you_gets_a_welcome_not_the_menu(
    demo: Services, engine: Engine, thanks: str
) -> None:
    emma = chat_as(engine, "demo-emma")
    await emma.say("Where is my sweater?")
    reply = await emma.say(thanks)
    assert not reply.buttons() and reply.text()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("1 0 5 1 7", "10517"),
        ("pedido 105 17 y mi cel 55 1234 5678", "10517"),
        ("注文番号は１０５１７です", "10517"),
    ],
)
async def test_an_order_number_typed_in_groups_is_read_whole(
    demo: Services, engine: Engine, typed: str, shown: str
) -> None:
    visitor = chat_as(engine, "visitor-groups")
    await visitor.say("where is my order?")
    reply = await visitor.say(typed)
    assert shown in reply.text()  # the verification question names the order


async def test_a_shopify_number_without_its_hash_is_found(demo: Services, engine: Engine) -> None:
    reply = await chat_as(engine, "demo-emma").say("where is order 1043?")
    assert "UPS" in reply.text()


# --- one number, one item; the last word of a hesitant answer ------------------------------


async def test_the_one_number_of_a_reply_counts_the_one_item_it_names_and_its_reason_is_kept(
    demo: Services, engine: Engine
) -> None:
    emma = chat_as(engine, "demo-emma")
    await emma.say("I want to return something from #1038")
    quote = await emma.say("the t-shirts, just one, it doesn't fit")
    assert "$21.45" in quote.text()


async def test_a_reply_naming_only_the_item_gives_no_reason_and_the_reason_is_asked(
    demo: Services, engine: Engine
) -> None:
    emma = chat_as(engine, "demo-emma")
    await emma.say("I want to return something from #1038")
    asked = await emma.say("the t-shirt one, just one")
    assert any(b.payload.startswith("return_reason:") for b in asked.buttons())


@pytest.mark.parametrize(
    "answer", ["算了，退吧", "hmm, ok… fine, go ahead", "no wait, yes go ahead"]
)
async def test_a_hesitant_confirmation_is_taken_by_its_last_word(
    demo: Services, engine: Engine, answer: str
) -> None:
    emma = chat_as(engine, "demo-emma")
    await emma.say("I'd like to return one T-shirt from #1038, it doesn't fit")
    await emma.say(answer)
    [ret] = await new_returns(demo, "#1038")
    assert [(line.line_id, line.quantity) for line in ret.lines] == [("L1", 1)]


async def test_a_status_question_naming_its_order_is_answered_even_when_the_wording_is_unsure(
    demo: Services, engine: Engine
) -> None:
    emma = chat_as(engine, "demo-emma")
    reply = await emma.say("Wo bleibt meine Kaffeemühle? Bestellnummer #1043")
    assert "1ZV8E4720355273417" in reply.text()
