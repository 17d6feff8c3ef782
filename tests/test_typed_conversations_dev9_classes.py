"""Typed conversations, round 9: what a whole conversation does for any customer.

- A yes that accepts the action may not work out ("it's fine if it doesn't work", "gpp kalo ga
  pasti", "auch wenn es nicht klappt") is a yes, not a condition the bot cannot act on.
- A refund asked about beside the return (or cancellation) it comes from, the order number told
  only in the return's clause, is asked about that order: no "what is your order number?".
- "The whole order" said in one word ("整单", "整筆", "cả đơn", "the whole thing") cancels every
  line, whatever item the message names in passing.
- A card charged twice for one order goes to finance as one ticket; the order stays as it is,
  and "refund the extra charge" is no return.
- A payment asked about with the order's discount code named ("I typed WINTER15 but was
  charged 121.50") also shows how the code worked out.
- A return supposed, its amount asked ("if I sent back only the towel, how much would I get?")
  is quoted (the discount kept or lost) and nothing is registered.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.engine import Engine
from core.i18n import Localizer
from core.order import OrderStatus
from core.services import Services
from core.understanding.conditions import conditional
from core.understanding.replies import yes_or_no
from tests.chat import Chat, store
from tests.factories import delivered_mugs_and_towel, iso, order_doc, shipped


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


def _item(line_id: str, title: str, quantity: int, price: str) -> dict[str, Any]:
    return {
        "line_id": line_id,
        "sku": f"SKU-{line_id}",
        "title": title,
        "category": "general",
        "quantity": quantity,
        "unit_price": price,
    }


def _paid(order_no: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(float(i["unit_price"]) * i["quantity"] for i in items)
    return order_doc(
        order_no=order_no,
        items=items,
        payment={"method": "alipay", "status": "succeeded", "amount": f"{total:.2f}"},
    )


def _said(text: str, msgid: str, languages: tuple[str, ...]) -> bool:
    return any(Localizer(lang)._(msgid) in text for lang in languages)


# --- a yes that accepts the action may fail ----------------------------------------------------


@pytest.mark.parametrize(
    ("first", "yes"),
    [
        (
            "please cancel order 7710001",
            "yes go ahead, and if it doesn't work out that's fine too",
        ),
        (
            "tolong batalkan pesanan 7710001",
            "iya kak, tolong dibatalkan ya, gpp kalau tidak berhasil",
        ),
        (
            "Bitte Bestellung 7710001 stornieren",
            "Ja, bitte stornieren, auch wenn es nicht sicher ist",
        ),
        ("帮我取消订单7710001", "好的，取消吧，如果不行也没关系"),
    ],
    ids=["en", "id", "de", "zh_Hans"],
)
async def test_a_yes_that_accepts_the_action_may_fail_is_a_yes(
    chat: Chat, services: Services, first: str, yes: str
) -> None:
    await store(services, _paid("7710001", [_item("L1", "Desk lamp", 1, "120.00")]))
    await chat.say(first)
    await chat.say(yes)
    order = await services.hub.get_order("7710001")
    assert order is not None and order.status is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    "reply",
    [
        "yes, even if it's late",
        "iya, gpp kalo ga bisa",
        "ja, selbst wenn es nicht klappt",
        "sí, aunque no sea seguro",
        "да, даже если не получится",
        "はい、無理ならいいです",
        "네 해주세요, 안 되면 어쩔 수 없죠",
    ],
)
def test_a_fallback_for_failure_is_no_condition(reply: str) -> None:
    assert not conditional(reply)
    assert yes_or_no(reply, "cancel_order") == "yes"


@pytest.mark.parametrize(
    "reply",
    [
        "yes, but only if it's free",
        "iya kalo gratis",
        "ja, wenn es nichts kostet",
        "好的，如果免运费就改",
        "送料変わらないならそれで",
    ],
)
def test_a_condition_on_the_action_stays_a_condition(reply: str) -> None:
    assert conditional(reply)


# --- a refund asked about beside the return it comes from --------------------------------------


def _returned(order_no: str) -> dict[str, Any]:
    doc = shipped(
        order_no=order_no,
        status="delivered",
        delivered_at=iso(timedelta(days=-6)),
        items=[_item("L1", "Linen shirt", 1, "80.00"), _item("L2", "Cotton socks", 1, "20.00")],
        payment={"method": "alipay", "status": "succeeded", "amount": "100.00"},
    )
    doc["returns"] = [
        {
            "return_id": "R-7720001-1",
            "created_at": iso(timedelta(days=-3)),
            "lines": [{"line_id": "L1", "quantity": 1}],
            "reason": "no_reason",
            "refund_amount": "80.00",
        }
    ]
    return doc


@pytest.mark.parametrize(
    "message",
    [
        "La semana pasada solicité la devolución de la camisa de lino del pedido 7720001. "
        "¿Cuándo recibo el reembolso?",
        "J'ai fait une demande de retour pour la chemise en lin, commande 7720001. Quand "
        "vais-je récupérer mon argent ?",
        "Я оформила возврат льняной рубашки из заказа 7720001. Когда вернут деньги?",
    ],
    ids=["es", "fr", "ru"],
)
async def test_a_refund_asked_beside_its_return_is_of_that_order(
    engine: Engine, services: Services, message: str
) -> None:
    await store(services, _returned("7720001"))
    visitor = Chat(engine, user="web-visitor-7720")  # not tied: the number is all it has
    reply = await visitor.say(message)
    assert not _said(reply.text(), "Please send me your order number and I'll look it up.", LANGS)
    assert "7720001" in reply.text()  # the verification of that order
    reply = await visitor.say("li.na@example.com")
    assert "R-7720001-1" in reply.text()


LANGS = ("es", "fr", "ru")


# --- the whole order said in one word ----------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "订单7730001的台灯缺货就算了，整单取消吧，笔记本单独发过来也没用",
        "訂單7730001整筆取消吧，筆記本單獨寄來也沒意義",
        "đơn 7730001 hủy cả đơn giúp mình, cuốn sổ gửi riêng cũng chẳng để làm gì",
        "just cancel the whole thing on 7730001, the notebook on its own is no use to me",
    ],
    ids=["zh_Hans", "zh_Hant", "vi", "en"],
)
async def test_the_whole_order_in_one_word_cancels_every_line(
    chat: Chat, services: Services, message: str
) -> None:
    await store(
        services,
        _paid(
            "7730001", [_item("L1", "Desk lamp", 1, "120.00"), _item("L2", "Notebook", 1, "15.00")]
        ),
    )
    reply = await chat.say(message)
    assert "135" in reply.text()  # the whole order's refund, not the notebook's 15
    reply = await chat.press("confirm:yes") if _yes_button(reply) else reply
    order = await services.hub.get_order("7730001")
    assert order is not None and order.status is OrderStatus.CANCELLED


def _yes_button(reply) -> bool:  # type: ignore[no-untyped-def]
    return any(b.payload == "confirm:yes" for b in reply.buttons())


# --- a card charged twice for one order --------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (
            "My bank app shows two charges of 135 for order 7740001, I only ordered once. "
            "Was I charged twice?",
            "yes please look into it and give back the extra charge, keep the order",
        ),
        (
            "Na fatura do cartão vejo que fui cobrada duas vezes pelo pedido 7740001. Podem ver?",
            "Por favor verifiquem e devolvam o valor cobrado a mais, a encomenda fica.",
        ),
        (
            "Mir wurde für Bestellung 7740001 doppelt abgebucht, auf dem Konto stehen zwei Posten.",
            "Bitte prüfen und die doppelte Abbuchung zurückzahlen, die Bestellung behalte ich.",
        ),
        ("订单7740001怎么扣了两次钱？银行卡上有两笔", "麻烦核实一下，把重复扣款退给我，订单不取消"),
    ],
    ids=["en", "pt", "de", "zh_Hans"],
)
async def test_a_second_charge_goes_to_finance_and_leaves_the_order(
    chat: Chat, services: Services, first: str, then: str
) -> None:
    await store(
        services,
        _paid(
            "7740001", [_item("L1", "Desk lamp", 1, "120.00"), _item("L2", "Notebook", 1, "15.00")]
        ),
    )
    await chat.say(first)
    reply = await chat.say(then)
    tickets = [t for t in await services.tickets.list(order_no="7740001")]
    assert [(t.kind, t.department.value) for t in tickets] == [("double_charge", "finance")]
    assert "#" + str(tickets[0].id) in reply.text()
    order = await services.hub.get_order("7740001")
    assert order is not None and order.status is OrderStatus.PAID and not order.returns


# --- a return supposed, its amount asked -------------------------------------------------------

QUOTED = "Nothing has been registered; just tell me if you want to go ahead."


@pytest.mark.parametrize(
    ("message", "refund"),
    [
        (
            "Before I decide: if I sent back only the cotton towel, how much money would I get?",
            "46",
        ),
        (
            "Si devuelvo solo la toalla de algodón, ¿cuánto me devolverían? ¿Pierdo el descuento?",
            "46",
        ),
        ("如果我只退那条毛巾，能退多少钱？满减还算吗？", "46"),
        ("Если я верну только одну кружку, сколько мне вернут? Скидка сохранится?", "80"),
    ],
    ids=["en", "es", "zh_Hans", "ru"],
)
async def test_a_supposed_return_is_quoted_and_nothing_is_registered(
    chat: Chat, services: Services, message: str, refund: str
) -> None:
    await store(services, delivered_mugs_and_towel(order_no="7750001"))
    reply = await chat.say(message)
    text = reply.text()
    assert _said(text, QUOTED, ("en", "es", "zh_Hans", "ru"))
    assert f"{refund}.00" in text or f"{refund},00" in text
    order = await services.hub.get_order("7750001")
    assert order is not None and not order.returns


@pytest.mark.parametrize(
    "message",
    [
        "If I send something back, how many days do I have?",
        "Si je renvoie un article, j'ai combien de jours pour le faire ?",
        "Если я верну товар, сколько дней у меня есть на это?",
    ],
    ids=["en", "fr", "ru"],
)
async def test_a_time_asked_of_a_supposed_return_is_no_quote(
    chat: Chat, services: Services, message: str
) -> None:
    await store(services, delivered_mugs_and_towel(order_no="7750002"))
    reply = await chat.say(message)
    assert not _said(reply.text(), QUOTED, ("en", "fr", "ru"))


# --- a payment question that names the order's code --------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "I entered WINTER15 when paying for order 7760001 but I'm not sure the payment took it, "
        "the card was charged 121.50",
        "Pagué el pedido 7760001 con el código WINTER15, pero no sé si se aplicó en el pago",
        "Ich habe bei der Zahlung für Bestellung 7760001 WINTER15 eingegeben, wurde der Code "
        "bei der Zahlung berücksichtigt?",
        "Paguei o pedido 7760001 com o cupom WINTER15 mas o cartão foi debitado em 121,50, o "
        "pagamento está certo?",
    ],
    ids=["en", "es", "de", "pt"],
)
async def test_a_payment_asked_of_with_the_code_shows_the_code_at_work(
    chat: Chat, services: Services, message: str
) -> None:
    doc = _paid(
        "7760001", [_item("L1", "Desk lamp", 1, "120.00"), _item("L2", "Notebook", 1, "15.00")]
    )
    doc["discounts"] = [{"code": "WINTER15", "kind": "order_percent", "percent": "10"}]
    doc["payment"]["amount"] = "121.50"
    await store(services, doc)
    text = (await chat.say(message)).text()
    assert "WINTER15" in text
    assert "13.50" in text or "13,50" in text  # what the code took off
