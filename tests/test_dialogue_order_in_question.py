"""Which order a message is about, and what the bot owes the customer about it: the order its
items name (whatever else is open), a paid order past its shipping day handed to the warehouse,
a policy question named by the action's own verb."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.engine import Engine
from core.i18n import Localizer
from core.services import Services
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


def _item(line_id: str, title: str, price: str = "100.00") -> dict[str, Any]:
    return {
        "line_id": line_id,
        "sku": f"SKU-{line_id}",
        "title": title,
        "category": "general",
        "quantity": 1,
        "unit_price": price,
    }


def _paid(order_no: str, title: str, hours_ago: int = 1) -> dict[str, Any]:
    return order_doc(
        order_no=order_no,
        items=[_item("L1", title)],
        placed_at=iso(timedelta(hours=-hours_ago)),
        paid_at=iso(timedelta(hours=-hours_ago)),
        payment={"method": "alipay", "status": "succeeded", "amount": "100.00"},
    )


def _delivered(order_no: str, title: str) -> dict[str, Any]:
    doc = shipped(order_no=order_no, status="delivered", delivered_at=iso(timedelta(days=-3)))
    doc["items"] = [_item("L1", title)]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "100.00"}
    return doc


@pytest.mark.parametrize(
    ("message", "cup", "other"),
    [
        (
            "帮我开一下保温杯那单的发票，抬头：北京星辰科技有限公司",
            "儿童保温杯 蓝色",
            "空气炸锅 5L",
        ),
        (
            "Can I get an invoice for the water bottle order? Company: Acme Ltd",
            "Water bottle 1L",
            "Air fryer 5L",
        ),
        (
            "Necesito factura del pedido de la botella térmica, empresa Acme SL, NIF B12345678",
            "Botella térmica 1 L",
            "Freidora de aire 5 L",
        ),
    ],
    ids=["zh_Hans", "en", "es"],
)
async def test_the_order_its_items_name_wins_over_the_one_open_order(
    chat: Chat, services: Services, message: str, cup: str, other: str
) -> None:
    await store(services, _delivered("7770001", cup), _paid("7770002", other))
    reply = await chat.say(message)
    tickets = await services.tickets.list()
    assert [t.order_no for t in tickets] == ["7770001"] or (
        "7770001" in reply.text() and "7770002" not in reply.text()
    ), reply.text()


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("抹茶のギフトセットはまだ届いていません、どこですか？", "ja"),
        ("Where is my matcha gift set? It hasn't arrived", "en"),
        ("我的抹茶礼盒还没到，到哪了？", "zh_Hans"),
    ],
    ids=["ja", "en", "zh_Hans"],
)
async def test_the_order_an_item_names_best_is_the_one_asked_about(
    chat: Chat, services: Services, message: str, language: str
) -> None:
    titles = {
        "ja": ("宇治抹茶 ギフトセット", "デジタルギフトカード"),
        "en": ("Uji matcha gift set", "Digital gift card"),
        "zh_Hans": ("宇治抹茶礼盒", "电子礼品卡"),
    }[language]
    matcha = shipped(order_no="7770011")
    matcha["items"] = [_item("L1", titles[0])]
    await store(services, matcha, _paid("7770012", titles[1]))
    reply = await chat.say(message)
    tickets = await services.tickets.list()
    answered = "SF1234567890123" in reply.text() or [t.order_no for t in tickets] == ["7770011"]
    assert answered, reply.text()


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("我的订单怎么还没发货？", "zh_Hans"),
        ("Why hasn't my order shipped yet?", "en"),
        ("Почему мой заказ до сих пор не отправлен?", "ru"),
    ],
    ids=["zh_Hans", "en", "ru"],
)
async def test_a_paid_order_past_its_shipping_day_is_apologised_for_and_the_warehouse_asked(
    chat: Chat, services: Services, message: str, language: str
) -> None:
    await store(services, _paid("7770021", "Kettle", hours_ago=72))
    reply = await chat.say(message)
    asked = Localizer(language)._(
        "Our warehouse team has been asked to ship it as soon as possible."
    )
    assert asked in reply.text()
    [ticket] = await services.tickets.list(order_no="7770021")
    assert (ticket.department.value, ticket.priority.value) == ("warehouse", "high")


async def test_a_presale_past_its_date_is_not_said_to_ship_by_that_date(
    chat: Chat, services: Services
) -> None:
    late = _paid("7770031", "Down coat", hours_ago=200)
    late["presale_ship_by"] = iso(timedelta(days=-2))
    await store(services, late)
    reply = await chat.say("where is my order?")
    loc = Localizer("en")
    assert "pre-sale order and ships by" not in reply.text()
    assert "was due to ship by" in reply.text()
    assert loc._("Our warehouse team has been asked to ship it as soon as possible.") in (
        reply.text()
    )


@pytest.mark.parametrize(
    "message",
    [
        "Cho mình hỏi đồ mua về bao nhiêu ngày thì còn đổi trả được?",
        "Combien de jours ai-je pour échanger un article ?",
        "Сколько дней действует обмен товара?",
    ],
    ids=["vi", "fr", "ru"],
)
async def test_a_policy_question_naming_the_return_by_its_verb_gets_the_return_policy(
    chat: Chat, message: str
) -> None:
    text = (await chat.say(message)).text()
    assert "14" in text and "30" in text
