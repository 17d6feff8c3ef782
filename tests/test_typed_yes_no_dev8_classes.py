"""Typed answers to yes/no questions, dev8 round, by class, each in several languages with
wordings of our own: a change confirmed only on a condition is neither a yes nor a no (and the
bot shows the change again instead of making it), while a polite "if possible" still answers; a
yes or a no followed by a question without a comma keeps its answer and the question rides
along; everyday noes and "not yet" answer a fact question; a box said to be there is kept; a
person asked for at a yes/no step is a hand-off, not a no. Asked why, a reason told as a long
story (with a "when it came" or a question in it), nothing wrong and no longer needed, one
thing ordered and another come, and a reason taken back for another. An option picked, then a
question, keeps the option and the question rides along. "I have", said alone, answers "do you
have photos?" whatever it asks after."""

from __future__ import annotations

import pytest

from core.engine import Engine
from core.order import OrderStatus
from core.services import Services
from core.understanding import Intent
from core.understanding.conditions import conditional
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from tests.chat import Chat, store
from tests.factories import order_doc
from tests.test_understanding_typed_answers_reasons import reason
from tests.typed_answer_helpers import RULES, answer, yes_no


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("cancel_order", "only if there is no fee for it"),
        ("return_request", "如果退货运费是你们出的话就退"),
        ("return_request", "sí, siempre que el envío de vuelta sea gratis"),
        ("change_address", "oui mais seulement si ça ne retarde pas la livraison"),
        ("cancel_order", "ja, aber nur falls ich das Geld sofort zurückbekomme"),
        ("return_request", "если возврат бесплатный, то оформляйте"),
        ("modify_order", "追加料金がかからないなら変更してください"),
        ("cancel_order", "환불 바로 되면 취소해 주세요"),
        ("return_request", "ถ้าไม่ต้องเสียค่าส่งคืนก็คืนเลย"),
        ("change_address", "nếu không mất thêm phí thì đổi giúp em"),
        ("return_request", "iya asal ongkirnya gratis"),
        ("cancel_order", "لو ما فيه رسوم الغيه"),
        ("cancel_order", "só se o dinheiro voltar hoje"),
    ],
)
def test_a_confirmation_on_a_condition_is_neither_yes_nor_no(action: str, text: str) -> None:
    assert answer(text, yes_no(action)) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "yes please, if possible",
        "sí, si se puede",
        "да, если можно",
        "可以的话就取消吧",
        "iya kak kalau bisa secepatnya",
        "نعم لو سمحت",
        "ja bitte, wenn möglich",
        "네 가능하면 빨리 취소해 주세요",
        "ok go ahead and let me know if anything goes wrong",
    ],
)
def test_a_polite_if_or_a_whether_is_no_condition(text: str) -> None:
    assert not conditional(text)
    assert answer(text, yes_no("cancel_order")) == ("yes", None)


async def _status(services: Services, order_no: str) -> OrderStatus:
    order = await services.hub.get_order(order_no)
    assert order is not None
    return order.status


@pytest.mark.parametrize(
    "text",
    [
        "如果不收手续费的话就取消",
        "solo si no me cobran nada extra",
        "nur wenn keine Gebühr anfällt",
        "수수료 없으면 취소할게요",
        "kalo ga kena biaya boleh, kalo kena ga usah",
    ],
)
async def test_a_cancellation_confirmed_on_a_condition_is_shown_again_not_made(
    services: Services, engine: Engine, text: str
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say("please cancel my order")
    reply = await li.say(text)
    assert await _status(services, doc["order_no"]) is OrderStatus.PAID
    assert "confirm:yes" in [b.payload for b in reply.buttons()]
    assert "98.00" in reply.text()  # what it would do, to decide on
    await li.say("yes")
    assert await _status(services, doc["order_no"]) is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    ("action", "fact", "text", "said"),
    [
        ("cancel_order", None, "好的 取消吧 但是钱会退回原来的卡吗", "yes"),
        ("cancel_order", None, "ok cancel it but will the money go back to my card?", "yes"),
        ("cancel_order", None, "sim pode cancelar e me diz quando o dinheiro volta", "yes"),
        ("cancel_order", None, "نعم الغيه بس متى ترجع الفلوس؟", "yes"),
        ("return_request", None, "はい お願いします でも返送はどうすればいいですか", "yes"),
        ("return_request", None, "ja mach das aber wie lange dauert die Erstattung", "yes"),
        (None, "has_photos", "no I haven't taken any... should I take some now?", "no"),
        (None, "has_photos", "no tengo fotos… ¿las saco ahora?", "no"),
    ],
)
def test_a_yes_or_no_then_a_question_keeps_the_answer_and_the_question_rides_along(
    action: str | None, fact: str | None, text: str, said: str
) -> None:
    got = RULES.understand_sync(text, expect=yes_no(action, fact)).answer
    assert got is not None and got.payload == said
    assert got.rest  # asked once the answer is acted on


async def test_a_cancellation_with_a_question_about_its_money_is_made(
    services: Services, engine: Engine
) -> None:
    doc = order_doc()
    await store(services, doc)
    li = Chat(engine, user="web-li")
    await li.say("please cancel my order")
    await li.say("pode cancelar sim e me diz se o dinheiro volta pro mesmo cartão")
    assert await _status(services, doc["order_no"]) is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    "text",
    [
        "not yet, it's still in the wrapping",
        "belum kak",
        "還沒 還包著",
        "まだです",
        "chưa ạ, vẫn nguyên seal",
        "nop, sigue cerrado",
        "pas encore",
        "noch nicht",
    ],
)
def test_an_everyday_no_or_not_yet_says_it_was_not_opened(text: str) -> None:
    assert answer(text, yes_no(fact="opened")) == ("no", None)


@pytest.mark.parametrize(
    "text",
    [
        "아직 박스 있어요",
        "لسه عندي الكرتون",
        "ยังมีกล่องอยู่ค่ะ",
        "箱はまだあります",
        "박스는 있는데 좀 찢어졌어요",
    ],
)
def test_a_box_still_there_is_kept_not_a_not_yet(text: str) -> None:
    assert answer(text, yes_no(fact="original_packaging")) == ("yes", None)


@pytest.mark.parametrize(
    "text",
    [
        "this is going nowhere, give me a human agent",
        "说不明白 转人工客服吧",
        "quiero hablar con una persona, no con un bot",
        "bitte verbinden Sie mich mit einem Mitarbeiter",
    ],
)
def test_a_person_asked_for_at_a_yes_no_step_is_a_hand_off_not_a_no(text: str) -> None:
    got = RULES.understand_sync(text, expect=yes_no(fact="original_packaging"))
    assert got.answer is None
    assert got.intent is Intent.HUMAN_AGENT


# --- return reasons told as stories, faults denied, a choice corrected -------------------


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        (
            "en",
            "got it for my sister, she set it up on friday and the screen stays black unless "
            "it's plugged in, a reset did nothing",
            "defective",
        ),
        (
            "fr",
            "on l'a allumée hier, au bout d'une heure écran noir, ça sentait le brûlé",
            "defective",
        ),
        (
            "es",
            "la prendió y a los diez minutos pantalla negra, ya la reiniciamos y nada",
            "defective",
        ),
        ("ar", "الشنطه شكلها حلو بس السوسته بتعلق ومش بتقفل", "defective"),
        ("de", "sieht gut aus, aber der Reißverschluss klemmt seit dem ersten Tag", "defective"),
        ("zh_Hans", "买给我妈的 用了三次就不加热了 你们看怎么处理吧", "defective"),
        ("zh_Hans", "给我爸买的 他戴起来很紧 表带又调不了 还是退了吧", "size"),
        ("ru", "муж примерил, рукава длинные, а в плечах висит мешком", "size"),
        ("en", "my husband tried it on, the sleeves are too long and it hangs off him", "size"),
        ("pt", "quando chegou a tampa já veio trincada e a caixa toda amassada", "damaged"),
        ("en", "when it came the handle was cracked and the box was crushed", "damaged"),
    ],
)
def test_a_reason_told_as_a_long_story_is_that_reason(language: str, text: str, code: str) -> None:
    assert reason(text, language) == code


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "gefällt mir, passt auch, alles in ordnung, ich brauch's nur nicht mehr"),
        ("ru", "с ним всё в порядке, просто он мне не нужен"),
        ("en", "nothing wrong with it, works fine, I just don't need it anymore"),
    ],
)
def test_nothing_wrong_and_no_longer_needed_is_no_reason(language: str, text: str) -> None:
    assert reason(text, language) == "no_reason"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ko", "주문한 건 네이비인데 블랙이 왔어요"),
        ("en", "I ordered the navy one but a black one came"),
        ("es", "pedí la azul pero me llegó una negra"),
    ],
)
def test_ordered_one_thing_and_another_came_is_the_wrong_item(language: str, text: str) -> None:
    assert reason(text, language) == "wrong_item"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "la de que no me gustó... bueno no, mejor la de fallas, hace un ruido raro"),
        ("en", "the changed my mind one, no wait, it's defective, it makes a weird noise"),
        ("pt", "a de tamanho, ou melhor, a de defeito, faz um barulho estranho"),
    ],
)
def test_a_reason_taken_back_for_another_is_the_other(language: str, text: str) -> None:
    assert reason(text, language) == "defective"


def _go_on_or_stop() -> Expectation:
    """ "Go on with the return?" with its two options, their labels in English."""
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(id="continue", label="Continue the return"),
            ExpectedOption(id="drop", label="Stop here"),
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "let's continue, but do I have to print the label myself?",
        "继续吧，但是标签要自己打印吗",
        "lanjut aja kak, tapi labelnya harus print sendiri ya?",
        "weitermachen bitte, aber muss ich das Etikett selbst drucken?",
    ],
)
def test_an_option_picked_then_a_question_keeps_the_option_and_the_question_rides_along(
    text: str,
) -> None:
    got = RULES.understand_sync(text, expect=_go_on_or_stop()).answer
    assert got is not None and got.payload == "continue"
    assert got.rest


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("tengo, pero solo de la caja por fuera, ¿sirve?", "yes"),
        ("有的 但是拍得有点模糊 可以吗", "yes"),
        ("I do, but only of the box, is that ok?", "yes"),
        ("ada kak, tapi cuma dari luar ya?", "yes"),
        ("tengo una pregunta", None),
        ("有个问题", None),
    ],
)
def test_i_have_said_alone_answers_do_you_have_photos_whatever_it_asks_after(
    text: str, said: str | None
) -> None:
    assert answer(text, yes_no(fact="has_photos"))[0] == said
