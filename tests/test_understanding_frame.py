"""The rule layer over a whole message: a fault denied in the story is not the return reason,
the clauses that ask carry a long message's request, a refused action is not requested, and
Latin-script words typed without their diacritics meet the words the model learnt with them."""

from __future__ import annotations

import pytest

from core.understanding import frame
from core.understanding.text import features, fold_marks, normalize


@pytest.mark.parametrize(
    "text",
    [
        "It's not broken or anything, I just don't like how it looks on me. Can I return it?",
        "No está roto ni nada, simplemente no me gusta el color. Quiero devolverlo.",
        "东西没有破损，就是不喜欢，想退",
        "壊れてないけど、気に入らないので返品したいです",
        "barangnya tidak rusak kok, cuma gak suka warnanya, mau retur",
        "고장 난 건 아닌데 마음에 안 들어서 반품하고 싶어요",
    ],
)
def test_a_fault_denied_in_the_story_leaves_the_customers_own_reason(text):
    assert frame.reason_in(text) == "no_reason"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("the box was not damaged but the mug inside is cracked", "damaged"),
        ("not the right size, can I swap it for a bigger one", "size"),
        ("收到的时候就坏了，要退货", "damaged"),
        ("画面が割れて届きました", "damaged"),
        ("la lampe ne fonctionne pas, je veux la retourner", "defective"),
    ],
)
def test_a_fault_said_outright_is_still_the_reason(text, reason):
    assert frame.reason_in(text) == reason


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Das Paket kam an, nichts kaputt, aber die Farbe gefällt mir nicht", {"damaged"}),
        ("sản phẩm không bị lỗi gì, chỉ là mình không thích nữa", {"defective"}),
        ("المنتج مش مكسور بس اللون ما عجبني", {"damaged"}),
    ],
)
def test_a_denied_fault_is_known_as_denied(text, denied):
    assert frame.denied_reasons(text) == denied


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "Hi there, hope you're well. I bought a lamp for my mother last week and she loves "
            "it. But it came without the bulb. Could you send me one? Thanks a lot",
            ["Could you send me one"],
        ),
        (
            "Bonjour, j'ai commandé une lampe il y a dix jours. Elle attend avec impatience. "
            "Pourriez-vous me dire où en est la livraison ? Merci beaucoup",
            ["Pourriez-vous me dire où en est la livraison"],
        ),
        (
            "お世話になっております。先週注文した靴が届きました。サイズが合わないので交換したいです。"
            "よろしくお願いします",
            ["サイズが合わないので交換したいです"],
        ),
        (
            "亲，我上周买了个杯子。今天到了。能帮我换个颜色吗？",
            ["能帮我换个颜色吗"],
        ),
    ],
)
def test_the_clauses_that_ask_are_told_from_the_story(text, asked):
    assert [c for c, asks in frame.clauses_asking(text) if asks] == asked


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("hủy đơn", "huy don"),
        ("não quero", "nao quero"),
        ("größe", "grosse"),
        ("échange", "echange"),
    ],
)
def test_a_word_typed_without_diacritics_has_the_features_of_the_marked_one(marked, plain):
    words = {f for f in features(normalize(marked)) if f.startswith(("w:", "b:"))}
    unmarked = {f for f in features(normalize(plain)) if f.startswith(("w:", "b:"))}
    assert unmarked <= words
    assert fold_marks(marked) == plain
