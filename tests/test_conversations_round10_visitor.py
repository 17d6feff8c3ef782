"""A visitor tied to no customer, or anyone without an order number at hand (round 10).

What can be answered without the order is answered at once; an e-mail (or a phone's last four
digits with the item bought) that fits exactly one order verifies that order; a cancelled
order's refund is told in figures. Each behaviour in at least three languages, on the demo shop.
"""

from __future__ import annotations

import pytest

from bots.shop import seed_demo
from core.engine import Engine
from core.i18n import Localizer
from core.order import OrderStatus
from core.services import Services
from core.tickets import Department
from core.understanding.entities import extract_entities
from tests.chat import Chat


@pytest.fixture
async def demo(services: Services) -> Services:
    await seed_demo(services)
    return services


def _(language: str, message: str, **values: object) -> str:
    return Localizer(language, "UTC")._(message, **values)


ASK_FOR_THE_ORDER = "For your order itself, send me its order number and I'll check it."
ASK_FOR_THE_NUMBER_TOO = "Thanks. To find the right order, please send me its order number too."
VERIFIED = "Thank you, you're verified."
NOT_CHARGED = (
    "You were not charged for order {order}: its payment never went through, so there is "
    "nothing to refund."
)


async def _unchanged(services: Services, order_no: str, status: OrderStatus) -> None:
    order = await services.hub.get_order(order_no)
    assert order is not None and order.status is status and not order.returns


# --- a payment problem answered before any order number -------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "my card payment got refused and right after my bank sent a fraud alert, I "
            "confirmed it was me. can I just pay again?",
        ),
        (
            "es",
            "me rechazaron el pago con tarjeta y luego el banco me mandó una alerta de fraude, "
            "ya confirmé que era yo. ¿puedo volver a pagar?",
        ),
        (
            "de",
            "Meine Kartenzahlung wurde abgelehnt und danach kam eine Sicherheitswarnung von "
            "meiner Bank. Das war ich. Kann ich nochmal zahlen?",
        ),
    ],
)
async def test_a_visitor_told_of_a_bank_security_block_is_answered_before_the_order_number(
    demo: Services, engine: Engine, language: str, text: str
) -> None:
    reply = await Chat(engine, user=f"visitor-security-{language}").say(text)
    assert _(language, "The payment was stopped by a security check.") in reply.text()
    assert "PayPal" in reply.text()
    assert _(language, ASK_FOR_THE_ORDER) in reply.text()
    assert await demo.tickets.list() == []
    await _unchanged(demo, "WEB2025110900217", OrderStatus.PENDING_PAYMENT)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "I tried to pay and the screen showed an error, but the money was taken from my "
            "account and the order still says unpaid",
        ),
        (
            "es",
            "intenté pagar y salió un error, pero me descontaron el dinero y el pedido sigue "
            "como no pagado",
        ),
        (
            "fr",
            "j'ai voulu payer, ça a affiché une erreur mais j'ai été débité et la commande est "
            "toujours non payée",
        ),
    ],
)
async def test_a_visitor_whose_money_left_for_an_unpaid_order_is_told_it_comes_back(
    demo: Services, engine: Engine, language: str, text: str
) -> None:
    reply = await Chat(engine, user=f"visitor-money-{language}").say(text)
    assert (
        _(
            language,
            "If the money left your account but the order still shows as unpaid, the payment "
            "did not complete, and the money comes back to you automatically, usually within a "
            "few days.",
        )
        in reply.text()
    )
    assert _(language, ASK_FOR_THE_ORDER) in reply.text()
    await _unchanged(demo, "WEB2025110900301", OrderStatus.PENDING_PAYMENT)


# --- an order number in brackets, labelled by its items -------------------------------------


@pytest.mark.parametrize(
    ("text", "order_no"),
    [
        ("where is my parcel (10533 - two water bottles)?", "10533"),
        ("¿dónde está mi pedido (10482 – zapatillas y calcetines)?", "10482"),
        ("ma commande (10517) a-t-elle été remboursée ?", "10517"),
    ],
)
async def test_an_order_number_in_brackets_is_read_and_verified_before_anything_is_shown(
    demo: Services, engine: Engine, text: str, order_no: str
) -> None:
    assert extract_entities(text).order_numbers == [order_no]
    reply = await Chat(engine, user=f"visitor-brackets-{order_no}").say(text)
    assert order_no in reply.text() and not reply.buttons()  # the question to verify it


# --- an e-mail or a phone's last digits without an order number -----------------------------


@pytest.mark.parametrize(
    ("language", "first", "email", "order_no", "customer_id"),
    [
        (
            "en",
            "hi, has the refund for the yoga mat I sent back gone through?",
            "sarah.miller@example.com",
            "10517",
            "CUST-0012",
        ),
        (
            "de",
            "Wo bleibt meine Erstattung für den Lautsprecher?",
            "lukas.mueller@example.com",
            "WEB2025102400390",
            "CUST-0015",
        ),
        (
            "ja",
            "ギフトカードの支払いができませんでした",
            "Yuki.Sato@example.com",
            "APP2025110900731",
            "CUST-0006",
        ),
    ],
)
async def test_an_email_that_fits_exactly_one_order_verifies_that_order(
    demo: Services,
    engine: Engine,
    language: str,
    first: str,
    email: str,
    order_no: str,
    customer_id: str,
) -> None:
    visitor = Chat(engine, user=f"visitor-email-{language}")
    await visitor.say(first)
    reply = await visitor.say(email)
    assert _(language, VERIFIED) in reply.text() and len(reply.parts) > 1  # and the answer
    assert await demo.identity.customer_for("web", visitor.user) == customer_id


@pytest.mark.parametrize(
    ("language", "first", "email", "hidden"),
    [
        (
            "en",
            "where is my order?",
            "ana.souza@example.com",
            ["APP2025110500266", "WEB2025110900301"],
        ),
        (
            "zh_Hans",
            "我的订单到哪了？",
            "wang.wei@example.com",
            ["301122334455", "4098127365409182736"],
        ),
        ("ja", "注文はいまどこですか", "yuki.sato@example.com", ["#JP1187", "APP2025110900731"]),
    ],
)
async def test_an_email_that_fits_several_orders_asks_for_the_number_and_shows_none(
    demo: Services, engine: Engine, language: str, first: str, email: str, hidden: list[str]
) -> None:
    visitor = Chat(engine, user=f"visitor-several-{language}")
    await visitor.say(first)
    reply = await visitor.say(email)
    assert _(language, ASK_FOR_THE_NUMBER_TOO) in reply.text()
    assert not any(number in reply.text() for number in hidden)
    assert await demo.identity.customer_for("web", visitor.user) is None
    stranger = Chat(engine, user=f"visitor-stranger-{language}")
    await stranger.say(first)
    unknown = await stranger.say("nobody.here@example.com")
    assert unknown.text() == reply.text()  # an unknown e-mail is answered in the same words


@pytest.mark.parametrize(
    ("language", "first", "digits", "order_no"),
    [
        ("es", "¿cuándo llegan mis zapatillas de running?", "los últimos 4 dígitos: 5678", "10482"),
        (
            "ja",
            "デジタルギフトカードの決済がエラーになりました",
            "電話番号の下4桁は5678です",
            "APP2025110900731",
        ),
        ("en", "my payment for the chelsea boots failed", "last four digits 0123", "#UK3402"),
    ],
)
async def test_last_four_digits_with_an_item_that_names_one_order_verify_it(
    demo: Services, engine: Engine, language: str, first: str, digits: str, order_no: str
) -> None:
    visitor = Chat(engine, user=f"visitor-digits-{language}")
    await visitor.say(first)
    reply = await visitor.say(digits)
    assert _(language, VERIFIED) in reply.text() and len(reply.parts) > 1
    assert await demo.identity.customer_for("web", visitor.user) is not None
    order = await demo.hub.get_order(order_no)
    assert order is not None and order.customer.phone not in reply.text()


@pytest.mark.parametrize(
    ("language", "first", "digits"),
    [
        ("es", "tengo un problema con mi pedido", "los últimos 4 dígitos: 5678"),
        ("fr", "j'ai un souci avec ma commande", "les 4 derniers chiffres : 5678"),
        ("en", "I have a question about my order", "last four digits 5678"),
    ],
)
async def test_last_four_digits_without_an_item_ask_for_the_order_number(
    demo: Services, engine: Engine, language: str, first: str, digits: str
) -> None:
    visitor = Chat(engine, user=f"visitor-bare-digits-{language}")
    await visitor.say(first)
    reply = await visitor.say(digits)
    assert _(language, ASK_FOR_THE_NUMBER_TOO) in reply.text()
    assert await demo.identity.customer_for("web", visitor.user) is None


# --- the refund of a cancelled order ---------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "channel", "user", "text", "order_no"),
    [
        (
            "zh_Hans",
            "wechat",
            "oDemoOpenid0002",
            "订单6985472562747822843取消了，钱退回来了吗？",
            "6985472562747822843",
        ),
        ("es", "web", "demo-lucia", "¿me devolvisteis el dinero del pedido #EU1031?", "#EU1031"),
        ("ja", "web", "demo-yuki", "#JP1001の返金はどうなっていますか", "#JP1001"),
    ],
)
async def test_a_cancelled_order_never_charged_has_nothing_to_refund(
    demo: Services, engine: Engine, language: str, channel: str, user: str, text: str, order_no: str
) -> None:
    reply = await Chat(engine, user=user, channel=channel).say(text)
    assert _(language, NOT_CHARGED, order=order_no) in reply.text()
    assert await demo.tickets.list(order_no=order_no) == []


@pytest.mark.parametrize(
    ("channel", "user", "text", "order_no", "amount"),
    [
        (
            "web",
            "demo-lucia",
            "¿cuándo me devolvéis el dinero del pedido #EU1025?",
            "#EU1025",
            "33,79",
        ),
        (
            "telegram",
            "100008",
            "هل رجعتوا لي كامل مبلغ الطلب #ME1026 ولا جزء منه بس؟",
            "#ME1026",
            "252.97",
        ),
        (
            "web",
            "visitor-zhang",
            "订单388962610261取消很久了，退款到账了吗？手机尾号4321",
            "388962610261",
            "347.97",
        ),
    ],
)
async def test_a_cancelled_paid_order_long_unrefunded_gets_its_amount_and_a_finance_ticket(
    demo: Services, engine: Engine, channel: str, user: str, text: str, order_no: str, amount: str
) -> None:
    customer = Chat(engine, user=user, channel=channel)
    reply = await customer.say(text)
    assert amount in reply.text()
    [ticket] = await demo.tickets.list(order_no=order_no)
    assert ticket.department is Department.FINANCE and ticket.kind == "cancellation_refund"
    again = await Chat(engine, user=user, channel=channel).say(text)
    assert f"#{ticket.id}" in again.text()
    assert len(await demo.tickets.list(order_no=order_no)) == 1  # one ticket, not one a question
    order = await demo.hub.get_order(order_no)
    assert order is not None and order.status is OrderStatus.CANCELLED and not order.returns


async def test_a_cancelled_order_refunds_every_item_and_says_what_each_counts_for(
    demo: Services, engine: Engine
) -> None:
    for channel, user, text in (
        ("telegram", "100008", "did you refund all of order #ME1026 or only the lamp?"),
        (
            "web",
            "demo-lucia",
            "quiero saber si el reembolso del pedido #EU1025 fue completo o solo una parte",
        ),
        ("telegram", "100008", "هل رجعتوا لي كامل مبلغ الطلب #ME1026 ولا جزء منه بس؟"),
    ):
        reply = await Chat(engine, user=user, channel=channel).say(text)
        if "ME1026" in text:
            assert "107.97" in reply.text() and "145.00" in reply.text()
        else:
            assert "8,90" in reply.text() and "19,99" in reply.text() and "4,90" in reply.text()


@pytest.mark.parametrize(
    ("channel", "user", "text", "expected"),
    [
        ("web", "demo-lucia", "quiero devolver el pedido #EU1031", ("es", NOT_CHARGED, "#EU1031")),
        (
            "wechat",
            "oDemoOpenid0002",
            "我要退货，订单6985472562747822843",
            ("zh_Hans", NOT_CHARGED, "6985472562747822843"),
        ),
        ("web", "demo-yuki", "#JP1001を返品したいです", ("ja", NOT_CHARGED, "#JP1001")),
    ],
)
async def test_a_return_asked_of_a_cancelled_order_is_answered_with_its_refund(
    demo: Services,
    engine: Engine,
    channel: str,
    user: str,
    text: str,
    expected: tuple[str, str, str],
) -> None:
    language, message, order_no = expected
    reply = await Chat(engine, user=user, channel=channel).say(text)
    assert _(language, message, order=order_no) in reply.text()
    order = await demo.hub.get_order(order_no)
    assert order is not None and not order.returns


@pytest.mark.parametrize(
    ("language", "first"),
    [
        ("en", "my payment didn't go through, what now?"),
        ("es", "no me funcionó el pago, ¿qué hago?"),
        ("de", "meine Zahlung hat nicht geklappt, was nun?"),
    ],
)
async def test_an_email_alone_opens_no_order_even_the_only_one_the_question_fits(
    demo: Services, engine: Engine, language: str, first: str
) -> None:
    """An e-mail is easy to know: without the items described it is no second factor, so the
    one unpaid order of that customer is not opened (nor the visitor tied to the customer)."""
    visitor = Chat(engine, user=f"visitor-email-alone-{language}")
    await visitor.say(first)
    reply = await visitor.say("ana.souza@example.com")
    assert _(language, ASK_FOR_THE_NUMBER_TOO) in reply.text()
    assert "WEB2025110900301" not in reply.text()
    assert await demo.identity.customer_for("web", visitor.user) is None
