"""Typed yes/no answers and return reasons, dev9 round, by class, each in several languages with
wordings of our own.

Yes/no: a fact question answered by telling the fact ("took it out of its box", "the box yes,
the plastic no", "I have it all, box and bag", "I can take some later" to "photos?"), a fact told
first and a rhetorical question after it; a yes made to wait on a bare "si"/"se" condition, a
colloquial "je sais pas" or "let me confirm and I'll be back" is no answer yet; a yes whose
reason is said with a negation ("cancel it, don't need it") stays a yes.

Reasons, typed and in first messages: a fault told as a story without a fault word (stopped
heating, leaks, sparks, noises, switches itself off, peeling, no lights, a zipper that split) is
a defect; a stain is damage; another thing received, even with a size word or two sizes ("ordered
L, got M"), is the wrong item; a duplicate, a spare, "not my style" and a fault denied
colloquially ("nix kaputt") are the customer's own reason."""

from __future__ import annotations

import pytest

from core.understanding import Intent
from core.understanding.conditions import conditional
from tests.test_understanding_typed_answers_reasons import reason
from tests.typed_answer_helpers import RULES, answer, yes_no

# ----------------------------------------------------------------- yes/no: facts told as facts


@pytest.mark.parametrize(
    "text",
    [
        "took it out of the box yes, never actually used it",
        "lo saqué de la caja, pero no lo usé",
        "tirei da caixa sim mas não usei",
        "je l'ai juste sortie du carton",
        "ich hab ihn aus der Verpackung genommen, aber nicht benutzt",
        "достала из коробки, но не пользовалась",
        "箱から出しただけです",
        "박스에서 꺼내만 봤어요",
        "udah dikeluarin dari kotaknya tapi belum dipakai",
    ],
)
def test_taken_out_of_its_box_is_opened(text: str) -> None:
    assert answer(text, yes_no(fact="opened")) == ("yes", None)


@pytest.mark.parametrize(
    "text",
    [
        "拆开了啊 不拆开怎么试",
        "有開啦 不打開怎麼用",
        "拆了 不然怎么知道不好用",
    ],
)
def test_a_fact_told_first_is_answered_whatever_it_asks_after(text: str) -> None:
    assert answer(text, yes_no(fact="opened")) == ("yes", None)


@pytest.mark.parametrize(
    "text",
    [
        "the box yes, the bubble wrap I threw out",
        "la caja la tengo, las bolsitas las tiré",
        "a caixa sim, o isopor eu joguei fora",
        "le carton oui, le film plastique je l'ai jeté",
        "den Karton hab ich noch, die Folie hab ich weggeworfen",
    ],
)
def test_the_box_kept_and_a_wrapping_thrown_is_the_packaging_kept(text: str) -> None:
    assert answer(text, yes_no(fact="original_packaging")) == ("yes", None)


@pytest.mark.parametrize(
    "text",
    [
        "tenho tudo ainda, a caixinha e o saquinho",
        "tengo todo, cajita y bolsa",
        "I have everything, box, bag and the manual",
        "j'ai tout gardé, la boîte et le sachet",
    ],
)
def test_i_have_it_all_is_the_packaging_kept(text: str) -> None:
    assert answer(text, yes_no(fact="original_packaging")) == ("yes", None)


@pytest.mark.parametrize(
    "text",
    [
        "I can take a few later when I get back",
        "puedo tomarlas más tarde",
        "posso tirar amanhã de manhã",
        "je peux en prendre ce soir",
        "kann ich heute Abend machen",
        "nanti malam saya foto ya kak",
        "晚点回家拍给你",
    ],
)
def test_photos_to_be_taken_later_are_not_had_now(text: str) -> None:
    assert answer(text, yes_no(fact="has_photos")) == ("no", None)


def test_photos_taken_and_sent_later_are_had() -> None:
    assert answer("I took some, I'll send them later", yes_no(fact="has_photos")) == ("yes", None)


# ----------------------------------------------------------------- yes/no: not decided yet


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("return_request", "sí, si me dan la etiqueta gratis. si no, lo dejo"),
        ("return_request", "oui si le transporteur passe le chercher"),
        ("cancel_order", "si me devuelven todo, cancélalo"),
        ("return_request", "pode, se vocês pagarem o frete"),
    ],
)
def test_a_yes_on_a_bare_si_or_se_condition_is_no_answer(action: str, text: str) -> None:
    assert conditional(text)
    assert answer(text, yes_no(action)) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "sí, claro",
        "si, ábrela",
        "si si, adelante",
        "sim, pode abrir",
        "si, je veux bien",
    ],
)
def test_a_plain_si_is_still_a_yes(text: str) -> None:
    assert not conditional(text)
    assert answer(text, yes_no("return_request")) == ("yes", None)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("return_request", "bof, je sais pas trop"),
        ("return_request", "chais pas, faut que je voie"),
        ("change_address", "wait, let me confirm the flat number with my wife and I'll be back"),
        ("change_address", "espera, déjame confirmar el piso con mi hermano y ya vuelvo"),
        ("change_address", "pera, vou confirmar com meu pai e já volto"),
        ("cancel_order", "tunggu, saya pastikan dulu ke suami"),
    ],
)
def test_a_colloquial_doubt_or_going_to_check_is_no_answer(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == (None, None)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("cancel_order", "iya batalkan saja, sudah gak butuh"),
        ("cancel_order", "yes cancel it, I don't need it anymore"),
        ("cancel_order", "sí, cancélalo, ya no lo necesito"),
        ("return_request", "ja, zurückschicken, brauch ich nicht mehr"),
        ("return_request", "好 退吧 不需要了"),
    ],
)
def test_a_yes_with_a_reason_said_negated_is_a_yes(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == ("yes", None)


# ----------------------------------------------------------------- typed reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_Hans", "收到就是坏的 插电一点反应没有"),
        ("zh_Hant", "插上去燈不亮 按鍵也沒反應"),
        ("en", "the lamp doesn't light up at all"),
        ("es", "la lámpara no enciende la luz, nada"),
        ("ja", "電源を入れてもランプが点かない"),
    ],
)
def test_no_response_and_no_light_is_a_defect(language: str, text: str) -> None:
    assert reason(text, language) == "defective"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the zip split open after one wear"),
        ("es", "la cremallera se rompió la segunda vez que la usé"),
        ("de", "der Reißverschluss ist nach zwei Tagen aufgegangen"),
        ("fr", "la fermeture éclair a lâché au bout d'une semaine"),
        ("pt", "o zíper abriu na primeira vez que usei"),
    ],
)
def test_a_zipper_that_came_apart_is_a_defect(language: str, text: str) -> None:
    assert reason(text, language) == "defective"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_Hant", "沒壞 只是家裡已經有一台了"),
        ("zh_Hans", "没坏 就是发现家里已经有一个一模一样的"),
        ("en", "nothing wrong, turns out we already have one"),
        ("es", "no tiene nada, es que ya tengo uno igual"),
        ("de", "ist nix kaputt, gefällt mir halt nicht"),
        ("de", "nix defekt, brauch ihn nur nicht"),
    ],
)
def test_a_duplicate_or_a_fault_denied_colloquially_is_no_reason(language: str, text: str) -> None:
    assert reason(text, language) == "no_reason"


# ----------------------------------------------------------------- reasons in first messages


def told(text: str, intent: Intent = Intent.RETURN_REQUEST) -> str | None:
    """The reason the first message gives, read by the rules alone."""
    from core.understanding import frame

    return frame.reason_in(text, intent) or RULES.understand_sync(text).reason


@pytest.mark.parametrize(
    "text",
    [
        "my heater stopped heating after a week, I want to return it",
        "el ventilador dejó de girar a los tres días, quiero devolverlo",
        "a chaleira parou de esquentar, quero devolver",
        "the toaster started sparking, I want my money back",
        "o carregador começou a soltar faísca, quero devolver",
        "la bouilloire fuit dès qu'on la remplit, je veux la rendre",
        "the blender makes a loud grinding noise, want to send it back",
        "der Föhn macht komische Geräusche, ich will ihn zurückgeben",
        "der Mixer macht seit gestern laute Geräusche, bitte zurücknehmen",
        "o liquidificador faz um barulho horrível, quero devolver",
        "пылесос издаёт странный звук, хочу вернуть",
        "the fan switches itself off after five minutes, can I return it",
        "พัดลมดับเองทุกสิบนาที ขอคืนค่ะ",
        "el secador se apaga solo, quiero devolverlo",
        "الطلاء بدأ يتقشر من أول استخدام، أبغى أرجعه",
        "el sama3a mesh shaghala, 3ayez arga3ha",
    ],
)
def test_a_fault_told_as_a_story_is_a_defect(text: str) -> None:
    assert told(text) == "defective"


@pytest.mark.parametrize(
    "text",
    [
        "the shirt came with a big stain on the front, I want to exchange it",
        "la camisa llegó con una mancha, quiero cambiarla",
        "a camiseta veio manchada, quero trocar",
    ],
)
def test_a_stain_is_damage(text: str) -> None:
    assert told(text) == "damaged"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I ordered size L but I received an M, please exchange it", Intent.RETURN_REQUEST),
        ("收到的外套是S號，我下單選的是M，請幫我換", Intent.RETURN_REQUEST),
        ("สั่งไซส์ S แต่ได้ XL มาค่ะ ขอเปลี่ยนนะคะ", Intent.RETURN_REQUEST),
        ("pedí talla M pero me llegó una XL", Intent.RETURN_REQUEST),
        (
            "saya pesan celana ukuran 32 tapi yang datang malah rok anak",
            Intent.DELIVERY_ISSUE,
        ),
        ("I ordered a queen size duvet but got a baby blanket instead", Intent.DELIVERY_ISSUE),
        ("I ordered a king size sheet, and what came is a toddler-size one", Intent.DELIVERY_ISSUE),
        ("в коробке вместо чайника лежала настольная лампа", Intent.DELIVERY_ISSUE),
        ("وصلني شي ما له علاقة باللي طلبته", Intent.DELIVERY_ISSUE),
    ],
)
def test_another_thing_received_is_the_wrong_item_whatever_size_is_named(
    text: str, intent: Intent
) -> None:
    assert told(text, intent) == "wrong_item"


@pytest.mark.parametrize(
    "text",
    [
        "I ordered a size M but it's too small, can I return it",
        "pedí una talla M pero me queda chica, quiero devolverla",
        "comprei um casaco, mas quando chegou vi que escolhi mal, quero o tamanho certo",
        "I bought a duvet but when it came I saw I picked the wrong size myself",
    ],
)
def test_a_size_that_does_not_fit_stays_a_size(text: str) -> None:
    assert told(text) == "size"


@pytest.mark.parametrize(
    "text",
    [
        "bought two phone cases and one is left over, can I return one",
        "comprei dois carregadores e um ficou sobrando, posso devolver um?",
        "it's just not my style, I'd like to return it",
        "제 스타일이 아니라서 반품하고 싶어요",
        "no es mi estilo, quiero devolverlo",
        "got it as a gift but we already have the same one, can I return it",
        "买的杯子是送朋友的，结果她已经有一个一模一样的了，可以退吗",
        "we ended up getting two at the party, I'd like to return this one",
    ],
)
def test_a_spare_a_duplicate_or_not_my_style_is_no_reason(text: str) -> None:
    assert told(text) == "no_reason"


@pytest.mark.parametrize(
    "text",
    [
        "丈が短すぎて着られないので返品したいです",
        "袖が長すぎるので返品できますか",
    ],
)
def test_too_short_or_too_long_in_japanese_is_a_size(text: str) -> None:
    assert told(text) == "size"
