"""Order status end to end through `core.Engine`: the customer asks, the engine explains."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.engine import Engine
from core.messages import Inbound, OrderCardPart
from core.order import Order
from core.services import Services
from tests.factories import iso, order_doc, shipped


async def ask(engine: Engine, text: str = "", user: str = "web-li", payload: str | None = None):
    return await engine.handle(
        Inbound(channel="web", user_id=user, chat_id=user, text=text, payload=payload)
    )


async def store(services: Services, *docs: dict) -> None:
    await services.orders.replace_all([Order.model_validate(d) for d in docs])


async def test_tied_customer_gets_shipped_status_in_chinese_without_giving_the_number(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    reply = await ask(engine, "我的订单怎么还没发货")
    text = reply.text()
    assert reply.language == "zh_Hans"
    assert "订单 1234567890123451023 正在配送途中" in text
    assert "顺丰速运" in text and "SF1234567890123" in text  # the carrier in Chinese
    assert "SH-01" in text
    assert "已到达转运中心" in text and "快件已到达【杭州转运中心】" in text
    assert "预计送达" in text
    assert any(isinstance(p, OrderCardPart) for p in reply.parts)


async def test_shipped_status_in_english_names_carrier_tracking_and_eta(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    text = (await ask(engine, "where is my order?")).text()
    assert "Order 1234567890123451023 is on its way." in text
    assert "left our SH-01 warehouse at" in text
    assert "SF Express picked it up at" in text and "SF1234567890123" in text
    assert "Latest update" in text and "Arrived at a sorting centre" in text
    assert "Expected delivery:" in text


async def test_times_are_shown_in_the_customers_time_zone(
    engine: Engine, services: Services
) -> None:
    outbound = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
    doc = shipped()
    doc["warehouse"]["outbound_at"] = outbound.isoformat()
    await store(services, doc)
    text = (await ask(engine, "where is my order?")).text()
    assert "10:30" in text and "2:30" not in text.split("SH-01")[1].splitlines()[0]


async def test_unpaid_order_says_it_is_not_paid_and_why_the_payment_failed(
    engine: Engine, services: Services
) -> None:
    await store(
        services,
        order_doc(
            status="pending_payment",
            paid_at=None,
            payment={
                "method": "card",
                "status": "failed",
                "amount": "98.00",
                "failure_code": "insufficient_funds",
            },
        ),
    )
    text = (await ask(engine, "where is my order?")).text()
    assert "has not been paid yet" in text
    assert "wasn't enough money on the account" in text


async def test_stock_out_says_waiting_for_stock_and_offers_cancellation(
    engine: Engine, services: Services
) -> None:
    doc = order_doc()
    doc["items"][0]["backordered"] = True
    await store(services, doc)
    text = (await ask(engine, "where is my order?")).text()
    assert "waiting for stock" in text and "陶瓷马克杯" in text
    assert "cancel it for a full refund" in text


async def test_picking_names_the_warehouse(engine: Engine, services: Services) -> None:
    await store(services, order_doc(status="picking"))
    text = (await ask(engine, "where is my order?")).text()
    assert "being picked and packed in our SH-01 warehouse" in text


async def test_paid_presale_order_says_when_it_ships(engine: Engine, services: Services) -> None:
    await store(services, order_doc(presale_ship_by="2026-12-20T00:00:00+08:00"))
    text = (await ask(engine, "where is my order?")).text()
    assert "paid and waiting to be packed" in text
    assert "pre-sale order and ships by Dec 20, 2026" in text


async def test_delivered_order_says_when(engine: Engine, services: Services) -> None:
    doc = shipped(status="delivered", delivered_at=iso(timedelta(hours=-3)))
    await store(services, doc)
    text = (await ask(engine, "where is my order?")).text()
    assert "was delivered at" in text


async def test_cancelled_and_closed_orders_say_so(engine: Engine, services: Services) -> None:
    await store(services, order_doc(status="cancelled"))
    assert "was cancelled" in (await ask(engine, "where is my order?")).text()
    await store(services, order_doc(status="closed"))
    assert "is closed" in (await ask(engine, "where is my order?")).text()


async def test_several_open_orders_are_offered_as_buttons_and_a_press_answers(
    engine: Engine, services: Services
) -> None:
    await store(
        services,
        shipped(),
        order_doc(order_no="1234567890123459999", status="picking"),
    )
    reply = await ask(engine, "where is my order?")
    assert "several open orders" in reply.text()
    payloads = [b.payload for b in reply.buttons()]
    assert sorted(payloads) == ["order:1234567890123451023", "order:1234567890123459999"]
    answer = await ask(engine, payload="order:1234567890123459999")
    assert "1234567890123459999 is being picked and packed" in answer.text()


async def test_a_typed_number_picks_a_button_on_text_only_channels(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped(), order_doc(order_no="1234567890123459999", status="picking"))
    reply = await ask(engine, "where is my order?")
    second = reply.buttons()[1].payload.split(":")[1]
    answer = await ask(engine, "2")
    assert second in answer.text()


async def test_untied_user_is_asked_to_verify_before_any_detail(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    reply = await ask(engine, "where is order 1234567890123451023?", user="stranger")
    text = reply.text()
    assert "last four digits" in text
    assert "SF1234567890123" not in text and "SH-01" not in text


async def test_correct_phone_digits_verify_answer_and_tie_for_next_time(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    await ask(engine, "where is order 1234567890123451023?", user="stranger")
    reply = await ask(engine, "5678", user="stranger")
    assert "verified" in reply.text() and "SF1234567890123" in reply.text()
    later = await ask(engine, "where is my order?", user="stranger")
    assert "SF1234567890123" in later.text()


async def test_email_verifies_too(engine: Engine, services: Services) -> None:
    await store(services, shipped())
    await ask(engine, "what is the status of order 1234567890123451023", user="stranger")
    assert "SF1234567890123" in (await ask(engine, "Li.Na@example.com", user="stranger")).text()


async def test_three_wrong_answers_lock_verification(engine: Engine, services: Services) -> None:
    await store(services, shipped())
    await ask(engine, "where is order 1234567890123451023?", user="stranger")
    assert "doesn't match" in (await ask(engine, "0000", user="stranger")).text()
    assert "doesn't match" in (await ask(engine, "1111", user="stranger")).text()
    locked = await ask(engine, "2222", user="stranger")
    assert "15 minutes" in locked.text()
    retry = await ask(engine, "where is order 1234567890123451023?", user="stranger")
    assert "try again in" in retry.text()
    assert "SF1234567890123" not in (await ask(engine, "5678", user="stranger")).text()


async def test_an_unknown_order_number_is_asked_about_like_a_known_one(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    text = (await ask(engine, "where is order 9999999999999990000?", user="stranger")).text()
    assert "please confirm order 9999999999999990000" in text


async def test_untied_user_without_number_is_asked_for_it(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    text = (await ask(engine, "where is my order?", user="stranger")).text()
    assert "send me your order number" in text


async def test_a_forged_order_button_does_not_reveal_someone_elses_order(
    engine: Engine, services: Services
) -> None:
    await store(services, shipped())
    reply = await ask(engine, payload="order:1234567890123451023", user="stranger")
    assert "SF1234567890123" not in reply.text()
    assert "can no longer be found" in reply.text()


async def test_the_first_answer_already_uses_the_customers_own_time_zone(
    engine: Engine, services: Services
) -> None:
    doc = shipped()
    doc["customer"]["timezone"] = "America/New_York"
    doc["warehouse"]["outbound_at"] = datetime(2026, 3, 10, 14, 30, tzinfo=UTC).isoformat()
    await store(services, doc)
    text = (await ask(engine, "where is my order?")).text()
    assert "Mar 10, 2026, 10:30:00\u202fAM" in text or "Mar 10, 2026, 10:30:00 AM" in text
    # 14:30 UTC is 10:30 in New York (EDT), not 22:30 in Shanghai


async def test_the_customer_sees_the_order_number_in_full_and_the_transcript_keeps_it_masked(
    engine: Engine, services: Services
) -> None:
    # a platform number in no pattern's shape, in a language whose "order" word no pattern knows
    await store(services, shipped(order_no="TH-WX55012"))
    reply = await ask(engine, "พัสดุของฉันถึงไหนแล้วคะ")
    assert "TH-WX55012" in reply.text() and "SF1234567890123" in reply.text()
    session = await services.sessions.load("web:web-li")
    stored = "\n".join(turn.text for turn in session.history)
    assert "TH-WX55012" not in stored and "SF1234567890123" not in stored
    assert "คำสั่งซื้อ ****" in stored  # masked, not dropped
