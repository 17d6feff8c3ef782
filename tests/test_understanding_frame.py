"""The rule layer over a whole message: a fault denied in the story is not the return reason,
the clauses that ask carry a long message's request, a refused action is not requested, and
Latin-script words typed without their diacritics meet the words the model learnt with them."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander, frame
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


@pytest.mark.parametrize(
    "text",
    [
        "they sent me the wrong colour, I don't want a replacement, just refund it",
        "发错货了，不想要了，直接退吧",
        "me mandaron un producto equivocado, ya no lo quiero, devuélvanme el dinero",
    ],
)
def test_a_fault_of_the_shop_said_outright_wins_over_the_customers_own_words(text):
    assert frame.reason_in(text) == "wrong_item"


@pytest.mark.parametrize(
    "text",
    [
        "I ordered a black backpack but received a pink lunch box, I want to return it",
        "Pedí unas zapatillas negras pero me llegaron unas sandalias, quiero devolverlas",
        "Я заказывала куртку, а пришли брюки, хочу вернуть",
        "saya pesan sepatu hitam tapi yang datang sandal, mau retur",
    ],
)
def test_i_ordered_one_thing_but_got_another_in_a_return_is_a_wrong_item(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "wrong_item"


@pytest.mark.parametrize(
    "text",
    [
        "Платье красивое, брака нет, просто не моё. Хочу вернуть",
        "não tem defeito nenhum, só não curti. quero devolver",
        "the mug isn't damaged, it's just not for me, can I return it",
    ],
)
def test_a_fault_denied_with_no_other_reason_is_the_customers_own(text):
    assert frame.reason_in(text) == "no_reason"


def test_a_french_pas_without_its_ne_is_a_contrast_not_a_negation():
    assert not frame.refused_request(
        "Je veux un échange, pas un remboursement.", Intent.RETURN_REQUEST
    )
    assert frame.refused_request("je ne veux pas le retourner finalement", Intent.RETURN_REQUEST)


@pytest.mark.parametrize(
    "text",
    [
        "No, don't cancel it! I still want it, I was asking about another order.",
        "no, no lo cancelen, todavía lo quiero",
        "jangan dibatalin kak, aku masih mau barangnya",
    ],
)
async def test_refusing_a_cancellation_while_keeping_the_order_is_a_refusal(text):
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DENY


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("no, cancel it", False),
        ("não gostei. quero devolver", False),
        ("nein, stornieren Sie bitte alles", False),
        ("please don't cancel my order", True),
        ("先别取消了，我还要的", True),
        ("キャンセルしないでください", True),
    ],
)
def test_a_negators_scope_ends_with_its_clause(text, refused):
    action = Intent.RETURN_REQUEST if "devolver" in text else Intent.CANCEL_ORDER
    assert frame.refused_request(text, action) is refused
