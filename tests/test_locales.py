"""Every customer-facing string exists, translated, in every shipped locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.i18n import LOCALES_DIR, Localizer, catalog_path, shipped_languages
from core.understanding import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")
KEYWORDS = {"_": None, "n_": (1, 2)}


def _source_messages() -> dict[str | tuple[str, str], None]:
    found: dict[str | tuple[str, str], None] = {}
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT / "core"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found[message if isinstance(message, str) else tuple(message)] = None
    return found


SOURCE = _source_messages()
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def test_every_supported_language_is_shipped() -> None:
    assert set(LANGUAGES) <= set(shipped_languages())


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_has_every_message_translated_with_its_placeholders(language: str) -> None:
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    problems: list[str] = []
    for msgid in SOURCE:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalog.get(key)
        if (
            entry is None
            or not entry.string
            or (isinstance(entry.string, tuple) and not all(entry.string))
        ):
            problems.append(f"missing: {key!r}")
            continue
        wanted = set(PLACEHOLDER.findall(key))
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for form in forms:
            if set(PLACEHOLDER.findall(form)) - wanted - {"n"} or (
                wanted - {"n"} - set(PLACEHOLDER.findall(form))
            ):
                problems.append(f"placeholders differ: {key!r} -> {form!r}")
        if isinstance(msgid, tuple) and len(forms) != catalog.num_plurals:
            problems.append(f"plural forms: {key!r} has {len(forms)}, needs {catalog.num_plurals}")
    assert not problems, "\n".join(problems[:20])


def test_no_catalog_exists_for_an_unsupported_locale() -> None:
    folders = {p.name for p in LOCALES_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders <= set(LANGUAGES)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_reply_renders_in_the_language(language: str) -> None:
    loc = Localizer(language, "Asia/Shanghai")
    assert loc._("Order {order} is on its way.", order="****1023") != (
        "Order ****1023 is on its way."
    )
