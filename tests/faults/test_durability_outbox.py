"""Issue 16, case 9: at most once per notice. A worker SIGKILLed while its batch is at the
platform, then another worker: every customer gets the notice once, none twice; an outbox
ticket handled again after a crash is still one ticket."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import web

from core.messages import Reply, TextPart
from core.proactive import outbox as outbox_module
from core.proactive.config import ProactiveConfig
from core.services import Services
from core.storage.tables import outbox
from core.tickets import Department, NewTicket
from tests.fake_telegram import Call, FakeTelegram
from tests.faults.helpers import fault_services, ticket_count, until
from tests.faults.outbox_worker import deliver_once

TOKEN = "123456:TEST-token-of-the-fake-bot"
ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = 20


class Killed(BaseException):
    """The process ends here (as SIGKILL would end it: nothing after runs)."""


class HoldingTelegram(FakeTelegram):
    """A Bot API that takes every message (records it: the customer has it) and, while `hold`
    is set, never answers: the worker is still waiting when it is killed."""

    def __init__(self) -> None:
        super().__init__()
        self.hold = asyncio.Event()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "sendMessage" and self.hold.is_set():
            params = await self._params(request)
            async with self._changed:
                self.calls.append(
                    type(self.calls[0])("sendMessage", params) if self.calls else _call(params)
                )
                self._changed.notify_all()
            await asyncio.Event().wait()  # never answers
        return await super()._handle(request)


def _call(params: dict[str, Any]) -> Any:

    return Call("sendMessage", params)


@pytest.fixture
async def fake() -> AsyncIterator[HoldingTelegram]:
    async with HoldingTelegram() as server:
        yield server


@pytest.fixture
async def services(own_postgres_url: str) -> AsyncIterator[Services]:
    built = await fault_services(own_postgres_url, None)
    yield built
    await built.aclose()


def notice_row(n: int, now: datetime) -> dict[str, Any]:
    reply = Reply(parts=[TextPart(text=f"Your order {n} is delayed; we're sorry.")])
    return {
        "order_no": f"ORD-{n:04d}",
        "kind": "notice",
        "channel": "telegram",
        "chat_id": str(5000 + n),
        "payload": {
            "reply": reply.model_dump(mode="json"),
            "exception": "stock_out",
            "urgent": True,
            "language": "en",
        },
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def worker(database: str, fake: FakeTelegram) -> subprocess.Popen[bytes]:
    """`tests.faults.outbox_worker` in a process of its own, sending through `fake`."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.outbox_worker", database, fake.base_url, TOKEN],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_worker_killed_mid_batch_and_another_one_send_each_notice_at_most_once(
    services: Services, fake: HoldingTelegram, own_postgres_url: str
) -> None:
    now = datetime.now(UTC)
    async with services.db.begin() as conn:
        await conn.execute(sa.insert(outbox), [notice_row(n, now) for n in range(CUSTOMERS)])
    fake.hold.set()
    first = worker(own_postgres_url, fake)

    async def at_the_platform() -> bool:
        return len(fake.sent()) >= 3

    await until(at_the_platform, 60)
    first.send_signal(signal.SIGKILL)  # while its messages are at the platform
    first.wait(10)
    fake.hold.clear()
    await deliver_once(own_postgres_url, fake.base_url, TOKEN, "second")  # not killed

    got = Counter(c.chat_id for c in fake.sent())
    assert max(got.values()) == 1, f"sent twice: {[c for c, n in got.items() if n > 1]}"
    async with services.db.connect() as conn:
        rows = dict(
            (
                await conn.execute(
                    sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status)
                )
            ).all()
        )
    assert rows.get("pending", 0) == 0 and rows.get("sending", 0) == 0
    assert rows.get("sent", 0) + rows.get(outbox_module.UNCERTAIN, 0) == CUSTOMERS
    assert rows.get("sent", 0) == len(got) - rows.get(outbox_module.UNCERTAIN, 0) or len(
        got
    ) >= rows.get("sent", 0)


async def test_an_outbox_ticket_handled_again_after_a_crash_is_one_ticket(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    new = NewTicket(kind="proactive_stock_out", department=Department.WAREHOUSE, summary="stock")
    row = {
        "order_no": "ORD-1",
        "kind": "ticket",
        "payload": new.model_dump(mode="json"),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    async with services.db.begin() as conn:
        await conn.execute(sa.insert(outbox), [row])
    config = ProactiveConfig(outbox_lease_seconds=60)
    finish = outbox_module._finish

    async def dies_before_the_mark(*args: Any, **kwargs: Any) -> bool:
        raise Killed  # the process ends between the ticket and its `sent` mark

    monkeypatch.setattr(outbox_module, "_finish", dies_before_the_mark)
    with pytest.raises(Killed):
        await outbox_module.deliver(services, config, "w1", now)
    monkeypatch.setattr(outbox_module, "_finish", finish)
    await outbox_module.deliver(services, config, "w2", now + timedelta(minutes=5))

    assert await ticket_count(services) == 1
