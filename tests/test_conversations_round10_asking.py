"""Typed conversations, round 10: a question about what would happen is answered, not acted on.

- A return supposed ("if I send it back …"), what would come back asked, is quoted and nothing
  is registered, also when the message reads like the return itself or like a status question,
  and when the customer says they are only asking.
- A return of everything supposed is quoted for the whole order (what was paid, the coupon's
  share and all), not asked "which item?".
- A return's window asked "just to know" gets the rules (the days for a change of mind and for
  a defect), not a return started.
- Whether a paid order can arrive by a day ("by the weekend?") is answered with when it leaves
  the warehouse and how long delivery takes, not the status alone.
- Told after a quote that they only wanted the figure, the customer is told nothing changed, and
  no menu or "which do you mean?" follows.
"""

from __future__ import annotations

import pytest

from core.engine import Engine
from core.i18n import Localizer
from core.order import OrderStatus
from core.services import Services
from core.understanding.frame import only_asking
from tests.chat import Chat, store
from tests.factories import delivered_mugs_and_towel, order_doc, shipped

QUOTED = "Nothing has been registered; just tell me if you want to go ahead."


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


def _said(text: str, msgid: str, languages: tuple[str, ...]) -> bool:
    return any(Localizer(lang)._(msgid) in text for lang in languages)


def _amount(text: str, figure: str) -> bool:
    return any(f"{figure}{sep}00" in text for sep in ".,")


async def _no_returns(services: Services, order_no: str) -> bool:
    order = await services.hub.get_order(order_no)
    return order is not None and not order.returns


# --- a supposed return, only asked about, is quoted ----------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "I'm thinking of sending back the cotton towel. If I do, do I keep the coupon and what "
        "exactly comes back to me? Not returning it yet, only asking.",
        "Falls ich das Handtuch zurückschicke, bleibt der Rabatt erhalten, und wie viel "
        "Geld bekäme ich dann? Nur eine Frage, noch nichts anmelden.",
        "Si je renvoie la serviette en coton, je garde la réduction ? Combien je récupère ? Je "
        "me renseigne seulement.",
        "Kalau handuk katunnya aku retur, uangnya balik berapa? Diskonnya hangus nggak? Nanya "
        "dulu ya, belum mau retur.",
    ],
    ids=["en", "de", "fr", "id"],
)
async def test_a_supposed_return_only_asked_about_is_quoted_not_started(
    chat: Chat, services: Services, message: str
) -> None:
    await store(services, delivered_mugs_and_towel(order_no="7810001"))
    reply = await chat.say(message)
    text = reply.text()
    assert _said(text, QUOTED, ("en", "de", "fr", "id"))
    assert _amount(text, "46") and not reply.buttons()
    assert await _no_returns(services, "7810001")


@pytest.mark.parametrize(
    "message",
    [
        "Order 7810002 is still on its way. If I send one mug back once it arrives, do I lose "
        "the coupon? How much would you refund?",
        "El pedido 7810002 aún no me ha llegado. Si devuelvo una taza cuando llegue, ¿pierdo el "
        "descuento? ¿Cuánto me devolveríais?",
        "Заказ 7810002 ещё в пути. Если я верну одну кружку, когда он придёт, сколько мне "
        "вернут? Скидка сгорит?",
    ],
    ids=["en", "es", "ru"],
)
async def test_a_supposed_return_of_an_order_on_its_way_is_quoted(
    chat: Chat, services: Services, message: str
) -> None:
    doc = delivered_mugs_and_towel(order_no="7810002")
    doc.update({k: v for k, v in shipped().items() if k in ("status", "shipments", "warehouse")})
    doc.pop("delivered_at", None)
    await store(services, doc)
    reply = await chat.say(message)
    text = reply.text()
    assert _said(text, QUOTED, ("en", "es", "ru"))
    assert _amount(text, "80")  # the mug and the towel kept no longer reach the ¥200 threshold
    assert await _no_returns(services, "7810002")


# --- a supposed return of everything -------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "If I sent everything in the order back, would the refund be all I paid or minus the "
        "coupon? Only asking for now.",
        "Nếu mình trả lại tất cả đơn này thì được hoàn đủ số tiền đã trả hay bị trừ mã giảm "
        "giá? Mình chỉ hỏi thôi, chưa trả đâu.",
        "如果我把这单全部退掉，是按实付金额全退，还是要扣掉优惠券？先问问，还没打算退。",
        "Kalau semua barang di pesanan ini aku balikin, duitnya kembali penuh atau dipotong "
        "kupon? Tanya doang ya.",
    ],
    ids=["en", "vi", "zh_Hans", "id"],
)
async def test_a_supposed_return_of_everything_is_quoted_for_the_whole_order(
    chat: Chat, services: Services, message: str
) -> None:
    await store(services, delivered_mugs_and_towel(order_no="7810003"))
    reply = await chat.say(message)
    text = reply.text()
    assert _said(text, QUOTED, ("en", "vi", "zh_Hans", "id"))
    assert _amount(text, "230") and not reply.buttons()
    assert await _no_returns(services, "7810003")


# --- the return window, only asked about ---------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "I get 14 days to send the towel back, correct? And should a fault turn up after a "
        "month, could I still return it? Everything's fine with it right now, I just want to know.",
        "¿Tengo 14 días para devolver la toalla, verdad? ¿Y si le sale un defecto más adelante, "
        "la podría devolver igual? De momento está perfecta, es solo por saber.",
        "Tenho 14 dias para devolver a toalha, né? E se aparecer um defeito depois disso, ainda "
        "dá para devolver? Por enquanto está tudo certo, pergunto só por curiosidade.",
    ],
    ids=["en", "es", "pt"],
)
async def test_a_return_window_only_asked_about_gets_the_rules_not_a_return(
    chat: Chat, services: Services, message: str
) -> None:
    await store(services, delivered_mugs_and_towel(order_no="7810004"))
    reply = await chat.say(message)
    text = reply.text()
    assert "14" in text and "30" in text
    assert not reply.buttons()
    assert await _no_returns(services, "7810004")


# --- after a quote: only the figure was wanted --------------------------------------------

UNCHANGED = "All right, I haven't changed anything."


@pytest.mark.parametrize(
    "then",
    [
        "Thanks, I only wanted to know the figure, not returning it yet.",
        "Vale, gracias. De momento no devuelvo nada, solo quería saber.",
        "好的，我只是想知道金额，先不退。",
    ],
    ids=["en", "es", "zh_Hans"],
)
async def test_only_the_figure_wanted_after_a_quote_is_acknowledged_and_nothing_started(
    chat: Chat, services: Services, then: str
) -> None:
    await store(services, delivered_mugs_and_towel(order_no="7810005"))
    await chat.say("If I return just the cotton towel, how much money would I get back?")
    reply = await chat.say(then)
    assert _said(reply.text(), UNCHANGED, ("en", "es", "zh_Hans")) and not reply.buttons()
    assert await _no_returns(services, "7810005")


# --- whether a paid order would arrive by a day ----------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "I paid for the mugs this morning. Can my order arrive by the weekend? It is a present.",
        "¿Los tazones que pagué ayer pueden llegar antes del fin de semana? Son para un regalo.",
        "我昨天付款的杯子周末前能到吗？是要送人的。",
    ],
    ids=["en", "es", "zh_Hans"],
)
async def test_whether_a_paid_order_arrives_by_a_day_gets_how_long_delivery_takes(
    chat: Chat, services: Services, message: str
) -> None:
    await store(services, order_doc(order_no="7810006"))
    reply = await chat.say(message)
    assert "1–3" in reply.text()  # leaves within 48 hours, then 1–3 days inside China
    order = await services.hub.get_order("7810006")
    assert order is not None and order.status is OrderStatus.PAID


# --- the reader ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "just asking, not returning it yet",
        "只是问问，还不退",
        "只是問問而已",
        "solo es por saber",
        "é só para saber",
        "je me renseigne seulement",
        "nur eine Frage",
        "просто интересуюсь",
        "聞いてみただけです",
        "그냥 궁금해서요",
        "مجرد سؤال",
        "nanya dulu aja",
        "mình chỉ hỏi thôi",
        "แค่ถามเฉยๆ",
    ],
)
def test_an_only_asking_marker_is_read_in_every_language(text: str) -> None:
    assert only_asking(text)


@pytest.mark.parametrize(
    "text",
    [
        "it has not arrived yet",
        "还没收到货",
        "まだ届いていません",
        "아직 안 왔어요",
        "chưa nhận được hàng",
        "I want to return the towel",
    ],
)
def test_a_delay_or_a_request_is_no_only_asking_marker(text: str) -> None:
    assert not only_asking(text)
