"""Typed conversations, items named instead of the order: a status question about a product
("where are my headphones?"), a cancellation that takes one item off the order ("take the mug
off my order"), and an item chosen by a title written in another script ("ヘッドホン" for
"Headphones", "耳機" for "耳机").

Each class in at least three languages, with wordings of our own, on orders stored for the
test; what the shop holds afterwards and what the customer reads are asserted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.dialogue.items import title_score
from core.engine import Engine
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped


def _lines(*items: tuple[str, int, str], **fields: Any) -> dict:
    """An order of the given lines (title, units, unit price), ids A, B, C…, no discount."""
    doc = order_doc(**fields)
    doc["items"] = [
        {
            "line_id": chr(65 + i),
            "sku": f"SKU-{chr(65 + i)}",
            "title": t,
            "category": "general",
            "quantity": n,
            "unit_price": p,
        }
        for i, (t, n, p) in enumerate(items)
    ]
    total = sum(float(p) * n for _, n, p in items)
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": f"{total:.2f}"}
    doc["discounts"], doc["shipping_fee"] = [], "0.00"
    return doc


def _shipped_with(title: str) -> dict:
    """A second order of the customer, shipped three days ago, with one line of `title`."""
    doc = shipped(order_no="1234567890123452222", placed_at=iso(timedelta(days=-3)))
    doc["items"] = [
        {
            "line_id": "L1",
            "sku": "HP-1",
            "title": title,
            "category": "general",
            "quantity": 1,
            "unit_price": "300.00",
        },
    ]
    return doc


async def _lines_taken(services: Services, order_no: str) -> list[tuple[str, int]]:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return [(line.line_id, line.quantity) for r in order.returns for line in r.lines]


# --- "where is my <product>?" is the status of the order that holds it ----------------------


@pytest.mark.parametrize(
    ("mug", "headphones", "ask"),
    [
        ("Taza de cerámica", "Audífonos inalámbricos", "oye, ¿dónde andan mis audífonos?"),
        ("Ceramic Mug", "Wireless Headphones", "ヘッドホンはいまどこにありますか？"),
        ("陶瓷马克杯", "无线耳机", "請問我的耳機寄到哪裡了？"),
        ("Ceramic Mug", "Wireless Headphones", "제 헤드폰 지금 어디쯤 있나요?"),
    ],
)
async def test_where_is_my_product_is_the_status_of_the_order_that_holds_it(
    services: Services, engine: Engine, mug: str, headphones: str, ask: str
) -> None:
    """The order is found by its item, in the title's script or another (katakana for an
    English title, Traditional characters for a Simplified one)."""
    await store(
        services,
        _lines((mug, 1, "30.00"), order_no="1234567890123451111"),
        _shipped_with(headphones),
    )
    reply = await Chat(engine).say(ask)

    assert "2222" in reply.text() and "1234567890123451111" not in reply.text()
    assert "SF1234567890123" in reply.text()  # its tracking, not a question back


@pytest.mark.parametrize(
    "ask",
    [
        "where is my blender?",
        "¿dónde está mi licuadora?",
        "где мой чайник?",
        "ヘッドホンはいまどこにありますか？",
    ],
)
async def test_where_is_my_product_reads_as_a_status_question(ask: str) -> None:
    understood = await build_understander(Settings()).understand(ask)
    assert understood.intent is Intent.ORDER_STATUS


@pytest.mark.parametrize(
    "ask",
    [
        "我想取消耳机那个订单",
        "cancel the order with the headphones, where do I do that?",
        "¿dónde cancelo el pedido de los audífonos?",
    ],
)
async def test_a_cancel_verb_wins_over_where_beside_a_product(ask: str) -> None:
    """The boundary of the rule above (these were right before it and must stay so)."""
    understood = await build_understander(Settings()).understand(ask)
    assert understood.intent is Intent.CANCEL_ORDER


# --- taking one item off an order is a partial cancellation --------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ask"),
    [
        ("Travel mug", "Desk lamp", "please take the travel mug off my order"),
        ("保温杯", "台灯", "把保温杯去掉吧，台灯照常发"),
        ("Taza de viaje", "Lámpara", "quítenme la taza de viaje del pedido"),
        ("Термокружка", "Лампа", "уберите термокружку из заказа"),
        ("Mug isotherme", "Lampe", "retirez le mug isotherme de ma commande"),
        # the other item names the order; what is taken off is still the scope
        ("Travel mug", "Desk lamp", "take the travel mug off the order with the desk lamp"),
        ("保温杯", "台灯", "台灯的订单里把保温杯去掉"),
        ("Taza de viaje", "Lámpara", "quita la taza de viaje del pedido de la lámpara"),
    ],
)
async def test_taking_an_item_off_the_order_cancels_that_line(
    services: Services, engine: Engine, first: str, second: str, ask: str
) -> None:
    doc = _lines((first, 1, "25.00"), (second, 1, "40.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")

    question = await li.say(ask)

    assert first in question.text() and second not in question.text()
    assert [b.payload for b in question.buttons()][-2:] == ["confirm:yes", "confirm:no"]
    await li.press("confirm:yes")
    assert await _lines_taken(services, doc["order_no"]) == [("A", 1)]
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status.value == "paid"


# --- an item named by a title in another script ---------------------------------------------


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Wireless Headphones", "ヘッドホンはどこ"),
        ("Ceramic Mug", "マグカップをキャンセル"),
        ("无线耳机", "我的耳機呢"),
        ("無線耳機", "耳机那个"),
        ("Wireless Headphones", "где мои наушники"),
        ("Sony WH-1000XM5", "а где мой сони"),
        ("Samsung Galaxy Buds", "отмените самсунг"),
    ],
)
def test_a_title_is_named_across_scripts(title: str, said: str) -> None:
    assert title_score(title, said) > 0
