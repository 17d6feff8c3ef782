"""Masking skips a costly pattern only when the text cannot match it (issue 18): every ASCII
word or cue of the street-first, unit and name-cue patterns is in the list checked first, so
the output is the same as running every pattern."""

from __future__ import annotations

import re

import pytest

from core import masking
from core.masking import mask_text


def _ascii_alternatives(pattern: re.Pattern[str]) -> list[str]:
    """The literal head of every alternative inside the pattern's groups, ASCII ones only."""
    found = []
    for group in re.findall(r"\(\?(?::|i:)([^()]*)\)", pattern.pattern):
        for alternative in group.split("|"):
            head = re.split(r"\\s|\[|\\\.\?", alternative)[0].replace("\\.", ".")
            if head.isascii() and head.strip() and not head.startswith("\\"):
                found.append(head.lower())
    return found


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (masking._INTL_STREET_FIRST, masking._STREET_FIRST_WORDS),
        (masking._INTL_UNIT, masking._UNIT_WORDS),
        (masking._EN_NAME_CUE, masking._NAME_CUE_WORDS),
    ],
)
def test_every_ascii_word_of_a_skippable_pattern_is_checked_first(
    pattern: re.Pattern[str], words: tuple[str, ...]
) -> None:
    alternatives = _ascii_alternatives(pattern)
    assert len(alternatives) >= 9
    assert all(any(word in alt for word in words) for alt in alternatives), alternatives


def test_an_ascii_street_unit_and_name_are_masked_in_any_case() -> None:
    masked = mask_text("Deliver to Hauptstrasse 12, APT 5 for Mia Roe; MY NAME IS Tom Lee")
    assert "Hauptstrasse 12" not in masked and "APT 5" not in masked
    assert "Tom Lee" not in masked and "Mia" in masked  # no cue before Mia: not a name


@pytest.mark.parametrize(
    ("pattern", "hint", "text"),
    [
        (masking._CN_MOBILE, "mobile", "电话 +86 138-1234-5678"),
        (masking._POSTAL, "postal", "London SW1A 1AA"),
        (masking._POSTAL, "postal", "Ottawa K1A 0B1"),
        (masking._POSTAL, "postal", "NY 10001-1234"),
        (masking._POSTAL, "postal", "東京都 〒 1000001"),
        (masking._POSTAL, "postal", "大阪 530-0001"),
        (masking._PDD, "dashed", "单号 251108-530917742016358"),
        (masking._AMAZON, "dashed", "order 112-1234567-1234567"),
        (masking._DIGIT_RUN, "run", "tracking 1Z 999 AA1 0123 4567"),
        (masking._SHORT_RUN, "five", "code 48213 please"),
    ],
)
def test_every_match_of_a_prechecked_pattern_holds_what_is_checked_first(
    pattern: re.Pattern[str], hint: str, text: str
) -> None:
    matches = list(pattern.finditer(text))
    assert matches
    assert all(masking._HINTS[hint].search(m.group(0)) for m in matches)


def test_a_text_without_a_digit_skips_the_number_patterns_and_keeps_its_words() -> None:
    assert mask_text("where is my parcel, Dec the fourth?") == "where is my parcel, Dec the fourth?"


def test_a_question_two_customers_ask_is_masked_once_when_it_holds_none_of_their_values() -> None:
    masking._MASKED.clear()
    first = mask_text("has my order shipped yet?", known=["Ann Lee", "B1043"], extract=False)
    second = mask_text("has my order shipped yet?", known=["Bo Chen", "C2077"], extract=False)
    assert first == second == "has my order shipped yet?"
    assert len(masking._MASKED) == 1


def test_a_known_value_the_text_holds_is_still_masked_in_any_case() -> None:
    masked = mask_text("is ANN LEE's parcel out?", known=["Ann Lee", "Bo Chen"], extract=False)
    assert "ANN LEE" not in masked and "parcel out" in masked
