"""An exchange of an item the customer already has is a return (it goes back the way a return
does); an exchange asked for before the parcel leaves is a change of the order. Told apart by
what the customer could only know with the item in hand — a fault, a fit, its arrival — or by
their placing the request before shipping. Wordings our own."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander


@pytest.mark.parametrize(
    "text",
    [
        "the jacket you sent me is the wrong colour, I ordered navy and got black. can I swap it?",
        "收到的裤子穿着太紧了，想换大一码",
        "me llegó la sudadera en verde y yo la pedí en gris, quiero cambiarla",
        "Die Hose ist angekommen, aber sie ist mir viel zu eng. Kann ich sie umtauschen?",
        "届いたスニーカーが片方だけ違うサイズでした。交換してもらえますか",
        "chegou a blusa rasgada na manga, quero trocar por outra",
    ],
    ids=["en", "zh", "es", "de", "ja", "pt"],
)
async def test_an_exchange_of_what_came_is_a_return(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.RETURN_REQUEST


@pytest.mark.parametrize(
    "text",
    [
        "could you swap the hoodie in my order for a size L before you ship it?",
        "发货前能帮我把订单里的卫衣换成L码吗",
        "¿me pueden cambiar la sudadera por una talla L antes de enviarla?",
        "Kann ich vor dem Versand noch die Farbe tauschen, lieber Blau statt Rot?",
    ],
    ids=["en", "zh", "es", "de"],
)
async def test_an_exchange_before_the_parcel_leaves_stays_a_change_of_the_order(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.MODIFY_ORDER
