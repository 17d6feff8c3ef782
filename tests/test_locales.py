"""Every customer-facing string exists, translated, in every shipped locale."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
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


def _configured_ids() -> set[str]:
    """What `pybabel extract` finds with the repository's own configuration ([tool.babel] in
    pyproject.toml, babel.cfg): the ids the template and every catalog must hold."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["babel"]
    options = config["extract_messages"]
    with (ROOT / options["mapping_file"]).open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    keywords = parse_keywords(options["keywords"].split())
    found = extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map, keywords=keywords
    )
    return {m if isinstance(m, str) else m[0] for _, _, m, _, _ in found}


def _ids(path: Path) -> set[str]:
    with path.open("rb") as po:
        catalog = read_po(po)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


CONFIGURED = _configured_ids()


def test_the_template_holds_exactly_the_extracted_ids() -> None:
    template = _ids(LOCALES_DIR / "messages.pot")
    assert sorted(CONFIGURED - template) == [], "run `pybabel extract`"
    assert sorted(template - CONFIGURED) == [], "run `pybabel extract`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_holds_exactly_the_templates_ids(language: str) -> None:
    """Ids no longer in the code are obsolete (`#~`) in the catalogs, not live."""
    catalog = _ids(catalog_path(language))
    assert sorted(CONFIGURED - catalog) == [], "run `pybabel update` and translate"
    assert sorted(catalog - CONFIGURED) == [], "run `pybabel update`"


def test_no_catalog_exists_for_an_unsupported_locale() -> None:
    folders = {p.name for p in LOCALES_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders <= set(LANGUAGES)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_reply_renders_in_the_language(language: str) -> None:
    loc = Localizer(language, "Asia/Shanghai")
    assert loc._("Order {order} is on its way.", order="****1023") != (
        "Order ****1023 is on its way."
    )


@pytest.mark.parametrize("language", shipped_languages())
def test_a_time_reads_as_babels_medium_date_and_time_in_the_customers_zone(language: str) -> None:
    from datetime import UTC, datetime, timedelta

    from babel.dates import format_datetime

    moments = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=h * 37 + 0.25) for h in range(60)]
    moments.append(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))  # Berlin's clocks go forward
    for zone in ("Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"):
        loc = Localizer(language, zone)
        for moment in moments:
            expected = format_datetime(moment, "medium", tzinfo=loc.tz, locale=loc.locale)
            assert loc.when(moment) == expected
