"""Which item a message names, when it names one by its title in the shop's words."""

from __future__ import annotations

from core.dialogue.items import line_named_in
from tests.factories import order


def _order(*titles: str):
    return order(
        items=[
            {
                "line_id": f"L{i}",
                "sku": f"SKU-{i}",
                "title": t,
                "quantity": 1,
                "unit_price": "10.00",
            }
            for i, t in enumerate(titles, 1)
        ]
    )


def test_a_thai_title_is_named_by_a_word_of_it_inside_unspaced_text():
    o = _order("ผ้าห่มนวม ขนาด 6 ฟุต", "กระเป๋าเป้กันน้ำ สีดำ")
    text = "ขอเปลี่ยนที่อยู่จัดส่งออเดอร์ผ้าห่มเป็น 55/3 ซอยอารีย์ 4"
    assert line_named_in(o, text, {"L1": 1, "L2": 1}) == "L1"


def test_a_thai_message_naming_no_title_names_no_line():
    o = _order("ผ้าห่มนวม ขนาด 6 ฟุต", "กระเป๋าเป้กันน้ำ สีดำ")
    assert line_named_in(o, "ขอเปลี่ยนที่อยู่จัดส่งค่ะ", {"L1": 1, "L2": 1}) is None
