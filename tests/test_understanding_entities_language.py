"""Text that is only an e-mail, an order number, a phone or a URL says nothing about language."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import build_understander


def detect(text: str, prev: str | None = None, hint: str | None = None):
    return build_understander(Settings()).detector.detect(text, hint, prev)


@pytest.mark.parametrize(
    "text",
    [
        "jean.dupont@example.fr",
        "maria.garcia@correo.es",
        "k.mueller@beispiel.de",
        "INV/20241106/MPL/3819204756",
        "SO-10587",
        "#UK3402",
        "+44 20 7946 0958",
        "https://shop.example.com/orders/10517?ref=mail",
        "2411056KQ1TR9B",
    ],
)
@pytest.mark.parametrize("previous", ["zh_Hans", "en", "ja", "ru"])
def test_an_identifier_alone_keeps_the_previous_language(text, previous):
    assert detect(text, prev=previous).language == previous


@pytest.mark.parametrize("text", ["jean.dupont@example.fr", "SO-10587", "https://example.de/x"])
def test_an_identifier_alone_reports_low_confidence(text):
    assert detect(text, prev="en").confidence <= 0.5


def test_an_identifier_alone_with_no_context_falls_back_to_the_hint():
    assert detect("jean.dupont@example.fr", hint="pt-BR").language == "pt"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("mi correo es maria.garcia@correo.es", "es"),
        ("meine E-Mail ist k.mueller@example.com", "de"),
        ("voici mon adresse jean@example.com", "fr"),
    ],
)
def test_words_around_an_email_still_decide_the_language(text, language):
    assert detect(text, prev="en").language == language


async def test_an_email_alone_does_not_switch_the_reply_language():
    understanding = await build_understander(Settings()).understand(
        "jean.dupont@example.fr", previous_language="zh_Hans"
    )
    assert understanding.language == "zh_Hans"
