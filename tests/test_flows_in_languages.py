"""Each flow answers in the customer's language: one opening line per flow in several languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.engine import Engine
from core.i18n import Localizer
from core.services import Services
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped

CASES = [
    # (flow, order status, language, message, a message id the answer must contain)
    ("status", "shipped", "ja", "私の注文はどこですか？", "Order {order} is on its way."),
    ("status", "shipped", "ar", "أين طلبي؟", "Order {order} is on its way."),
    (
        "address",
        "paid",
        "es",
        "quiero cambiar la dirección de envío",
        "Is this about order {order}? Please send the new full address, with the recipient's name "
        "and phone number.",
    ),
    (
        "address",
        "paid",
        "ru",
        "хочу изменить адрес доставки",
        "Is this about order {order}? Please send the new full address, with the recipient's name "
        "and phone number.",
    ),
    ("cancel", "paid", "fr", "je veux annuler ma commande", "Cancel the whole order {order}?"),
    (
        "cancel",
        "paid",
        "de",
        "ich möchte meine Bestellung stornieren",
        "Cancel the whole order {order}?",
    ),
    ("return", "delivered", "es", "quiero devolver el pedido", "How many of them?"),
    ("return", "delivered", "ko", "반품하고 싶어요", "How many of them?"),
    (
        "modify",
        "paid",
        "pt",
        "quero mudar o tamanho do meu pedido",
        "What would you like to change on order {order} (size, colour, quantity)?",
    ),
    (
        "payment",
        "pending_payment",
        "vi",
        "thanh toán của tôi bị lỗi",
        "The payment failed because there wasn't enough money on the account.",
    ),
    (
        "invoice",
        "paid",
        "zh_Hant",
        "可以開發票嗎",
        "For the invoice of order {order}, please send the invoice title (your name or company "
        "name) and, for a company, its tax ID.",
    ),
    ("refund", "delivered", "th", "เงินคืนของฉันอยู่ไหน", "There is no refund on order {order}."),
    (
        "human",
        "paid",
        "id",
        "saya mau bicara dengan CS manusia",
        "I've passed this to a colleague (ticket {ticket}). They will reply here as soon as "
        "possible.",
    ),
]


def _order(status: str) -> dict:
    if status == "shipped":
        return shipped()
    if status == "delivered":
        doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-1)))
        doc["items"][0]["category"] = "general"
        return doc
    if status == "pending_payment":
        return order_doc(
            status="pending_payment",
            paid_at=None,
            payment={
                "method": "card",
                "status": "failed",
                "failure_code": "insufficient_funds",
                "amount": "98.00",
            },
        )
    return order_doc(status=status)


@pytest.mark.parametrize(("flow", "status", "language", "text", "msgid"), CASES)
async def test_the_flow_opens_in_the_customers_language(
    engine: Engine,
    services: Services,
    flow: str,
    status: str,
    language: str,
    text: str,
    msgid: str,
) -> None:
    await store(services, _order(status))
    reply = await Chat(engine).say(text)
    assert reply.language == language
    loc = Localizer(language, "Asia/Shanghai")
    expected = loc._(msgid, order="1234567890123451023", ticket="#1")
    assert expected != msgid.format(order="1234567890123451023", ticket="#1")  # really translated
    assert expected in reply.text()
