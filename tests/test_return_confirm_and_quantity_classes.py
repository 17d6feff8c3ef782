"""What a customer types to a return's confirmation, and what a first message tells of the item
besides the request:

- An okay that ends in putting it off ("ok thanks, I'll think about it") confirms nothing.
- A yes-word that is one only at the head of a reply: the Cantonese "得" ("得，唔該").
- A money amount beside a count ("only 8 quid back? then just the one pair") is no count;
  "just the one pair" is one.
- A question ("do I keep the discount or not?") tells no return reason.
- Something else sent instead of what was ordered is a wrong item, even when a size describes
  what came ("a child's size instead of the adult coat I ordered").
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.dialogue.items import line_named_in
from core.engine import Engine
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander, frame
from core.understanding.entities import extract_entities
from tests.chat import Chat, store
from tests.factories import delivered_mugs_and_towel, order


@pytest.fixture(scope="module")
def understander():
    return build_understander(Settings())


async def _quoted(services: Services, engine: Engine, text: str) -> tuple[Chat, str]:
    doc = delivered_mugs_and_towel()
    await store(services, doc)
    chat = Chat(engine)
    await chat.say(text)
    return chat, doc["order_no"]


@pytest.mark.parametrize(
    ("request_", "reply"),
    [
        ("I want to return the towel, I don't need it", "ok thanks, I'll think about it"),
        ("quiero devolver la toalla, ya no la necesito", "vale gracias, lo voy a pensar"),
        ("je veux retourner la serviette, je n'en veux plus", "ok merci, je vais y réfléchir"),
        (
            "ich möchte das Handtuch zurückschicken, brauche ich nicht mehr",
            "ok danke, ich überlege es mir",
        ),
    ],
)
async def test_an_okay_that_ends_in_putting_it_off_registers_no_return(
    services: Services, engine: Engine, request_: str, reply: str
) -> None:
    chat, order_no = await _quoted(services, engine, request_)
    await chat.say(reply)
    order = await services.hub.get_order(order_no)
    assert order is not None and order.returns == []


@pytest.mark.parametrize("reply", ["得 唔該晒", "得，麻煩你", "得嘞 谢谢"])
async def test_a_leading_cantonese_de_confirms_the_return(
    services: Services, engine: Engine, reply: str
) -> None:
    chat, order_no = await _quoted(services, engine, "條毛巾我想退，唔啱心意")
    await chat.say(reply)
    order = await services.hub.get_order(order_no)
    assert order is not None
    [ret] = order.returns
    assert ret.refund_amount == Decimal("46.00")


@pytest.mark.parametrize(
    "text",
    [
        "wait, only 8 quid back?? then make it just the one pair",
        "¿solo 12 dólares? entonces solo uno",
        "seulement 9 francs ? alors juste un seul",
    ],
)
def test_a_money_amount_beside_a_count_is_no_count(text: str) -> None:
    assert extract_entities(text).quantities == [1]


@pytest.mark.parametrize(
    "text",
    [
        "je voudrais retourner la lampe. je garde la remise ou pas ?",
        "ich will die Lampe zurückschicken. behalte ich den Rabatt oder nicht?",
        "quero devolver a lâmpada. fico com o desconto ou não?",
        "хочу вернуть лампу. скидка у меня останется или нет?",
    ],
)
async def test_a_question_tells_no_return_reason(understander, text: str) -> None:
    read = await understander.understand(text)
    assert read.reason is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Llegó una talla de niño en vez del abrigo de adulto que pedí", Intent.DELIVERY_ISSUE),
        ("Statt der bestellten Jacke in Größe L kam eine Kinderjacke", Intent.DELIVERY_ISSUE),
        (
            "On m'a livré un sac en taille S au lieu du manteau que j'ai commandé",
            Intent.RETURN_REQUEST,
        ),
    ],
)
def test_something_sent_instead_of_what_was_ordered_is_a_wrong_item_even_with_a_size(
    text: str, intent: Intent
) -> None:
    assert frame.reason_in(text, intent) == "wrong_item"


@pytest.mark.parametrize(
    "text",
    [
        "عايز ارجع التوب الابيض بس، المقاس كبير",
        "عندي توبين في الطلب، عايز ارجع واحد منهم",
        "التوبين مش مقاسي، عايز ارجعهم",
    ],
)
def test_the_egyptian_spelling_of_thobe_names_the_thobe(text: str) -> None:
    o = order(
        items=[
            {
                "line_id": "R",
                "sku": "RUG",
                "title": "Prayer Rug, Memory Foam",
                "quantity": 1,
                "unit_price": "199.00",
            },
            {
                "line_id": "T",
                "sku": "THOBE",
                "title": "Cotton Thobe, White",
                "quantity": 2,
                "unit_price": "120.00",
            },
        ]
    )
    assert line_named_in(o, text, {"R": 1, "T": 2}) == "T"
