"""Delivery rules: the customer's night, unreachable customers, the compensation budget, a
platform that keeps refusing, and no double sending by workers side by side."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from redis.asyncio import Redis

from core.proactive.config import ProactiveConfig
from core.proactive.events import Event
from tests.test_proactive_support import (
    NOW,
    Outbox,
    Worker,
    base_order,
    close_workers,
    customer,
    decisions,
    every_kind,
    mark_started,
    settings_for,
    start_worker,
    store,
)

STOCK_OUT = every_kind()[0]
NIGHT = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
MORNING = datetime(2026, 3, 11, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai


@pytest.fixture
def box() -> Outbox:
    return Outbox()


@pytest.fixture
async def worker(tmp_path, redis: Redis, redis_prefix: str, box: Outbox) -> AsyncIterator[Worker]:  # type: ignore[no-untyped-def]
    config = ProactiveConfig(
        shop_timezone="Asia/Shanghai", daily_budget={"CNY": Decimal("5")}, outbox_max_attempts=3
    )
    built = await start_worker(settings_for(tmp_path, redis_prefix), box, "w1", config)
    yield built
    await close_workers(built)


def _stock_out(no: str, channel: str | None = "web", user: str = "web-a") -> dict:
    doc = dict(STOCK_OUT.doc)
    doc["order_no"] = no
    doc["customer"] = customer(f"C-{no}", "zh_Hans", "Asia/Shanghai", channel, user)
    return doc


async def _decide(worker: Worker, *numbers: str, now: datetime = NOW) -> None:
    for no in numbers:
        await worker.proactive.submit(Event(id=f"e:{no}", order_no=no, at=now))
    await worker.proactive.run_once(now)


async def test_a_notice_due_at_night_is_held_until_eight_in_the_morning(
    worker: Worker, box: Outbox
) -> None:
    await store(worker.services, _stock_out("SO-1"))
    await _decide(worker, "SO-1", now=NIGHT)
    assert box.sent == []
    assert len(worker.tickets) == 1  # staff are told at once
    await worker.proactive.run_once(MORNING - timedelta(seconds=1))
    assert box.sent == []
    await worker.proactive.run_once(MORNING)
    assert [s.chat_id for s in box.sent] == ["web-a"]


async def test_a_failed_payment_at_checkout_is_urgent_and_not_held(
    worker: Worker, box: Outbox
) -> None:
    doc = base_order(
        "PF-1",
        customer("C-PF", "en", "Asia/Shanghai", "web", "web-pf"),
        status="pending_payment",
        placed_at=(NIGHT - timedelta(minutes=10)).isoformat(),
        paid_at=None,
        payment={
            "method": "card",
            "status": "failed",
            "failure_code": "expired_card",
            "amount": "98.00",
        },
    )
    await store(worker.services, doc)
    await _decide(worker, "PF-1", now=NIGHT)
    (notice,) = box.sent
    text = notice.reply.text()
    assert "The payment for order PF-1 didn't go through." in text
    assert "the card has expired" in text
    assert "You can also pay with: Alipay, WeChat Pay, UnionPay." in text  # shipping to CN
    assert [b.payload for b in notice.reply.buttons()] == ["notice:pay:PF-1", "notice:cancel:PF-1"]


async def test_a_customer_no_channel_reaches_gets_a_staff_ticket_to_call(
    worker: Worker, box: Outbox
) -> None:
    never_started = _stock_out("SO-2", "telegram", "7002")  # Telegram user who never wrote
    no_chat = _stock_out("SO-3", None)
    await store(worker.services, never_started, no_chat)
    await _decide(worker, "SO-2", "SO-3")
    assert box.sent == []
    calls = [t for t in await worker.services.tickets.list() if t.kind == "proactive_call_customer"]
    assert sorted(t.order_no for t in calls) == ["SO-2", "SO-3"]
    assert all(t.department == "service" and t.priority == "high" for t in calls)
    assert all("SO-2" not in t.summary and "SO-3" not in t.summary for t in calls)


async def test_a_telegram_user_who_started_the_bot_is_reached_there(
    worker: Worker, box: Outbox
) -> None:
    await store(worker.services, _stock_out("SO-4", "telegram", "7004"))
    await mark_started(worker.services, "7004")
    await _decide(worker, "SO-4")
    assert [(s.channel, s.chat_id) for s in box.sent] == [("telegram", "7004")]


async def test_when_the_budget_is_exhausted_no_coupon_is_offered_and_the_ticket_says_so(
    worker: Worker, box: Outbox
) -> None:
    await store(
        worker.services, _stock_out("SO-5", "web", "web-5"), _stock_out("SO-6", "web", "web-6")
    )
    await _decide(worker, "SO-5")  # takes the whole 5 CNY of today's budget
    await _decide(worker, "SO-6")
    first, second = box.to("web-5")[0], box.to("web-6")[0]
    assert first.reply.buttons()[0].payload == "notice:coupon:SO-5"
    assert [b.payload for b in second.reply.buttons()] == [
        "notice:priority:SO-6",
        "notice:cancel:SO-6",
    ]
    assert "coupon" not in second.reply.text()
    (ticket,) = await worker.services.tickets.list(order_no="SO-6")
    assert ticket.data["budget_exhausted"] is True
    assert "budget exhausted" in ticket.summary
    (decision,) = await decisions(worker.services, "SO-6")
    assert decision["offer"]["options"] == ["priority_shipping"]


async def test_the_budget_is_per_day(worker: Worker, box: Outbox) -> None:
    await store(worker.services, _stock_out("SO-7", "web", "web-7"))
    await _decide(worker, "SO-7")
    await store(worker.services, _stock_out("SO-8", "web", "web-8"))
    await _decide(worker, "SO-8", now=NOW + timedelta(days=1))
    assert box.to("web-8")[0].reply.buttons()[0].payload == "notice:coupon:SO-8"


async def test_a_platform_that_keeps_refusing_ends_in_a_call_ticket(
    worker: Worker, box: Outbox
) -> None:
    box.refuse.add("web-9")
    await store(worker.services, _stock_out("SO-9", "web", "web-9"))
    await _decide(worker, "SO-9")
    moment = NOW
    for _ in range(3):  # outbox_max_attempts, with backoff between attempts
        moment += timedelta(hours=1)
        await worker.proactive.run_once(moment)
    kinds = sorted(t.kind for t in await worker.services.tickets.list(order_no="SO-9"))
    assert kinds == ["proactive_call_customer", "proactive_stock_out"]
    assert box.sent == []


async def test_two_workers_delivering_the_same_outbox_send_each_notice_once(
    tmp_path, redis: Redis, redis_prefix: str, box: Outbox
) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path, redis_prefix)
    a = await start_worker(settings, box, "a")
    b = await start_worker(settings, box, "b")
    try:
        docs = [_stock_out(f"SO-{100 + n}", "web", f"web-{n}") for n in range(40)]
        await store(a.services, *docs)
        async with a.services.db.begin() as conn:  # decided, nothing delivered yet
            from core.proactive.decide import decide, load_orders

            await decide(
                conn,
                await load_orders(conn, [d["order_no"] for d in docs]),
                NOW,
                policy=a.services.policy,
                config=a.proactive.config,
                senders=a.services.senders,
                keys=a.services.keys,
            )
        await asyncio.gather(a.proactive.deliver(NOW), b.proactive.deliver(NOW))
        assert sorted(s.chat_id for s in box.sent) == sorted(f"web-{n}" for n in range(40))
        assert len(await a.services.tickets.list()) == 40
    finally:
        await close_workers(a, b)
