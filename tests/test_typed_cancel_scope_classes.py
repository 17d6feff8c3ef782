"""Typed conversations, dev5 round: which lines and how many units a cancellation or a return
takes when the customer tells a story, and a cancellation narrowed while it waits for a yes.

Each class in at least three languages, with wordings of our own, on orders stored for the
test; what the shop holds afterwards (the return or partial cancellation, its lines and units)
and what the bot asked are asserted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.engine import Engine
from core.order import OrderStatus
from core.services import Services
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped


def _two_lines(first: tuple[str, int, str], second: tuple[str, int, str], **fields: Any) -> dict:
    """An order of two lines (title, units, unit price) tied to `web-li`, no discount."""
    (t1, n1, p1), (t2, n2, p2) = first, second
    doc = order_doc(**fields)
    doc["items"] = [
        {
            "line_id": line,
            "sku": f"SKU-{line}",
            "title": title,
            "category": "general",
            "quantity": units,
            "unit_price": price,
        }
        for line, (title, units, price) in (("A", (t1, n1, p1)), ("B", (t2, n2, p2)))
    ]
    total = sum(float(p) * n for _, n, p in (first, second))
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": f"{total:.2f}"}
    doc["discounts"], doc["shipping_fee"] = [], "0.00"
    return doc


def _delivered(first: tuple[str, int, str], second: tuple[str, int, str]) -> dict:
    base = shipped(status="delivered", delivered_at=iso(timedelta(days=-2)))
    return _two_lines(
        first, second, **{k: base[k] for k in ("status", "delivered_at", "shipments", "warehouse")}
    )


async def _lines_taken(services: Services, order_no: str) -> list[tuple[str, int]]:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return [(line.line_id, line.quantity) for r in order.returns for line in r.lines]


# --- the count of the request, not the count of the story ----------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ask"),
    [
        (
            ("Ceramic mug", 2, "12.00"),
            ("Cotton towel", 1, "9.00"),
            "I ordered 2 ceramic mugs, that was one too many, so I'd like to return 1 mug",
        ),
        (
            ("陶瓷马克杯", 2, "30.00"),
            ("纯棉毛巾", 1, "20.00"),
            "马克杯买了两个，多买了一个，退一个就好",
        ),
        (
            ("マグカップ", 3, "1200"),
            ("ふきん", 1, "400"),
            "マグカップを3つ買ったけど多すぎました。1つだけ返品したいです",
        ),
        (
            ("Taza de cerámica", 3, "8.00"),
            ("Toalla de algodón", 1, "6.00"),
            "compré 3 tazas de cerámica y me sobran, quiero devolver 2 tazas, ya no las necesito",
        ),
        (
            ("Hijab Voal - Hitam", 4, "60000"),
            ("Sajadah Lipat", 1, "90000"),
            "kak mau retur hijab voal nya satu biji aja ya, dari pesanan yg ada sajadahnya, "
            "kebanyakan belinya",
        ),
    ],
)
async def test_a_return_takes_the_count_of_the_clause_that_asks_for_it(
    services: Services, engine: Engine, first: tuple, second: tuple, ask: str
) -> None:
    doc = _delivered(first, second)
    await store(services, doc)
    li = Chat(engine, user="web-li")
    quote = await li.say(ask)
    assert [b.payload for b in quote.buttons()][-2:] == ["confirm:yes", "confirm:no"]
    assert second[0] not in quote.text()  # the story's other item is not returned
    await li.say("1")
    wanted = {"I ordered": 1, "马克杯买": 1, "マグカップ": 1, "compré 3": 2, "kak mau": 1}
    [units] = [n for k, n in wanted.items() if ask.startswith(k)]
    assert await _lines_taken(services, doc["order_no"]) == [("A", units)]


@pytest.mark.parametrize(
    ("first", "second", "ask"),
    [
        (
            ("Air purifier", 1, "900.00"),
            ("Replacement filter", 2, "100.00"),
            "please cancel one replacement filter, I ordered 2 filters with the air purifier "
            "and that's too many",
        ),
        (
            ("空气净化器", 1, "900.00"),
            ("替换滤芯", 2, "100.00"),
            "我买的单，一个净化器加两个滤芯，滤芯多了，取消一个就行，净化器和另一个滤芯都要",
        ),
        (
            ("Luftreiniger", 1, "900.00"),
            ("Ersatzfilter", 2, "100.00"),
            "Bitte einen Ersatzfilter stornieren, ich habe 2 Ersatzfilter zum Luftreiniger "
            "bestellt, das ist einer zu viel",
        ),
    ],
)
async def test_a_partial_cancellation_takes_the_count_of_the_clause_that_asks_for_it(
    services: Services, engine: Engine, first: tuple, second: tuple, ask: str
) -> None:
    doc = _two_lines(first, second)
    await store(services, doc)
    li = Chat(engine, user="web-li")
    question = await li.say(ask)
    assert second[0] in question.text() and first[0] not in question.text()
    await li.say("1")
    assert await _lines_taken(services, doc["order_no"]) == [("B", 1)]


# --- a kept item named by the head of its compound title -----------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        "Bei der Bestellung mit dem Wanderrucksack bitte nur die Trinkflasche stornieren, den "
        "Rucksack behalte ich",
        "Von meiner Bestellung mit dem Wanderrucksack die Trinkflasche stornieren, die "
        "brauche ich nicht. Den Rucksack will ich behalten",
        "Die Flasche bitte stornieren, den Rucksack behalte ich",
    ],
)
async def test_an_item_kept_by_the_head_of_its_compound_title_is_not_cancelled(
    services: Services, engine: Engine, ask: str
) -> None:
    doc = _two_lines(("Wanderrucksack 30 L", 1, "60.00"), ("Trinkflasche 0,75 l", 1, "19.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")
    question = await li.say(ask)
    assert "Trinkflasche" in question.text() and "Wanderrucksack" not in question.text()
    await li.say("ja")
    assert await _lines_taken(services, doc["order_no"]) == [("B", 1)]


# --- a whole-order cancellation narrowed while it waits for a yes --------------------------


@pytest.mark.parametrize(
    ("ask", "narrow", "yes"),
    [
        (
            "please cancel my order with the teapot, I found one cheaper",
            "wait, I still want the mugs, only cancel the teapot",
            "yes that's right",
        ),
        (
            "茶壶那个订单帮我取消吧",
            "等等，杯子我还要的，只把茶壶取消，杯子照常发",
            "对，确认",
        ),
        (
            "por favor cancela el pedido de la tetera",
            "espera, solo cancela la tetera, las tazas sí las quiero",
            "sí, eso",
        ),
        (
            "Bitte die Bestellung mit der Teekanne stornieren",
            "Moment, nur die Teekanne stornieren, die Tassen behalte ich",
            "ja, genau",
        ),
    ],
)
async def test_a_cancellation_narrowed_to_one_item_before_the_yes_cancels_that_item_only(
    services: Services, engine: Engine, ask: str, narrow: str, yes: str
) -> None:
    [titles] = [
        t
        for start, t in (
            ("please", ("Teapot", "Mugs")),
            ("茶壶", ("茶壶", "杯子")),
            ("por favor", ("Tetera", "Tazas")),
            ("Bitte", ("Teekanne", "Tassen")),
        )
        if ask.startswith(start)
    ]
    doc = _two_lines((titles[0], 1, "40.00"), (titles[1], 2, "10.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")
    whole = await li.say(ask)
    assert [b.payload for b in whole.buttons()] == ["confirm:yes", "confirm:no"]
    again = await li.say(narrow)
    assert titles[0] in again.text() and titles[1] not in again.text()
    assert [b.payload for b in again.buttons()] == ["confirm:yes", "confirm:no"]
    await li.say(yes)
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.PAID
    assert await _lines_taken(services, doc["order_no"]) == [("A", 1)]


@pytest.mark.parametrize(
    ("ask", "yes"),
    [
        ("please cancel my order with the teapot", "yes, cancel the whole order"),
        ("茶壶那个订单帮我取消吧", "好的，整单取消"),
        ("por favor cancela el pedido de la tetera", "sí, cancela todo el pedido"),
    ],
)
async def test_a_yes_to_the_whole_order_that_names_it_is_not_narrowed(
    services: Services, engine: Engine, ask: str, yes: str
) -> None:
    doc = _two_lines(("Teapot 茶壶 Tetera", 1, "40.00"), ("Mugs 杯子 Tazas", 2, "10.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say(ask)
    await li.say(yes)
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    "yes",
    [
        "yes, just the one filter, fine",
        "对，就取消一个，可以",
        "да, один фильтр, подтверждаю",
        "sí, un filtro nada más, adelante",
    ],
)
async def test_a_yes_that_repeats_the_count_asked_about_is_a_yes(
    services: Services, engine: Engine, yes: str
) -> None:
    doc = _two_lines(("Air purifier", 1, "900.00"), ("Filter", 2, "100.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")
    question = await li.say(f"cancel 1 filter from order {doc['order_no']}")
    assert "Filter × 1" in question.text()
    done = await li.say(yes)
    assert not done.buttons()
    assert await _lines_taken(services, doc["order_no"]) == [("B", 1)]


# --- the whole order said with its number between -----------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        "quiero cancelar mi pedido {no} completo, me mudo la semana que viene",
        "bitte die Bestellung Nr. {no} komplett stornieren, ich brauche nichts mehr davon",
        "отмените, пожалуйста, заказ {no} полностью, планы поменялись",
    ],
)
async def test_the_whole_order_said_after_its_number_is_cancelled_whole(
    services: Services, engine: Engine, ask: str
) -> None:
    doc = _two_lines(("Teapot", 1, "40.00"), ("Mugs", 2, "10.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")
    question = await li.say(ask.format(no=doc["order_no"]))
    assert [b.payload for b in question.buttons()] == ["confirm:yes", "confirm:no"]
    assert "Teapot" not in question.text() and "Mugs" not in question.text()
    await li.say("1")
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.CANCELLED


async def test_all_of_an_item_said_after_the_order_number_is_that_item(
    services: Services, engine: Engine
) -> None:
    doc = _two_lines(("Teapot", 1, "40.00"), ("Mugs", 2, "10.00"))
    await store(services, doc)
    question = await Chat(engine, user="web-li").say(
        f"cancel the mugs from order {doc['order_no']}, all of them"
    )
    assert "Mugs × 2" in question.text() and "Teapot" not in question.text()


# --- a polite "no, thanks" after a confirmation by its verb ---------------------------------


@pytest.mark.parametrize(
    ("ask", "yes"),
    [
        ("訂單 {no} 幫我取消", "對，整筆取消，不用了謝謝"),
        ("cancela el pedido {no} por favor", "sí, cancélalo todo, no gracias"),
        ("bitte die Bestellung {no} stornieren", "ja, bitte stornieren. Nein danke"),
        ("отмените заказ {no}", "да, отменяйте, нет, спасибо"),
    ],
)
async def test_a_no_thanks_after_a_yes_by_the_verb_confirms_the_cancellation(
    services: Services, engine: Engine, ask: str, yes: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say(ask.format(no=doc["order_no"]))
    await li.say(yes)
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.CANCELLED


@pytest.mark.parametrize("no", ["ok, no thanks", "好的，不用了谢谢", "vale, no gracias"])
async def test_a_no_thanks_without_the_verb_stays_a_no(
    services: Services, engine: Engine, no: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say(f"cancel order {doc['order_no']}")
    await li.say(no)
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.PAID


# --- no defect in an item never used ------------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        "Je veux retourner une bougie de ma commande, le parfum est bien trop fort pour moi. "
        "Elle n'a jamais été allumée, toujours dans sa boîte",
        "I'd like to return the candle, the scent is way too strong for my flat. Never lit, "
        "still in its box",
        "Quiero devolver la vela, el olor es demasiado fuerte para mi casa. Sin usar, sigue en "
        "su caja",
        "Ich möchte die Kerze zurückgeben, der Duft ist mir viel zu stark. Nie angezündet, noch "
        "im Karton",
    ],
)
async def test_a_return_of_an_item_never_used_is_not_taken_for_a_defect(
    services: Services, engine: Engine, ask: str
) -> None:
    doc = _delivered(("Candle", 1, "16.00"), ("Linen throw", 1, "60.00"))
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say(ask)
    await li.say("1")
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None
    assert [r.reason for r in order.returns] == ["no_reason"]


@pytest.mark.parametrize(
    "no",
    [
        "啊等等，先不要取消，我想換另一張卡付款，這樣可以嗎？",
        "wait, don't cancel it, I'd rather pay with another card, is that ok?",
        "espera, no lo canceles, prefiero pagar con otra tarjeta, ¿vale?",
    ],
)
async def test_a_question_asked_after_declining_does_not_confirm_the_cancellation(
    services: Services, engine: Engine, no: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say(f"cancel order {doc['order_no']}")
    await li.say(no)
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None and order.status is OrderStatus.PAID
