"""Three leftovers of round 10: the tracking number asked for is a question of where the parcel
is, never an invoice; the invoice's name step takes a name, not a thank-you, and a name given
in the first message is used; "everything" in a return request is every line, all its units."""

from __future__ import annotations

import pytest

from core.engine import Engine
from core.services import Services
from tests.chat import Chat, store
from tests.factories import delivered_mugs_and_towel, order_doc, shipped

ORDER = "1234567890123451023"


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


# --- 1. the tracking number asked for -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Could you give me the waybill no. for my parcel?",
        "伝票の番号をお願いできますか",
        "Пришлите, пожалуйста, трек-номер",
    ],
    ids=["en", "ja", "ru"],
)
async def test_asking_for_the_tracking_number_answers_where_the_parcel_is_not_an_invoice(
    chat: Chat, services: Services, text: str
) -> None:
    await store(services, shipped())
    reply = await chat.say(text)
    assert "SF1234567890123" in reply.text()
    assert await services.tickets.list() == []


# --- 2. the invoice's name ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ask", "not_a_name", "name"),
    [
        (
            "I need an invoice for my order",
            "sending it by email is perfect, thanks a lot",
            "Emma Stone",
        ),
        ("Il me faudrait une facture", "Par e-mail ça me va très bien, merci", "Julie Martin"),
        ("Necesito una factura", "Por correo está genial, gracias", "Lucía Gómez"),
    ],
    ids=["en", "fr", "es"],
)
async def test_a_thank_you_at_the_name_step_leaves_the_customers_own_name_on_the_invoice(
    chat: Chat, services: Services, ask: str, not_a_name: str, name: str
) -> None:
    await store(services, order_doc(customer={**order_doc()["customer"], "name": name}))
    await chat.say(ask)
    done = await chat.say(not_a_name)
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert ticket.data["title"] == name and name in done.text()  # the customer's own name
    assert not_a_name not in done.text()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "My invoice has a typo in it, please reissue it in the name of Olivia Brown",
            "Olivia Brown",
        ),
        (
            "La facture porte un mauvais nom, pouvez-vous la refaire au nom de Hugo Lefèvre ?",
            "Hugo Lefèvre",
        ),
        ("Переделайте, пожалуйста, счёт на имя Анна Смирнова", "Анна Смирнова"),
    ],
    ids=["en", "fr", "ru"],
)
async def test_a_name_given_with_the_invoice_request_is_used_not_asked_again(
    chat: Chat, services: Services, text: str, name: str
) -> None:
    await store(services, order_doc())
    done = await chat.say(text)
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert ticket.department.value == "finance" and ticket.data["title"] == name
    assert name in done.text()


# --- 3. "everything" in a return request --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to send back everything from my order, I changed my mind",
        "ขอส่งคืนทั้งหมดเลยค่ะ เปลี่ยนใจแล้ว",
        "Quiero devolver todo, ya no lo necesito",
    ],
    ids=["en", "th", "es"],
)
async def test_returning_everything_returns_every_line_with_all_its_units(
    chat: Chat, services: Services, text: str
) -> None:
    await store(services, delivered_mugs_and_towel(coupon=False))
    quote = await chat.say(text)
    assert "Ceramic mug" in quote.text() and "Cotton towel" in quote.text()
    await chat.press(quote.buttons()[0].payload)
    order = await services.hub.get_order(ORDER)
    assert order is not None
    [ret] = order.returns
    assert sorted((x.line_id, x.quantity) for x in ret.lines) == [("A", 2), ("B", 1)]
