"""A first message that writes out a whole new address asks to ship there, even when its story
tells the order's state ("it still says processing"); an address in a status question, or a
change refused, is not a change."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.understanding import Intent, build_understander


@pytest.mark.parametrize(
    "text",
    [
        "Hello, order #73120 still shows as processing on my account, which is lucky because "
        "it has the address of my previous flat. I live at 7 Quarry Lane, Flat 2, Bristol "
        "BS3 4QE now. The status page says it leaves the warehouse tomorrow.",
        "Buenas, el pedido #55102 sigue como 'En preparación' y ahí quedó la dirección de mi "
        "piso anterior. Ahora vivo en Calle Alcalá 120, 3º B, 28009 Madrid. El seguimiento "
        "dice que sale del almacén mañana.",
        "Здравствуйте. Заказ #55102 пока «Собирается», в нём мой прошлый адрес. Я переехала: "
        "ул. Садовая, д. 12, кв. 7, Самара, 443010. По статусу отправка только завтра.",
        "Hallo, Bestellung #66021 steht noch auf 'wird vorbereitet'. Leider ist dort meine "
        "frühere Adresse eingetragen, ich wohne jetzt in der Lindenstraße 8, 2. OG, 50674 Köln. "
        "Laut Status wird sie erst morgen verschickt.",
    ],
    ids=["en", "es", "ru", "de"],
)
async def test_a_new_address_written_out_in_a_status_story_is_an_address_change(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.CHANGE_ADDRESS


@pytest.mark.parametrize(
    "text",
    [
        "Don't change the address of order #73120, 7 Quarry Lane, Bristol BS3 4QE is right. "
        "Where is it now?",
        "No hace falta cambiar la dirección del pedido #55102, Calle Mayor 5, 28013 Madrid está "
        "bien. ¿Dónde está ahora?",
        "Bitte bei Bestellung #66021 nicht die Adresse ändern, Lindenstraße 8, 50674 Köln "
        "stimmt. Wo ist das Paket gerade?",
    ],
    ids=["en", "es", "de"],
)
async def test_an_address_whose_change_is_refused_is_no_address_change(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is not Intent.CHANGE_ADDRESS
