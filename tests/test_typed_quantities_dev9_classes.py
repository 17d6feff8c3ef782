"""Typed quantities by class, each in several languages (the classes behind the item and
quantity misses of answers_dev9, in wordings of our own): a line named with its count keeps
the count of the clause that asks for the action, not what was bought nor what is kept; a
count kept said after its number ("zehn behalt ich") or with a clitic ("j'en garde une"); some
opened of what came and the rest back; a bare "all" in kana; "all"/"both" with a count of
units is of the one line holding them, not the whole order. The rule layer alone."""

from __future__ import annotations

import pytest

from core.understanding.counts import acting_count, relative_quantity
from tests.test_understanding_typed_answers_general import _quantity
from tests.typed_answer_helpers import answer, items


def count(text: str, top: int) -> int | None:
    """The count a reply gives to "how many of the `top` units?"."""
    return answer(text, _quantity(top))[1]


# --------------------------------------------------------------------------- quantity step
@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("j'en garde deux, renvoyez le reste", 6, 4),
        ("drei behalt ich, den Rest schicke ich zurück", 8, 5),
        ("one I keep, the rest can go back", 4, 3),
        ("две оставлю, остальные верну", 5, 3),
    ],
)
def test_a_count_kept_said_before_its_word_of_keeping(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("八包里吃了一包 剩下的都退", 8, 7),
        ("四瓶里开了两瓶 剩下的退", 4, 2),
        ("5개 중에 하나 뜯었어요 나머지 반품", 5, 4),
    ],
)
def test_some_opened_of_what_came_and_the_rest_back(text, top, n):
    assert count(text, top) == n


@pytest.mark.parametrize("text", ["ぜんぶ", "ぜんぶで", "全部です"])
def test_all_in_kana_is_every_unit(text):
    assert count(text, 7) == 7


# --------------------------------------------------------------------------- item step
CABLES = items(("C1", "USB-C charger 65W", 1), ("C2", "Braided USB-C cable 1m", 4))


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("USB-C cable 买了四根 退三根吧 留一根", 3),
        ("ซื้อสายชาร์จมาสี่เส้น คืนสองเส้นพอ อีกสองเส้นเก็บไว้", 2),
        ("the cables: bought four, I'll return two of them, keep the others", 2),
    ],
)
def test_a_lines_count_is_the_one_its_action_says(text, n):
    assert answer(text, CABLES) == ("C2", n)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("кабели: три из четырёх, один оставлю", 3),
        ("cables, two of the four, one I keep", 2),
    ],
)
def test_a_part_of_a_line_beside_one_kept(text, n):
    assert answer(text, CABLES) == ("C2", n)


CREAMS = items(("K1", "Hand cream tube 50ml", 2), ("K2", "Night face cream jar", 3))


@pytest.mark.parametrize(
    "text",
    ["세 개 다 반품할게요", "todas as três, por favor", "alle drei bitte zurück"],
)
def test_all_of_a_count_is_the_line_holding_that_many(text):
    assert answer(text, CREAMS) == ("K2", 3)


GLASSES = items(("G1", "Set of 6 tumblers glass", 2), ("G2", "Glass water jug", 1))


@pytest.mark.parametrize("text", ["les deux sets de tumblers", "both sets of tumblers"])
def test_both_with_a_named_line_of_two_is_that_line(text):
    assert answer(text, GLASSES) == ("G1", 2)


PULLOVERS = items(("P1", "Wool pullover blue", 1), ("P2", "Wool pullover grey", 1))


@pytest.mark.parametrize("text", ["les deux pulls", "both pullovers", "todos"])
def test_both_of_two_single_lines_is_still_the_whole_order(text):
    assert answer(text, PULLOVERS)[0] == "all"


def test_no_count_in_the_asking_clause_says_none():
    assert acting_count("bought three, kept one") is None
    assert relative_quantity("keep the rest", 4) is None


TABLEWARE = items(("T1", "Ceramic mug", 3), ("T2", "Dinner plate", 2))


@pytest.mark.parametrize(
    "text",
    [
        "only one of the mugs, the plates are fine",
        "solo una de las tazas, los platos están bien",
        "só uma das canecas, os pratos estão ok",
        "nur eine von den Tassen, die Teller sind ok",
    ],
)
def test_a_count_goes_with_the_line_its_own_words_name(text):
    assert answer(text, TABLEWARE) == ("T1", 1)
