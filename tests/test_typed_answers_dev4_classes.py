"""Typed answers by class, each in several languages (the classes behind the misses of
answers_dev4): an item by a kind of product the lists lacked, by a kind said not to be meant,
by length, by a title that says it is the big one, by a maroon colour; counts that hold their
classifier; an order by the day it was placed, by a month in Chinese numerals, by "still in the
warehouse", by "подешевле"; totals read from a summary; a Chinese "是" that joins two words; a
restriction after a refusal; doubt after a fact; "only one" between the whole and a part; "it's
settled" to drop; Indonesian negators as typed. The rule layer alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.understanding.expect import Expectation, ExpectedOption, ExpectKind, OptionFacts
from core.understanding.numbers import parse_quantity
from core.understanding.replies import shown_amounts
from tests.typed_answer_helpers import answer, items, yes_no


def orders(*rows: tuple[str, str, datetime, str, Decimal | None]) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(
                id=no,
                label=f"****{no[-4:]} · {summary}",
                words=[no, no[-4:], summary],
                facts=OptionFacts(
                    placed_at=placed,
                    stage=stage,
                    amount=amount,
                    currency=None if amount is None else "RUB",
                ),
            )
            for no, summary, placed, stage, amount in rows
        ],
    )


KNIVES = items(
    ("L1", "Chef Knife 20cm", 1), ("L2", "Knife Sharpener", 1), ("L3", "Cutting Board", 1)
)


@pytest.mark.parametrize("text", ["точилка", "la afiladora", "der Messerschärfer", "磨刀器"])
def test_a_sharpener_is_not_taken_for_the_knife(text):
    assert answer(text, KNIVES)[0] == "L2"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("弁当箱", "L1"),
        ("도시락통이요", "L1"),
        ("la lonchera", "L1"),
        ("der Akku", "L2"),
        ("la batería de repuesto", "L2"),
        ("배터리", "L2"),
    ],
)
def test_a_lunch_box_and_a_battery_are_named_in_any_language(text, line):
    two = items(("L1", "Bento Lunch Box", 1), ("L2", "Spare Battery 3000mAh", 1))
    assert answer(text, two)[0] == line


@pytest.mark.parametrize("text", ["маски", "les masques", "แผ่นมาสก์", "面膜"])
def test_a_face_mask_sheet_is_a_mask_not_a_bed_sheet_nor_the_toner(text):
    two = items(("L1", "Hydrating Mask Sheet 5 pcs", 2), ("L2", "Rose Toner 150ml", 1))
    assert answer(text, two)[0] == "L1"


@pytest.mark.parametrize("text", ["the sheet", "a fronha", "наволочку", "枕套"])
def test_a_sheet_and_a_pillowcase_are_told_apart(text):
    two = items(("L1", "Linen Flat Sheet Double", 1), ("L2", "Pillowcase Grey 2-pack", 1))
    want = "L1" if text == "the sheet" else "L2"
    assert answer(text, two)[0] == want


@pytest.mark.parametrize(
    "text", ["the earbuds, not the case", "los audífonos, no la funda", "наушники, не чехол"]
)
def test_a_kind_said_not_to_be_meant_is_left_out(text):
    two = orders(
        ("#1001", "Wireless Earbuds", datetime.now(UTC), "delivered", None),
        ("#1002", "Earbuds Case", datetime.now(UTC), "delivered", None),
    )
    assert answer(text, two)[0] == "#1001"


@pytest.mark.parametrize(
    "text", ["the short sleeve one", "la de manga corta", "短袖的", "yg pendek"]
)
def test_a_variant_chosen_by_a_word_of_length(text):
    two = items(("L1", "Linen Shirt Long Sleeve M", 1), ("L2", "Linen Shirt Short Sleeve M", 1))
    assert answer(text, two)[0] == "L2"


@pytest.mark.parametrize("text", ["the longer one", "el más largo", "长的那根"])
def test_the_longer_cable_is_the_one_with_more_metres(text):
    two = items(("L1", "Lightning Cable 1m", 1), ("L2", "Lightning Cable 3m", 1))
    assert answer(text, two)[0] == "L2"


@pytest.mark.parametrize("text", ["the big one", "la grande", "大的那个"])
def test_the_big_one_is_the_title_that_says_large(text):
    two = items(("L1", "Storage Basket Large", 1), ("L2", "Storage Basket", 1))
    assert answer(text, two)[0] == "L1"


@pytest.mark.parametrize("text", ["the burgundy one", "el granate", "酒红色的", "yg marun"])
def test_a_maroon_item_is_found_by_its_colour(text):
    two = items(("L1", "Scarf Navy", 1), ("L2", "Scarf Burgundy", 1))
    assert answer(text, two)[0] == "L2"


@pytest.mark.parametrize(
    ("text", "count"), [("要俩", 2), ("仨", 3), ("وحدة بس", 1), ("etnen", 2), ("세 봉지", 3)]
)
def test_counts_that_hold_their_classifier_or_are_spoken_forms(text, count):
    assert parse_quantity(text) == count


def _placed(month: int, day: int) -> datetime:
    return datetime(2025, month, day, tzinfo=UTC)


DATED = orders(
    ("#7001", "Tea set", _placed(10, 3), "delivered", None),
    ("#7002", "Tea set", _placed(11, 11), "delivered", None),
    ("#7003", "Tea set", _placed(11, 26), "on_the_way", None),
)


@pytest.mark.parametrize(
    "text",
    ["the one from 11/11", "双十一那单", "la del 11 de noviembre", "11月11日买的", "đơn 11.11"],
)
def test_an_order_is_chosen_by_the_day_it_was_placed(text):
    assert answer(text, DATED)[0] == "#7002"


@pytest.mark.parametrize("text", ["十月那单", "十月買的", "十月的那個"])
def test_an_order_is_chosen_by_a_month_in_chinese_numerals(text):
    assert answer(text, DATED)[0] == "#7001"


@pytest.mark.parametrize(
    "text",
    [
        "the one still in the warehouse",
        "la que sigue en el almacén",
        "还在仓库的那个",
        "yg masih di gudang",
    ],
)
def test_an_order_still_in_the_warehouse_is_the_unshipped_one(text):
    two = orders(
        ("#8001", "Lamp", datetime.now(UTC), "unshipped", None),
        ("#8002", "Rug", datetime.now(UTC), "on_the_way", None),
    )
    assert answer(text, two)[0] == "#8001"


@pytest.mark.parametrize(("text", "want"), [("подешевле", "#9002"), ("который подороже", "#9001")])
def test_the_cheaper_or_dearer_order_in_russian_comparatives(text, want):
    two = orders(
        ("#9001", "Кофемашина", datetime.now(UTC), "delivered", Decimal("24990")),
        ("#9002", "Капсулы", datetime.now(UTC), "delivered", Decimal("1490")),
    )
    assert answer(text, two)[0] == want


@pytest.mark.parametrize(
    ("summary", "total"),
    [("Кофемашина, 24 990 ₽", 24990.0), ("Tất 3 đôi 59.000đ", 59000.0), ("毛衣 ×1 ¥329", 329.0)],
)
def test_an_orders_total_is_read_from_its_summary_not_from_a_count(summary, total):
    assert shown_amounts(summary) == {total}


@pytest.mark.parametrize("text", ["不对，楼层是5楼不是6楼", "不是这个，收件人是我老婆"])
def test_a_chinese_copula_is_no_yes(text):
    assert answer(text, yes_no("change_address"))[0] == "no"


@pytest.mark.parametrize(
    "text",
    [
        "don't cancel everything, just cancel the case",
        "no lo canceles todo, solo cancela la funda",
        "别全部取消，只取消杯子",
    ],
)
def test_a_restriction_after_a_refusal_declines_the_whole(text):
    assert answer(text, yes_no("cancel_order"))[0] == "no"


@pytest.mark.parametrize(
    "text",
    [
        "I think I threw it out, let me look",
        "creo que la tiré, voy a buscar",
        "lupa kak udah dibuka apa belum",
        "不记得拆没拆了",
        "得问下我妈 快递是她签收的",
    ],
)
def test_doubt_after_a_fact_or_a_memory_lost_is_no_answer(text):
    assert answer(text, yes_no(fact="opened"))[0] is None


WHOLE_OR_SOME = Expectation(
    kind=ExpectKind.CHOICE,
    options=[
        ExpectedOption(id="whole", label="The whole order"),
        ExpectedOption(id="some", label="Only some items"),
    ],
)


@pytest.mark.parametrize("text", ["just one", "seulement une partie", "하나만", "solo uno"])
def test_only_one_is_a_part_not_the_first_option(text):
    assert answer(text, WHOLE_OR_SOME)[0] == "some"


@pytest.mark.parametrize("text", ["lass mal", "never mind, it's sorted", "ya no hace falta"])
def test_it_is_settled_drops_the_flow(text):
    go_on = Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(id="continue", label="Continue"),
            ExpectedOption(id="drop", label="Cancel"),
        ],
    )
    assert answer(text, go_on)[0] == "drop"


@pytest.mark.parametrize(
    "text", ["rusak, ga bisa nyala", "barangnya nggak nyala", "rusak gk bisa nyala"]
)
def test_indonesian_negators_as_typed_name_a_defect(text):
    reasons = Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(id=c, label=c, meaning=c)
            for c in ("defective", "damaged", "wrong_item", "size", "no_reason")
        ],
    )
    assert answer(text, reasons)[0] == "defective"
