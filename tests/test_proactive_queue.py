"""Every exception kind through the real queue (Redis Streams, one consumer group) with two
workers side by side: one correct notice per customer, on the right channel, in their
language, and the staff ticket where the policy says so; duplicates, a killed worker, retries
and dead letters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
from redis.asyncio import Redis

from core.i18n import Localizer
from core.order import Order
from core.outbound import NoticeKind
from core.policies import detect_exceptions
from core.proactive.compose import render_notice
from core.proactive.config import ProactiveConfig
from core.proactive.events import Event
from core.proactive.queue import EventQueue
from tests.test_proactive_support import (
    NOW,
    Outbox,
    Worker,
    close_workers,
    decisions,
    every_kind,
    mark_started,
    settings_for,
    start_worker,
    store,
)

CASES = every_kind()


@pytest.fixture
async def box() -> Outbox:
    return Outbox()


@pytest.fixture
async def pair(
    tmp_path, redis: Redis, redis_prefix: str, box: Outbox
) -> AsyncIterator[list[Worker]]:  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path, redis_prefix)
    built = [await start_worker(settings, box, f"worker-{i}") for i in range(2)]
    yield built
    await close_workers(*built)


async def _feed(worker: Worker, *order_nos: str, prefix: str = "evt") -> None:
    for no in order_nos:
        await worker.proactive.submit(Event(id=f"{prefix}:{no}", order_no=no, at=NOW))


async def _run_both(workers: list[Worker], now=NOW) -> None:  # type: ignore[no-untyped-def]
    await asyncio.gather(*(w.proactive.run_once(now) for w in workers))


async def _queue_is_empty(worker: Worker) -> None:
    queue = worker.proactive.queue
    assert queue is not None
    backlog = await queue.backlog()
    assert backlog == {"waiting": 0, "pending": 0, "retrying": 0, "dead": 0}


async def test_every_exception_kind_gives_each_customer_one_notice_in_their_language(
    pair: list[Worker], box: Outbox
) -> None:
    a, _ = pair
    orders = await store(a.services, *(c.doc for c in CASES))
    await mark_started(a.services, *(c.user for c in CASES if c.channel == "telegram"))
    await _feed(a, *(o.order_no for o in orders))
    await _run_both(pair)

    assert len(box.sent) == len(CASES)
    for case, order in zip(CASES, orders, strict=True):
        got = box.to(case.user)
        assert len(got) == 1, case.name
        notice = got[0]
        assert notice.channel == case.channel, case.name
        assert notice.kind is NoticeKind.NOTICE
        assert notice.reply.language == case.language, case.name
        finding = detect_exceptions(order, NOW, a.services.policy)[0]
        loc = Localizer(case.language, order.customer.timezone or "UTC")
        (decision,) = await decisions(a.services, order.order_no)
        expected = render_notice(order, finding, decision["offer"], loc, a.services.policy)
        assert notice.reply.text() == expected.text(), case.name
    await _queue_is_empty(a)


async def test_staff_tickets_are_opened_where_the_policy_says(
    pair: list[Worker], box: Outbox
) -> None:
    a, b = pair
    await store(a.services, *(c.doc for c in CASES))
    await mark_started(a.services, *(c.user for c in CASES if c.channel == "telegram"))
    await _feed(a, *(c.doc["order_no"] for c in CASES))
    await _run_both(pair)

    tickets = await a.services.tickets.list()
    by_order = {t.order_no: t for t in tickets}
    assert len(tickets) == sum(1 for c in CASES if c.ticket_kind)
    for case in CASES:
        ticket = by_order.get(case.doc["order_no"])
        if case.ticket_kind is None:
            assert ticket is None, case.name
            continue
        assert ticket is not None, case.name
        assert (ticket.kind, ticket.department, ticket.priority) == (
            case.ticket_kind,
            case.department,
            case.priority,
        ), case.name
        assert case.doc["order_no"] not in ticket.summary  # masked
    heard = {t.id for t in a.tickets + b.tickets}  # the Slack desk's listener heard each once
    assert heard == {t.id for t in tickets} and len(a.tickets) + len(b.tickets) == len(tickets)


async def test_compensation_is_offered_in_the_customers_currency_and_locale(
    pair: list[Worker], box: Outbox
) -> None:
    a, _ = pair
    late = next(c for c in CASES if c.name == "warehouse_late")  # EUR 200, Spanish, Madrid
    await store(a.services, late.doc)
    await _feed(a, late.doc["order_no"])
    await _run_both(pair)

    (notice,) = box.to(late.user)
    text = notice.reply.text()
    assert "10,00\xa0€" in text  # 5% of 200 EUR, formatted for es
    assert "200,00\xa0€" in text  # the full refund
    assert "10 mar 2026, 8:00:00" in text  # the missed deadline (07:00 UTC) in Madrid time
    payloads = [b.payload for b in notice.reply.buttons()]
    assert payloads == [
        "notice:coupon:WL-1002",
        "notice:priority:WL-1002",
        "notice:cancel:WL-1002",
    ]


async def test_the_same_event_twice_sends_one_notice(pair: list[Worker], box: Outbox) -> None:
    a, b = pair
    case = CASES[0]
    await store(a.services, case.doc)
    await mark_started(a.services, case.user)
    no = case.doc["order_no"]
    assert await a.proactive.submit(Event(id="shop:42", order_no=no, at=NOW))
    assert not await b.proactive.submit(Event(id="shop:42", order_no=no, at=NOW))
    # the shop also sends the change again under another id: decided once all the same
    assert await b.proactive.submit(Event(id="shop:43", order_no=no, at=NOW))
    await _run_both(pair)
    await _run_both(pair, NOW + timedelta(minutes=5))

    assert len(box.to(case.user)) == 1
    assert len(await a.services.tickets.list(order_no=no)) == 1


async def test_a_killed_worker_s_event_is_taken_over_and_delivered_once(
    tmp_path, redis: Redis, redis_prefix: str, box: Outbox
) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path, redis_prefix)
    patient = ProactiveConfig(shop_timezone="Asia/Shanghai", visibility_timeout_ms=60_000)
    survivor = await start_worker(settings, box, "survivor", patient)
    try:
        case = CASES[0]
        await store(survivor.services, case.doc)
        await mark_started(survivor.services, case.user)
        no = case.doc["order_no"]
        await survivor.proactive.submit(Event(id="shop:1", order_no=no, at=NOW))
        queue = survivor.proactive.queue
        assert queue is not None
        # the doomed worker reads the event and dies before acknowledging it
        taken = await queue.read("doomed", 10)
        assert [m.event().order_no for m in taken] == [no]

        await survivor.proactive.process_events(NOW, report=_report())
        assert box.sent == []  # still within the visibility timeout: not taken over yet

        later = EventQueue(
            survivor.services.redis,  # type: ignore[arg-type]
            redis_prefix,
            visibility_timeout_ms=0,  # the timeout has passed
        )
        survivor.proactive.queue = later
        await survivor.proactive.run_once(NOW)
        await survivor.proactive.run_once(NOW + timedelta(minutes=1))
        assert len(box.to(case.user)) == 1
        pending = await redis.xpending(later.stream, later.group)
        assert pending["pending"] == 0
    finally:
        await close_workers(survivor)


def _report():  # type: ignore[no-untyped-def]
    from core.proactive.service import RunReport

    return RunReport()


async def test_a_failing_event_is_retried_with_backoff_then_dead_lettered(
    pair: list[Worker], box: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = pair
    config = ProactiveConfig(shop_timezone="Asia/Shanghai", retry_base_seconds=10, max_deliveries=3)
    worker = a.proactive
    worker.config = config
    worker.queue = EventQueue(
        a.services.redis,  # type: ignore[arg-type]
        a.services.settings.redis_prefix,
        retry_base_seconds=10,
        max_deliveries=3,
    )
    calls: list[list[str]] = []

    async def broken(numbers: list[str], now):  # type: ignore[no-untyped-def]
        calls.append(numbers)
        raise RuntimeError("shop database down")

    monkeypatch.setattr(worker, "handle_orders", broken)
    await worker.submit(Event(id="shop:9", order_no="GONE-1", at=NOW))

    await worker.process_events(NOW, report=_report())
    await worker.process_events(NOW + timedelta(seconds=9), report=_report())
    assert len(calls) == 1  # first retry due only after 10 s
    await worker.process_events(NOW + timedelta(seconds=10), report=_report())
    assert len(calls) == 2
    await worker.process_events(NOW + timedelta(seconds=29), report=_report())
    assert len(calls) == 2  # then after 20 s more
    await worker.process_events(NOW + timedelta(seconds=30), report=_report())
    assert len(calls) == 3

    letters = await worker.queue.dead_letters()
    assert [(d["order_no"], d["attempts"]) for d in letters] == [("GONE-1", "3")]
    assert "shop database down" in letters[0]["error"]
    assert (await worker.queue.backlog())["pending"] == 0

    monkeypatch.undo()
    assert await worker.queue.requeue_dead(letters[0]["dead_id"])
    assert await worker.queue.dead_letters() == []
    await worker.process_events(NOW + timedelta(seconds=31), report=_report())
    assert (await worker.queue.backlog())["waiting"] == 0


async def test_many_events_with_two_workers_each_send_exactly_once(
    pair: list[Worker], box: Outbox
) -> None:
    a, _ = pair
    docs = []
    for n in range(30):
        case = CASES[0]
        doc = {**case.doc, "order_no": f"SO-{2000 + n}"}
        doc["customer"] = {
            **doc["customer"],
            "id": f"C-{n}",
            "channels": [{"channel": "web", "user_id": f"web-{n}"}],
        }
        docs.append(doc)
    await store(a.services, *docs)
    for doc in docs:  # every change arrives twice
        await _feed(a, doc["order_no"], prefix="first")
        await _feed(a, doc["order_no"], prefix="again")
    await _run_both(pair)
    assert sorted(s.chat_id for s in box.sent) == sorted(f"web-{n}" for n in range(30))
    assert len(await a.services.tickets.list()) == 30


def test_the_coupon_is_five_percent_but_at_least_five() -> None:
    from core.policies import compensation

    order = Order.model_validate(CASES[0].doc)
    assert compensation(order).coupon_amount == Decimal("5.00")
