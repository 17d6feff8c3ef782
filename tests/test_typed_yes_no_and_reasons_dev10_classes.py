"""Typed yes/no answers and return reasons, dev10 round, by class, each in several languages with
wordings of our own.

Yes/no: a no that says the thing as it is is fine ("nah, the blue one is fine", "nein, passt
schon") or that the parcel is to be taken as it comes ("để em nhận luôn", "пусть едет") stays a
no, whatever yes-like word says "fine" in it: acting on it would do what the customer refused.
A fact question answered as a fact (the box gone out with the rubbish, no photos "but I can take
some if needed", the question typed back before its answer); a yes or no in Chinese or Thai
with the question after a space, not a comma; a Vietnamese "neu … thi" typed without marks is a
condition.

Reasons: a size ordered and another received, said by numbers ("got a 40, I ordered 41") is
the wrong item; a part that broke off in first use is a defect; a carton that came wet, with
a scratch on the thing, is damage; what came, then what was ordered, is the wrong item."""

from __future__ import annotations

import pytest

from tests.test_understanding_typed_answers_reasons import reason
from tests.typed_answer_helpers import answer, yes_no

# ------------------------------------------------------- yes/no: a no never read as a yes


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("modify_order", "nope, forget it, the blue one is fine"),
        ("modify_order", "no thanks, the small is fine really"),
        ("change_address", "nein danke, die Adresse passt schon"),
        ("modify_order", "non merci, c'est bon"),
        ("modify_order", "no, déjalo, la talla está bien"),
        ("modify_order", "não, deixa, tá bom"),
        ("change_address", "нет, не надо, всё нормально"),
        ("modify_order", "不用了，没事"),
        ("modify_order", "いえ、大丈夫です"),
        ("change_address", "아니요, 괜찮아요"),
        ("modify_order", "gak usah kak, udah pas kok"),
        ("modify_order", "không cần đâu, ổn rồi"),
    ],
)
def test_a_no_then_the_state_said_fine_is_a_no(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == ("no", None)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("change_address", "passt so"),
        ("change_address", "nee, ist gut so"),
        ("modify_order", "está bien así"),
        ("modify_order", "c'est bien comme ça"),
        ("change_address", "и так нормально"),
        ("modify_order", "このままでいいです"),
        ("modify_order", "vậy là được rồi"),
    ],
)
def test_fine_as_it_is_declines_a_change(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == ("no", None)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("cancel_order", "Ja, passt so"),
        ("cancel_order", "sí, está bien así"),
        ("return_request", "oui, c'est bien comme ça"),
        ("cancel_order", "はい、このままでいいです"),
        ("cancel_order", "是的 这样就行"),
    ],
)
def test_a_yes_then_the_change_shown_called_fine_is_a_yes(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == ("yes", None)


@pytest.mark.parametrize(
    "text",
    [
        "thôi không hủy nữa, để mình nhận luôn",
        "nah don't, let it come",
        "no, que llegue nomás",
        "nee, lass es kommen",
        "не, пусть придёт",
        "算了不取消了 我收下",
        "아니요 그냥 받을게요",
        "لا، بستلمه",
        "gak jadi kak, aku terima aja",
    ],
)
def test_taking_the_parcel_as_it_comes_keeps_the_order(text: str) -> None:
    assert answer(text, yes_no("cancel_order")) == ("no", None)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("cancel_order", "no wait, yes that's fine, cancel it"),
        ("modify_order", "hmm no... ok yes, that's fine"),
        ("cancel_order", "nein, doch, passt, stornieren"),
        ("modify_order", "yes, that's fine"),
    ],
)
def test_a_yes_said_outright_after_a_no_still_decides(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == ("yes", None)


# ------------------------------------------------------------- yes/no: facts told as facts


@pytest.mark.parametrize(
    "text",
    [
        "no pics yet, can take some if you need them",
        "fotos no tengo, si hace falta las saco",
        "keine Fotos, kann welche machen falls nötig",
        "нет фоток, щас сделаю если нужно",
        "还没拍 需要的话我拍",
    ],
)
def test_photos_offered_if_needed_are_none_now(text: str) -> None:
    assert answer(text, yes_no(fact="has_photos")) == ("no", None)


@pytest.mark.parametrize(
    "text",
    [
        "the box went in the recycling last week",
        "la caja se fue a la basura",
        "le carton est parti au recyclage",
        "der Karton ist schon im Altpapier",
        "коробка уже на помойке",
        "盒子当垃圾扔掉了",
    ],
)
def test_the_box_gone_with_the_rubbish_is_no_packaging(text: str) -> None:
    assert answer(text, yes_no(fact="original_packaging")) == ("no", None)


@pytest.mark.parametrize(
    ("fact", "text"),
    [
        ("original_packaging", "la boîte d'origine ? non, jetée depuis longtemps"),
        ("original_packaging", "the original box? nope, tossed it"),
        ("original_packaging", "¿la caja original? no, ya la tiré"),
        ("has_photos", "照片？没有"),
    ],
)
def test_the_question_typed_back_before_its_answer(fact: str, text: str) -> None:
    assert answer(text, yes_no(fact=fact)) == ("no", None)


# ------------------------------------------- yes/no: the question after a space, unspaced


@pytest.mark.parametrize(
    ("action", "text", "said"),
    [
        ("return_request", "退就退吧 钱会退到原来的卡上吗", "yes"),
        ("cancel_order", "好的取消吧 运费也会退吗", "yes"),
        ("cancel_order", "ยกเลิกเลยครับ แล้วเงินจะคืนกี่วันครับ", "yes"),
        ("cancel_order", "先不要取消 我還是要的 想問什麼時候寄出", "no"),
    ],
)
def test_an_answer_then_a_question_after_a_space(action: str, text: str, said: str) -> None:
    assert answer(text, yes_no(action)) == (said, None)


@pytest.mark.parametrize(
    "text",
    [
        "neu van kip giao thu 6 thi doi, ko thi thoi",
        "nếu vẫn kịp giao thì đổi, không thì thôi",
        "if it still gets here by friday then change it, otherwise leave it",
    ],
)
def test_if_then_typed_with_or_without_marks_is_no_answer(text: str) -> None:
    assert answer(text, yes_no("change_address")) == (None, None)


def test_the_german_neu_is_no_condition() -> None:
    assert answer("ja, bitte neu schicken", yes_no("change_address")) == ("yes", None)


# ------------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_Hans", "到手是40码的 我明明拍的41码"),
        ("en", "got a 40 in the box, i ordered a 41"),
        ("es", "me llegó la 40 y yo pedí la 41"),
        ("id", "yg dateng ukuran 40, sy pesennya 41"),
    ],
)
def test_one_size_ordered_another_received_by_number_is_the_wrong_item(
    language: str, text: str
) -> None:
    assert reason(text, language) == "wrong_item"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the strap snapped off the first time i wore it"),
        ("es", "se le rompió el asa la primera vez que la usé"),
        ("de", "der Griff ist beim ersten Benutzen abgebrochen"),
    ],
)
def test_a_part_broken_off_in_first_use_is_a_defect(language: str, text: str) -> None:
    assert reason(text, language) == "defective"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ar", "الكرتون وصل مبلول والجهاز فيه خدش كبير"),
        ("en", "the carton came soaked and there's a big scratch on the lid"),
        ("fr", "le carton est arrivé mouillé et il y a une grosse rayure"),
    ],
)
def test_a_wet_carton_and_a_scratch_is_damage(language: str, text: str) -> None:
    assert reason(text, language) == "damaged"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "yg nyampe malah casing hp, sy pesennya tempered glass"),
        ("en", "a phone case showed up, i ordered a screen protector"),
        ("es", "lo que llegó fue una funda, yo pedí un protector de pantalla"),
    ],
)
def test_what_came_then_what_was_ordered_is_the_wrong_item(language: str, text: str) -> None:
    assert reason(text, language) == "wrong_item"
