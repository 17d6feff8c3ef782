"""Return reasons told by their symptom, and the money asked back: what the customer says of
the item decides the reason the return is filed with, and an item that came broken with the
money asked back is a return, not a parcel case."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander, frame


@pytest.mark.parametrize(
    "text",
    [
        "the scarf is fraying on one side after wearing it twice",
        "le foulard s'effiloche déjà sur tout un côté",
        "der Schal ist nach zweimal Tragen schon ausgefranst",
        "急須を使ってみたら水が漏れてきます",
        "水壶用了两次就漏水",
        "la botella gotea por la tapa",
        "чайник протекает снизу",
    ],
)
def test_an_item_that_wears_out_or_leaks_in_use_is_defective(text):
    assert frame.reason_in(text) == "defective"


@pytest.mark.parametrize(
    "text",
    [
        "die Glaskaraffe hat einen Sprung am Hals",
        "the jug has a crack near the handle",
        "la jarra llegó con una grieta",
        "玻璃壶有一道裂纹",
        "кувшин пришёл с трещиной",
    ],
)
def test_a_crack_in_the_item_is_damage(text):
    assert frame.reason_in(text) == "damaged"


@pytest.mark.parametrize(
    "text",
    [
        "المخدة ما عجبني لونها",
        "الشنطة مش عاجبني شكلها",
        "الساعة ما عجبتني",
    ],
)
def test_dislike_in_spoken_arabic_is_the_customers_own_reason(text):
    assert frame.reason_in(text) == "no_reason"


@pytest.mark.parametrize(
    "text",
    [
        "Gestern kam mein Paket an und die Glaskaraffe hat einen Sprung. "
        "Ich hätte gern das Geld für die Karaffe zurück.",
        "Me llegó la jarra con una grieta, quiero que me devuelvan el dinero",
        "Кувшин пришёл с трещиной, верните деньги пожалуйста",
    ],
)
async def test_an_item_that_came_broken_with_the_money_asked_back_is_a_return(text):
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.RETURN_REQUEST
    assert r.reason == "damaged"


@pytest.mark.parametrize(
    "text",
    [
        "ผ้ารองจานที่ได้มาเป็นลายทางสีเทาค่ะ ไม่ใช่ลายดอกไม้ที่สั่ง ขอคืนเงินนะคะ",
        "the mats came in grey stripes, not the floral ones I ordered, I want to return them",
        "llegaron a rayas grises, no son las de flores que pedí, quiero devolverlas",
        "届いたのはグレーのストライプで、注文した花柄じゃないです。返品したい",
    ],
)
def test_what_came_said_to_be_not_what_was_ordered_is_a_wrong_item(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "wrong_item"
