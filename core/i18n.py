"""Translations (gettext catalogs in `locales/`) and Babel formatting for one customer.

Catalogs are compiled from the `.po` files in memory on first use, so there is no build step and
no stale `.mo` file. A message missing from a catalog falls back to the English source text.
The shipped languages and Babel locales are read once per process: nothing in the serving path
touches the disk per message.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import DateTimePattern, format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from core.resources import LOCALES

LOCALES_DIR = LOCALES
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"

_BABEL_LOCALE = {"zh_Hans": "zh_Hans_CN", "zh_Hant": "zh_Hant_TW", "pt": "pt_BR", "ar": "ar_SA"}


def shipped_languages() -> list[str]:
    """Every locale with a catalog, plus English (the source language)."""
    return list(_shipped())


@cache
def _shipped() -> tuple[str, ...]:
    found = {p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | {SOURCE_LANGUAGE}))


def catalog_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> NullTranslations:
    path = catalog_path(language)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@cache
def babel_locale(language: str) -> Locale:
    return Locale.parse(_BABEL_LOCALE.get(language, language))


@cache
def _medium_datetime(language: str) -> tuple[str, DateTimePattern, DateTimePattern]:
    """The parts `babel.dates.format_datetime(..., "medium")` looks up in the locale on every
    call: the glue ("{1}, {0}"), the time pattern and the date pattern."""
    locale = babel_locale(language)
    glue = str(locale.datetime_formats["medium"]).replace("'", "")
    return glue, locale.time_formats["medium"], locale.date_formats["medium"]


@lru_cache(maxsize=4096)
def _when(language: str, tz: ZoneInfo, moment: datetime) -> str:
    """`Localizer.when`, remembered: a status answer shows the same tracking times each time
    the order is asked about (the text depends only on these three)."""
    locale = babel_locale(language)
    local = moment.astimezone(tz)
    glue, time_pattern, date_pattern = _medium_datetime(language)
    day = local.date()
    clock = time_pattern.apply(local.timetz(), locale, reference_date=day)
    return glue.replace("{0}", clock).replace("{1}", date_pattern.apply(day, locale))


@cache
def best_language(wanted: str | None, default: str = SOURCE_LANGUAGE) -> str:
    """The shipped language closest to `wanted` ("zh-CN" -> zh_Hans, "pt-BR" -> pt)."""
    if not wanted:
        return default
    shipped = _shipped()
    norm = wanted.replace("-", "_")
    lowered = norm.lower()
    if lowered in ("zh_tw", "zh_hk", "zh_mo", "zh_hant") or lowered.startswith("zh_hant"):
        candidate = "zh_Hant"
    elif lowered.startswith("zh"):
        candidate = "zh_Hans"
    else:
        candidate = lowered.split("_")[0]
    return candidate if candidate in shipped else default


class Localizer:
    """Everything language- and time-zone-specific that one reply needs."""

    def __init__(self, language: str, timezone: str = "UTC") -> None:
        self.language = language
        self.locale = babel_locale(language)
        self.tz = ZoneInfo(timezone)
        self._t = translations(language)

    @property
    def rtl(self) -> bool:
        return self.locale.text_direction == "rtl"

    def _(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **values)

    def money(self, amount: Decimal, currency: str) -> str:
        return format_currency(amount, currency, locale=self.locale)

    def number(self, value: int | Decimal) -> str:
        return format_decimal(value, locale=self.locale)

    def when(self, moment: datetime) -> str:
        """Babel's medium date and time in the customer's zone (`format_datetime`, with the
        locale's patterns looked up once per language)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return _when(self.language, self.tz, moment)

    def day(self, moment: datetime) -> str:
        return format_date(moment.astimezone(self.tz), "medium", locale=self.locale)
