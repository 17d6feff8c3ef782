"""Language detection on short chat messages: script rules, Han variants, model, context."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import LANGUAGES, build_understander
from core.understanding.language import normalize_locale


def detect(text: str, hint: str | None = None, prev: str | None = None) -> str:
    return build_understander(Settings()).detector.detect(text, hint, prev).language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("好的", "zh_Hans"),
        ("refund?", "en"),
        ("нет", "ru"),
        ("はい", "ja"),
        ("네", "ko"),
        ("نعم", "ar"),
        ("ใช่", "th"),
        ("không", "vi"),
        ("¿dónde está mi pedido?", "es"),
        ("cadê meu pedido?", "pt"),
        ("où est ma commande ?", "fr"),
        ("wo ist meine Bestellung?", "de"),
        ("pesanan saya di mana", "id"),
        ("where is my order", "en"),
    ],
)
def test_short_messages_get_the_right_language(text, language):
    assert detect(text) == language


def test_traditional_and_simplified_chinese_are_told_apart():
    assert detect("我的订单什么时候发货") == "zh_Hans"
    assert detect("我的訂單什麼時候發貨") == "zh_Hant"
    assert detect("發票") == "zh_Hant"
    assert detect("发票") == "zh_Hans"


def test_japanese_kanji_only_text_is_japanese():
    assert detect("発送済") == "ja"


def test_ambiguous_han_text_follows_previous_language_then_hint():
    assert detect("好", prev="zh_Hant") == "zh_Hant"
    assert detect("好", hint="zh-TW") == "zh_Hant"
    assert detect("好") == "zh_Hans"


def test_locale_hint_decides_an_ambiguous_short_latin_message():
    assert detect("no", hint="en-US") == "en"
    assert detect("no", hint="es") == "es"
    assert detect("ya", hint="id") == "id"


def test_previous_language_decides_an_ambiguous_short_latin_message():
    assert detect("no", prev="en") == "en"
    assert detect("no", prev="es") == "es"


def test_text_without_language_keeps_the_conversation_language():
    assert detect("ok", prev="zh_Hans") == "zh_Hans"
    assert detect("123456789012", hint="pt-BR") == "pt"
    assert detect("👍", prev="ko") == "ko"
    assert detect("👍") == "en"


def test_a_longer_message_overrides_the_hint():
    assert detect("quiero cancelar mi pedido por favor", hint="en-US") == "es"


@pytest.mark.parametrize(
    ("hint", "code"),
    [
        ("en-US", "en"),
        ("zh-hans", "zh_Hans"),
        ("zh_CN", "zh_Hans"),
        ("zh-TW", "zh_Hant"),
        ("zh-Hant-HK", "zh_Hant"),
        ("pt-BR", "pt"),
        ("es", "es"),
        ("in", "id"),
        ("xx-YY", None),
        ("", None),
        (None, None),
    ],
)
def test_locale_hints_are_normalised_to_supported_codes(hint, code):
    assert normalize_locale(hint) == code


async def test_understand_returns_only_supported_language_codes():
    u = build_understander(Settings())
    for text in ["hi", "你好", "こんにちは", "zzzz", "", "12345", "Hallo"]:
        assert (await u.understand(text)).language in LANGUAGES
