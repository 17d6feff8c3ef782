"""The channel adapters' own customer-facing words (the web page and widget, Slack's
corrections) are translated in every shipped catalog, like the core's."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from adapters.web.page import ui_words
from core.i18n import catalog_path
from core.understanding import LANGUAGES

ADAPTERS = Path(__file__).resolve().parent.parent / "adapters"
MESSAGES = sorted(
    {
        message
        for path in sorted(ADAPTERS.rglob("*.py"))
        for _, message, _, _ in extract_from_file("python", path, keywords={"_": None})
        if isinstance(message, str)
    }
)


def test_the_adapters_words_are_found() -> None:
    assert "Send" in MESSAGES and "Correction: {text}" in MESSAGES


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_adapter_word_is_translated(language: str) -> None:
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    missing = [m for m in MESSAGES if catalog.get(m) is None or not catalog.get(m).string]
    assert missing == []


@pytest.mark.parametrize("language", ["zh_Hans", "ja", "ko", "th", "ar"])
def test_no_english_on_the_page_of_a_visitor_who_reads_another_language(language: str) -> None:
    english, words = ui_words("en"), ui_words(language)
    for key in ("title", "placeholder", "send", "photo", "open", "close", "greeting"):
        assert words[key] != english[key], key
