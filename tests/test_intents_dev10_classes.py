"""First messages, round 10: the main request said second.

- A message that raises a side matter first and then marks its point ("the main thing:",
  "главное —", "それより", "بس الأهم", "yg penting", "lo principal") is the request after the
  mark; the side matter, when it asks something, is its second request.
- A side matter put off without a mark of the point ("but that can wait", "ладно, это
  потом", "那个之后再说") leaves the request after it as the main one.
- The mark of the point negated ("c'est pas ça l'important") belongs to the side matter.
- A message that only opens with the mark makes one request, with nothing put aside.
- A question about the money of another order, beside a request, asks that refund's status.
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander, frame


@pytest.fixture(scope="module")
def understander():  # type: ignore[no-untyped-def]
    return build_understander(Settings())


# --- the point marked after a side matter -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "by the way, can I get a VAT invoice for my purchases? but the main thing: order 7781203 "
        "was supposed to arrive on Monday and the tracking still shows nothing, where is it?",
        "кстати, а счёт-фактуру на юрлицо можно получить? но главное — где мой заказ 7781203, "
        "обещали доставить ещё в понедельник",
        "あと領収書って発行できますか？それより、注文7781203がまだ届かないんですが今どこにありますか？",
        "ngomong2 bisa minta faktur buat kantor ga kak? tapi yg penting: pesanan 7781203 kok belum "
        "sampai juga, sekarang posisinya di mana?",
    ],
)
def test_the_request_marked_as_the_point_leads_and_the_side_question_follows(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.ORDER_STATUS
    assert Intent.INVOICE in said.also
    assert said.main_said and "7781203" in said.main_said


@pytest.mark.parametrize(
    "text",
    [
        "Also the discount code SAVE10 didn't work when I paid, but the real problem: the teapot "
        "arrived with a cracked spout and I want to send it back.",
        "还有结账时优惠券好像没用上，不过重点是：收到的茶壶壶嘴裂了，我要退货。",
        "و كمان كود الخصم ما انحسب وقت الدفع، بس الأهم: إبريق الشاي وصلني مكسور وأبغى أرجعه",
        "Aliás o cupom de desconto não funcionou no pagamento, mas o mais importante: o bule "
        "chegou com o bico rachado e quero devolver.",
    ],
)
def test_a_return_marked_as_the_point_leads_over_a_coupon_raised_first(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.RETURN_REQUEST
    assert Intent.COUPON_PRICE in said.also


# --- the side matter put off, no mark of the point --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Do you have the linen apron back in stock? That can wait. Please cancel order 5520981, "
        "I ordered it twice by mistake.",
        "А льняной фартук снова появится в продаже? Ладно, это потом. Отмените, пожалуйста, "
        "заказ 5520981, я случайно оформила его дважды.",
        "亚麻围裙还会补货吗？那个之后再说。麻烦帮我取消订单5520981，我不小心下了两次。",
    ],
)
def test_a_side_question_put_off_leaves_the_request_after_it_as_the_main_one(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.CANCEL_ORDER
    assert said.also, "the side question is kept as a second request"
    assert said.also_said[0] in text and text.find(said.also_said[0]) < text.find("5520981")


@pytest.mark.parametrize(
    "text",
    [
        "Est-ce que vous livrez en Belgique ? Enfin, c'est pas ça l'important : ma commande "
        "FR88012 devait arriver hier, où en est-elle ?",
        "¿Hacen envíos a Canarias? Bueno, eso es lo de menos. Mi pedido ES88012 tenía que llegar "
        "ayer, ¿dónde está?",
        "Liefert ihr auch in die Schweiz? Egal, später. Meine Bestellung DE88012 sollte gestern "
        "ankommen, wo ist sie?",
    ],
)
def test_a_put_off_shipping_question_leaves_the_status_as_the_main_request(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.ORDER_STATUS
    assert Intent.POLICY_QUESTION in said.also or Intent.OTHER in said.also


def test_the_negated_mark_of_the_point_belongs_to_the_side_matter() -> None:
    side, main = frame.main_point(
        "Vous faites des cartes-cadeaux ? Mais c'est pas ça l'important, ma commande FR88012 "
        "n'est toujours pas arrivée."
    ) or ("", "")
    assert "cartes-cadeaux" in side
    assert main.startswith("ma commande")


# --- only the mark, nothing put aside ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The main thing is: where is my order 4410297? It's been ten days.",
        "Главное — где мой заказ 4410297? Уже десять дней прошло.",
        "重点是我的订单4410297到底到哪了？已经十天了。",
    ],
)
def test_a_message_that_opens_with_the_mark_makes_one_request(understander, text: str) -> None:
    assert frame.main_point(text) is None
    said = understander.understand_sync(text)
    assert said.intent is Intent.ORDER_STATUS
    assert Intent.INVOICE not in said.also and Intent.POLICY_QUESTION not in said.also


# --- the money of another order, asked beside a request -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pedi a capa de edredom king e veio solteiro, quero trocar. e o estorno daquele outro "
        "pedido, saiu?",
        "La funda nórdica llegó en otra talla, quiero cambiarla. ¿Y el reembolso de mi otro "
        "pedido, ya salió?",
        "Пододеяльник пришёл не того размера, хочу обменять. а деньги за другой заказ вернули уже?",
    ],
)
def test_the_money_of_another_order_asked_beside_a_request_is_its_refund_status(
    understander, text: str
) -> None:
    said = understander.understand_sync(text)
    assert said.intent is Intent.RETURN_REQUEST
    assert Intent.REFUND_STATUS in said.also
