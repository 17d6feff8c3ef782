"""What a typed reply means while the bot waits on a yes or no (or on a step of a flow).

A yes needs assent to the action asked: thanks, praise of something else, or a "not yet" is
no yes. A yes with a further question does the yes, then answers the question. A condition or
a side question about the return shipping is answered for this return (its reason) from the
shop's policy: the return goes ahead when the condition holds, the question stays open when it
does not. A typed yes that names the offered action takes the offer, whatever else it keeps.
Each behaviour in at least three languages, on the demo shop (`docs/demo-orders.md`).
"""

from __future__ import annotations

import pytest

from bots.shop import seed_demo
from core.engine import Engine
from core.i18n import Localizer
from core.messages import Reply
from core.services import Services
from tests.chat import Chat


@pytest.fixture
async def demo(services: Services) -> Services:
    await seed_demo(services)
    return services


def chat_as(engine: Engine, user: str) -> Chat:
    channel = "telegram" if user.isdigit() else "wechat" if user.startswith("oDemo") else "web"
    return Chat(engine, user=user, channel=channel)


async def returns_of(services: Services, order_no: str) -> list:
    """The returns made in the conversation (the demo order may hold older ones)."""
    order = await services.hub.get_order(order_no)
    assert order is not None
    return [r for r in order.returns if not r.return_id.startswith("RT-")]


def asks_yes_or_no(reply: Reply) -> bool:
    return [b.payload for b in reply.buttons()] == ["confirm:yes", "confirm:no"]


SPEAKER = (
    "100007",
    "de",
    "Ich möchte den Bluetooth-Lautsprecher zurückschicken, er gefällt mir nicht",
)
THERMOS = ("oDemoOpenid0001", "zh_Hans", "两个保温杯都退，不想要了")
THOBE = ("demo-omar", "ar", "أبغى أرجع ثوب واحد من الطلب #ME2031، فيه عيب في الخياطة")
DRIPPER = (
    "demo-emma",
    "en",
    "I want to return the coffee dripper from #1038, you sent me the wrong model",
)
TSHIRT = ("demo-emma", "en", "I'd like to return one T-shirt from #1038, it's too small")
EARRINGS = (
    "demo-lucia",
    "es",
    "quiero devolver los pendientes del pedido #EU1052, me mandaron una inicial equivocada",
)
ORDER_OF = {
    "100007": "WEB2025102400390",
    "oDemoOpenid0001": "298765432101",
    "demo-omar": "#ME2031",
    "demo-emma": "#1038",
    "demo-lucia": "#EU1052",
}


@pytest.mark.parametrize(
    ("start", "reply"),
    [
        (
            SPEAKER,
            "Danke schön! Mir ging es erst einmal nur um den Betrag, "
            "melden Sie die Rücksendung bitte noch nicht an.",
        ),
        (THERMOS, "谢谢，我就是想先问问能退多少钱，先别帮我退货哈"),
        (THOBE, "شكرا، كنت بس أبي أعرف المبلغ، لا تسجلون الإرجاع الحين"),
    ],
)
async def test_a_not_yet_at_a_confirmation_declines_and_keeps_the_figure_shown(
    demo: Services, engine: Engine, start: tuple[str, str, str], reply: str
) -> None:
    user, _, first = start
    customer = chat_as(engine, user)
    asked = await customer.say(first)
    assert asks_yes_or_no(asked)
    answer = await customer.say(reply)
    assert await returns_of(demo, ORDER_OF[user]) == []
    assert not answer.buttons() or asks_yes_or_no(answer)  # nothing registered, nothing else


@pytest.mark.parametrize(
    ("start", "reply"),
    [
        (TSHIRT, "By e-mail would be perfect, thanks a lot"),
        (EARRINGS, "Por correo electrónico está perfecto, muchas gracias"),
        (SPEAKER, "Per E-Mail wäre super, vielen Dank"),
    ],
)
async def test_praise_of_something_else_is_no_yes_and_the_question_stays(
    demo: Services, engine: Engine, start: tuple[str, str, str], reply: str
) -> None:
    user, _, first = start
    customer = chat_as(engine, user)
    assert asks_yes_or_no(await customer.say(first))
    answer = await customer.say(reply)
    assert await returns_of(demo, ORDER_OF[user]) == []
    assert asks_yes_or_no(answer)


@pytest.mark.parametrize(
    ("user", "ask", "reply", "city"),
    [
        (
            "demo-chen",
            "我那筆還沒付款的項鍊訂單，收件地址請改成：台中市北區三民路三段129號5樓，收件人陳小華，電話0933-111-222",
            "好，就改這個。另外想問一下我的卡一直付不了款，是不是額度的關係？",
            "台中",
        ),
        (
            "demo-wang",
            "我要改 4098127365409182736 的地址 改成 浙江省杭州市西湖区文三路100号 张三 13812345678",
            "对，就这样改。还有我另一张卡老是付不了，是不是超限额了？",
            "杭州",
        ),
        (
            "demo-lucia",
            "Cambiar la dirección del pedido 10482: Calle Mayor 12, 3º B, 28013 Madrid",
            "Sí, cámbiela así. Otra cosa, mi tarjeta no pasó ayer, ¿será por el límite?",
            "Madrid",
        ),
    ],
)
async def test_a_yes_then_a_further_question_does_the_yes_then_answers_it(
    demo: Services, engine: Engine, user: str, ask: str, reply: str, city: str
) -> None:
    customer = chat_as(engine, user)
    asked = await customer.say(ask)
    assert asks_yes_or_no(asked) and city in asked.text()
    answer = await customer.say(reply)
    no_change = Localizer(
        "zh_Hant" if user == "demo-chen" else "es" if user == "demo-lucia" else "zh_Hans"
    )._("All right, I haven't changed anything.")
    assert no_change not in answer.text()
    assert len(answer.parts) >= 2  # the change's outcome, then the answer to the question


@pytest.mark.parametrize(
    ("start", "reply"),
    [
        (THOBE, "الشحن عليكم صح؟ لأن العيب من المصنع. لو كذا سجلوا الإرجاع"),
        (DRIPPER, "Sending it back costs me nothing, right? If so, please register it."),
        (EARRINGS, "El envío de vuelta corre por su cuenta, ¿verdad? Si es así, adelante."),
    ],
)
async def test_a_return_shipping_condition_the_policy_meets_is_answered_and_the_return_made(
    demo: Services, engine: Engine, start: tuple[str, str, str], reply: str
) -> None:
    user, language, first = start
    customer = chat_as(engine, user)
    assert asks_yes_or_no(await customer.say(first))
    answer = await customer.say(reply)
    assert len(await returns_of(demo, ORDER_OF[user])) == 1
    assert Localizer(language)._("We pay the return shipping.") in answer.text()


@pytest.mark.parametrize(
    ("start", "reply"),
    [
        (SPEAKER, "Das Rückporto übernehmen Sie, oder? Wenn ja, bitte anmelden."),
        (THERMOS, "退货运费是你们出的吧？是的话就退"),
        (TSHIRT, "Return shipping is free, right? If so go ahead."),
    ],
)
async def test_a_return_shipping_condition_the_policy_does_not_meet_is_answered_and_asked_again(
    demo: Services, engine: Engine, start: tuple[str, str, str], reply: str
) -> None:
    user, language, first = start
    customer = chat_as(engine, user)
    assert asks_yes_or_no(await customer.say(first))
    answer = await customer.say(reply)
    assert await returns_of(demo, ORDER_OF[user]) == []
    assert Localizer(language)._("The return shipping is at your cost.") in answer.text()
    assert asks_yes_or_no(answer)


@pytest.mark.parametrize(
    ("start", "question", "yes", "sentence"),
    [
        (DRIPPER, "who pays for sending it back?", "ok go ahead", "We pay the return shipping."),
        (
            EARRINGS,
            "¿y el envío de vuelta quién lo paga?",
            "vale, adelante",
            "We pay the return shipping.",
        ),
        (
            SPEAKER,
            "Wer zahlt eigentlich das Rückporto?",
            "Gut, dann ja bitte",
            "The return shipping is at your cost.",
        ),
    ],
)
async def test_a_return_shipping_question_mid_flow_is_answered_for_this_return_and_the_step_stays(
    demo: Services,
    engine: Engine,
    start: tuple[str, str, str],
    question: str,
    yes: str,
    sentence: str,
) -> None:
    user, language, first = start
    loc = Localizer(language)
    customer = chat_as(engine, user)
    assert asks_yes_or_no(await customer.say(first))
    answer = await customer.say(question)
    assert loc._(sentence) in answer.text()
    assert loc._("Returns") not in answer.text() and asks_yes_or_no(answer)
    assert "30" not in answer.text().split(loc._(sentence))[0]  # no general policy text
    await customer.say(yes)
    assert len(await returns_of(demo, ORDER_OF[user])) == 1


async def test_a_return_shipping_question_at_a_flows_earlier_step_keeps_that_step(
    demo: Services, engine: Engine
) -> None:
    omar = chat_as(engine, "demo-omar")
    asked = await omar.say("أبغى أرجع الثوب من الطلب #ME2031، فيه عيب في الخياطة")
    choices = [b.payload for b in asked.buttons()]
    answer = await omar.say("مين يتحمل تكلفة رجوع الشحنة؟")
    assert Localizer("ar")._("We pay the return shipping.") in answer.text()
    assert [b.payload for b in answer.buttons()] == choices


@pytest.mark.parametrize(
    ("user", "first", "reply", "item", "kept"),
    [
        (
            "demo-emma",
            "The coffee dripper that came in my order #1038 is the wrong model.",
            "Yes, I'm sending the dripper back, that's confirmed. The t-shirts I'll keep.",
            "Dripper",
            "T-Shirt",
        ),
        (
            "demo-lucia",
            "Los pendientes del pedido #EU1052 llegaron con la inicial equivocada.",
            "Sí, confirmo que devuelvo los pendientes. El vestido me lo quedo.",
            "Pendientes",
            "Vestido",
        ),
        (
            "100007",
            "Der Outdoor-Lautsprecher ist kaputt angekommen, das Gehäuse hat einen Sprung.",
            "Ja, ich bestätige die Rücksendung des Lautsprechers. Die Kabel behalte ich.",
            "Lautsprecher",
            "Kabel",
        ),
    ],
)
async def test_a_typed_yes_naming_the_offered_return_takes_the_offer(
    demo: Services, engine: Engine, user: str, first: str, reply: str, item: str, kept: str
) -> None:
    customer = chat_as(engine, user)
    offered = await customer.say(first)
    assert next(b.payload for b in offered.buttons()).startswith("offer:return:")
    answer = await customer.say(reply)
    assert item in answer.text() and kept not in answer.text()
    assert answer.buttons()
