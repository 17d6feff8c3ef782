"""Typed conversations, round 8: what a customer says in one go is read as a person would.

- Cancelling: "the whole order" in Korean is no question before buying; a cancellation asked
  for over a payment that would not go through is the request; the phone's last digits given
  with the order number verify at once; "wrong number, I meant …" right after a flow runs it
  for the order meant; a cancellation given up at last ("I was going to…, but don't") is no
  cancellation; what a yes says of another order is no answer about this one.
- Status: a clause telling where the tracking shows the parcel is no delivery problem; a
  complaint about a named order's stuck parcel is its status; a redirect of a shipped parcel
  tells the carrier and the tracking number.
- Policy: a question before buying in French or Portuguese is the shop's rules; Vietnamese
  typed without marks asks about returns.
- Returns: the units kept of the one line counted ("I keep the other two"); a line of one unit
  named beside a counted one joins the request; "it came with X, and I ordered Y" is a wrong
  item; quoted carrier words name no action; an address told in a story is no change of it.
- A person asked for leads over the action they are to talk over; beside a refund's status,
  "when?" asks of the money; a refund's status said first is answered before a return asks.
"""

from __future__ import annotations

import pytest

from bots.shop import seed_demo
from core.engine import Engine
from core.knowledge import Topic, topic_of
from core.order import OrderStatus
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander, frame
from tests.chat import Chat


@pytest.fixture(scope="module")
def understander():  # type: ignore[no-untyped-def]
    return build_understander(Settings())


@pytest.fixture
async def demo(services: Services) -> Services:
    await seed_demo(services)
    return services


def _channel(user: str) -> str:
    return "wechat" if user.startswith("oDemo") else "telegram" if user.isdigit() else "web"


def chat_as(engine: Engine, user: str) -> Chat:
    return Chat(engine, user=user, channel=_channel(user))


def _payloads(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.payload for b in reply.buttons()]


# --- cancelling --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["주문 전체를 취소해 주세요", "그냥 주문 전체 취소할게요", "머그컵만 말고 주문 전체 취소요"],
)
def test_the_whole_order_in_korean_is_no_question_before_buying(understander, text: str) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.CANCEL_ORDER


@pytest.mark.parametrize(
    ("user", "text", "order_no"),
    [
        (
            "100006",
            "The card keeps getting declined for the Chelsea boots, so please just cancel the "
            "order.",
            "#UK3402",
        ),
        (
            "demo-ivan",
            "Оплата за термокружку не проходит, банк отклоняет карту. Отмените, пожалуйста, заказ.",
            "WEB2025110300045",
        ),
        (
            "100008",
            "البطاقة مرفوضة كل مرة وانا احاول ادفع العباية، الغوا الطلب لو سمحتوا",
            "#ME2050",
        ),
    ],
)
async def test_a_cancellation_asked_over_a_failed_payment_is_the_request(
    demo: Services, engine: Engine, user: str, text: str, order_no: str
) -> None:
    person = chat_as(engine, user)
    question = await person.say(text)
    assert "confirm:yes" in _payloads(question), question.text()
    await person.say("yes")
    order = await demo.hub.get_order(order_no)
    assert order is not None and order.status is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    "text",
    [
        "Please cancel order 302244668800, my phone number ends in 4321",
        "Cancela el pedido 302244668800 por favor, mi celular termina en 4321",
        "帮我取消订单302244668800，手机尾号4321",
    ],
)
async def test_the_last_digits_told_with_the_order_number_verify_at_once(
    demo: Services, engine: Engine, text: str
) -> None:
    visitor = chat_as(engine, "visitor-zhang")
    reply = await visitor.say(text)
    # the cancellation is asked about at once: no question of who they are first
    assert {"confirm:yes", "cancel_line:all"} & set(_payloads(reply)), reply.text()
    assert "4321" not in reply.text()


@pytest.mark.parametrize(
    ("user", "first", "fix", "meant"),
    [
        (
            "demo-yuki",
            "#JP1187をキャンセルしたいです",
            "すみません、番号を間違えました。APP2025110900731の方です",
            "APP2025110900731",
        ),
        (
            "demo-ivan",
            "отмените заказ APP2025102800417",
            "ой, не тот номер, я имел в виду WEB2025110300045",
            "WEB2025110300045",
        ),
        ("demo-wang", "取消订单251108-530917742016358", "打错了，是301122334455", "301122334455"),
    ],
)
async def test_a_wrong_order_number_put_right_runs_the_flow_for_the_order_meant(
    demo: Services, engine: Engine, user: str, first: str, fix: str, meant: str
) -> None:
    person = chat_as(engine, user)
    await person.say(first)
    reply = await person.say(fix)
    assert meant in reply.text()
    assert "confirm:yes" in _payloads(reply) or "cancel_line:all" in _payloads(reply)


@pytest.mark.parametrize(
    "text",
    [
        "I was about to cancel it, but I've changed my mind, please don't cancel. When does it "
        "ship?",
        "本来想取消的，后来想想还是算了，千万别取消。什么时候能发货？",
        "tadinya mau aku cancel, tapi gak jadi, jangan dicancel ya. kapan dikirim kak?",
    ],
)
def test_a_cancellation_given_up_at_last_is_no_cancellation(understander, text: str) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.ORDER_STATUS
    assert Intent.CANCEL_ORDER not in said.also


@pytest.mark.parametrize(
    "yes",
    [
        "yes, cancel that one. The smart watch order stays as it is",
        "sí, cancélalo. El pedido del Smart Watch déjalo como está",
        "да, отменяйте. А заказ со Smart Watch оставьте как есть",
    ],
)
async def test_what_a_yes_says_of_another_order_is_no_answer_about_this_one(
    demo: Services, engine: Engine, yes: str
) -> None:
    ivan = chat_as(engine, "demo-ivan")
    question = await ivan.say("please cancel WEB2025110300045")
    assert "confirm:yes" in _payloads(question)
    await ivan.say(yes)
    order = await demo.hub.get_order("WEB2025110300045")
    assert order is not None and order.status is OrderStatus.CANCELLED
    other = await demo.hub.get_order("APP2025102800417")
    assert other is not None and other.status is OrderStatus.SHIPPED


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Wo ist meine Bestellung WEB2025110700208? Sie liegt seit heute früh im Paketzentrum.",
        "Where's my order #1043? It's been sitting at the Secaucus hub since this morning.",
        "¿Dónde está mi pedido 10482? Lleva desde esta mañana en el centro de reparto.",
    ],
)
def test_telling_where_the_tracking_shows_it_is_no_delivery_problem(understander, text) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.ORDER_STATUS
    assert Intent.DELIVERY_ISSUE not in said.also


@pytest.mark.parametrize(
    "text",
    [
        "快递251105-771203948812640好几天都不动了，急死我了，太过分了",
        "This is ridiculous, order 251105-771203948812640 has been stuck for days with no "
        "update, I'm really upset",
        "Qué mal servicio, el pedido 251105-771203948812640 lleva días parado sin moverse",
    ],
)
async def test_a_complaint_about_a_named_parcel_stuck_is_its_status(
    demo: Services, engine: Engine, text: str
) -> None:
    visitor = chat_as(engine, "visitor-liu")
    asked = await visitor.say(text)
    assert "251105-771203948812640" in asked.text()  # verification first, about that order
    await visitor.say("9876")
    tickets = await demo.tickets.list(order_no="251105-771203948812640")
    assert [t.department.value for t in tickets] == ["logistics"]


@pytest.mark.parametrize(
    ("user", "text", "tracking"),
    [
        (
            "demo-emma",
            "Can you send #1043 to my office instead: Emma Johnson, 350 5th Ave, Floor 20, New "
            "York, NY 10118, +1 212 555 0188",
            "1ZV8E4720355273417",
        ),
        (
            "demo-ivan",
            "Поменяйте адрес доставки заказа APP2025102800417: Иван Петров, ул. Ленина 10, кв. 5, "
            "Москва, 125009, +7 916 555 12 34",
            "LP00612345678901",
        ),
        (
            "demo-omar",
            "ابغى اغير عنوان الطلب #ME2045: عمر الفاروق، شارع العليا 12، الرياض 12211، "
            "+966 50 555 1234",
            "3847201595",
        ),
    ],
)
async def test_a_redirect_of_a_shipped_parcel_tells_its_tracking_number(
    demo: Services, engine: Engine, user: str, text: str, tracking: str
) -> None:
    person = chat_as(engine, user)
    question = await person.say(text)
    assert "confirm:yes" in _payloads(question), question.text()
    done = await person.press("confirm:yes")
    assert tracking in done.text()


# --- policy ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, je voudrais commander une veste chez vous : combien de jours pour la renvoyer ?",
        "Estou pensando em comprar um casaco, quantos dias tenho para devolver?",
        "Estoy pensando en comprar unas botas, ¿cuántos días tengo para devolverlas?",
    ],
)
def test_a_question_before_buying_is_the_shops_rules(understander, text: str) -> None:
    assert understander.understand_sync(text).intent is Intent.POLICY_QUESTION


@pytest.mark.parametrize(
    "text",
    [
        "mua ve mac ko vua thi tra hang duoc khong",
        "doi tra trong bao lau vay shop",
        "hoan tien mat bao lau, phi ship ai chiu",
    ],
)
def test_vietnamese_typed_without_marks_asks_about_returns(text: str) -> None:
    assert topic_of(text) is Topic.RETURNS


# --- returns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The T-shirts from #1038: one has a split seam. I want to return that one, the other two "
        "I'm keeping.",
        "De las camisetas del pedido #1038 una tiene la costura abierta; quiero devolver esa, las "
        "otras dos me las quedo.",
        "Bei den T-Shirts aus #1038 ist bei einem die Naht aufgegangen. Das möchte ich "
        "zurückschicken, die anderen zwei behalte ich.",
    ],
)
async def test_the_units_kept_of_the_one_line_are_not_returned(
    demo: Services, engine: Engine, text: str
) -> None:
    reply = await chat_as(engine, "demo-emma").say(text)
    assert "Organic Cotton T-Shirt" in reply.text() and "× 1" in reply.text(), reply.text()
    assert "× 3" not in reply.text()


@pytest.mark.parametrize(
    ("user", "text", "titles"),
    [
        (
            "demo-emma",
            "I'd like to return one of the T-shirts and the coffee dripper from #1038",
            ("Ceramic Pour-Over", "Organic Cotton T-Shirt"),
        ),
        (
            "100007",
            "Ich möchte den Lautsprecher und ein Ladekabel aus WEB2025102400390 zurückschicken",
            ("Bluetooth-Lautsprecher", "USB-C-Ladekabel"),
        ),
        (
            "demo-wang",
            "订单4098127365409182736里的实木餐椅和一个坐垫帮我取消",
            ("餐椅 两把装", "餐椅坐垫"),
        ),
    ],
)
async def test_a_single_unit_line_named_beside_a_counted_one_joins_the_request(
    demo: Services, engine: Engine, user: str, text: str, titles: tuple[str, str]
) -> None:
    reply = await chat_as(engine, user).say(text)
    if "reason:" in " ".join(_payloads(reply)):  # a return asks why before it confirms
        reply = await chat_as(engine, user).say("it's defective")
    shown = reply.text()
    assert all(title in shown for title in titles), shown


@pytest.mark.parametrize(
    "text",
    [
        "the mug came printed with Anna, and I ordered it with Maria",
        "el collar me ha llegado con otra inicial y yo pedí la M",
        "a caneca chegou com outro nome e eu pedi com o meu",
    ],
)
def test_what_came_then_what_was_ordered_is_a_wrong_item(text: str) -> None:
    assert frame.reason_in(text, Intent.RETURN_REQUEST) == "wrong_item"


@pytest.mark.parametrize(
    "text",
    [
        "物流显示「退回寄件人」，我没收到",
        "в трекинге написано «возврат отправителю», посылки нет",
        "Die Sendungsverfolgung sagt „Rücksendung an den Absender“, ich habe nichts bekommen",
    ],
)
def test_quoted_carrier_words_name_no_action(text: str) -> None:
    assert Intent.RETURN_REQUEST not in frame.actions_named(text)


@pytest.mark.parametrize(
    "text",
    [
        "物流显示「地址不详，退回寄件人」？？我地址写得清清楚楚，信义路五段7号12楼，根本没人来送过！"
        "现在怎么办，还能重新寄给我吗",
        "A tracking diz «destinatário desconhecido, devolvido ao remetente»?? Meu endereço está "
        "certo, Rua Augusta 100, apto 12, São Paulo, e ninguém veio. O que eu faço, podem "
        "mandar de novo?",
        "El seguimiento dice «dirección desconocida»?? Puse bien mi dirección, Calle Mayor 10, "
        "3º B, Madrid, y nunca vino nadie. ¿Qué hago, me lo pueden volver a mandar?",
    ],
)
def test_an_address_told_in_a_story_is_no_change_of_address(understander, text: str) -> None:
    assert understander.understand_sync(text).intent is not Intent.CHANGE_ADDRESS


# --- a person, refunds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Can I speak to a real person, not the bot? I'd like to ask whether I can exchange the "
        "kettle.",
        "自動応答ではなく、担当者の方とお話しできますか。やかんを交換できるか相談したいです。",
        "¿Puedo hablar con una persona y no con el bot? Quiero consultar si puedo cambiar la "
        "tetera.",
    ],
)
def test_a_person_asked_for_leads_over_the_action_to_talk_over(understander, text) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.HUMAN_AGENT
    assert Intent.RETURN_REQUEST not in said.also


@pytest.mark.parametrize(
    "text",
    [
        "Order 10517: I sent the block back, the return was approved, but the money hasn't come "
        "to my card. When can I expect it?",
        "Заказ 10517: я отправил коврик обратно, возврат одобрили, а деньги так и не пришли. "
        "Когда ждать?",
        "Bestellung 10517: Ich habe den Block zurückgeschickt, die Rücksendung ist genehmigt, "
        "aber das Geld ist nicht da. Wann kommt es?",
    ],
)
def test_beside_a_refunds_status_when_asks_of_the_money(understander, text: str) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.REFUND_STATUS
    assert Intent.ORDER_STATUS not in said.also


@pytest.mark.parametrize(
    "text",
    [
        "I posted the cork block from order 10517 back weeks ago and still no refund. Also, can I "
        "still return the mat?",
        "Devolví el bloque de corcho del pedido 10517 hace semanas y el reembolso no llega. "
        "Otra cosa, ¿todavía puedo devolver la esterilla?",
        "J'ai renvoyé le bloc en liège de la commande 10517 il y a des semaines et toujours pas "
        "de remboursement. Et puis-je encore retourner le tapis ?",
    ],
)
async def test_a_refunds_status_said_first_is_answered_before_a_return_asks(
    demo: Services, engine: Engine, text: str
) -> None:
    visitor = chat_as(engine, "visitor-sarah")
    await visitor.say(text)
    reply = await visitor.say("0188")
    assert "22" in reply.text(), reply.text()
