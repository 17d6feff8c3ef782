"""Return reasons told in the customer's own words, so the return is filed with the reason said
and the bot does not ask for it again (or file "changed my mind" instead).

- A size told as how the garment sits: a verb of fit, then shortly a word of size ("le quedó
  ancho", "ficou-me muito larga", "taillent franchement grand", "run really small").
- A seam that came apart, or padding that sank, told with words between ("the seam along the
  sleeve split", "الاسفنج اللي جواها نزل").
- A defect told by its symptom: pilling, a burning smell, "marche plus"; an intensifier built on
  a negator ("장난 아니게", "ハンパない") denies nothing.
- The money asked back for an item that came broken, at the end of a long story of the parcel,
  is a return of that item, not a parcel case.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.engine import Engine
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander, frame
from tests.chat import Chat, store
from tests.factories import delivered_mugs_and_towel


@pytest.fixture(scope="module")
def understander():
    return build_understander(Settings())


# --- size told as how it sits ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "el abrigo le quedó demasiado ancho a mi hermano",
        "a saia ficou-me muito larga na cintura",
        "ces bottes taillent franchement grand",
        "die Jacke fällt deutlich kleiner aus als gedacht",
        "these trainers run really small",
        "ботинки маломерят на целый размер",
    ],
)
def test_a_fit_verb_with_a_word_of_size_is_a_size_reason(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "size"


@pytest.mark.parametrize(
    "text",
    [
        "me queda una duda grande sobre el envío",
        "la chaqueta no me queda grande, simplemente no me gusta el color",
    ],
)
def test_a_fit_verb_alone_or_denied_is_no_size(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) != "size"


# --- a seam that came apart ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the seam along the left sleeve split after one wash",
        "la costura del bolsillo ya se abrió",
        "die Naht an der Schulter ist aufgegangen",
        "jahitan lengan kanannya sudah lepas semua",
    ],
)
def test_a_seam_that_came_apart_with_words_between_is_a_defect(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "defective"


@pytest.mark.parametrize(
    "text",
    [
        "the foam of the seat cushion went flat",
        "la espuma del cojín se hundió en una semana",
        "der Schaumstoff der Matte ist eingesunken",
        "من اول يوم الاسفنج اللي في المرتبة نزل",
    ],
)
def test_padding_that_sank_or_went_flat_is_a_defect(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "defective"


# --- a defect told by its symptom ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my new jumper is covered in bobbles after two washes",
        "le pull bouloche déjà au niveau des manches",
        "니트에 보풀이 너무 많이 생겼어요",
        "the kettle gives off a burning smell when it boils",
        "la tostadora huele a quemado desde el primer día",
        "ドライヤーから焦げ臭いにおいがします",
        "l'aspirateur marche plus depuis hier",
    ],
)
def test_a_symptom_of_a_defect_is_a_defect(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "defective"


@pytest.mark.parametrize(
    "text",
    [
        "스웨터에 보풀이 장난 아니네요",
        "セーターの毛玉がハンパないです",
    ],
)
def test_an_intensifier_built_on_a_negator_denies_nothing(text):
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "defective"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("quiero devolver la toalla, a mi hija le quedó enorme", "size"),
        ("quero devolver a toalha, ficou-me mesmo justa", "size"),
        ("хочу вернуть полотенце, они маломерят", "size"),
    ],
)
async def test_a_size_told_in_words_files_the_return_as_size(
    services: Services, engine: Engine, text: str, reason: str
) -> None:
    doc = delivered_mugs_and_towel(coupon=False)
    doc["payment"]["amount"] = "250.00"
    await store(services, doc)
    chat = Chat(engine)
    quote = await chat.say(text)
    assert not any(b.payload.startswith("return_reason:") for b in quote.buttons())
    await chat.press("confirm:yes")
    order = await services.hub.get_order(doc["order_no"])
    assert order is not None
    [ret] = order.returns
    assert ret.reason == reason
    assert ret.refund_amount == Decimal("50.00")


# --- money back for a broken item after a long story --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hallo zusammen. Vorgestern ist mein Paket mit der Vase und den Kerzen gekommen. Die "
        "Vase war beim Öffnen schon zerbrochen, die Schachtel total zerdrückt. Die Kerzen sind "
        "gut, die behalte ich. Fotos habe ich gemacht. Ich möchte bitte mein Geld für die Vase "
        "zurück.",
        "Hi there. My parcel with the vase and the candles came on Monday. The vase was already "
        "in pieces when I opened it, and the box was badly crushed. The candles are fine, I'm "
        "keeping those. I took photos straight away. I'd just like a refund for the vase.",
        "Hola. El lunes llegó mi paquete con el jarrón y las velas. El jarrón venía roto en "
        "varios pedazos y la caja estaba aplastada. Las velas están bien, me las quedo. Ya "
        "tomé fotos. Quiero que me devuelvan el dinero del jarrón.",
    ],
)
async def test_the_money_asked_back_for_a_broken_item_after_a_story_is_a_return(
    understander, text: str
) -> None:
    read = await understander.understand(text)
    assert read.intent is Intent.RETURN_REQUEST
    assert read.reason == "damaged"
