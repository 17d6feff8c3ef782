"""Typed answers by class, each in several languages (the classes behind the misses of
answers_dev6 and answers_dev7, in wordings of our own): a fault denied before the customer's own
reason is told; a story that shares a word with a reason's label names no reason by it. The rule
layer alone (no encoder)."""

from __future__ import annotations

import pytest

from tests.test_understanding_typed_answers_reasons import reason


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("es", "no tiene nada roto, simplemente no me gustó el color", "no_reason"),
        ("fr", "rien d'abîmé, c'est juste qu'il me plaît pas", "no_reason"),
        ("ru", "брака никакого, просто велик", "size"),
        ("en", "nothing damaged, it just runs too small", "size"),
        ("de", "nichts beschädigt, ist mir einfach zu klein", "size"),
        ("ja", "壊れてはいないんですが、思ったより小さくて履けませんでした", "size"),
    ],
)
def test_a_fault_denied_before_the_customers_own_reason_is_that_reason(language, text, code):
    assert reason(text, language) == code


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "está bien hecho pero el color en persona es otro tono"),
        ("zh_Hant", "收到以後每天都用 電池一天比一天撐得短"),
        ("de", "ich habe es ausgepackt und die Farbe ist anders als auf dem Foto"),
    ],
)
def test_a_story_sharing_a_word_with_a_reasons_label_is_not_that_reason(language, text):
    assert reason(text, language) is None
