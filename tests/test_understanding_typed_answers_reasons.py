"""Return reasons and quantities typed as answers to the bot's own questions: a reason negated
is not the one given, damage after use is a defect, the customer's own mistake is no fault of
the shop's, and counts said in words. The rule layer alone (no encoder), with the reason
options as the return flow labels them in the customer's language."""

from __future__ import annotations

import pytest

from core.answers.labels import reason_label
from core.dialogue.context import in_every_language
from core.i18n import Localizer
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.local import LocalUnderstander
from core.understanding.numbers import parse_quantity

RULES = LocalUnderstander(encoder=None)
CODES = ("no_reason", "defective", "damaged", "wrong_item", "size")


def reasons(language: str) -> Expectation:
    loc = Localizer(language)
    return Expectation(
        kind=ExpectKind.REASON,
        options=[
            ExpectedOption(
                id=code,
                label=reason_label(loc, code),
                meaning=code,
                words=in_every_language(lambda lc, c=code: reason_label(lc, c)),
            )
            for code in CODES
        ],
    )


def reason(text: str, language: str) -> str | None:
    got = RULES.understand_sync(text, expect=reasons(language)).answer
    return got.payload if got else None


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("en", "not broken, it is just too small", "size"),
        ("es", "no está rota, solo me queda grande", "size"),
        ("ru", "не сломан, просто велик", "size"),
        ("pt", "não veio com defeito, só ficou grande", "size"),
        ("id", "bukan cacat, cuma kebesaran", "size"),
        ("zh_Hans", "不是坏了，就是太大了", "size"),
        ("ja", "壊れてはいないけど大きすぎた", "size"),
        ("ko", "고장난 건 아니고 그냥 커요", "size"),
    ],
)
def test_a_reason_denied_is_not_the_reason_given(language, text, code):
    assert reason(text, language) == code


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_Hans", "用了三天就坏了"),
        ("en", "it broke after a week"),
        ("es", "se rompió después de dos días"),
        ("id", "baru dipakai 2 hari rusak"),
    ],
)
def test_broken_after_some_use_is_a_defect_not_damage_in_transit(language, text):
    assert reason(text, language) == "defective"


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "it arrived cracked"), ("es", "llegó rota"), ("ru", "пришла разбитой")],
)
def test_broken_on_arrival_stays_damage(language, text):
    assert reason(text, language) == "damaged"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pt", "comprei por engano"),
        ("de", "habe es aus Versehen bestellt"),
        ("ja", "間違えて注文しました"),
        ("id", "salah pesan kak"),
        ("vi", "em đặt nhầm rồi"),
    ],
)
def test_the_customers_own_mistake_is_no_fault_of_the_shop(language, text):
    assert reason(text, language) == "no_reason"


@pytest.mark.parametrize(
    ("text", "code"),
    [("เครื่องเสีย เปิดไม่ติดเลย", "defective"), ("ไม่ชอบสีค่ะ", "no_reason")],
)
def test_a_thai_no_word_does_not_pick_the_reason_whose_label_holds_one(text, code):
    assert reason(text, "th") == code


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("just the one", 1),
        ("only the one please", 1),
        ("dua-duanya", 2),
        ("dua2nya kak", 2),
        ("tiga2nya", 3),
        ("keduanya", 2),
    ],
)
def test_a_count_in_words_answers_how_many(text, n):
    assert parse_quantity(text) == n


def test_a_sentence_with_an_article_is_no_new_quantity_for_a_confirmation():
    confirm = Expectation(
        kind=ExpectKind.YES_NO,
        action="cancel_order",
        options=[
            ExpectedOption(id="yes", label="Yes", meaning="yes"),
            ExpectedOption(id="no", label="No", meaning="no"),
        ],
    )
    for text in ("quero falar com um atendente humano", "I need to speak to a human"):
        got = RULES.understand_sync(text, expect=confirm).answer
        assert got is None or got.quantity is None
