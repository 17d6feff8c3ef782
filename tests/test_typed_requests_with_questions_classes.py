"""A request and a question in one message, by class of failure (wordings our own):

- a yes or no to a confirmation with a question after it is an answer: the action is done (or
  not) and the question taken up afterwards, unless the confirmation already answered it;
- an order number told in a story clause is the order of the request the message makes; the
  verification answer typed before it is asked is no order number, and is used when asked;
- a policy question on a clear topic, or asked before buying, is answered, never sent to a menu
  or to an order number.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.engine import Engine
from core.services import Services
from core.settings import Settings
from core.understanding import build_understander
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.replies import Reply, interpret
from core.understanding.types import Entities
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped


def _delivered_boots(order_no: str = "EU7741") -> dict[str, Any]:
    doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-3)), order_no=order_no)
    doc["currency"] = "EUR"
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "BOOT-42",
            "title": "Leather boots",
            "category": "general",
            "quantity": 1,
            "unit_price": "120.00",
        }
    ]
    doc["payment"] = {"method": "card", "status": "succeeded", "amount": "120.00"}
    doc["shipping_address"]["country"] = "DE"
    return doc


def _paid_lamp(order_no: str, phone: str = "+33698761234") -> dict[str, Any]:
    doc = order_doc(order_no=order_no, currency="EUR")
    doc["customer"] = {**doc["customer"], "phone": phone, "channels": []}
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "LAMP",
            "title": "Desk lamp",
            "category": "general",
            "quantity": 1,
            "unit_price": "59.00",
        }
    ]
    doc["payment"] = {"method": "card", "status": "succeeded", "amount": "59.00"}
    return doc


_CONFIRM = Expectation(
    kind=ExpectKind.YES_NO,
    action="return_request",
    options=[
        ExpectedOption(id="confirm:yes", label="Yes", meaning="yes"),
        ExpectedOption(id="confirm:no", label="No", meaning="no"),
    ],
)


# --- a yes or no, then a question ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("да, давайте. а деньги придут на ту же карту?", "confirm:yes"),
        ("sí, hazlo. ¿el dinero vuelve a la misma tarjeta?", "confirm:yes"),
        ("ja, mach das. Kommt das Geld auf dieselbe Karte zurück?", "confirm:yes"),
        ("no, leave it. how long does delivery take to Lyon?", "confirm:no"),
    ],
    ids=["ru", "es", "de", "en-no"],
)
async def test_a_yes_or_no_followed_by_a_question_answers_the_confirmation(
    text: str, said: str
) -> None:
    understander = build_understander(Settings())
    ents = Entities()
    read = await understander.understand(text)  # what the model makes of the whole message
    answer = interpret(_CONFIRM, Reply(text, ents, read.intent, read.confidence))
    assert answer is not None and answer.payload == said
    assert answer.rest  # the question rides along


async def test_a_question_after_a_yes_the_confirmation_did_not_answer_is_answered_after(
    services: Services, engine: Engine
) -> None:
    await store(services, _delivered_boots())
    chat = Chat(engine)
    await chat.say("I'd like to return the leather boots from order EU7741, wrong size")
    done = await chat.say(
        "yes please go ahead. and how long does shipping usually take for new orders?"
    )
    order = await services.hub.get_order("EU7741")
    assert order is not None and len(order.returns) == 1
    assert "48 hours" in done.text()  # the shipping answer, after the return


# --- the order number of a story, the verification typed early ----------------------------


@pytest.mark.parametrize(
    "first",
    [
        "Hello, I tried to pay for the desk lamp, order WEB2025120100450, and the bank blocked "
        "it. Could you cancel the order please?",
        "Hola, intenté pagar la lámpara, pedido WEB2025120100450, y el banco lo bloqueó. "
        "¿Me pueden cancelar el pedido?",
        "Bonjour, j'ai voulu payer la lampe, commande WEB2025120100450, et la banque a refusé. "
        "Vous pouvez annuler la commande ?",
    ],
    ids=["en", "es", "fr"],
)
async def test_an_order_number_told_in_the_story_is_the_order_to_act_on(
    services: Services, engine: Engine, first: str
) -> None:
    await store(services, _paid_lamp("WEB2025120100450"))
    reply = await Chat(engine, user="visitor-7731").say(first)
    assert "WEB2025120100450" in reply.text()  # asked to verify it, not for a number


@pytest.mark.parametrize(
    ("ask", "given"),
    [
        ("I want to cancel my order", "the last 4 digits of my phone are 1234"),
        ("Je voudrais annuler ma commande", "les 4 derniers chiffres de mon portable : 1234"),
        ("我想取消订单", "手机尾号1234"),
    ],
    ids=["en", "fr", "zh_Hans"],
)
async def test_a_verification_given_before_it_is_asked_is_no_order_number_and_is_used(
    services: Services, engine: Engine, ask: str, given: str
) -> None:
    await store(services, _paid_lamp("WEB2025120100450"))
    chat = Chat(engine, user="visitor-7732")
    await chat.say(ask)
    early = await chat.say(given)
    assert "1234" not in early.text()  # not taken for an order number
    verified = await chat.say("WEB2025120100450")
    assert "1234" not in verified.text()
    assert verified.buttons()  # verified at once: the cancellation is offered to confirm


# --- a policy question is answered ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "petite question avant de commander : combien de temps pour renvoyer un article qui ne "
        "va pas ? et s'il est cassé à l'arrivée ?",
        "I haven't ordered yet - if the shoes don't fit, can I send them back, and how many "
        "days do I have?",
        "Todavía no he comprado nada, pero si la chaqueta no me queda, ¿la puedo devolver? "
        "¿cuántos días hay?",
        "Ainda não comprei, mas se o tênis não servir eu posso devolver? Em quantos dias?",
        "아직 안 샀는데요, 사이즈가 안 맞으면 반품 가능한가요? 며칠 안에 해야 하나요?",
        "ما طلبت لسه، بس لو المقاس ما ضبط اقدر ارجعه؟ خلال كم يوم؟",
    ],
    ids=["fr", "en", "es", "pt", "ko", "ar"],
)
async def test_a_return_policy_question_before_buying_gets_the_return_windows(
    services: Services, engine: Engine, text: str
) -> None:
    policy = services.policy
    reply = await Chat(engine, user="visitor-7733").say(text)
    said = reply.text()
    assert str(policy.eu_return_window_days) in said
    assert str(policy.defect_window_days) in said
    assert not reply.buttons()  # no menu, no order number asked
