"""Typed conversations (dev5): an address corrected in one place, by class of failure.

A customer who mistyped one number of an address (the flat, the house, the room) says only
that number again, the wrong one denied next to it. The bot changes that number, in the order's
own address or in the one just shown for confirmation, keeps the rest, shows it back, and acts
by the order's status after the yes (written when paid, a warehouse or logistics ticket once
packed or shipped). A correction of a number the address does not have is never stored as the
address. Each class in at least three languages; what the customer sees is asserted.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.engine import Engine
from core.services import Services
from tests.chat import Chat, store
from tests.factories import order_doc, shipped

ORDER = "1234567890123451023"


def _order(address: dict[str, Any], *, status: str = "paid") -> dict[str, Any]:
    doc = shipped() if status == "shipped" else order_doc(status=status)
    doc["shipping_address"] = {"name": "Alex Kim", "phone": "+12125550147", **address}
    return doc


US = {
    "country": "US",
    "province": "NY",
    "city": "Brooklyn",
    "line1": "88 Pacific St",
    "line2": "Flat 21B",
    "postal_code": "11201",
}
DE = {"country": "DE", "city": "Köln", "line1": "Lindenstraße 71", "postal_code": "50674"}
ES = {
    "country": "ES",
    "city": "Madrid",
    "line1": "Calle Mayor 52",
    "line2": "3º B",
    "postal_code": "28013",
}
CN = {
    "country": "CN",
    "province": "浙江省",
    "city": "杭州市",
    "district": "西湖区",
    "line1": "文三路85号",
    "phone": "13812345678",
}
KR = {
    "country": "KR",
    "city": "서울특별시",
    "district": "마포구",
    "line1": "월드컵로 10",
    "line2": "101동 502호",
    "postal_code": "03925",
}
JP = {
    "country": "JP",
    "province": "東京都",
    "city": "渋谷区",
    "line1": "神南 3-5-12",
    "line2": "グリーンハイツ 201",
    "postal_code": "150-0041",
}
RU = {"country": "RU", "city": "Москва", "line1": "ул. Тверская, д. 1", "postal_code": "125009"}
ID = {
    "country": "ID",
    "city": "Jakarta Selatan",
    "line1": "Jl. Kemang Raya No. 8",
    "postal_code": "12730",
}


# --- one number of the order's own address, put right in the first message --------------


@pytest.mark.parametrize(
    ("address", "said", "shown", "kept"),
    [
        (
            US,
            "Hi, small mistake in my delivery address: the flat is 12B, not 21B, "
            "everything else is fine",
            "Flat 12B",
            "88 Pacific St",
        ),
        (
            DE,
            "Bei meiner Lieferadresse stimmt die Hausnummer nicht, 17 statt 71, der Rest passt",
            "Lindenstraße 17",
            "50674",
        ),
        (
            ES,
            "Me equivoqué en la dirección de envío: es el portal 25, no el 52",
            "Calle Mayor 25",
            "3º B",
        ),
        (CN, "收货地址门牌号写错了，是58号不是85号，其他不变", "文三路58号", "西湖区"),
        (
            KR,
            "배송지 호수를 잘못 적었어요. 502호 말고 205호로 바꿔 주세요",
            "101동 205호",
            "월드컵로 10",
        ),
        (
            JP,
            "お届け先の部屋番号が違います。201ではなく210です",
            "グリーンハイツ 210",
            "神南 3-5-12",
        ),
    ],
)
async def test_one_number_of_the_order_address_is_put_right_and_the_rest_kept(
    services: Services,
    engine: Engine,
    address: dict[str, Any],
    said: str,
    shown: str,
    kept: str,
) -> None:
    await store(services, _order(address))
    customer = Chat(engine)

    offered = await customer.say(said)
    assert shown in offered.text() and kept in offered.text()
    assert [b.payload for b in offered.buttons()] == ["confirm:yes", "confirm:no"]
    await customer.press("confirm:yes")

    order = await services.hub.get_order(ORDER)
    assert order is not None
    written = order.shipping_address.model_dump_json()
    assert shown in written and kept in written
    assert said not in written


# --- one number of the address just shown for confirmation, put right ---------------------


@pytest.mark.parametrize(
    ("home", "start", "given", "fix", "shown", "gone"),
    [
        (
            RU,
            "Я хочу изменить адрес доставки",
            "ул. Ленина, д. 5, кв. 17, 620014 Екатеринбург, Россия",
            "ой, квартира 71, а не 17",
            "кв. 71",
            "кв. 17",
        ),
        (
            ES,
            "Quiero cambiar la dirección de entrega",
            "Calle de Alcalá 120, 28009 Madrid, España",
            "perdón, el número es 102, no 120",
            "Alcalá 102",
            "Alcalá 120",
        ),
        (
            US,
            "I need to change my delivery address",
            "221 Oak Street, Apt 4, Springfield, IL 62704, USA",
            "sorry, it's apt 6 instead of 4",
            "Apt 6",
            "Apt 4",
        ),
        (
            ID,
            "kak mau ganti alamat pengiriman",
            "Jl. Melati No. 12, Kota Bandung, Jawa Barat 40115, Indonesia",
            "eh salah kak, nomornya 21 bukan 12",
            "No. 21",
            "No. 12",
        ),
    ],
)
async def test_the_address_shown_for_confirmation_is_corrected_in_one_place(
    services: Services,
    engine: Engine,
    home: dict[str, Any],
    start: str,
    given: str,
    fix: str,
    shown: str,
    gone: str,
) -> None:
    await store(services, _order(home))
    customer = Chat(engine)
    await customer.say(start)
    first = await customer.say(given)
    assert gone in first.text()

    again = await customer.say(fix)

    assert shown in again.text() and gone not in again.text()
    assert [b.payload for b in again.buttons()] == ["confirm:yes", "confirm:no"]
    await customer.press("confirm:yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None
    written = order.shipping_address.model_dump_json()
    assert shown in written and gone not in written and fix not in written


# --- a packed or shipped order: the corrected address goes to the warehouse or logistics --


@pytest.mark.parametrize(
    ("address", "status", "said", "yes", "department"),
    [
        (
            JP,
            "shipped",
            "すみません、部屋番号を間違えました。201じゃなくて210です",
            "はい、お願いします",
            "logistics",
        ),
        (
            KR,
            "picking",
            "주소 호수가 틀렸어요, 502호가 아니라 205호예요. 나머지는 그대로예요",
            "네 맞아요",
            "warehouse",
        ),
        (CN, "shipped", "地址有个地方写错了，不是85号，是58号", "对的", "logistics"),
        (US, "picking", "my bad, the apartment should be 12B not 21B", "yes please", "warehouse"),
    ],
)
async def test_a_corrected_number_on_a_packed_or_shipped_order_opens_the_policy_ticket(
    services: Services,
    engine: Engine,
    address: dict[str, Any],
    status: str,
    said: str,
    yes: str,
    department: str,
) -> None:
    await store(services, _order(address, status=status))
    customer = Chat(engine)

    offered = await customer.say(said)
    assert [b.payload for b in offered.buttons()] == ["confirm:yes", "confirm:no"]
    done = await customer.say(yes)

    [ticket] = await services.tickets.list(order_no=ORDER)
    assert ticket.department == department
    assert f"#{ticket.id}" in done.text()
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.shipping_address.model_dump(exclude_none=True) == {
        "name": "Alex Kim",
        "phone": "+12125550147",
        **address,
    }


# --- a correction of a number the address does not have is not an address ---------------


@pytest.mark.parametrize(
    ("address", "said"),
    [
        (US, "oops, the flat is 7C, not 9C"),
        (DE, "Die Hausnummer ist 14 und nicht 41"),
        (CN, "门牌号写错了，不是12号，是21号"),
    ],
)
async def test_a_correction_of_a_number_the_address_lacks_is_never_stored(
    services: Services, engine: Engine, address: dict[str, Any], said: str
) -> None:
    await store(services, _order(address))
    customer = Chat(engine)
    await customer.say(said)
    await customer.say("yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None
    assert order.shipping_address.model_dump(exclude_none=True) == {
        "name": "Alex Kim",
        "phone": "+12125550147",
        **address,
    }


# --- asked for the new address, the customer puts one number of the old one right --------

FR = {
    "country": "FR",
    "city": "Lyon",
    "line1": "8 rue Mercière",
    "line2": "4e étage",
    "postal_code": "69002",
}
VN = {
    "country": "VN",
    "city": "TP. Hồ Chí Minh",
    "district": "Quận 3",
    "line1": "27/9 Trần Quốc Thảo",
    "postal_code": "700000",
}


@pytest.mark.parametrize(
    ("address", "start", "fix", "shown"),
    [
        (
            US,
            "I need to change the delivery address",
            "only the flat is wrong: 12B, not 21B",
            "Flat 12B",
        ),
        (
            FR,
            "je voudrais modifier l'adresse de livraison",
            "en fait c'est le 18 et non le 8",
            "18 rue Mercière",
        ),
        (
            VN,
            "mình muốn đổi địa chỉ giao hàng",
            "số nhà là 27/6 chứ không phải 27/9",
            "27/6 Trần Quốc Thảo",
        ),
    ],
)
async def test_a_correction_given_for_the_new_address_changes_the_order_address(
    services: Services,
    engine: Engine,
    address: dict[str, Any],
    start: str,
    fix: str,
    shown: str,
) -> None:
    await store(services, _order(address))
    customer = Chat(engine)
    await customer.say(start)

    offered = await customer.say(fix)

    assert shown in offered.text()
    assert [b.payload for b in offered.buttons()] == ["confirm:yes", "confirm:no"]


# --- a house number with a slash, after the words of the request -------------------------

AU = {
    "country": "AU",
    "province": "NSW",
    "city": "Sydney",
    "line1": "1 George St",
    "postal_code": "2000",
}
BR = {
    "country": "BR",
    "province": "SP",
    "city": "São Paulo",
    "line1": "Rua Augusta 10",
    "postal_code": "01305-000",
}


@pytest.mark.parametrize(
    ("address", "said", "shown"),
    [
        (
            VN,
            "đổi địa chỉ đơn nồi chiên giúp em sang 12/7 Nguyễn Trãi, phường 2, quận 5, TP.HCM nhé",
            "12/7 Nguyễn Trãi",
        ),
        (
            AU,
            "I moved, please change the address so the parcel goes to 45/2 Wattle Street, "
            "Ultimo NSW 2007, Australia",
            "45/2 Wattle Street",
        ),
        (
            BR,
            "quero trocar o endereço, mandem o pedido para 120/4 Rua Augusta, 01305-000 São Paulo",
            "120/4 Rua Augusta",
        ),
    ],
)
async def test_a_house_number_with_a_slash_is_kept_whole(
    services: Services, engine: Engine, address: dict[str, Any], said: str, shown: str
) -> None:
    await store(services, _order(address))
    offered = await Chat(engine).say(said)
    assert shown in offered.text()
    assert [b.payload for b in offered.buttons()] == ["confirm:yes", "confirm:no"]


# --- a change of the order that names its delivery address is an address change ----------


@pytest.mark.parametrize(
    ("address", "said", "new", "written"),
    [
        (
            KR,
            "주문한 이불 배송지 변경하고 싶어요",
            "서울특별시 마포구 월드컵로 25, 3층 301호",
            "월드컵로 25",
        ),
        (
            JP,
            "配送先を変えたいです、マグカップの注文です",
            "〒150-0041 東京都渋谷区神南1-2-3 ハイツ101",
            "1-2-3",
        ),
        (
            DE,
            "Ich will bei der Lampenbestellung die Lieferanschrift ändern",
            "Hauptstraße 5, 50667 Köln",
            "Hauptstraße 5",
        ),
    ],
)
async def test_a_change_that_names_the_delivery_address_is_an_address_change(
    services: Services,
    engine: Engine,
    address: dict[str, Any],
    said: str,
    new: str,
    written: str,
) -> None:
    await store(services, _order(address))
    customer = Chat(engine)
    await customer.say(said)
    offered = await customer.say(new)
    assert [b.payload for b in offered.buttons()] == ["confirm:yes", "confirm:no"]
    await customer.press("confirm:yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None and written in order.shipping_address.model_dump_json()
