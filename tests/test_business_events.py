"""Signed business webhooks to ERP/WMS/CRM: delivery log, retries, replay, CRM lookup."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import web

from core.business_events import BusinessEndpoint, BusinessEvents, sign, verify_signature
from core.order import Customer
from core.services import Services
from core.storage.tables import business_deliveries
from core.tickets import NewTicket, TicketService, TicketStatus

SECRET = "wms-secret"


class Receiver:
    """An ERP/WMS/CRM on 127.0.0.1: answers with the status it is told to, keeps requests."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        self.crm: dict[str, Any] | None = {
            "purchase_history": [{"order_no": "A1"}],
            "tags": ["vip"],
        }
        self.crm_queries: list[dict[str, str]] = []
        self.hang = asyncio.Event()
        self.slow = False
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> Receiver:
        async def hook(request: web.Request) -> web.Response:
            self.received.append((dict(request.headers), await request.read()))
            return web.json_response({}, status=self.status)

        async def crm(request: web.Request) -> web.Response:
            self.crm_queries.append(dict(request.query))
            if self.slow:
                await self.hang.wait()
            if self.crm is None:
                return web.json_response({"error": "unknown"}, status=404)
            return web.json_response(self.crm)

        app = web.Application()
        app.router.add_post("/hook", hook)
        app.router.add_get("/crm/lookup", crm)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        self.hang.set()
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = await Receiver().start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> list[datetime]:
    return [datetime.now(UTC).replace(microsecond=0)]


@pytest.fixture
async def events(
    services: Services, receiver: Receiver, clock: list[datetime]
) -> AsyncIterator[BusinessEvents]:
    endpoints = [
        BusinessEndpoint(
            name="wms",
            url=f"{receiver.base}/hook",
            secret=SECRET,
            events=["order.return_created", "order.address_changed"],
        ),
        BusinessEndpoint(
            name="crm", url=f"{receiver.base}/hook", secret="crm-secret", events=["ticket.*"]
        ),
    ]
    built = BusinessEvents(
        services.db,
        endpoints,
        max_attempts=3,
        base_delay_seconds=10,
        crm_url=f"{receiver.base}/crm/lookup",
        crm_timeout_seconds=0.2,
        clock=lambda: clock[0],
    )
    yield built
    await built.aclose()


async def rows(services: Services) -> list[Any]:
    async with services.db.connect() as conn:
        return list(await conn.execute(sa.select(business_deliveries)))


async def test_an_event_goes_only_to_endpoints_that_subscribe_to_it(
    events: BusinessEvents, services: Services
) -> None:
    await events.publish("order.address_changed", {"order_no": "812"})
    assert [(r.endpoint, r.status) for r in await rows(services)] == [("wms", "pending")]


async def test_a_delivery_is_signed_over_timestamp_and_body(
    events: BusinessEvents, receiver: Receiver
) -> None:
    event_id = await events.publish("order.address_changed", {"order_no": "812"})
    assert await events.deliver_due() == 1
    [(headers, body)] = receiver.received
    assert headers["Idempotency-Key"] == event_id
    timestamp = headers["X-OrderSupport-Timestamp"]
    assert headers["X-OrderSupport-Signature"] == sign(SECRET, timestamp, body)
    assert verify_signature(SECRET, timestamp, body, headers["X-OrderSupport-Signature"])
    assert json.loads(body)["data"] == {"order_no": "812"}


def test_a_stale_timestamp_does_not_verify() -> None:
    body = b'{"id": "1"}'
    old = str(int(datetime.now(UTC).timestamp()) - 3600)
    assert not verify_signature(SECRET, old, body, sign(SECRET, old, body))


async def test_a_failed_delivery_is_retried_with_exponential_backoff(
    events: BusinessEvents, receiver: Receiver, services: Services, clock: list[datetime]
) -> None:
    receiver.status = 503
    await events.publish("order.address_changed", {"order_no": "812"})
    assert await events.deliver_due() == 0
    [row] = await rows(services)
    assert (row.status, row.attempts, row.last_status) == ("pending", 1, 503)
    first_wait = row.next_attempt_at - clock[0]
    assert timedelta(seconds=9) <= first_wait <= timedelta(seconds=11)
    assert await events.deliver_due() == 0  # not due yet: nothing sent
    assert len(receiver.received) == 1
    clock[0] = row.next_attempt_at
    await events.deliver_due()
    [row] = await rows(services)
    assert row.attempts == 2
    assert timedelta(seconds=18) <= row.next_attempt_at - clock[0] <= timedelta(seconds=22)


async def test_after_the_last_attempt_a_delivery_is_dead_until_replayed(
    events: BusinessEvents, receiver: Receiver, services: Services, clock: list[datetime]
) -> None:
    receiver.status = 500
    event_id = await events.publish("order.return_created", {"order_no": "812"})
    for _ in range(3):
        await events.deliver_due()
        clock[0] += timedelta(hours=2)
    [row] = await rows(services)
    assert (row.status, row.attempts) == ("dead", 3)
    receiver.status = 200
    assert await events.replay() == 1
    assert await events.deliver_due() == 1
    [row] = await rows(services)
    assert row.status == "delivered"
    assert {h["Idempotency-Key"] for h, _ in receiver.received} == {event_id}


async def test_an_event_published_in_a_rolled_back_transaction_is_not_sent(
    events: BusinessEvents, services: Services
) -> None:
    with pytest.raises(RuntimeError):
        async with services.db.begin() as conn:
            await events.publish("order.address_changed", {"order_no": "812"}, conn=conn)
            raise RuntimeError("the change failed")
    assert await rows(services) == []


async def test_publishing_the_same_event_twice_queues_it_once(
    events: BusinessEvents, services: Services
) -> None:
    await events.publish("order.cancelled", {}, event_id="cancel-812")
    await events.publish("order.address_changed", {}, event_id="addr-1")
    await events.publish("order.address_changed", {}, event_id="addr-1")
    assert len(await rows(services)) == 1


async def test_a_new_ticket_is_published_through_the_ticket_listener(
    events: BusinessEvents, services: Services, receiver: Receiver
) -> None:
    tickets = TicketService(services.ticket_store, [events.ticket_opened])
    ticket = await tickets.open(
        NewTicket(kind="address_intercept", department="warehouse", summary="stop parcel")
    )
    await events.deliver_due()
    [(headers, body)] = receiver.received
    assert headers["X-OrderSupport-Event"] == "ticket.opened"
    assert json.loads(body)["data"]["id"] == ticket.id


async def test_each_ticket_change_through_the_api_is_published_once_with_the_ticket_now(
    events: BusinessEvents, services: Services, receiver: Receiver
) -> None:
    tickets = TicketService(services.ticket_store, [], [events.ticket_changed])
    ticket = await tickets.open(
        NewTicket(kind="human_agent", department="service", summary="wants a person")
    )
    await tickets.change(ticket.id, by="erp", assignee="agent-7")
    await tickets.change(ticket.id, by="erp", status=TicketStatus.RESOLVED, note="called back")
    await events.deliver_due()
    sent = [
        (h["X-OrderSupport-Event"], h["Idempotency-Key"], json.loads(b))
        for h, b in receiver.received
    ]
    assert [(kind, key) for kind, key, _ in sent] == [
        ("ticket.changed", f"ticket-{ticket.id}-change-1"),
        ("ticket.changed", f"ticket-{ticket.id}-change-2"),
    ]
    first, second = (body["data"] for _, _, body in sent)
    assert first["change"] == {
        "by": "erp",
        "status": None,
        "assignment": True,
        "assignee": "agent-7",
        "note": None,
    }
    assert first["ticket"]["data"]["assignee"] == "agent-7"
    assert second["change"]["status"] == "resolved" and second["change"]["note"] == "called back"
    assert second["ticket"]["status"] == "resolved"


async def test_a_change_to_an_unknown_ticket_is_published_to_nobody(
    events: BusinessEvents, services: Services
) -> None:
    tickets = TicketService(services.ticket_store, [], [events.ticket_changed])
    assert await tickets.change(4242, by="erp", status=TicketStatus.RESOLVED) is None
    assert await rows(services) == []


async def test_the_crm_profile_brings_purchase_history_and_tags(
    events: BusinessEvents, receiver: Receiver
) -> None:
    customer = Customer(id="C-LI", name="李娜", phone="13812345678", email="li.na@example.com")
    profile = await events.crm_profile(customer)
    assert profile == {"purchases": [{"order_no": "A1"}], "tags": ["vip"]}
    assert receiver.crm_queries == [
        {"customer_id": "C-LI", "phone": "13812345678", "email": "li.na@example.com"}
    ]


async def test_a_slow_or_unknown_crm_gives_no_profile(
    events: BusinessEvents, receiver: Receiver
) -> None:
    customer = Customer(id="C-LI", name="李娜")
    receiver.crm = None
    assert await events.crm_profile(customer) is None
    receiver.crm, receiver.slow = {"tags": []}, True
    assert await events.crm_profile(customer) is None
