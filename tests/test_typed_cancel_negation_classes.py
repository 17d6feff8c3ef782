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
        ("注文をキャンセルしたいです。返金は何日くらいかかりますか？", "はい"),
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


# --- a cancellation on condition the parcel has not left ---------------------------------


@pytest.mark.parametrize(
    ("ask", "yes"),
    [
        ("если ещё не отправили отмените пожалуйста", "да"),
        ("si no ha salido cancélenlo", "sí"),
        ("if it's not shipped yet cancel it please", "yes"),
        ("nếu chưa giao thì hủy giúp em", "vâng"),
        ("اذا لسه ما انشحن الغوه", "نعم"),
        ("ابي الغي طلبي اذا ما انشحن", "نعم"),
    ],
)
async def test_a_cancellation_on_condition_it_has_not_shipped_cancels_an_unshipped_order(
    services: Services, engine: Engine, ask: str, yes: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    question = await li.say(ask)
    assert _confirms(question)
    await li.say(yes)
    assert await _status(services, doc["order_no"]) is OrderStatus.CANCELLED


# --- the order the cancelling phrase describes -------------------------------------------
# (Vietnamese typed without its marks, where the order is named only "across" its title's
# spelling; in other languages the titles' own words already tell the orders apart.)


def _one_item(order_no: str, title: str, price: str, **fields: object) -> dict:
    doc = order_doc(order_no=order_no, **fields)
    doc["items"] = [
        {
            "line_id": "L1",
            "sku": f"SKU-{order_no}",
            "title": title,
            "category": "general",
            "quantity": 1,
            "unit_price": price,
        }
    ]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": price}
    return doc


@pytest.mark.parametrize(
    ("kept", "cancelled", "ask"),
    [
        (
            "Máy xay sinh tố",
            "Nồi chiên không dầu",
            "Huy giup em don noi chien nha, con don may xay sinh to thi em thanh toan lai sau",
        ),
        (
            "Máy xay sinh tố",
            "Nồi chiên không dầu",
            "shop oi huy don noi chien khong dau giup minh, don may xay de minh nap tien tra sau",
        ),
    ],
)
async def test_the_order_cancelled_is_the_one_the_cancelling_phrase_describes(
    services: Services, engine: Engine, kept: str, cancelled: str, ask: str
) -> None:
    unpaid = _one_item("5550001", kept, "300.00", status="pending_payment", paid_at=None)
    unpaid["payment"] = {"method": "alipay", "status": "failed", "amount": "300.00"}
    paid = _one_item("5550002", cancelled, "800.00")
    await store(services, unpaid, paid)
    li = Chat(engine, user="web-li")
    question = await li.say(ask)
    assert _confirms(question) and "5550002" in question.text()
    await li.say("ok")
    assert await _status(services, "5550002") is OrderStatus.CANCELLED
    assert await _status(services, "5550001") is OrderStatus.PENDING_PAYMENT
