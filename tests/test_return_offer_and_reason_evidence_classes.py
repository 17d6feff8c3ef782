"""Returns told as a damage story, the one action a reply offers, and reasons with evidence.

- An explicit return ("就退那个碗吧") beside a story of damage or a defect is a return with
  its reason, not a parcel case.
- After a delivery problem the bot offers a return; a plain yes takes the offer, and the return
  starts on the same order with what the first message said (the item at fault, the reason).
- Asked why, a reply that only agrees ("ok, agreed", "ได้ค่ะ ตกลงตามนั้น", "係 退個喇叭得啦")
  names no reason and is not read as one; a reason told in the first message is used.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from core.answers.labels import reason_label
from core.dialogue.context import in_every_language
from core.engine import Engine
from core.i18n import Localizer
from core.policies import ReturnReason
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from tests.chat import Chat, store
from tests.factories import iso, shipped


@pytest.fixture(scope="module")
def understander():
    return build_understander(Settings())


# --- A1: an explicit return beside a damage story is a return --------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("碗到的时候裂了一道缝，盘子没事，就退那个碗吧", "damaged"),
        ("碗收到就裂了，盘子好好的，退个碗", "damaged"),
    ],
)
async def test_an_explicit_return_beside_a_damage_story_is_a_return_with_its_reason(
    understander, text: str, reason: str
) -> None:
    read = await understander.understand(text)
    assert read.intent is Intent.RETURN_REQUEST
    assert read.reason == reason


# --- A2: a plain yes takes the return offered after a delivery problem ----------------------


async def vase_and_candles(
    services: Services, vase: str = "Glass vase", candles: str = "Scented candles"
) -> dict:
    doc = shipped(status="delivered", delivered_at=iso(timedelta(hours=-20)))
    doc["items"] = [
        {
            "line_id": "V",
            "sku": "VASE-GL",
            "title": vase,
            "category": "fragile",
            "quantity": 1,
            "unit_price": "40.00",
        },
        {
            "line_id": "C",
            "sku": "CANDLE-3",
            "title": candles,
            "category": "general",
            "quantity": 1,
            "unit_price": "12.00",
        },
    ]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "52.00"}
    doc["discounts"] = []
    doc["shipping_fee"] = "0.00"
    await store(services, doc)
    return doc


@pytest.mark.parametrize(
    ("titles", "story", "yes"),
    [
        (
            ("Glass vase", "Scented candles"),
            "the vase came with a chip on the rim and the box was crushed; the candles are "
            "fine, I keep them. What can I do?",
            "yes please, do that",
        ),
        (
            ("Jarrón de cristal", "Velas aromáticas"),
            "el jarrón llegó con el borde astillado y la caja aplastada; las velas están bien. "
            "¿Qué puedo hacer?",
            "sí, hazlo",
        ),
        (
            ("Glasvase", "Duftkerzen"),
            "Die Vase kam mit einem Sprung an, der Karton war eingedrückt; die Kerzen sind in "
            "Ordnung. Was kann ich tun?",
            "ja, bitte so machen",
        ),
    ],
)
async def test_a_plain_yes_takes_the_return_offered_with_what_the_first_message_said(
    services: Services, engine: Engine, titles: tuple[str, str], story: str, yes: str
) -> None:
    doc = await vase_and_candles(services, *titles)
    li = Chat(engine, user="web-li")
    offered = await li.say(story)
    assert f"offer:return:{doc['order_no']}" in [b.payload for b in offered.buttons()]
    taken = await li.say(yes)
    payloads = [b.payload for b in taken.buttons()]
    assert "intent:return_request" not in payloads  # not the main menu again
    assert not any(p.startswith("return_line:") for p in payloads)  # the vase, not "which?"
    assert not any(p.startswith("return_reason:") for p in payloads)  # damaged, said before
    assert titles[0] in taken.text() and titles[1] not in taken.text()


# --- B: a reason needs evidence ---------------------------------------------------------------


def _reason_question() -> Expectation:
    loc = Localizer("en")
    return Expectation(
        kind=ExpectKind.REASON,
        action="return_request",
        options=[
            ExpectedOption(
                id=f"return_reason:{r.value}",
                label=reason_label(loc, r.value),
                meaning=r.value,
                words=in_every_language(partial(reason_label, reason=r.value)),
            )
            for r in ReturnReason
        ],
    )


@pytest.mark.parametrize(
    "reply",
    [
        "ok, agreed",
        "yes, just send the lamp back",
        "ได้ครับ ตามนั้นเลย",
        "係呀 退咗佢得啦",
        "sí, de acuerdo, devuélvela",
        "да, давайте так",
        "iya kak, gitu aja",
    ],
)
async def test_a_reply_that_only_agrees_is_no_return_reason(understander, reply: str) -> None:
    read = await understander.understand(reply, expect=_reason_question())
    assert read.answer is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ich möchte die Kopfhörer zurückgeben, sie verlieren ständig die Verbindung", "defective"),
        ("хочу вернуть колонку, она всё время теряет связь", "defective"),
        ("je voudrais retourner une serviette, j'en ai pris une de trop", "no_reason"),
    ],
)
async def test_a_reason_told_with_the_return_is_read_from_the_first_message(
    understander, text: str, reason: str
) -> None:
    read = await understander.understand(text)
    assert read.intent is Intent.RETURN_REQUEST and read.reason == reason
