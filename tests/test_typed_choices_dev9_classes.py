"""Typed answers by class, each in several languages (the classes behind the order, item and
choice misses of answers_dev9, in wordings of our own): an order chosen by a price said
roughly, by a day of the week, by "last month" with its product, by where it stands on the
list, by a correction inside the reply; an item or an order chosen with another said to be
fine; all of it with each line named; all of one line's count; an option chosen in words,
one refused, or chosen before a question, or by its label before a wish. The rule layer
alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.replies import _rough_price, shown_amounts
from tests.test_typed_answers_dev4_classes import orders
from tests.typed_answer_helpers import RULES, answer, items

NOW = datetime.now(UTC)


def placed(days: int) -> datetime:
    return NOW - timedelta(days=days)


# --------------------------------------------------------------------------- orders
@pytest.mark.parametrize(
    "text",
    [
        "六百多的那个",
        "六百多块那单",
        "อันหกร้อยกว่า",
        "the 600-something one",
        "the one around 640 bucks",
        "la de unos 650 pesos",
        "около 630 рублей",
        "600円台のやつ",
    ],
)
def test_an_order_chosen_by_a_price_said_roughly(text):
    got = orders(
        ("P-7101", "Espresso Grinder", placed(3), "delivered", Decimal("649.00")),
        ("P-7102", "Milk Jug", placed(3), "delivered", Decimal("129.00")),
    )
    assert answer(text, got)[0] == "P-7101"


@pytest.mark.parametrize("text", ["十多天前买的", "两个多月前下的单"])
def test_a_time_said_roughly_is_no_price(text):
    assert _rough_price(text) is None


def test_a_price_after_the_word_for_price_is_shown():
    assert shown_amounts("ลำโพงบลูทูธ ราคา 2,450") == {2450.0}
    assert shown_amounts("Wasserkocher, Preis: 39,90") == {39.9}


def _previous_week(weekday: int) -> int:
    """Days ago of that day of the week in the week before this one (Monday first)."""
    return NOW.date().weekday() + 7 - weekday


@pytest.mark.parametrize(
    "text",
    [
        "上周三下的那单",
        "先週の水曜日に注文したやつ",
        "지난주 수요일에 주문한 거",
        "semana pasada, el miércoles",
    ],
)
def test_an_order_chosen_by_a_day_of_last_week(text):
    days = _previous_week(2)
    got = orders(
        ("W-1", "Rice Cooker", placed(days), "delivered", None),
        ("W-2", "Rice Paddle", placed(days + 7), "delivered", None),
        ("W-3", "Steamer Basket", placed(max(0, days - 8)), "unshipped", None),
    )
    assert answer(text, got)[0] == "W-1"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("el del mes pasado, la lámpara", "M-1"),
        ("yang bulan lalu, lampu", "M-1"),
        ("the one from last month, the lamp", "M-1"),
        ("先月のやつ、ランプ", "M-1"),
    ],
)
def test_an_order_chosen_by_last_month_and_its_product_agreeing(text, want):
    got = orders(
        ("M-1", "Desk Lamp LED", placed(38), "delivered", None),
        ("M-2", "Notebook A5", placed(NOW.day + 2), "delivered", None),
    )
    assert answer(text, got)[0] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("上面那个", "T-1"),
        ("the top one", "T-1"),
        ("el de arriba", "T-1"),
        ("맨 위에 거요", "T-1"),
        ("最下面那個", "T-3"),
        ("the bottom one please", "T-3"),
        ("yang paling bawah", "T-3"),
        ("o de baixo", "T-3"),
    ],
)
def test_an_order_chosen_by_where_it_stands_on_the_list(text, want):
    got = orders(
        ("T-1", "Phone Stand", placed(5), "delivered", None),
        ("T-2", "USB Hub", placed(5), "delivered", None),
        ("T-3", "Webcam Cover", placed(5), "delivered", None),
    )
    assert answer(text, got)[0] == want


@pytest.mark.parametrize(
    "text",
    [
        "大きいほう…あ、ちがう、小さいほうです",
        "大きい方、違います、小さい方で",
        "큰 거요 아니 아니 작은 거",
    ],
)
def test_an_order_taken_back_inside_the_reply_is_the_other(text):
    got = orders(
        ("S-1", "Storage Box Large", placed(4), "delivered", None),
        ("S-2", "Storage Box Small", placed(4), "delivered", None),
    )
    assert answer(text, got)[0] == "S-2"


def test_a_different_size_is_still_a_reason_not_a_take_back():
    from core.understanding.replies import taken_back

    assert taken_back("サイズが違う") is None
    assert taken_back("色が違うので返品したい") is None


# --------------------------------------------------------------------------- fine, not chosen
@pytest.mark.parametrize(
    "text",
    [
        "just the charger. the case is fine",
        "solo el cargador, la funda está bien",
        "手机壳没问题 是充电器那个",
        "الجراب تمام بس الشاحن ما يشتغل",
        "케이스는 괜찮아요 충전기요",
    ],
)
def test_an_item_said_to_be_fine_is_not_the_one_chosen(text):
    lines = items(("L1", "USB-C charger 20W", 1), ("L2", "Phone case silicone", 1))
    assert answer(text, lines)[0] == "L1"


@pytest.mark.parametrize(
    "text",
    [
        "the kettle one. the toaster is fine",
        "烤面包机没问题 是水壶那单",
        "la tostadora está bien, la del hervidor",
    ],
)
def test_an_order_said_to_be_fine_is_not_the_one_chosen(text):
    got = orders(
        ("K-1", "Toaster 2-slice", placed(6), "delivered", None),
        ("K-2", "Electric Kettle", placed(6), "delivered", None),
    )
    assert answer(text, got)[0] == "K-2"


# --------------------------------------------------------------------------- all of it
@pytest.mark.parametrize(
    "text",
    ["all of it, towels, mat and curtain", "todo: toallas, alfombra y cortina, todo"],
)
def test_all_of_it_with_each_line_named_is_all_items(text):
    lines = items(("L1", "Bath towels", 2), ("L2", "Bath mat", 1), ("L3", "Shower curtain", 1))
    assert answer(text, lines)[0] == "all"


@pytest.mark.parametrize(
    "text", ["세 개 다 반품할게요", "all three of them", "三个都退", "toutes les trois"]
)
def test_all_of_a_count_that_is_one_lines_is_that_line(text):
    lines = items(("L1", "Face cream 50ml", 2), ("L2", "Sheet masks", 3))
    assert answer(text, lines) == ("L2", 3)


def test_both_counted_and_named_is_that_line_not_both_lines():
    lines = items(("L1", "Set of mugs", 2), ("L2", "Teapot", 1))
    assert answer("both sets of mugs", lines) == ("L1", 2)
    pair = items(("L1", "Mug", 1), ("L2", "Teapot", 1))
    assert answer("both", pair)[0] == "all"


# --------------------------------------------------------------------------- choices
def choice(*options: tuple[str, str]) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[ExpectedOption(id=i, label=label) for i, label in options],
    )


RESTOCK = choice(("refund", "Refund"), ("wait", "Wait for restock"), ("swap", "Similar item"))


@pytest.mark.parametrize(
    "text",
    ["환불이요 기다리기 싫어요", "just refund me, I don't want to wait", "退款吧 不想等了"],
)
def test_waiting_refused_is_the_other_option(text):
    assert answer(text, RESTOCK)[0] == "refund"


@pytest.mark.parametrize(
    "text",
    [
        "那就等一等吧 不着急 要多久才有货",
        "行 我等着 大概什么时候到货",
        "待ちます 急がないので どのくらいかかりますか",
        "ok I'll wait, how long will it be?",
        "espero entonces, ¿cuánto tarda?",
    ],
)
def test_an_option_chosen_in_words_before_a_question_keeps_it(text):
    got = RULES.understand_sync(text, expect=RESTOCK).answer
    assert got is not None and got.payload == "wait"


def test_an_option_by_its_label_before_a_wish_is_that_option():
    menu = choice(
        ("refund", "Rückerstattung"),
        ("wait", "Auf Nachlieferung warten"),
        ("swap", "Anderen Artikel wählen"),
    )
    got = RULES.understand_sync("anderen Artikel, gern in Grau", expect=menu).answer
    assert got is not None and got.payload == "swap"


SHAVER = items(("L1", "Electric shaver S5000", 1), ("L2", "Shaver replacement heads", 2))


@pytest.mark.parametrize(
    "text", ["刀頭那個", "刀头那个就行", "the replacement heads", "替刃のほう", "면도날이요"]
)
def test_a_shaver_head_is_not_taken_for_the_shaver(text):
    assert answer(text, SHAVER)[0] == "L2"


@pytest.mark.parametrize("text", ["刮鬍刀本身", "the shaver itself", "la afeitadora"])
def test_the_shaver_itself_is_the_shaver(text):
    assert answer(text, SHAVER)[0] == "L1"


@pytest.mark.parametrize(
    "text",
    ["아 그리고 포인트 들어온다고 했는데 아직이에요", "쿠폰 준다고 하셨잖아요"],
)
def test_a_korean_verb_ending_is_no_all_of_them(text):
    lines = items(("L1", "Running shoes 260", 1), ("L2", "Running socks", 2))
    assert answer(text, lines)[0] is None


@pytest.mark.parametrize("text", ["다 반품할게요", "전부 다요", "둘 다"])
def test_a_korean_all_of_them_is_all_items(text):
    lines = items(("L1", "Running shoes 260", 1), ("L2", "Running socks", 2))
    assert answer(text, lines)[0] == "all"
