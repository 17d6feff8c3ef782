"""Typed conversations, issue 12 (dev4): order status and addresses, by class of failure.

A second order asked about by its items after the first answer; an order named by its digits
without the shop's prefix (or as its platform page writes it); a phone number never echoed in
full. Each class in at least three languages; what the customer sees is asserted.
"""

from __future__ import annotations

import pytest

from core.engine import Engine
from core.services import Services
from tests.chat import Chat, store
from tests.factories import order_doc, shipped

ADDRESS = {
    "name": "Lan Nguyen",
    "phone": "+84912346789",
    "country": "VN",
    "city": "Hồ Chí Minh",
    "district": "Quận 1",
    "line1": "12 Lê Lợi",
}


def _order(order_no: str, title: str, *, status: str = "paid", **more: object) -> dict:
    doc = shipped() if status == "shipped" else order_doc(status=status)
    doc.update(order_no=order_no, **more)
    doc["items"] = [dict(doc["items"][0], title=title, sku=order_no.strip("#"))]
    return doc


@pytest.fixture
async def three_orders(services: Services) -> Services:
    """One customer of `web-li`: a shipped backpack, a paid blanket, an unpaid blender."""
    await store(
        services,
        _order("#TH3301", "Waterproof backpack กระเป๋าเป้กันน้ำ Rucksack", status="shipped"),
        _order("#TH3310", "Quilted blanket ผ้าห่มนวม Steppdecke"),
        _order(
            "#VN4412",
            "Máy xay sinh tố cầm tay (hand blender)",
            status="pending_payment",
            paid_at=None,
            payment={"method": "card", "status": "failed", "amount": "98.00"},
        ),
    )
    return services


# --- the second order, asked about by its items after the first answer ------------------


@pytest.mark.parametrize(
    ("first", "then", "meant"),
    [
        ("Where is my backpack?", "ok thanks. and the blanket?", "#TH3310"),
        ("กระเป๋าเป้ที่สั่งไปถึงไหนแล้วคะ", "โอเคค่ะ แล้วผ้าห่มที่สั่งอีกออเดอร์นึงล่ะคะ ส่งยังอ่ะ", "#TH3310"),
        ("Wann kommt mein Rucksack an?", "Danke. Und die Steppdecke?", "#TH3310"),
        ("Where is my backpack?", "con don may xay sinh to thi sao, sao chua thay gi", "#VN4412"),
    ],
)
async def test_a_second_order_named_by_its_items_gets_the_same_answer(
    three_orders: Services, engine: Engine, first: str, then: str, meant: str
) -> None:
    customer = Chat(engine)
    answer = await customer.say(first)
    assert "#TH3301" in answer.text()

    follow_up = await customer.say(then)

    assert meant in follow_up.text() and "#TH3301" not in follow_up.text()
    assert not follow_up.buttons()


# --- an order named by its digits, without the shop's prefix ------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        "don 3310 khi nao gui vay shop",
        "đơn 3310 khi nào gửi vậy shop",
        "Wann wird Bestellung 3310 verschickt?",
        "ออเดอร์ 3310 ส่งยังคะ",
    ],
)
async def test_an_own_order_named_without_its_prefix_is_answered(
    three_orders: Services, engine: Engine, ask: str
) -> None:
    reply = await Chat(engine).say(ask)

    assert "#TH3310" in reply.text()
    assert "#TH3301" not in reply.text() and "#VN4412" not in reply.text()


async def test_digits_of_someone_elses_order_are_not_matched_to_a_stranger(
    three_orders: Services, engine: Engine
) -> None:
    reply = await Chat(engine, user="visitor-9").say("đơn 3310 khi nào gửi vậy shop")

    assert "Quilted" not in reply.text() and "ผ้าห่ม" not in reply.text()


@pytest.mark.parametrize(
    "ask",
    [
        "Selamat siang, saya mau cek pesanan INV/20251231/MPL/5519876, sudah dikirim?",
        "Hi, has order INV/20251231/MPL/5519876 shipped yet?",
        "订单 INV/20251231/MPL/5519876 发货了吗",
    ],
)
async def test_a_platform_number_written_with_slashes_finds_its_order(
    services: Services, engine: Engine, ask: str
) -> None:
    await store(services, _order("INV-20251231-MPL-5519876", "Rice Cooker Digital 1.8L"))
    visitor = Chat(engine, user="visitor-41")
    await visitor.say(ask)

    reply = await visitor.say("5678")

    assert "Rice Cooker" in reply.text()


# --- a phone number is never echoed in full -----------------------------------------------


@pytest.mark.parametrize(
    ("country", "phone", "ask"),
    [
        ("FR", "+33612345678", "Je voudrais changer l'adresse : 15 quai Saint-Vincent, 69001 Lyon"),
        (
            "ID",
            "+6281234567890",
            "Ganti alamat kirim ke Jl. Kemang Raya No. 8, Mampang Prapatan, Jakarta Selatan 12730",
        ),
        (
            "US",
            "+12125550147",
            "Please change the address to 30 Rockefeller Plaza, New York NY 10112",
        ),
    ],
)
async def test_the_address_shown_back_masks_the_phone(
    services: Services, engine: Engine, country: str, phone: str, ask: str
) -> None:
    address = dict(ADDRESS, country=country, phone=phone, city="X", line1="1 Old Street")
    await store(services, _order("#EU2230", "Hiking backpack", shipping_address=address))

    shown = await Chat(engine).say(ask)

    assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"]
    assert phone[-9:] not in shown.text() and phone[-4:] in shown.text()


# --- a follow-up about the order just answered stays on it --------------------------------


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("Where is my backpack?", "ok. and roughly when will it arrive?"),
        ("กระเป๋าเป้ที่สั่งไปถึงไหนแล้วคะ", "แล้วจะได้รับประมาณวันไหนคะ"),
        ("Wann kommt mein Rucksack an?", "Und wann ungefähr kommt es an?"),
    ],
)
async def test_a_follow_up_about_the_order_just_answered_is_not_asked_which_order(
    three_orders: Services, engine: Engine, first: str, then: str
) -> None:
    customer = Chat(engine)
    await customer.say(first)

    follow_up = await customer.say(then)

    assert "#TH3301" in follow_up.text() and not follow_up.buttons()


# --- the carrier's brand is shown with its name in the customer's language ----------------


@pytest.mark.parametrize(
    ("ask", "local"),
    [
        ("cadê meu pedido da mochila?", "Correios da China (China Post)"),
        ("Où en est mon sac à dos ?", "La Poste chinoise (China Post)"),
        ("Wann kommt mein Rucksack an?", "China Post"),
    ],
)
async def test_the_order_card_names_the_carrier_by_its_brand_too(
    services: Services, engine: Engine, ask: str, local: str
) -> None:
    parcel = _order("#TH3301", "Waterproof backpack sac à dos mochila Rucksack", status="shipped")
    parcel["shipments"][0].update(carrier="China Post", tracking_no="RR482136754CN")
    await store(services, parcel)

    reply = await Chat(engine).say(ask)

    assert f"{local}: RR482136754CN" in reply.text()
