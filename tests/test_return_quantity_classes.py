"""How many units and which line a return or cancellation means, when the message also counts
what the customer has and keeps: "one of the two" is one, and what is kept is not acted on."""

from __future__ import annotations

import pytest

from core.dialogue.items import line_named_in
from core.understanding.entities import extract_entities
from tests.factories import order


def _order(*titles: str):
    return order(
        items=[
            {
                "line_id": f"L{i}",
                "sku": f"SKU-{i}",
                "title": t,
                "quantity": 3,
                "unit_price": "10.00",
            }
            for i, t in enumerate(titles, 1)
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "我收到嗰兩條USB-C線 有一條插落部手機完全冇反應 想退返嗰條",
        "买了三个杯子 其中一个裂了",
        "洗面奶买了两支 有一支还没拆封 能退吗",
    ],
)
def test_one_of_the_things_counted_before_counts_one(text):
    assert extract_entities(text).quantities == [1]


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        (
            "one pair of the socks is too small, can I send it back? keeping the other two "
            "and the jacket",
            ("Waterproof Hiking Jacket", "Merino Hiking Socks"),
        ),
        (
            "un par de calcetines me queda chico, ¿lo puedo devolver? me quedo con la gorra "
            "y la chaqueta",
            ("Chaqueta impermeable", "Calcetines de lana", "Gorra"),
        ),
        (
            "滤网多拍了 麻烦帮我取消 净化器和杯子照常发",
            ("空气净化器", "滤网", "保温杯"),
        ),
    ],
)
def test_what_the_customer_keeps_is_not_the_line_acted_on(text, titles):
    o = _order(*titles)
    socks = next(i.line_id for i in o.items if i.title in (titles[1],))
    assert line_named_in(o, text, {i.line_id: 3 for i in o.items}) == socks


@pytest.mark.parametrize(
    ("text", "count"),
    [("ผิดทั้งสองผืนเลย", 2), ("ขอคืน 2 แผ่น", 2), ("สายชาร์จ 1 เส้นเสีย", 1)],
)
def test_a_thai_count_with_the_classifier_of_cloth_sheets_or_strands_is_a_quantity(text, count):
    assert extract_entities(text).quantities == [count]
