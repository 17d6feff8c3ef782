"""Typed answers by class, each in several languages (the classes behind the misses of
answers_dev6 and answers_dev7, in wordings of our own): a fault denied before the customer's own
reason is told; a story that shares a word with a reason's label names no reason by it; an item
taken back for another; an item named by its kind in another language than its title, or by its
shade; every single one as all of them; an answer put off until later; a change refused
then the address said right; an order picked as the
product itself (not what is made for it), by a stage said in other words, by the letters its
number ends with, or by its position in a longer reply; the name of a city state typed in an
address kept as its city. The rule layer alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.understanding.addresses import extract_address
from tests.test_typed_answers_dev4_classes import orders
from tests.test_understanding_typed_answers_general import _quantity
from tests.test_understanding_typed_answers_reasons import reason
from tests.typed_answer_helpers import answer, items, yes_no


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("es", "no tiene nada roto, simplemente no me gustó el color", "no_reason"),
        ("fr", "rien d'abîmé, c'est juste qu'il me plaît pas", "no_reason"),
        ("ru", "брака никакого, просто велик", "size"),
        ("en", "nothing damaged, it just runs too small", "size"),
        ("de", "nichts beschädigt, ist mir einfach zu klein", "size"),
        ("ja", "壊れてはいないんですが、思ったより小さくて履けませんでした", "size"),
    ],
)
def test_a_fault_denied_before_the_customers_own_reason_is_that_reason(language, text, code):
    assert reason(text, language) == code


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "está bien hecho pero el color en persona es otro tono"),
        ("zh_Hant", "收到以後每天都用 電池一天比一天撐得短"),
        ("de", "ich habe es ausgepackt und die Farbe ist anders als auf dem Foto"),
    ],
)
def test_a_story_sharing_a_word_with_a_reasons_label_is_not_that_reason(language, text):
    assert reason(text, language) is None


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("绿的吧 啊不对 黄的", ("保温杯 绿色", "保温杯 黄色")),
        ("the grey one, no wait, the red", ("Hoodie Grey", "Hoodie Red")),
        ("la negra... no espera, la blanca", ("Camiseta Negra", "Camiseta Blanca")),
        ("블랙 말고 화이트요", ("Mug Black", "Mug White")),
        ("黒じゃなくて白のほうです", ("Tシャツ ブラック", "Tシャツ ホワイト")),
        ("a preta, quer dizer, a branca", ("Bolsa Preta", "Bolsa Branca")),
    ],
)
def test_an_item_taken_back_for_another_is_the_other(text, titles):
    assert answer(text, items(("A1", titles[0], 1), ("A2", titles[1], 1))) == ("A2", None)


@pytest.mark.parametrize(
    ("text", "lines", "want"),
    [
        ("верну коврик", (("K1", "Wireless Keyboard", 1), ("K2", "Mouse Pad Large", 1)), "K2"),
        ("鼠标垫", (("K1", "Gaming Mouse", 1), ("K2", "Mouse Pad Large", 1)), "K2"),
        (
            "die Hose bitte",
            (("R1", "Running Shirt Blue", 1), ("R2", "Running Tights Blue", 1)),
            "R2",
        ),
        (
            "just the bottle",
            (("B1", "Water Bottle 1L", 1), ("B2", "Bottle Cleaning Brush", 1)),
            "B1",
        ),
        ("la escobilla", (("B1", "Water Bottle 1L", 1), ("B2", "Bottle Cleaning Brush", 1)), "B2"),
        ("лампочки", (("L1", "Desk Lamp", 1), ("L2", "LED Bulb 9W (6 pcs)", 6)), "L2"),
        ("las bombillas", (("L1", "Desk Lamp", 1), ("L2", "LED Bulb 9W (6 pcs)", 6)), "L2"),
    ],
)
def test_an_item_named_by_its_kind_in_another_language_is_found(text, lines, want):
    assert answer(text, items(*lines))[0] == want


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("아이보리요", ("Cardigan Navy", "Cardigan Ivory")),
        ("die anthrazitfarbene, bitte", ("Cardigan Cream", "Cardigan Charcoal")),
        ("藍色のほう", ("Bowl White", "Bowl Indigo")),
        ("le bleu", ("Jean Black", "Jean Navy")),
    ],
)
def test_an_item_named_by_its_shade_or_the_shade_next_to_it_is_found(text, titles):
    assert answer(text, items(("C1", titles[0], 1), ("C2", titles[1], 1)))[0] == "C2"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("mmm déjame pensarlo y te digo", "cancel_order"),
        ("好 我問一下我先生再回你", "change_address"),
        ("weiß nicht genau, ich melde mich", "change_address"),
        ("не знаю точно, дам знать", "cancel_order"),
        ("pode ser, mas te aviso depois", "return_request"),
        ("ok, nanti aku kabarin", "cancel_order"),
    ],
)
def test_an_answer_put_off_until_later_is_no_answer_yet(text, action):
    assert answer(text, yes_no(action)) == (None, None)


def _ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


@pytest.mark.parametrize(
    ("text", "summaries"),
    [
        ("yang penyedot debu", ("Robot penyedot debu", "Kantong debu penyedot debu")),
        ("المكنسة ذاتها", ("مكنسة لاسلكية", "فلاتر المكنسة")),
        ("l'aspirateur", ("Aspirateur sans fil", "Sacs aspirateur x10")),
        ("der Staubsauger", ("Akku-Staubsauger", "Staubsaugerbeutel 10 Stück")),
    ],
)
def test_an_order_of_the_product_itself_is_not_the_order_of_what_is_made_for_it(text, summaries):
    got = orders(
        ("A-1001", summaries[0], _ago(9), "delivered", None),
        ("A-1002", summaries[1], _ago(3), "on_the_way", None),
    )
    assert answer(text, got)[0] == "A-1001"


@pytest.mark.parametrize("text", ["아직 출고 안 된 거요", "아직 출발 안 한 주문이요"])
def test_an_order_not_yet_dispatched_said_in_korean_is_the_unshipped_one(text):
    got = orders(
        ("31000100000001", "물티슈", _ago(9), "delivered", None),
        ("31000100000002", "물티슈", _ago(1), "unshipped", None),
    )
    assert answer(text, got)[0] == "31000100000002"


@pytest.mark.parametrize("text", ["尾號KX嗰張", "KX結尾的", "末尾がKXの注文"])
def test_an_order_named_by_the_letters_its_number_ends_with_is_found(text):
    got = orders(
        ("251101TW3AB7KX", "手機殼", _ago(9), "delivered", None),
        ("251120TW8CD2MQ", "充電線", _ago(3), "on_the_way", None),
    )
    assert answer(text, got)[0] == "251101TW3AB7KX"


@pytest.mark.parametrize(
    "text",
    ["die zweite, die vom Monatsende", "the second one, placed later", "la segunda, de fin de mes"],
)
def test_an_order_picked_by_its_position_in_the_first_clause_is_that_order(text):
    got = orders(
        ("#DE5001", "Winterjacke", _ago(20), "delivered", None),
        ("#DE5002", "Winterjacke", _ago(4), "delivered", None),
    )
    assert answer(text, got)[0] == "#DE5002"


@pytest.mark.parametrize(
    "text",
    ["the last one on the list", "真ん中のやつ", "가운데 거요", "la del medio", "die mittlere"],
)
def test_an_item_picked_by_its_place_in_the_list_is_that_item(text):
    lines = items(("P1", "Yoga Mat", 1), ("P2", "Yoga Block", 1), ("P3", "Stretch Strap", 1))
    want = "P3" if "last" in text else "P2"
    assert answer(text, lines)[0] == want


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("香港新界沙田大圍道 18 號 7樓 C室", "香港"),
        ("香港九龙观塘道 350 号 12楼", "香港"),
        ("Flat 9, 20/F, 33 Hennessy Road, Wan Chai, Hong Kong Island, Hong Kong", "Hong Kong"),
    ],
)
def test_a_city_states_name_typed_in_an_address_is_kept_as_its_city(text, city):
    parsed = extract_address(text, [])
    assert parsed is not None
    assert (parsed.country, parsed.city) == ("HK", city)


@pytest.mark.parametrize(
    "text", ["every last one of them", "cada una de ellas", "cada um deles", "jede einzelne davon"]
)
def test_every_single_one_is_all_of_them_not_one(text):
    assert answer(text, _quantity(4)) == ("q:4", 4)


@pytest.mark.parametrize(
    "text",
    [
        "espera, não altera não, o endereço antigo tá certo",
        "nee, nicht ändern bitte, die Adresse passt so",
        "no, no la cambies, la dirección está bien",
        "нет, не меняйте, адрес указан верно",
    ],
)
def test_a_change_refused_then_the_address_said_right_declines_the_change(text):
    assert answer(text, yes_no("change_address"))[0] == "no"
