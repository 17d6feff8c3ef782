"""Typed conversations, dev7 round: cancellations asked together with a question about their
money, and refusals of an action ("don't cancel it", "no need to return anything").

Each class in at least three languages, with wordings of our own, on orders stored for the
test; what the bot asks and what the shop holds afterwards are asserted.
"""

from __future__ import annotations

import pytest

from core.engine import Engine
from core.order import OrderStatus
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander
from tests.chat import Chat, store
from tests.factories import order_doc


async def _status(services: Services, order_no: str) -> OrderStatus:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return order.status


def _confirms(reply: object) -> bool:
    return "confirm:yes" in [b.payload for b in reply.buttons()]  # type: ignore[attr-defined]


# --- the action leads its money question -------------------------------------------------


@pytest.mark.parametrize(
    ("ask", "yes"),
    [
        ("Please cancel my order, and how many days until the money is back on my card?", "yes"),
        ("要是还没发出去就帮我取消掉，钱多久能退回来？", "好的"),
        ("Отмените мой заказ, пожалуйста. Сколько дней ждать возврата денег?", "да"),
        ("Bitte stornieren Sie meine Bestellung. Wie lange dauert die Rückerstattung?", "ja"),
        ("注文をキャンセルしたいです。返金は何日くらいかかりますか？", "はい"),
        ("Merci d'annuler ma commande. Le remboursement arrive sous combien de jours ?", "oui"),
        ("ألغوا طلبي لو سمحتوا، ومتى ترجع الفلوس؟", "نعم"),
    ],
)
async def test_a_cancellation_asked_with_a_question_about_its_refund_is_cancelled(
    services: Services, engine: Engine, ask: str, yes: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    question = await li.say(ask)
    assert _confirms(question)
    assert "98" in question.text()  # the refund the cancellation gives, said before the yes
    await li.say(yes)
    assert await _status(services, doc["order_no"]) is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    "told",
    [
        "I cancelled my order last week, when will my refund arrive?",
        "Cancelé mi pedido el lunes, ¿cuándo me devuelven el dinero?",
        "取消订单以后退款几天到账？",
    ],
)
async def test_a_cancellation_told_as_done_with_its_refund_asked_is_not_cancelled_again(
    services: Services, engine: Engine, told: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    reply = await li.say(told)
    assert not _confirms(reply)
    assert await _status(services, doc["order_no"]) is OrderStatus.PAID


# --- a refusal that keeps the order, or says it only asked --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No no, please don't cancel, I still want it, I was only asking when it ships.",
        "先别取消，我还要的，只是问问什么时候发货",
        "キャンセルしないでください。このまま届くのを待ちます。",
        "No la cancelen, la sigo queriendo, nada más preguntaba cuándo llega.",
    ],
)
async def test_a_refused_cancellation_that_only_asked_before_is_a_refusal(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DENY


@pytest.mark.parametrize(
    "text",
    [
        "교환 안할게요 그냥 쓸게요",
        "non laisse tomber le retour, je le garde",
        "ga jadi tuker kak, pake yg ini aja",
    ],
)
async def test_a_refused_return_or_exchange_keeping_the_item_is_a_refusal(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DENY


@pytest.mark.parametrize(
    "text",
    [
        "不用改了，地址就用原来的",
        "ko can doi dia chi dau, de vay di shop",
        "nah just leave the shipping address as is",
    ],
)
async def test_an_address_change_refused_with_it_left_as_it_is_is_a_refusal(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DENY
