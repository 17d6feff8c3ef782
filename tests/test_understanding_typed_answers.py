"""Typed answers to the bot's own questions, read by the rule layer alone (no encoder): what a
customer types instead of pressing a button."""

from __future__ import annotations

import pytest

from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.local import LocalUnderstander

RULES = LocalUnderstander(encoder=None)


def items(*lines: tuple[str, str, int]) -> Expectation:
    return Expectation(
        kind=ExpectKind.ITEM,
        options=[
            ExpectedOption(id="all", label="All items", meaning="all"),
            *(
                ExpectedOption(id=line, label=f"{title} × {units}", words=[title], units=units)
                for line, title, units in lines
            ),
        ],
    )


CN_SHOP = items(
    ("L1", "小米 Redmi Buds 4 活力版 真无线蓝牙耳机 降噪", 1),
    ("L2", "北欧风 陶瓷马克杯 带盖勺 大容量 380ml", 4),
    ("L3", "桌面收纳盒 抽屉式 透明 三层", 2),
)


def answer(text: str, expect: Expectation) -> tuple[str | None, int | None]:
    got = RULES.understand_sync(text, expect=expect).answer
    return (got.payload, got.quantity) if got else (None, None)


def test_a_traditional_chinese_reply_names_an_item_of_a_simplified_title_by_one_character():
    assert answer("杯子退兩個", CN_SHOP) == ("L2", 2)


def test_all_of_one_line_comes_to_the_units_on_that_line():
    assert answer("收納盒全部", CN_SHOP) == ("L3", 2)


def test_a_vietnamese_pair_is_a_quantity_not_a_price_in_dong():
    shop = items(("L1", "Áo thun trắng", 1), ("L2", "Dép bánh mì nữ đế cao màu kem 37", 2))
    assert answer("1 đôi dép", shop) == ("L2", 1)


@pytest.mark.parametrize("text", ["komplett", "전부 다요", "كله", "trả hết", "全部都退"])
def test_the_whole_order_is_chosen_in_words_for_all(text):
    whole = Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(id="whole_order", label=label_whole)
            for label_whole in [
                "Die ganze Bestellung / 전체 반품 / الطلب كاملاً / Trả cả đơn / 整单退货"
            ]
        ]
        + [
            ExpectedOption(
                id="some_items", label="Nur einzelne Artikel / 일부 상품만 / 只退部分商品"
            )
        ],
    )
    assert answer(text, whole)[0] == "whole_order"


def test_a_reason_typed_in_traditional_chinese_is_found_by_its_simplified_words():
    reasons = Expectation(
        kind=ExpectKind.REASON,
        options=[
            ExpectedOption(id="return_reason:no_reason", label="不想要了", meaning="no_reason"),
            ExpectedOption(id="return_reason:size", label="尺寸不合", meaning="size"),
        ],
    )
    assert answer("多買了一條", reasons)[0] == "return_reason:no_reason"


@pytest.mark.parametrize(
    ("code", "text", "kept"),
    [
        ("defective", "I just never use it, it's still sealed in the original box", "no_reason"),
        ("size", "l'odeur est trop forte pour moi", "no_reason"),
        ("size", "思ったより薄かった", "no_reason"),
        ("size", "me quedó grande", "size"),
        ("defective", "it stopped charging after a day", "defective"),
    ],
)
def test_a_reason_found_by_meaning_must_agree_with_what_the_message_says(code, text, kept):
    from core.understanding.replies import plausible_reason

    assert plausible_reason(code, text) == kept


def _orders() -> Expectation:
    from datetime import UTC, datetime, timedelta

    from core.understanding.expect import OptionFacts

    now = datetime.now(UTC)
    rows = [("#1017", "Mug", 20, "delivered"), ("#3301", "Lamp", 2, "on_the_way")]
    return Expectation(
        kind=ExpectKind.ITEM,
        options=[
            ExpectedOption(
                id=f"order:{no}",
                label=f"****{no[-4:]} · {title}",
                words=[no, no.lstrip("#"), no[-4:], title],
                facts=OptionFacts(placed_at=now - timedelta(days=days), stage=stage),
            )
            for no, title, days, stage in rows
        ],
    )


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("the older one", "order:#1017"),
        ("最近的那个", "order:#3301"),
        ("el que está en camino", "order:#3301"),
        ("the one ending in 17", "order:#1017"),
    ],
)
def test_an_order_is_chosen_by_its_age_its_stage_or_the_end_of_its_number(text, chosen):
    assert answer(text, _orders())[0] == chosen
