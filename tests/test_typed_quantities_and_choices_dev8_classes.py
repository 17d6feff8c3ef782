"""Typed answers by class, each in several languages (the classes behind the quantity, item,
order and choice misses of answers_dev8, in wordings of our own): a count said relative to what
was ordered (all but some, some kept or used and the rest, a share, a loose count, a dozen), and
never above it; a line's count said that way; a line kept is not the one chosen; a line named by
who it is for, with all of it; an order chosen by who it was for, by last month, by being the
later or the earlier, by Black Friday, by a price in slang, by not being the one named or the
product itself, by the units it holds; a numbered option typed in a sentence; a choice followed
by a question keeps the choice; a cancellation asked at a return's item or scope question is no
answer to it. The rule layer alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.lexicon import _black_friday
from tests.test_typed_answers_dev4_classes import orders
from tests.test_understanding_typed_answers_general import _quantity
from tests.typed_answer_helpers import RULES, answer, items

NOW = datetime.now(UTC)


def count(text: str, top: int) -> int | None:
    """The count a reply gives to "how many of the `top` units?"."""
    return answer(text, _quantity(top))[1]


# --------------------------------------------------------------------------- quantities
@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("all except two", 6, 4),
        ("todos menos dos", 5, 3),
        ("alle außer einer", 4, 3),
        ("두 개 빼고 다 반품", 5, 3),
        ("除了一个 其他都退", 3, 2),
        ("все кроме одной", 4, 3),
        ("semua kecuali satu", 3, 2),
        ("all of them but the one that is scratched", 4, 3),
    ],
)
def test_all_but_some_is_what_was_ordered_less_those(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("I'll keep one and send the rest back", 4, 3),
        ("me quedo con dos, el resto lo devuelvo", 5, 3),
        ("保留两个 剩下的退", 5, 3),
        ("ich behalte eine, den Rest zurück", 3, 2),
        ("2개는 남기고 나머지 반품", 6, 4),
    ],
)
def test_some_kept_returns_the_rest(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("opened two of them already, the rest can go back", 5, 3),
        ("dos ya los usé, devuelvo el resto", 4, 2),
        ("二つは使ったので残りを返品します", 5, 3),
    ],
)
def test_some_used_returns_the_rest(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("a third of them", 6, 2),
        ("三分之一", 9, 3),
        ("ein Drittel", 3, 1),
        ("half, the rest I keep for the kids", 8, 4),
        ("一半就好 其余的我留着", 6, 3),
    ],
)
def test_a_share_of_what_came_is_counted_from_it(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("just a couple of them", 5, 2),
        ("un par nada más", 4, 2),
        ("두어 개만요", 5, 2),
        ("half a dozen", 10, 6),
        ("meia dúzia", 8, 6),
        ("une douzaine", 12, 12),
    ],
)
def test_a_loose_count_is_its_number(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize(
    ("text", "top"),
    [("half a dozen", 4), ("una docena", 5), ("a couple", 1), ("ein halbes Dutzend", 3)],
)
def test_a_loose_count_above_what_was_ordered_is_no_count(text, top):
    assert count(text, top) is None


# --------------------------------------------------------------------------- items
SOCKS = items(("S1", "Running Shoes EU 42", 1), ("S2", "Ankle Socks 6-Pack", 6))


@pytest.mark.parametrize(
    "text", ["half of the socks", "la mitad de los calcetines", "一半的袜子", "靴下は半分だけ"]
)
def test_half_of_a_line_is_half_its_units(text):
    assert answer(text, SOCKS) == ("S2", 3)


MUGS = items(("M1", "Ceramic Mug 350ml", 4), ("M2", "Glass Plate 20cm", 2))


@pytest.mark.parametrize(
    "text",
    [
        "马克杯退三个 留一个",
        "return three mugs, keep one",
        "devuelvo tres tazas, me quedo con una",
        "all the mugs except one",
    ],
)
def test_a_lines_count_said_beside_the_units_kept(text):
    assert answer(text, MUGS) == ("M1", 3)


WATCH = items(
    ("W1", "Smart Watch 5 Black", 1), ("W2", "Smart Watch 5 Strap Blue", 2), ("W3", "USB Cable", 1)
)


@pytest.mark.parametrize(
    "text",
    [
        "表带两条都退 蓝色的 手表留着",
        "both blue straps go back, I keep the watch",
        "las dos correas azules, el reloj me lo quedo",
    ],
)
def test_the_line_kept_is_not_the_one_chosen(text):
    assert answer(text, WATCH) == ("W2", 2)


JACKETS = items(("J1", "Down Jacket Navy M", 1), ("J2", "Fleece Top Kids 130", 3))


@pytest.mark.parametrize(
    "text",
    ["お子さま用のを全部", "the kids' ones, all of them", "las de niño, todas", "孩子的全部退"],
)
def test_a_line_named_by_who_it_is_for_with_all_of_it(text):
    assert answer(text, JACKETS) == ("J2", 3)


@pytest.mark.parametrize(
    ("text", "lines", "want"),
    [
        ("왕교자만 전부", (("F1", "계란 30구", 2), ("F2", "비비고 만두 1kg", 3)), "F2"),
        ("the dumplings, all three", (("F1", "Eggs 12", 2), ("F2", "Pork Gyoza 600g", 3)), "F2"),
        ("пельмени все", (("F1", "Яйца 10 шт", 2), ("F2", "Пельмени Сибирские 800г", 3)), "F2"),
    ],
)
def test_dumplings_are_a_kind_of_product(text, lines, want):
    assert answer(text, items(*lines)) == (want, 3)


def test_a_frying_pan_in_arabic_is_not_the_air_fryer():
    fryer = items(("A1", "Air Fryer 5L", 1), ("A2", "Frying Pan 24cm", 2))
    assert answer("المقلاة بس", fryer)[0] == "A2"
    assert answer("المقلاة الهوائية", fryer)[0] == "A1"


@pytest.mark.parametrize(
    "text", ["los dos auriculares", "las dos, por favor", "both of them please"]
)
def test_both_of_two_lines_is_all_of_them(text):
    pair = items(("P1", "Auriculares Negros", 1), ("P2", "Auriculares Blancos", 1))
    assert answer(text, pair)[0] == "all"


# --------------------------------------------------------------------------- orders
def placed(days: int) -> datetime:
    return NOW - timedelta(days=days)


@pytest.mark.parametrize(
    ("text", "rows", "want"),
    [
        (
            "the one for my son",
            (("K-1101", "Kids Hoodie 140"), ("K-1102", "Women's Wool Scarf")),
            "K-1101",
        ),
        (
            "la de mi esposo",
            (("E-2201", "Camisa Hombre Manga Larga"), ("E-2202", "Vestido Mujer Floral")),
            "E-2201",
        ),
        ("给我老婆买的那单", (("C-3301", "男士钱包 黑色"), ("C-3302", "女士围巾 灰色")), "C-3302"),
        (
            "punya anak saya",
            (("I-4401", "Tas Sekolah Anak"), ("I-4402", "Dompet Pria Kulit")),
            "I-4401",
        ),
        ("заказ для жены", (("R-5501", "Куртка мужская"), ("R-5502", "Сапоги женские")), "R-5502"),
    ],
)
def test_an_order_chosen_by_who_it_was_for(text, rows, want):
    got = orders(*((no, summary, placed(3), "delivered", None) for no, summary in rows))
    assert answer(text, got)[0] == want


def _last_month() -> datetime:
    return NOW.replace(day=1) - timedelta(days=5)


@pytest.mark.parametrize("text", ["the one from last month", "el del mes pasado", "지난달 거요"])
def test_an_order_chosen_by_last_month(text):
    got = orders(
        ("LM-1", "Desk Lamp", _last_month(), "delivered", None),
        ("LM-2", "Desk Mat", NOW, "unshipped", None),
    )
    assert answer(text, got)[0] == "LM-1"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the one I ordered later", "LT-2"),
        ("後で注文したほう", "LT-2"),
        ("o que pedi depois", "LT-2"),
        ("อันที่สั่งก่อน", "LT-1"),
        ("the earlier one", "LT-1"),
    ],
)
def test_an_order_chosen_as_the_later_or_the_earlier(text, want):
    got = orders(
        ("LT-1", "TV Wall Mount", placed(9), "delivered", None),
        ("LT-2", "HDMI Cable", placed(4), "delivered", None),
    )
    assert answer(text, got)[0] == want


@pytest.mark.parametrize("text", ["the black friday one", "la del black friday", "黑五买的那单"])
def test_an_order_chosen_by_black_friday(text):
    month, day = _black_friday(NOW.year)
    friday = datetime(NOW.year, month, day, 10, tzinfo=UTC)
    got = orders(
        ("BF-1", "Espresso Machine", friday, "delivered", None),
        ("BF-2", "Paper Filters", friday - timedelta(days=40), "delivered", None),
    )
    assert answer(text, got)[0] == "BF-1"


@pytest.mark.parametrize("text", ["celle à 15 balles", "the 15 bucks one", "la de 15 pesos"])
def test_an_order_chosen_by_its_price_in_slang_not_by_its_number(text):
    got = orders(
        ("Q1Z5", "Headphones", placed(3), "delivered", Decimal("349.00")),
        ("M8T3", "Headphone Case", placed(3), "delivered", Decimal("15.90")),
    )
    assert answer(text, got)[0] == "M8T3"


@pytest.mark.parametrize(
    "text",
    ["not the fridge one, the other", "el de la nevera no, el otro", "不是冰箱那个，另一个"],
)
def test_an_order_chosen_as_the_other_than_the_one_named(text):
    got = orders(
        ("G-01", "Refrigerator 375L", placed(3), "delivered", None),
        ("G-02", "Water Filter Refill", placed(3), "delivered", None),
    )
    assert answer(text, got)[0] == "G-02"


@pytest.mark.parametrize("text", ["本体ではない方の注文", "not the device itself", "不是主机那个"])
def test_an_order_that_is_not_the_product_itself_is_the_accessory(text):
    got = orders(
        ("N-01", "Game Console OLED White", placed(3), "delivered", None),
        ("N-02", "Carrying Case for Game Console", placed(3), "delivered", None),
    )
    assert answer(text, got)[0] == "N-02"


@pytest.mark.parametrize(
    ("text", "want"),
    [("the one where I got just one", "U-1"), ("the one with two", "U-2"), ("两个的那单", "U-2")],
)
def test_an_order_chosen_by_the_units_it_holds(text, want):
    got = orders(
        ("U-1", "Steel Tumbler 30oz", placed(6), "delivered", None),
        ("U-2", "Steel Tumbler 30oz ×2", placed(4), "delivered", None),
    )
    assert answer(text, got)[0] == want


# --------------------------------------------------------------------------- choices
def choice(*options: tuple[str, str], action: str | None = None) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[ExpectedOption(id=i, label=label) for i, label in options],
        action=action,
    )


OUT_OF_STOCK = choice(
    ("coupon", "Coupon 5%"), ("priority", "Priority shipping"), ("cancel", "Cancel and refund")
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("number 2 please", "priority"),
        ("la opción 3 por favor", "cancel"),
        ("pilih nomor 1 ya kak", "coupon"),
        ("вариант 2 пожалуйста", "priority"),
        ("رقم ٣ لو سمحت", "cancel"),
    ],
)
def test_a_numbered_option_typed_in_a_sentence_is_that_option(text, want):
    assert answer(text, OUT_OF_STOCK)[0] == want


GO_ON = choice(("continue", "Continue the return"), ("drop", "Stop"))


@pytest.mark.parametrize(
    "text",
    [
        "keep going, but do I have to print a label?",
        "continuar, pero ¿tengo que imprimir la etiqueta?",
        "продолжить, но этикетку нужно печатать?",
        "続けます、でもラベルは必要ですか？",
        "ต่อค่ะ แต่ต้องพิมพ์ใบปะหน้าเองไหม",
    ],
)
def test_a_choice_followed_by_a_question_keeps_the_choice(text):
    got = RULES.understand_sync(text, expect=GO_ON).answer
    assert got is not None and got.payload == "continue"
    assert got.rest


@pytest.mark.parametrize(
    "text", ["just cancel the entire order", "cancela todo el pedido entonces", "整单取消吧"]
)
def test_a_cancellation_at_a_returns_item_question_is_no_item(text):
    lines = items(("T1", "T-Shirt White L", 2), ("T2", "Denim Shorts", 1))
    lines.action = "return_request"
    assert answer(text, lines) == (None, None)
    scope = choice(("whole", "Whole order"), ("some", "Some items"), action="return_request")
    assert answer(text, scope) == (None, None)


def test_a_cancellation_at_a_cancels_item_question_is_the_whole_order():
    lines = items(("T1", "T-Shirt White L", 2), ("T2", "Denim Shorts", 1))
    lines.action = "cancel_order"
    assert answer("cancel the entire order", lines)[0] == "all"


HELP_MENU = Expectation(
    kind=ExpectKind.CHOICE,
    options=[
        ExpectedOption(id="status", label="Track my order", meaning="order_status"),
        ExpectedOption(id="return", label="Returns", meaning="return_request"),
        ExpectedOption(id="cancel", label="Cancel an order", meaning="cancel_order"),
        ExpectedOption(id="human", label="Talk to someone", meaning="human_agent"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "can you change the phone number on my order",
        "quiero cambiar el teléfono del pedido",
        "帮我改一下收件人的电话",
        "tolong ganti nomor hp penerima",
        "nhờ shop đổi số điện thoại người nhận",
    ],
)
def test_a_change_of_phone_at_a_menu_without_it_is_no_option(text):
    assert answer(text, HELP_MENU) == (None, None)


@pytest.mark.parametrize(
    "text", ["cancel order number 2", "hủy đơn số 2", "cancelar el pedido nº 2"]
)
def test_an_option_named_with_a_number_is_that_option_not_the_numbered_one(text):
    assert answer(text, HELP_MENU)[0] == "cancel"


def reasons(*labels: str) -> Expectation:
    codes = ("size", "defective", "wrong_item", "no_reason")
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(id=c, label=label, meaning=c)
            for c, label in zip(codes, labels, strict=True)
        ],
    )


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "I don't want it anymore... no, better the faulty one, it buzzes",
            ("Wrong size", "Faulty product", "Got another product", "Don't want it"),
        ),
        (
            "la talla... no, mejor la de producto con fallas, zumba",
            ("Talla incorrecta", "Producto con fallas", "Llegó otro producto", "Ya no lo quiero"),
        ),
        (
            "passt nicht... nein, lieber defekt, es brummt",
            ("Größe passt nicht", "Defekt", "Falscher Artikel", "Will es nicht mehr"),
        ),
    ],
)
def test_a_choice_taken_back_for_a_better_one_is_the_better_one(text, labels):
    assert answer(text, reasons(*labels))[0] == "defective"


PARTLY_DECLARED_MENU = Expectation(
    kind=ExpectKind.CHOICE,
    options=[
        ExpectedOption(id="status", label="Seguimiento del pedido", meaning="order_status"),
        ExpectedOption(id="return", label="Devoluciones"),
        ExpectedOption(id="cancel", label="Cancelar pedido"),
        ExpectedOption(id="human", label="Hablar con un agente"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "quiero cambiar el teléfono del pedido",
        "please update the phone number on that order",
        "bitte die Telefonnummer der Bestellung ändern",
    ],
)
def test_a_menu_some_of_whose_requests_are_declared_is_still_a_menu(text):
    assert answer(text, PARTLY_DECLARED_MENU) == (None, None)
    assert answer("cancelar pedido", PARTLY_DECLARED_MENU)[0] == "cancel"


@pytest.mark.parametrize(
    "text",
    ["耳机本身退 保护套我留着", "the earbuds themselves, I keep the cover", "音箱本体 保護殼留著"],
)
def test_the_product_itself_with_its_protective_case_kept_is_the_product(text):
    lines = items(("E1", "无线耳机 降噪 Earbuds", 1), ("E2", "耳机保护套 Earbuds Cover", 1))
    if "音箱" in text:
        lines = items(("E1", "蓝牙音箱 Mini", 1), ("E2", "音箱保护壳 Mini", 1))
    assert answer(text, lines)[0] == "E1"


@pytest.mark.parametrize(
    "text",
    [
        "honestly the whole lot, everything",
        "todo, la verdad, todo",
        "ehrlich gesagt alles, komplett",
    ],
)
def test_all_of_it_said_with_feeling_is_all_items(text):
    lines = items(("H1", "Water Bottle 32oz", 2), ("H2", "Bottle Brush Set", 1))
    assert answer(text, lines)[0] == "all"
