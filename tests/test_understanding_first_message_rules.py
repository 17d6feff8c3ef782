"""Rules over a first message that the model reads wrong from the story's words: a parcel the
tracking calls delivered that never came, a cancellation refused beside another request, a
fault told by its symptom, an item that arrived broken told without a request, and a product
question before buying."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander, frame


@pytest.mark.parametrize(
    "text",
    [
        "The app says my parcel was delivered at noon but I never received anything.",
        "物流显示已签收，但是我根本没收到，门口也没有",
        "El seguimiento dice entregado desde el lunes y no he recibido nada.",
        "Im Tracking steht zugestellt, aber bei mir ist nichts angekommen.",
        "Trên app báo đã giao hàng mà mình chưa nhận được gì hết.",
        "di aplikasi statusnya sudah diterima padahal aku belum terima paketnya",
    ],
    ids=["en", "zh", "es", "de", "vi", "id"],
)
def test_delivered_by_the_tracking_but_never_received_is_seen(text: str) -> None:
    assert frame.delivered_not_received(text)


@pytest.mark.parametrize(
    "text",
    [
        "Has it been delivered yet?",
        "我的包裹签收了吗",
        "¿Ya se entregó mi pedido?",
    ],
    ids=["en", "zh", "es"],
)
def test_asking_whether_it_was_delivered_is_not_a_lost_parcel(text: str) -> None:
    assert not frame.delivered_not_received(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("my earbuds only one side works, I want to return them", "defective"),
        ("这个保温杯根本不保温，我要退", "defective"),
        ("ヘッドホンの片耳しか音が出ないので返品したいです", "defective"),
        ("스피커가 소리가 안 나와요 반품할게요", "defective"),
        ("السماعة ما تشتغل ابي ارجعها", "defective"),
        ("Die Lampe geht nich an, ich will sie zurückgeben", "defective"),
    ],
    ids=["en", "zh", "ja", "ko", "ar", "de"],
)
def test_a_fault_told_by_its_symptom_is_a_defect(text: str, reason: str) -> None:
    assert frame.reason_in(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Don't cancel my order please, I still want it — I only want to know where order 58213 is.",
        "先不要取消，我还要的，就是想问问订单778812现在到哪里了",
        "No cancelen nada, todavía lo quiero, solo quiero saber dónde está el pedido 44120.",
    ],
    ids=["en", "zh", "es"],
)
async def test_a_refused_cancellation_beside_a_question_is_that_question(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.ORDER_STATUS


@pytest.mark.parametrize(
    "text",
    ["Don't cancel it, I still want it", "别取消了，我还要的", "No lo canceles, lo quiero todavía"],
    ids=["en", "zh", "es"],
)
async def test_a_refused_cancellation_alone_is_still_a_refusal(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DENY


@pytest.mark.parametrize(
    "text",
    [
        "Tracking shows delivered yesterday at 3pm, but nothing was there when I got home and "
        "my neighbours have not seen it either. Tracking number 1Z999AA10123456784.",
        "Sendungsverfolgung sagt zugestellt, ich war aber den ganzen Tag zu Hause und habe "
        "nichts erhalten, auch die Nachbarn haben nichts. Was kann ich tun?",
        "Rastreio diz que foi entregue hoje de manhã, mas não recebi nada e o porteiro também "
        "não viu ninguém. O que eu faço agora?",
    ],
    ids=["en", "de", "pt"],
)
async def test_a_long_story_of_a_parcel_delivered_but_not_received_is_a_delivery_issue(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.DELIVERY_ISSUE
