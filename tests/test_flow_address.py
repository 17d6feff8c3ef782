"""Address change in conversation: ask, read the address, show it back, confirm, act by status."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.dialogue.state import ConfirmStep
from core.engine import Engine
from core.services import Services
from core.storage.tables import audit_log
from tests.chat import Chat, store
from tests.factories import order_doc, order_living_in, shipped

NEW_CN = "浙江省杭州市西湖区文三路100号 张三 13912345678"


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


async def test_paid_order_address_changes_after_confirmation_in_chinese(
    chat: Chat, services: Services
) -> None:
    await store(services, order_doc())
    asked = await chat.say("我要改地址")
    assert "1234567890123451023" in asked.text()
    shown = await chat.say(NEW_CN)
    assert "文三路100号" in shown.text() and "139****5678" in shown.text()
    assert "13912345678" not in shown.text()  # a phone is never echoed in full
    assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"]
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.name == "李娜"  # not yet
    await chat.say("好的")
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None
    assert (order.shipping_address.name, order.shipping_address.phone) == ("张三", "13912345678")
    assert order.shipping_address.district == "西湖区"
    async with services.db.connect() as conn:
        actions = (await conn.scalars(sa.select(audit_log.c.action))).all()
    assert "order.address_changed" in actions


async def test_address_in_the_first_message_goes_straight_to_confirmation(
    chat: Chat, services: Services
) -> None:
    await store(services, order_doc())
    reply = await chat.say(f"地址填错了，改成 {NEW_CN}")
    assert [b.payload for b in reply.buttons()] == ["confirm:yes", "confirm:no"]


async def test_saying_no_changes_nothing(chat: Chat, services: Services) -> None:
    await store(services, order_doc())
    await chat.say("我要改地址")
    await chat.say(NEW_CN)
    await chat.say("不用了")
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.name == "李娜"


async def test_an_incomplete_chinese_address_is_asked_for_again(
    chat: Chat, services: Services
) -> None:
    await store(services, order_doc())
    await chat.say("我要改地址")
    reply = await chat.say("文三路100号")
    assert not reply.buttons()
    session = await services.sessions.load("web:web-li")
    assert session.state.pending is not None and session.state.pending.kind == "address"
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.line1 == "文三路100号"  # unchanged


async def test_picking_order_opens_a_high_priority_warehouse_intercept(
    chat: Chat, services: Services
) -> None:
    await store(services, order_doc(status="picking"))
    await chat.say("我要改地址")
    await chat.say(NEW_CN)
    await chat.press("confirm:yes")
    [ticket] = await services.tickets.list(order_no="1234567890123451023")
    assert (ticket.kind, ticket.department, ticket.priority) == (
        "address_intercept",
        "warehouse",
        "high",
    )
    assert "1234567890123451023" not in ticket.summary and "13912345678" not in ticket.summary
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.name == "李娜"


async def test_shipped_order_opens_a_logistics_redirect_without_promise(
    chat: Chat, services: Services
) -> None:
    await store(services, shipped())
    await chat.say("I need to change my delivery address")
    await chat.say(NEW_CN)
    reply = await chat.press("confirm:yes")
    [ticket] = await services.tickets.list(order_no="1234567890123451023")
    assert (ticket.department, ticket.kind) == ("logistics", "address_redirect")
    assert f"#{ticket.id}" in reply.text()


async def test_delivered_order_cannot_change_address(chat: Chat, services: Services) -> None:
    await store(services, shipped(status="delivered", delivered_at=shipped()["placed_at"]))
    reply = await chat.say("I need to change my delivery address")
    assert not reply.buttons()
    assert await services.tickets.list() == []


async def test_a_change_of_country_goes_to_staff(services: Services, engine: Engine) -> None:
    doc = order_doc()
    doc["customer"]["channels"] = [{"channel": "web", "user_id": "emma"}]
    await store(services, doc)
    chat = Chat(engine, "emma")
    await chat.say("change my shipping address please")
    await chat.say("221B Baker Street, London NW1 6XE, UK")
    await chat.press("confirm:yes")
    [ticket] = await services.tickets.list()
    assert (ticket.kind, ticket.department) == ("address_country_change", "service")
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.country == "CN"


async def test_a_confirmation_expires_after_30_minutes(chat: Chat, services: Services) -> None:
    await store(services, order_doc())
    await chat.say("我要改地址")
    await chat.say(NEW_CN)
    session = await services.sessions.load("web:web-li")
    pending = session.state.pending
    assert isinstance(pending, ConfirmStep)
    pending.expires -= timedelta(minutes=31)
    await services.sessions.save(session)
    await chat.say("好的")
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.name == "李娜"


async def test_switching_topic_mid_flow_answers_and_asks_again(
    chat: Chat, services: Services
) -> None:
    await store(services, order_doc())
    await chat.say("我要改地址")
    await chat.say(NEW_CN)
    detour = await chat.say("where is my order?")
    assert "1234567890123451023" in detour.text()
    assert [b.payload for b in detour.buttons()] == ["confirm:yes", "confirm:no"]
    await chat.press("confirm:yes")
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.name == "张三"


@pytest.mark.parametrize(
    ("text", "line1"),
    [
        ("123 Lê Lợi, Phường Bến Thành, Quận 1, TP.HCM", "123 Lê Lợi, Phường Bến Thành"),
        (
            "Jl. Merdeka No. 10, Kel. Braga, Kec. Sumur Bandung, Kota Bandung 40111",
            "Jl. Merdeka No. 10, Kel. Braga",
        ),
        (
            "Av. Vallarta 3233, Col. Vallarta Poniente, 44110 Guadalajara, Jal.",
            "Av. Vallarta 3233, Col. Vallarta Poniente",
        ),
    ],
)
def test_the_new_address_keeps_the_ward_after_its_street(text, line1):
    from core.dialogue.address import _merge
    from core.understanding.entities import extract_entities
    from tests.factories import order

    parsed = extract_entities(text).address
    assert parsed is not None
    assert _merge(order(), parsed).line1 == line1


@pytest.mark.parametrize(
    ("country", "locale", "request_text", "yes", "street"),
    [
        (
            "KR",
            "ko",
            "주문 배송지 바꿔 주세요: 부산광역시 해운대구 센텀중앙로 79, 5층",
            "네 맞아요",
            "센텀중앙로 79",
        ),
        (
            "VN",
            "vi",
            "Đổi địa chỉ giao giúp mình nhé: 12 Trần Phú, phường Điện Biên, quận Ba Đình, Hà Nội",
            "ok đúng rồi",
            "12 Trần Phú",
        ),
        (
            "RU",
            "ru",
            "Поменяйте адрес доставки, пожалуйста: ул. Ленина, д. 5, кв. 12, Центральный район, "
            "Новосибирск",
            "да, всё верно",
            "ул. Ленина, д. 5",
        ),
    ],
)
async def test_an_address_with_its_district_but_no_postal_code_is_taken_from_the_request(
    services: Services, engine: Engine, country, locale, request_text, yes, street
) -> None:
    doc = order_living_in(country, locale, "Kim", "+821012345678")
    await store(services, doc)
    chat = Chat(engine)
    shown = await chat.say(request_text, locale=locale)
    assert street in shown.text()
    await chat.say(yes, locale=locale)
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.line1.startswith(street)
