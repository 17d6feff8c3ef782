"""What a message says of a product is read once per text (issue 18): the memo returns the
same reading, keeps no raw text and stays bounded."""

from __future__ import annotations

import pytest

from core.understanding.memo import by_text
from core.understanding.products import describe


@pytest.mark.parametrize(
    "text", ["is it the grey hoodie?", "ist es der graue Hoodie?", "是灰色的卫衣吗？"]
)
def test_the_same_text_is_described_once_and_read_alike(text: str) -> None:
    first = describe(text)
    assert describe(text) is first
    assert first.kinds == {"hoodie"} and first.colours == {"grey"}


def test_another_text_is_described_anew() -> None:
    assert describe("the red one") != describe("the rice cooker")


def test_the_memo_drops_its_oldest_entries_beyond_its_size() -> None:
    calls: list[str] = []

    @by_text(2)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    for text in ("a", "bb", "ccc", "a"):
        length(text)
    assert calls == ["a", "bb", "ccc", "a"]  # "a" was dropped when "ccc" came


def test_the_memo_keeps_digests_not_texts() -> None:
    @by_text(8)
    def upper(text: str) -> str:
        return text.upper()

    upper("Ann Lee, 5 Baker Street")
    memo = upper.memo  # type: ignore[attr-defined]
    assert len(memo) == 1 and all(isinstance(key, bytes) and len(key) == 16 for key in memo)
