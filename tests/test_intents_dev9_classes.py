"""First messages, round 9: the intent of a story and the second request in a message.

- A delivery problem told as a story (the tracking or the pickup shop says it arrived and it
  is not there; the courier left it outside and it got crushed) is a delivery problem, even
  when its last clause asks where it was put or to look into it.
- Two requests in one message: an action asked for by its verb in the first clause leads over
  a question asked after it, and the question is the second request; a clause about another
  order, or one asking for a person to call back, is a second request of its own.
- A question before buying, told as hesitating to order, asks the shop's rules.
- A Japanese wish to cancel ("キャンセルしたい") is no cancellation told as done.
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander, frame


@pytest.fixture(scope="module")
def understander():  # type: ignore[no-untyped-def]
    return build_understander(Settings())


# --- a delivery problem told as a story -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The app says delivered since this morning, but the parcel box by my door is empty and "
        "none of my neighbours took anything in. Where exactly did the driver leave it?",
        "追跡では「配達完了」になっていますが、ポストにも玄関にも何もありません。どこに置いたのか"
        "調べてもらえますか。",
        "La app dice entregado desde ayer, pero no lo recibí y en conserjería no hay nada. "
        "¿Dónde lo dejaron?",
        "超商的到貨簡訊說已經到店了，可是我去領的時候店員說找不到我的包裹，可以幫我查一下嗎？",
    ],
)
def test_delivered_but_not_there_is_a_delivery_problem_not_its_status(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.DELIVERY_ISSUE
    assert Intent.ORDER_STATUS not in said.also


@pytest.mark.parametrize(
    "text",
    [
        "快递员把箱子随手丢在门口，下雨全泡了，里面的台灯灯罩也压坏了。订单号5512098834，你们看看怎么"
        "处理吧",
        "The courier just dumped the box outside the gate, it was squashed flat and the lamp "
        "inside is broken. Order 5512098834, can you look into it?",
        "Le livreur a laissé le carton devant l'immeuble, il était écrasé et la lampe dedans est "
        "cassée. Commande 5512098834, vous pouvez regarder ?",
    ],
)
def test_a_parcel_left_outside_and_crushed_is_a_delivery_problem(understander, text: str) -> None:
    assert understander.understand_sync(text).intent is Intent.DELIVERY_ISSUE


# --- two requests in one message --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "I'd like to return one of the three vases, it came chipped at the rim. Also could "
            "you email me the invoice for the whole order?",
            Intent.INVOICE,
        ),
        (
            "收到的围巾是灰色的，我下单选的是酒红色，麻烦给我换一下。另外我买完第三天就降价了20块，"
            "差价可以退吗？",
            Intent.COUPON_PRICE,
        ),
        (
            "Ich möchte zwei der sechs Gläser zurückgeben, sie kamen zerbrochen an. Außerdem "
            "brauche ich bitte die Rechnung für die Bestellung, ich finde sie nicht.",
            Intent.INVOICE,
        ),
    ],
)
def test_an_action_asked_first_leads_and_the_question_after_it_is_second(
    understander, text: str, second: Intent
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.RETURN_REQUEST
    assert second in said.also


@pytest.mark.parametrize(
    "text",
    [
        "Quiero devolver dos de los cuatro cojines, no me gusta el color. Y por cierto, ¿el otro "
        "pedido, el 20417, ya lo enviaron?",
        "Je voudrais retourner deux des quatre coussins, la couleur ne va pas. Et l'autre "
        "commande, la 20417, elle est partie ?",
        "I want to return two of the four cushions, the colour is off. And my other order, "
        "20417, has it shipped?",
    ],
)
def test_a_question_about_another_order_is_a_second_request(understander, text: str) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.RETURN_REQUEST
    assert Intent.ORDER_STATUS in said.also


@pytest.mark.parametrize(
    "text",
    [
        "La théière est arrivée avec le bec cassé, je voudrais un échange. Et j'aimerais aussi "
        "qu'un conseiller m'appelle, j'ai une question sur la garantie.",
        "The teapot arrived with a cracked spout, I'd like to return it. And I'd also like a "
        "person from your team to call me, I have a question about the warranty.",
        "La tetera llegó con el pico roto, quiero devolverla. Y quisiera también que un agente "
        "me llame, tengo una duda sobre la garantía.",
    ],
)
def test_a_person_asked_for_after_an_action_is_a_second_request(understander, text: str) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.RETURN_REQUEST
    assert Intent.HUMAN_AGENT in said.also


# --- before buying ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, j'hésite à commander votre bibliothèque en chêne. Si elle ne rentre pas dans "
        "le couloir, je peux la renvoyer ?",
        "I'm on the fence about ordering the oak bookcase. If it doesn't fit through the "
        "hallway, could I send it back?",
        "我在犹豫要不要买你们的橡木书柜，万一搬不进走廊，能退吗？",
        "Ich überlege zu bestellen, das Eichenregal. Wenn es nicht durch den Flur passt, kann ich "
        "es zurückschicken?",
    ],
)
def test_hesitating_to_order_asks_the_shops_rules(understander, text: str) -> None:
    assert understander.understand_sync(text).intent is Intent.POLICY_QUESTION


# --- Japanese wishes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "来週までに届かないならキャンセルしたいです",
        "やっぱりキャンセルしたい",
        "このままならキャンセルしたいと思っています",
    ],
)
def test_a_japanese_wish_to_cancel_is_not_told_as_done(text: str) -> None:
    assert not frame.told_done(text)


def test_a_japanese_cancellation_done_is_still_told_as_done() -> None:
    assert frame.told_done("先週キャンセルしましたが、まだ返金がありません")


# --- what is no request ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这个订单的纸巾我买了八包，太多了，能不能取消其中五包？",
        "我下單的咖啡豆可不可以取消？還沒出貨吧",
        "订单里的洗衣液要不要取消我还在想，先帮我取消吧",
    ],
)
def test_a_chinese_a_not_a_question_is_no_negation(understander, text: str) -> None:
    assert not frame.refused_request(text, Intent.CANCEL_ORDER)
    assert understander.understand_sync(text).intent is Intent.CANCEL_ORDER


@pytest.mark.parametrize(
    "text",
    [
        "Please add two more jars of the honey to order 44120 before it goes out. Same address "
        "as before.",
        "¿Me pueden añadir dos frascos más de miel al pedido 44120 antes de enviarlo? La misma "
        "dirección, claro.",
        "Pourriez-vous ajouter deux pots de miel à la commande 44120 avant l'envoi ? Même "
        "adresse, bien sûr.",
    ],
)
def test_an_item_added_with_the_same_address_is_no_change_of_address(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.MODIFY_ORDER
    assert Intent.CHANGE_ADDRESS not in said.also


@pytest.mark.parametrize(
    "text",
    [
        "取消之后客服说三天内退款，现在都一周了还没到账，麻烦查一下",
        "After cancelling I was told the refund takes three days, it has been a week now. Could "
        "you check?",
        "キャンセル後に「3日以内に返金」と言われましたが、もう1週間です。確認していただけますか。",
    ],
)
def test_a_refund_awaited_after_a_cancellation_is_its_status(understander, text: str) -> None:
    assert frame.told_done(text)  # "after cancelling": the cancellation is done
    assert understander.understand_sync(text).intent is Intent.REFUND_STATUS


@pytest.mark.parametrize(
    "text",
    [
        "J'ai renvoyé les chaussures il y a dix jours et toujours pas de remboursement. Vous "
        "pouvez regarder ?",
        "I sent the shoes back ten days ago and still no refund. Can you take a look?",
        "Ich habe die Schuhe vor zehn Tagen zurückgeschickt und immer noch keine Erstattung. "
        "Können Sie nachsehen?",
    ],
)
def test_still_no_refund_after_sending_back_is_its_status(understander, text: str) -> None:
    assert not frame.money_refused(text)
    assert understander.understand_sync(text).intent is Intent.REFUND_STATUS
