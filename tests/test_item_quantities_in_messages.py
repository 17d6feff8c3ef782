"""The quantity of an item named in a customer's first message is the count the request
concerns, not the count bought: "ordered five notebooks… cancel three of them" is three."""

from __future__ import annotations

import pytest

from core.understanding.counts import acting_count
from core.understanding.entities import extract_entities


def _count_of(text: str, word: str) -> int | None:
    """The quantity given to the product named `word` in `text`."""
    named = [p for p in extract_entities(text).products if word in p.text.casefold()]
    assert named, f"{word!r} not named in {text!r}"
    return named[0].quantity


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        ("I ordered five notebooks by mistake, could you cancel three of them?", "notebooks", 3),
        ("Pedí ocho velas aromáticas, ¿pueden cancelar cinco?", "velas", 5),
        ("J'ai commandé six bougies, pouvez-vous en annuler deux ?", "bougies", 2),
        ("我买了八个杯子，帮我退五个", "杯子", 5),
        ("タオルを六枚注文しましたが、四枚キャンセルしてください", "タオル", 4),
        ("Я купила четыре кружки, а нужна только одна. Верните три", "кружки", 3),
    ],
)
def test_count_of_the_request_not_of_the_purchase(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        ("Comprei cinco toalhas, dá pra cancelar três e deixar só duas?", "toalhas", 3),
        ("컵 다섯 개 주문했는데 세 개는 취소하고 두 개만 받을게요", "컵", 3),
        ("ordered ten notebooks, please cancel six and just send me four", "notebooks", 6),
    ],
)
def test_count_nearest_the_action_not_the_one_sent_on(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        ("bought three lamps, turns out i only need one — can i return the other two", "lamps", 2),
        ("Я купила четыре кружки, нужна только одна - верните три", "кружки", 3),
        ("Compré cuatro velas, solo necesito una — quiero devolver tres", "velas", 3),
    ],
)
def test_a_dash_ends_the_clause_of_what_is_needed(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        ("สั่งแก้วไปหกใบ ขอยกเลิกสี่ใบได้ไหม", "แก้ว", 4),
        ("ซื้อแก้วไป 5 ใบ ขอคืน 3 ใบได้ไหมคะ", "แก้ว", 3),
    ],
)
def test_thai_count_written_spaced_stays_with_its_verb(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        ("Ich habe vier Tassen bestellt, zwei kamen kaputt an", "tassen", 4),
        ("I ordered six notebooks and two arrived torn", "notebooks", 6),
        ("컵 네 개 주문했는데 두 개만 왔어요", "컵", 4),
        ("Pedí cuatro velas y llegaron dos rotas", "velas", 4),
    ],
)
def test_without_a_request_the_count_bought_stays(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("I ordered 3 mugs and 2 plates, please return one mug and one plate", {"mugs": 3}),
        ("Pedí tres tazas y dos platos, quiero devolver una taza y un plato", {"tazas": 3}),
        (
            "Drei Tassen und zwei Teller bestellt, bitte eine Tasse und einen Teller stornieren",
            {"tassen": 3},
        ),
    ],
)
def test_two_products_in_the_request_are_not_both_given_one_count(
    text: str, counts: dict[str, int]
) -> None:
    for word, count in counts.items():
        assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("cancel eight of them and just send four", 8),
        ("三袋キャンセルして二袋だけにしてください", 3),
        ("bitte sechs stornieren und nur vier schicken", 6),
    ],
)
def test_typed_reply_acting_count_is_the_one_by_the_action(text: str, count: int) -> None:
    assert acting_count(text) == count


@pytest.mark.parametrize(
    "text", ["cancel four of them", "en annuler quatre", "stornieren Sie vier"]
)
def test_a_number_word_is_never_a_product(text: str) -> None:
    assert all(
        p.text.casefold() not in {"four", "quatre", "vier"} for p in extract_entities(text).products
    )


@pytest.mark.parametrize(
    ("text", "part", "whole"),
    [
        ("我订了十瓶洗发水，太多了，退掉四瓶吧", 4, 10),
        ("買咗六包紙巾，想退返兩包", 2, 6),
        ("Заказала шесть банок мёда. Слишком много. Отмените две банки", 2, 6),
    ],
)
def test_count_bought_naming_its_item_becomes_the_part_acted_on(
    text: str, part: int, whole: int
) -> None:
    refs = [r for r in extract_entities(text).items if r.out_of == whole]
    assert refs and refs[0].quantity == part


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        ("Pedí siete velas, cancélenme tres por favor", "velas", 3),
        ("Pedí siete velas y me equivoqué, cancelen dos", "velas", 2),
        ("Pedí siete velas, ¿me cancela cuatro?", "velas", 4),
    ],
)
def test_spanish_requests_to_cancel_in_any_person(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "word", "count"),
    [
        (
            "We ordered fifty notebooks for the office, could you cancel twenty-two of them?",
            "notebooks",
            22,
        ),
        ("Pedimos treinta velas, ¿pueden cancelar doce?", "velas", 12),
        ("Wir haben zwanzig Tassen bestellt, bitte stornieren Sie zwölf", "tassen", 12),
        ("Nous avons commandé trente bougies, pouvez-vous en annuler quinze ?", "bougies", 15),
        ("Kami pesan tiga puluh handuk, tolong batalkan dua belas", "handuk", 12),
        ("สั่งแก้วไปยี่สิบใบ ขอยกเลิกสิบสองใบได้ไหม", "แก้ว", 12),
    ],
)
def test_counts_above_ten_said_in_words(text: str, word: str, count: int) -> None:
    assert _count_of(text, word) == count


@pytest.mark.parametrize(
    ("text", "part", "whole"),
    [
        ("bitte zwei der sechs Tassen stornieren", 2, 6),
        ("tolong cancel tiga dari sepuluh handuk", 3, 10),
        ("quiero devolver dos de las doce velas", 2, 12),
        ("Заказали сорок кружек, отмените пятнадцать", 15, 40),
    ],
)
def test_part_of_a_whole_said_in_words_or_above_ten(text: str, part: int, whole: int) -> None:
    refs = [r for r in extract_entities(text).items if r.quantity == part]
    assert refs and refs[0].out_of == whole


@pytest.mark.parametrize(
    ("text", "count"),
    [("верните одну пару", 1), ("return one pair of the socks", 1), ("верните две пары", 2)],
)
def test_a_pair_after_a_count_is_what_it_counts(text: str, count: int) -> None:
    assert extract_entities(text).quantities == [count]
