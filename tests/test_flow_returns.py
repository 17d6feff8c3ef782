"""Returns and cancellations in conversation, with refunds worked out by hand in each test."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from core.engine import Engine
from core.services import Services
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped

ORDER = "1234567890123451023"


def delivered(**overrides: object) -> dict:
    """Mugs 2 × ¥100 (fragile) + towel 1 × ¥50, coupon 满200减20, delivered 2 days ago, CN."""
    doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-2)))
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "MUG",
            "title": "陶瓷马克杯 Ceramic mug",
            "category": "general",
            "quantity": 2,
            "unit_price": "100.00",
        },
        {
            "line_id": "B",
            "sku": "TOWEL",
            "title": "纯棉毛巾 Cotton towel",
            "category": "general",
            "quantity": 1,
            "unit_price": "50.00",
        },
    ]
    doc["discounts"] = [
        {"code": "MJ200-20", "kind": "threshold", "amount": "20", "threshold": "200"}
    ]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "230.00"}
    doc.update(overrides)
    return doc


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


async def test_returning_one_mug_loses_the_threshold_and_shows_both_figures(
    chat: Chat, services: Services
) -> None:
    # Shares of the ¥20 coupon: A 200/250 × 20 = 16, B 4. Paid: A 184, B 46.
    # Returning 1 mug keeps 100 + 50 = 150 < 200: the coupon is lost.
    # Refund = 230 paid − 150 kept at full price = ¥80; had it been kept: 1/2 × 184 = ¥92.
    await store(services, delivered())
    await chat.say("我想退一个马克杯")
    await chat.press("return_reason:no_reason")
    quote = chat.last
    assert quote is not None
    assert "¥80.00" in quote.text() and "¥92.00" in quote.text()
    await chat.press("confirm:yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None
    [ret] = order.returns
    assert ret.refund_amount == Decimal("80.00")
    assert [(line.line_id, line.quantity) for line in ret.lines] == [("A", 1)]


async def test_returning_the_towel_keeps_the_threshold(chat: Chat, services: Services) -> None:
    # Kept goods 200 ≥ 200: the coupon stays; towel refund = its paid 50 − 4 = ¥46.
    await store(services, delivered())
    await chat.say("return the towel please")
    reply = await chat.press("return_reason:no_reason")
    assert "¥46.00" in reply.text() and "¥92.00" not in reply.text()


async def test_picking_line_and_quantity_with_buttons_then_return_guidance(
    chat: Chat, services: Services
) -> None:
    await store(services, delivered())
    lines = await chat.say("I want to return something")
    assert "return_line:A" in [b.payload for b in lines.buttons()]
    how_many = await chat.press("return_line:A")
    assert [b.payload for b in how_many.buttons()] == ["return_qty:1", "return_qty:2"]
    await chat.press("return_qty:2")
    # Both mugs: kept 50 < 200, coupon lost: 230 − 50 = ¥180 (kept: all of A's 184).
    quote = await chat.press("return_reason:defective")
    assert "¥180.00" in quote.text() and "¥184.00" in quote.text()
    done = await chat.press("confirm:yes")
    text = done.text()
    assert "Alipay" in text and "1–3" in text
    assert "上海市" in text  # the SH-01 warehouse's return address
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.returns[0].refund_amount == Decimal("180.00")


async def test_a_refund_above_the_approval_limit_waits_for_staff(
    chat: Chat, services: Services
) -> None:
    doc = delivered()
    doc["items"][0]["unit_price"] = "400.00"  # A 2 × 400; goods 850; shares A 18.82 B 1.18
    doc["payment"]["amount"] = "830.00"
    await store(services, doc)
    await chat.say("我要退货")
    await chat.press("return_line:A")
    await chat.press("return_qty:2")
    await chat.press("return_reason:defective")
    await chat.press("confirm:yes")
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert (ticket.kind, ticket.department) == ("refund_approval", "finance")
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.returns[0].status == "requested"


async def test_a_custom_item_without_defect_is_refused_in_one_sentence(
    chat: Chat, services: Services
) -> None:
    doc = delivered()
    doc["items"] = [doc["items"][1] | {"category": "custom", "title": "定制刻字钢笔"}]
    doc["discounts"] = []
    doc["payment"]["amount"] = "50.00"
    await store(services, doc)
    await chat.say("这个钢笔能退吗", locale="zh-CN")
    reply = await chat.press("return_reason:no_reason")
    assert "定制刻字钢笔" in reply.text()
    assert "confirm:yes" not in [b.payload for b in reply.buttons()]
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.returns == []


async def test_a_return_after_the_window_is_refused(chat: Chat, services: Services) -> None:
    await store(services, delivered(delivered_at=iso(timedelta(days=-10))))  # CN: 7 days
    await chat.say("return the towel please")
    reply = await chat.press("return_reason:no_reason")
    assert "confirm:yes" not in [b.payload for b in reply.buttons()]


async def test_an_opened_hygiene_product_is_refused_after_asking(
    chat: Chat, services: Services
) -> None:
    doc = delivered()
    doc["items"][1]["category"] = "hygiene"
    await store(services, doc)
    await chat.say("return the towel please")
    question = await chat.press("return_reason:no_reason")
    assert [b.payload for b in question.buttons()] == ["return_flag:yes", "return_flag:no"]
    refused = await chat.press("return_flag:yes")
    assert "confirm:yes" not in [b.payload for b in refused.buttons()]


async def test_an_undelivered_order_offers_cancellation_instead(
    chat: Chat, services: Services
) -> None:
    await store(services, order_doc())
    reply = await chat.say("I want to return my order")
    assert "intent:cancel_order" in [b.payload for b in reply.buttons()]


async def test_return_in_japanese_answers_in_japanese(services: Services, engine: Engine) -> None:
    doc = delivered()
    doc["customer"]["channels"] = [{"channel": "web", "user_id": "yuki"}]
    await store(services, doc)
    chat = Chat(engine, "yuki")
    reply = await chat.say("タオルを返品したいです")
    assert reply.language == "ja"


async def test_cancelling_a_paid_order_refunds_everything(chat: Chat, services: Services) -> None:
    await store(services, order_doc())
    quote = await chat.say("I want to cancel my order")
    assert "¥98.00" in quote.text()
    await chat.press("confirm:yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.status == "cancelled"


async def test_cancelling_one_line_before_shipping_refunds_its_share(
    chat: Chat, services: Services
) -> None:
    # Paid order, mugs 2 × 100 + towel 50, coupon 满200减20 → A paid 184, B 46.
    # Cancelling the towel keeps 200 ≥ 200: refund ¥46.
    doc = delivered(status="paid", delivered_at=None, shipments=[], warehouse={"code": "SH-01"})
    await store(services, doc)
    choice = await chat.say("取消订单")
    assert "cancel_line:B" in [b.payload for b in choice.buttons()]
    quote = await chat.press("cancel_line:B")
    assert "¥46.00" in quote.text()
    await chat.press("confirm:yes")
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.status == "paid"
    assert order.returns[0].refund_amount == Decimal("46.00")


async def test_a_shipped_order_cannot_be_cancelled_and_a_return_is_offered(
    chat: Chat, services: Services
) -> None:
    await store(services, shipped())
    reply = await chat.say("cancel my order")
    assert "intent:return_request" in [b.payload for b in reply.buttons()]


async def test_cancelling_while_picking_asks_the_warehouse(chat: Chat, services: Services) -> None:
    await store(services, order_doc(status="picking"))
    await chat.say("cancela mi pedido")
    await chat.press("confirm:yes")
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert (ticket.kind, ticket.department, ticket.priority) == (
        "cancel_intercept",
        "warehouse",
        "high",
    )
    assert chat.last is not None and chat.last.language == "es"


@pytest.mark.parametrize(
    ("locale", "text", "rule"),
    [
        ("zh_Hans", "毛巾不想要了，想退货", "7 天内"),
        ("en", "I'd like to return the towel, I changed my mind", "within 7 days"),
        ("ja", "タオルを返品したいです。気が変わりました", "7日以内"),
        ("de", "Ich möchte das Handtuch zurückgeben, ich habe es mir anders überlegt", "7 Tagen"),
    ],
)
async def test_a_refusal_after_the_window_names_the_window_in_days(
    chat: Chat, services: Services, locale, text, rule
) -> None:
    doc = delivered(delivered_at=iso(timedelta(days=-10)))  # CN: 7 days
    doc["customer"]["locale"] = locale
    await store(services, doc)
    reply = await chat.say(text, locale=locale)
    assert rule in reply.text()
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.returns == []
