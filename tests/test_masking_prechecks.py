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
