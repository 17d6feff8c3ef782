"""First messages of customers who type, by class of failure (wordings our own):

- a cancellation asked, then a question about the money it brings back ("cancel it, how long
  does the refund take?"): the cancellation is the request, done first; the refund's timing is
  a second request, answered after it;
- a parcel the tracking calls delivered that never came (the status quoted, the story of where
  the courier left it, of what was inside and what it cost) is a delivery problem of the order
  named: no return reason, no status asked besides, the logistics ticket on that order;
- part of an order missing from what came ("ordered two, only one came, where's the other?")
  is a delivery problem, not a question of where the order is;
- a whole new address written out to ship to, with a question of when it comes after it, is
  the address change first, the status second.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.engine import Engine
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander
from tests.chat import Chat, store
from tests.factories import iso, shipped

# --- a cancellation, then the money it brings back ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Please cancel order 55231. When will the money be back on my card?",
        "Stornieren Sie bitte meine Bestellung 55231. Wann bekomme ich mein Geld zurück?",
        "Annulez ma commande 55231 svp, le remboursement arrive sous combien de jours ?",
        "麻烦把订单55231取消掉，钱几天能退回来？",
        "注文55231をキャンセルしたいです。返金は何日くらいかかりますか",
        "ยกเลิกออเดอร์ 55231 ให้หน่อยค่ะ เงินจะได้คืนกี่วันคะ",
        "الغوا طلبي 55231 من فضلكم، وامتى ترجع الفلوس؟",
    ],
    ids=["en", "de", "fr", "zh_Hans", "ja", "th", "ar"],
)
async def test_a_cancellation_with_a_question_about_its_money_is_a_cancellation_then_the_refund(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.CANCEL_ORDER
    assert r.also == [Intent.REFUND_STATUS]


@pytest.mark.parametrize(
    "text",
    [
        "I cancelled order 55231 last week, when will the money be back on my card?",
        "ยกเลิกออเดอร์ 55231 ไปเมื่อวานแล้ว เงินจะคืนเมื่อไหร่คะ",
    ],
    ids=["en", "th"],
)
async def test_a_cancellation_told_as_done_with_its_money_stays_a_refund_status(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.REFUND_STATUS


# --- delivered, says the tracking; nothing came ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "物流上寫已經送達了，可是我家樓下管理室說根本沒有我的包裹，訂單 55240",
        "الموقع بيقول اتسلم من يومين بس انا ماستلمتش حاجة خالص، رقم الطلب 55240",
        "Laut DHL wurde die Sendung gestern zugestellt, aber vor der Tür und beim Nachbarn ist "
        "auch nichts. Bestellung 55240, darin war ein Wasserkocher für 39,90 €.",
        "Di aplikasi pesanan 55240 statusnya 'terkirim' dari kemarin, tapi aku gak nerima "
        "apa-apa, tetangga juga gak lihat",
    ],
    ids=["zh_Hant", "ar", "de", "id"],
)
async def test_a_parcel_shown_delivered_that_never_came_is_a_delivery_problem_without_a_reason(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DELIVERY_ISSUE
    assert r.reason is None  # nothing came: no fault or fit of an item in hand
    assert Intent.ORDER_STATUS not in r.also
    assert r.entities.order_numbers == ["55240"]


def _two_parcels() -> list[dict[str, object]]:
    """A delivered order 55240 and a newer one still on its way, both of the web user."""
    delivered = shipped(order_no="55240", status="delivered", delivered_at=iso(timedelta(days=-2)))
    on_its_way = shipped(order_no="55241")
    return [delivered, on_its_way]


async def test_the_logistics_ticket_of_a_parcel_that_never_came_is_on_the_order_named(
    services: Services, engine: Engine
) -> None:
    await store(services, *_two_parcels())
    reply = await Chat(engine).say(
        "Kak, pesanan 55240 di aplikasi udah 'diterima' dari kemarin, tapi aku gak nerima paket "
        "apa2. Udh nanya tetangga, katanya kurir naro di depan pager, tp gak ada apa2 di situ"
    )
    tickets = await services.tickets.list()
    assert [t.order_no for t in tickets] == ["55240"]
    assert "tiket" in reply.text().lower()


# --- ordered two, one came ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "สั่งหมอนไป 2 ใบ มาใบเดียวค่ะ อีกใบอยู่ไหนคะ",
        "pesen 3 piring, yang dateng cuma 1 kak, sisanya mana?",
        "طلبت شنطتين ووصلتني وحدة بس، وين الثانية؟",
        "訂咗兩個杯 得一個到 另一個呢",
        "Заказала две кружки, пришла только одна. Где вторая?",
    ],
    ids=["th", "id", "ar", "zh_Hant", "ru"],
)
async def test_part_of_an_order_missing_from_what_came_is_a_delivery_problem(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DELIVERY_ISSUE
    assert r.reason is None


# --- ship it to this new address; and when does it come? ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I moved last week and my parcel with the lamp is going to my old address. Could you "
        "deliver it to my new address: 18 Baker Street, Flat 4, London NW1 6XE? And when is it "
        "supposed to arrive?",
        "Hola, me mudé y el paquete va a la dirección antigua. ¿Pueden enviarlo a mi nueva "
        "dirección: Calle Mayor 12, 3º B, 28013 Madrid? Y de paso, ¿cuándo llega?",
        "Hallo, ich bin umgezogen und das Paket geht an die alte Adresse. Können Sie es an meine "
        "neue Adresse liefern: Hauptstraße 12, 2. OG, 10115 Berlin? Und wann kommt es an?",
        "Bonjour, j'ai déménagé et le colis part à mon ancienne adresse. Pouvez-vous le livrer à "
        "ma nouvelle adresse : 14 rue de la Roquette, 2e étage, 75011 Paris ? Et il arrive quand ?",
    ],
    ids=["en", "es", "de", "fr"],
)
async def test_a_new_address_to_ship_to_comes_before_the_question_of_when_it_arrives(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.CHANGE_ADDRESS
    assert r.also == [Intent.ORDER_STATUS]
