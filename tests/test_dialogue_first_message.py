"""What the first message says is kept: the item it names in other words, the order it describes
by an item, the one action it asks for by its verb, the parcel in trouble it speaks of."""

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


def _item(line_id: str, title: str, quantity: int, price: str) -> dict[str, Any]:
    return {
        "line_id": line_id,
        "sku": f"SKU-{line_id}",
        "title": title,
        "category": "general",
        "quantity": quantity,
        "unit_price": price,
    }


def _delivered(order_no: str, items: list[dict[str, Any]], days: int = 3) -> dict[str, Any]:
    doc = shipped(
        order_no=order_no, status="delivered", delivered_at=iso(timedelta(days=-days)), items=items
    )
    total = sum(float(i["unit_price"]) * i["quantity"] for i in items)
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": f"{total:.2f}"}
    return doc


def _paid(order_no: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(float(i["unit_price"]) * i["quantity"] for i in items)
    return order_doc(
        order_no=order_no,
        items=items,
        payment={"method": "alipay", "status": "succeeded", "amount": f"{total:.2f}"},
    )


def _asked(text: str, msgid: str) -> bool:
    """Whether the bot's reply asks `msgid`, in any of the languages of these tests."""
    return any(Localizer(lang)._(msgid) in text for lang in LANGUAGES)


LANGUAGES = ("ar", "ru", "zh_Hans", "ja", "vi", "en", "es", "de", "fr")
WHICH_ITEM = "Which item would you like to return?"
WHICH_ORDER = "You have several open orders. Which one do you mean?"


THOBE_AND_RUG = [
    _item("L1", "Prayer Rug, Memory Foam — Green", 1, "180.00"),
    _item("L2", "Cotton Thobe — White, L", 2, "120.00"),
]


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("أريد إرجاع ثوب واحد من الطلب 5550001، المقاس كبير علي", "Cotton Thobe"),
        ("Хочу вернуть один молитвенный коврик из заказа 5550001", "Prayer Rug"),
        ("订单5550001我想退那块祈祷毯，不想要了", "Prayer Rug"),
    ],
    ids=["ar", "ru", "zh_Hans"],
)
async def test_an_item_named_in_another_language_is_the_line_returned(
    chat: Chat, services: Services, message: str, title: str
) -> None:
    await store(services, _delivered("5550001", THOBE_AND_RUG))
    reply = await chat.say(message)
    assert not _asked(reply.text(), WHICH_ITEM)
    if _asked(reply.text(), "What is the reason for the return?"):
        reply = await chat.press("return_reason:no_reason")
    other = "Prayer Rug" if title == "Cotton Thobe" else "Cotton Thobe"
    assert title in reply.text() and other not in reply.text()


@pytest.mark.parametrize(
    "message",
    [
        "أريد إرجاع كيس الوسادة الحريري، لم يعجبني",
        "I'd like to send back the silk pillowcase, I don't like it",
        "シルクの枕カバーを返品したいです、気に入らなかった",
    ],
    ids=["ar", "en", "ja"],
)
async def test_the_order_is_found_by_an_item_that_is_not_its_first(
    chat: Chat, services: Services, message: str
) -> None:
    await store(
        services,
        _delivered(
            "5550002",
            [
                _item("L1", "Rose Water Face Mist, 100 ml", 1, "60.00"),
                _item("L2", "Mulberry Silk Pillowcase", 1, "150.00"),
            ],
        ),
        _delivered("5550003", [_item("L1", "Dark Chocolate Gift Box", 1, "90.00")], days=5),
    )
    reply = await chat.say(message)
    text = reply.text()
    assert not _asked(text, WHICH_ORDER)
    assert "Mulberry Silk Pillowcase" in text and "5550002" in text


@pytest.mark.parametrize(
    ("message", "shirt"),
    [
        ("Đơn áo thun của mình có mã giảm giá, sao số tiền trả vẫn cao vậy?", "Áo thun cotton"),
        ("Why did the coupon on my t-shirt order take off so little?", "Cotton t-shirt"),
        ("¿Por qué el cupón de mi pedido de la camiseta descontó tan poco?", "Camiseta de algodón"),
    ],
    ids=["vi", "en", "es"],
)
async def test_an_order_described_by_its_item_is_found_among_delivered_ones_too(
    chat: Chat, services: Services, message: str, shirt: str
) -> None:
    shirts = _delivered("5550010", [_item("L1", f"{shirt} M", 3, "100.00")])
    shirts["discounts"] = [{"code": "SAVE10", "kind": "order_percent", "percent": "10"}]
    shirts["payment"]["amount"] = "270.00"
    await store(
        services,
        shirts,
        _paid("5550011", [_item("L1", "Air fryer 5L", 1, "300.00")]),
        _paid("5550012", [_item("L1", "Hand blender", 1, "200.00")]),
    )
    reply = await chat.say(message)
    text = reply.text()
    assert not _asked(text, WHICH_ORDER)
    assert "5550010" in text


@pytest.mark.parametrize(
    ("message", "coffee"),
    [
        (
            "Oye, del pedido 5550020 cancélame nada más el café, la cafetera sí la quiero",
            "Café de Chiapas 500 g",
        ),
        (
            "Bitte von Bestellung 5550020 nur den Kaffee stornieren, die Kaffeemaschine will ich",
            "Kaffee Chiapas 500 g",
        ),
        (
            "Du 5550020, annulez seulement le café s'il vous plaît, la cafetière je la garde",
            "Café du Chiapas 500 g",
        ),
    ],
    ids=["es", "de", "fr"],
)
async def test_cancelling_one_item_while_keeping_another_cancels_that_item_only(
    chat: Chat, services: Services, message: str, coffee: str
) -> None:
    maker = {"es": "Cafetera de émbolo 1 L", "de": "Kaffeemaschine 1 L", "fr": "Cafetière 1 L"}
    language = "es" if "cancél" in message else "de" if "Bitte" in message else "fr"
    await store(
        services,
        _paid(
            "5550020",
            [_item("L1", maker[language], 1, "649.00"), _item("L2", coffee, 1, "189.00")],
        ),
    )
    reply = await chat.say(message)
    text = reply.text()
    assert coffee in text
    assert maker[language] not in text
    assert "Cancel the whole order" not in text


CUSTOMS_HOLD = {
    "at": iso(timedelta(hours=-2)),
    "status": "customs_hold",
    "description": "Held by customs: import documents required",
}


@pytest.mark.parametrize(
    "message",
    [
        "طلبي عالق في الجمارك منذ أمس، ماذا أفعل؟",
        "Mi paquete está parado en la aduana desde ayer, ¿qué hago?",
        "Посылка застряла на таможне со вчерашнего дня, что делать?",
    ],
    ids=["ar", "es", "ru"],
)
async def test_trouble_spoken_of_is_the_one_order_in_trouble_and_logistics_takes_it(
    chat: Chat, services: Services, message: str
) -> None:
    held = shipped(order_no="5550030")
    held["shipments"][0]["events"].append(CUSTOMS_HOLD)
    fine = shipped(order_no="5550031")
    fine["shipments"][0]["tracking_no"] = "SF9999999999999"
    kettle = _paid("5550032", [_item("L1", "Kettle", 1, "99.00")])
    kettle["placed_at"] = kettle["paid_at"] = iso(timedelta(hours=-1))  # not late yet
    await store(services, held, fine, kettle)
    reply = await chat.say(message)
    assert not _asked(reply.text(), WHICH_ORDER)
    tickets = await services.tickets.list(order_no="5550030")
    assert [t.department.value for t in tickets] == ["logistics"]
