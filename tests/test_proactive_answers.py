"""The customer's answer to a notice continues in the normal flows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from redis.asyncio import Redis

from core.engine import Engine
from core.messages import ConfirmPart
from core.proactive.events import Event
from core.storage.tables import audit_log
from tests.chat import Chat
from tests.test_proactive_support import (
    NOW,
    Outbox,
    Worker,
    close_workers,
    customer,
    decisions,
    every_kind,
    settings_for,
    start_worker,
    store,
)

STOCK_OUT = every_kind()[0]


@pytest.fixture
def box() -> Outbox:
    return Outbox()


@pytest.fixture
async def worker(tmp_path, redis: Redis, redis_prefix: str, box: Outbox) -> AsyncIterator[Worker]:  # type: ignore[no-untyped-def]
    built = await start_worker(settings_for(tmp_path, redis_prefix), box, "w1")
    yield built
    await close_workers(built)


async def _noticed(worker: Worker, box: Outbox, locale: str = "zh_Hans") -> Chat:
    doc = dict(STOCK_OUT.doc)
    doc["customer"] = customer("C-LI", locale, "Asia/Shanghai", "web", "web-li")
    await store(worker.services, doc)
    await worker.proactive.submit(Event(id="e1", order_no=doc["order_no"], at=NOW))
    await worker.proactive.run_once(NOW)
    assert len(box.to("web-li")) == 1
    return Chat(Engine(worker.services), user="web-li", channel="web")


async def test_cancel_after_a_stock_out_notice_starts_the_cancellation(
    worker: Worker, box: Outbox
) -> None:
    chat = await _noticed(worker, box)
    reply = await chat.say("取消吧")
    confirm = [p for p in reply.parts if isinstance(p, ConfirmPart)]
    assert confirm and "SO-1001" in confirm[0].text
    assert reply.language == "zh_Hans"
    await chat.press("confirm:yes")
    order = await worker.services.hub.get_order("SO-1001")
    assert order is not None and order.status == "cancelled"
    (decision,) = await decisions(worker.services, "SO-1001")
    assert decision["choice"] == "cancel"


async def test_the_cancel_button_starts_the_cancellation(worker: Worker, box: Outbox) -> None:
    chat = await _noticed(worker, box)
    reply = await chat.press("notice:cancel:SO-1001")
    assert any(isinstance(p, ConfirmPart) for p in reply.parts)


async def test_taking_the_coupon_is_recorded_in_audit_and_ticket(
    worker: Worker, box: Outbox
) -> None:
    chat = await _noticed(worker, box, locale="en")
    reply = await chat.press("notice:coupon:SO-1001")
    assert "a coupon worth CN¥5.00 is yours" in reply.text()
    again = await chat.press("notice:coupon:SO-1001")  # pressed twice: granted once
    assert "CN¥5.00" in again.text()
    (ticket,) = await worker.services.tickets.list(order_no="SO-1001")
    assert ticket.data["customer_choice"] == "coupon"
    assert ticket.data["compensation_accepted"]["amount"] == "5.00"
    async with worker.services.db.connect() as conn:
        actions = (await conn.scalars(sa.select(audit_log.c.action))).all()
    assert actions.count("compensation.accepted") == 1


async def test_saying_ok_i_will_wait_is_thanked(worker: Worker, box: Outbox) -> None:
    chat = await _noticed(worker, box, locale="en")
    reply = await chat.say("ok I'll wait")
    assert "Thank you for your patience" in reply.text()
    (decision,) = await decisions(worker.services, "SO-1001")
    assert decision["choice"] == "wait"


async def test_a_notice_button_for_someone_else_s_order_shows_nothing(
    worker: Worker, box: Outbox
) -> None:
    await _noticed(worker, box)
    stranger = Chat(Engine(worker.services), user="web-stranger", channel="web")
    reply = await stranger.press("notice:coupon:SO-1001")
    assert "can no longer be found" in reply.text()
    assert (await decisions(worker.services, "SO-1001"))[0]["choice"] is None
