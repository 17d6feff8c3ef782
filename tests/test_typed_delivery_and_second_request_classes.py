"""First messages of customers who type, by class of failure (wordings our own):

- a cancellation asked, then a question about the money it brings back ("cancel it, how long
  does the refund take?"): the cancellation is the request, done first; the refund's timing is
  a second request, answered after it.
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander

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
