"""Typed conversations, dev5: status and payment follow-ups, by class of failure.

An order number said in a clause of its own belongs to the request the message makes; "another
way to pay" is not the other order; an unpaid order's status says why its payment failed; a
question whether the parcel came is its status, whatever a story clause beside it sounds like;
a Tokopedia number as shops store it (with dashes) after a product word. Each class in at
least three languages; what the customer sees is asserted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from core.answers.policy_text import payment_action_sentence, payment_reason_sentence
from core.engine import Engine
from core.i18n import Localizer
from core.policies import PaymentAction, PaymentReason
from core.services import Services
from core.understanding import Intent, frame
from core.understanding.entities import extract_entities
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped


def _expired(language: str) -> str:
    return payment_reason_sentence(Localizer(language), PaymentReason.CARD_EXPIRED)


def _unpaid(order_no: str, failure_code: str, **more: object) -> dict:
    doc = order_doc(
        order_no=order_no,
        status="pending_payment",
        paid_at=None,
        payment={
            "method": "card",
            "status": "failed",
            "amount": "98.00",
            "failure_code": failure_code,
        },
    )
    doc.update(more)
    return doc


# --- an order number in a clause of its own stays with the request -----------------------


@pytest.mark.parametrize(
    "message",
    [
        "I tried to pay for the desk lamp with my card twice and it failed both times, the "
        "order is just sitting there. Order WEB2025110900301",
        "Intenté pagar la lámpara dos veces con la tarjeta y siempre da error, el pedido "
        "sigue ahí parado. Pedido WEB2025110900301",
        "Die Zahlung mit meiner Karte ist zweimal fehlgeschlagen und die Bestellung hängt "
        "seitdem. Bestellnummer WEB2025110900301",
        "J'ai essayé de payer deux fois par carte et ça échoue, la commande est bloquée. "
        "Commande WEB2025110900301",
        "Оплата картой дважды не прошла, заказ так и висит неоплаченным. Заказ WEB2025110900301",
    ],
)
async def test_an_order_number_said_on_its_own_belongs_to_the_request(
    services: Services, engine: Engine, message: str
) -> None:
    await store(services, _unpaid("WEB2025110900301", "network_error"))

    reply = await Chat(engine, user="visitor-5701").say(message)

    assert "WEB2025110900301" in reply.text()  # asked to verify that order, not for a number


# --- "another way to pay" is about the order being discussed -----------------------------


@pytest.mark.parametrize(
    ("language", "first", "then"),
    [
        ("pt", "Por que o pagamento do pedido 1023 falhou?", "dá para pagar com outro cartão?"),
        ("ru", "Почему не прошла оплата заказа 1023?", "а можно оплатить другой картой?"),
        ("es", "¿Por qué falló el pago del pedido 1023?", "vale, ¿puedo pagar de otra forma?"),
        (
            "fr",
            "Pourquoi le paiement de la commande 1023 a échoué ?",
            "je peux payer avec une autre carte ?",
        ),
    ],
)
async def test_another_way_to_pay_is_not_the_other_order(
    services: Services, engine: Engine, language: str, first: str, then: str
) -> None:
    await store(
        services,
        _unpaid("1234567890123451023", "expired_card"),
        shipped(order_no="1234567890123459999", placed_at=iso(timedelta(days=-3))),
    )
    customer = Chat(engine)
    await customer.say(first)

    follow_up = await customer.say(then)

    assert "1234567890123459999" not in follow_up.text()
    assert _expired(language) in follow_up.text()  # the unpaid order's payment, again


# --- an unpaid order's status says why the payment failed --------------------------------


@pytest.mark.parametrize(
    ("language", "ask"),
    [
        ("en", "where is my order? it still hasn't shipped"),
        ("es", "¿dónde está mi pedido? todavía no lo han enviado"),
        ("de", "Wo bleibt meine Bestellung? Sie ist noch nicht verschickt"),
        ("vi", "đơn của mình sao chưa giao vậy shop?"),
    ],
)
async def test_an_unpaid_orders_status_says_why_the_payment_failed(
    services: Services, engine: Engine, language: str, ask: str
) -> None:
    await store(services, _unpaid("1234567890123451023", "expired_card"))

    reply = await Chat(engine).say(ask)

    assert _expired(language) in reply.text()


# --- a question whether it came leads over what a telling clause sounds like -------------


def _reads(readings: dict[str, tuple[Intent, float]]) -> Callable[[str], tuple[Intent, float]]:
    """A clause reader for the rule alone: the model's readings of each clause, as given."""

    def classify(clause: str) -> tuple[Intent, float]:
        return next((r for k, r in readings.items() if k in clause), (Intent.OTHER, 0.3))

    return classify


@pytest.mark.parametrize(
    ("message", "asked", "told"),
    [
        (
            "Hi there, so my order 1023 with the rug, has it arrived? I'm away in Madrid "
            "for work and my flatmate has no idea",
            "has it arrived",
            "away in Madrid",
        ),
        (
            "Hola, oye, mi pedido 1023 con la alfombra, ¿ya llegó? Estoy fuera en Madrid "
            "por trabajo y mi compañero no sabe nada",
            "ya llegó",
            "fuera en Madrid",
        ),
        (
            "Hallo, sag mal, meine Bestellung 1023 mit dem Teppich, ist sie angekommen? Ich "
            "bin gerade beruflich in Madrid und mein Mitbewohner weiß nichts",
            "angekommen",
            "in Madrid",
        ),
    ],
)
def test_a_question_whether_it_came_leads_over_a_story_clause(
    message: str, asked: str, told: str
) -> None:
    # the model, unsure of the asking clause, hears a change of address in the story
    readings = {asked: (Intent.MODIFY_ORDER, 0.22), told: (Intent.CHANGE_ADDRESS, 0.6)}
    in_clauses = frame.requests_in_clauses(message, _reads(readings))

    first, _, also = frame.order_requests(
        Intent.CHANGE_ADDRESS, 0.6, in_clauses, frame.asked_clauses(message)
    )

    assert first is Intent.ORDER_STATUS
    assert Intent.CHANGE_ADDRESS not in [i for i, _ in also]


# --- a Tokopedia number with dashes, after a product word --------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "min, mukena aku INV-20251226-MPL-5512340 kok belum sampai ya",
        "my blender INV-20240101-MPL-1234567 hasn't shipped, any news?",
        "电饭煲 INV-20251231-MPL-5519876 发货了吗",
    ],
)
def test_a_tokopedia_number_with_dashes_is_an_order_number(message: str) -> None:
    found = extract_entities(message).order_numbers

    assert len(found) == 1 and found[0].startswith("INV-") and "MPL" in found[0]


# --- after a status answer: is it the right order, when will it come, what now ------------


def _item(title: str, sku: str) -> list[dict]:
    return [
        {
            "line_id": "L1",
            "sku": sku,
            "title": title,
            "category": "general",
            "quantity": 1,
            "unit_price": "98.00",
        }
    ]


@pytest.fixture
async def jacket_and_cooker(services: Services) -> Services:
    """`web-li`'s paid down jacket (…1023) and shipped rice cooker (…9999)."""
    await store(
        services,
        order_doc(items=_item("Down jacket — Black, M", "JKT-BLK-M")),
        shipped(
            order_no="1234567890123459999",
            placed_at=iso(timedelta(days=-3)),
            items=_item("Rice cooker 1.0L", "RC-10"),
        ),
    )
    return services


def _holds(language: str, verdict: str, order: str, title: str) -> str:
    loc = Localizer(language)
    return loc._(verdict, order=order, items=f"{title} × 1")


YES = "Yes, that's the one: order {order} holds {items}."
NOT_QUITE = "Not quite: order {order} holds {items}."
NO = "No: order {order} holds {items}."


@pytest.mark.parametrize(
    ("language", "first", "then", "verdict"),
    [
        ("en", "where is order 1023?", "and that's the black one in size M, right?", YES),
        ("es", "¿dónde está el pedido 1023?", "¿y es la negra en talla M, verdad?", YES),
        ("de", "Wo ist Bestellung 1023?", "Ist das auch die richtige, die schwarze in M?", YES),
        ("vi", "đơn 1023 đến đâu rồi shop?", "đúng cái áo khoác màu đen size M chứ shop?", YES),
        ("en", "where is order 1023?", "hm, is it the black one in size L though?", NOT_QUITE),
        ("en", "where is order 1023?", "hm, is it the grey one in size L though?", NO),
        ("fr", "où en est la commande 1023 ?", "c'est bien la noire, taille L ?", NOT_QUITE),
        ("pt", "cadê o pedido 1023?", "é mesmo o pedido da panela elétrica de arroz?", NO),
        ("id", "pesanan 1023 sudah sampai mana?", "bener yang rice cooker kan?", NO),
    ],
)
async def test_is_it_the_right_order_is_answered_from_its_items(
    jacket_and_cooker: Services,
    engine: Engine,
    language: str,
    first: str,
    then: str,
    verdict: str,
) -> None:
    customer = Chat(engine)
    assert "1234567890123451023" in (await customer.say(first)).text()

    check = await customer.say(then)

    assert (
        _holds(language, verdict, "1234567890123451023", "Down jacket — Black, M") in check.text()
    )
    assert not check.buttons()
    # and where what they name is, when another of their orders holds it (the rice cooker)
    assert ("1234567890123459999" in check.text()) is ("rice" in then or "arroz" in then)


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("where is order 1023?", "ok and when will I get it then?"),
        ("¿dónde está el pedido 1023?", "vale, ¿y cuándo me llega?"),
        ("Wo ist Bestellung 1023?", "Und wann kommt sie dann an?"),
        ("đơn 1023 đến đâu rồi shop?", "vậy khi nào mình nhận được hàng?"),
    ],
)
async def test_when_will_it_come_after_a_status_answer_gives_the_orders_dates(
    jacket_and_cooker: Services, engine: Engine, first: str, then: str
) -> None:
    customer = Chat(engine)
    await customer.say(first)

    when = await customer.say(then)

    # leaves by…, then the shop's domestic delivery time (ShopPolicy.delivery_days_domestic)
    assert "1234567890123451023" in when.text() and "1–3" in when.text()
    assert not when.buttons()


@pytest.mark.parametrize(
    ("language", "first", "then"),
    [
        ("en", "where is my order?", "so what should I do now?"),
        ("es", "¿dónde está mi pedido?", "¿y ahora qué hago?"),
        ("de", "Wo bleibt meine Bestellung?", "Was soll ich jetzt tun?"),
        ("ja", "注文はどうなっていますか？", "では、どうすればいいですか？"),
    ],
)
async def test_what_now_after_an_unpaid_orders_status_is_how_to_pay(
    services: Services, engine: Engine, language: str, first: str, then: str
) -> None:
    await store(services, _unpaid("1234567890123451023", "expired_card"))
    customer = Chat(engine)
    await customer.say(first)

    now = await customer.say(then)

    loc = Localizer(language)
    assert payment_action_sentence(loc, PaymentAction.UPDATE_CARD_DETAILS) in now.text()
