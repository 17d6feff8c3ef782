"""The staff desk in Slack, end to end: a customer on the web channel (or Telegram) talks to
the engine; staff act through the real slack-bolt app with signed requests; Slack is the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.dialogue.state import Takeover
from core.engine import Engine
from core.i18n import Localizer
from core.inbox import drain_inbox
from core.order import ReturnStatus
from core.outbound import NoticeKind
from core.policies.codes import Department
from core.services import Services
from core.staff import canned_text
from core.storage.tables import audit_log
from core.tickets import NewTicket, Ticket, TicketStatus
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped
from tests.fake_slack import (
    FINANCE_CHANNEL,
    SERVICE_CHANNEL,
    STAFF,
    Desk,
    RecordingSender,
    slack_desk,
)

ORDER = "1234567890123451023"


@pytest.fixture
def telegram() -> RecordingSender:
    return RecordingSender("telegram")


@pytest.fixture
async def desk(services: Services, telegram: RecordingSender) -> AsyncIterator[Desk]:
    async with slack_desk(services, senders=[telegram]) as running:
        yield running


@pytest.fixture
def engine(desk: Desk) -> Engine:
    """The process's engine, which relays to the desk while staff have a conversation."""
    assert desk.engine is not None
    return desk.engine


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


async def inbox_texts(services: Services) -> list[str]:
    return [part["text"] for part in await drain_inbox(services.sessions, "web-li")]


async def human_ticket(desk: Desk, chat: Chat) -> Ticket:
    """The web customer asks about their order, then for a person; the card is posted."""
    await store(desk.services, order_doc())
    await chat.say(f"where is my order {ORDER}?")
    await chat.press("intent:human_agent")
    await desk.settle()
    [ticket] = await desk.services.tickets.list()
    return ticket


async def taken_over(desk: Desk, chat: Chat) -> Ticket:
    ticket = await human_ticket(desk, chat)
    assert await desk.press("take_over", ticket.id) == 200
    await inbox_texts(desk.services)  # the "a colleague joined" notice
    return ticket


def delivered_expensive() -> dict:
    """Two mugs at ¥400 and a towel, delivered: returning both mugs needs approval."""
    doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-2)))
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "MUG",
            "title": "陶瓷马克杯 Ceramic mug",
            "category": "general",
            "quantity": 2,
            "unit_price": "400.00",
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
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "830.00"}
    return doc


async def refund_ticket(desk: Desk, chat: Chat) -> Ticket:
    await store(desk.services, delivered_expensive())
    await chat.say("我要退货")
    await chat.press("return_line:A")
    await chat.press("return_qty:2")
    await chat.press("return_reason:defective")
    await chat.press("confirm:yes")
    await desk.settle()
    [ticket] = await desk.services.tickets.list(order_no=ORDER)
    assert ticket.kind == "refund_approval"
    await inbox_texts(desk.services)
    return ticket


async def audit_rows(services: Services) -> list[dict]:
    async with services.db.connect() as conn:
        rows = (await conn.execute(sa.select(audit_log).order_by(audit_log.c.id))).mappings()
        return [dict(r) for r in rows]


async def test_a_request_for_a_person_posts_a_masked_card_with_buttons_to_the_service_channel(
    desk: Desk, chat: Chat
) -> None:
    ticket = await human_ticket(desk, chat)
    [card] = desk.fake.posts()
    assert card.params["channel"] == SERVICE_CHANNEL
    shown = card.block_text()
    assert "****1023" in shown and ORDER not in shown
    assert "李*" in shown and "李娜" not in shown  # the customer's name, masked
    assert "web · en" in shown and "human agent" in shown
    assert card.action_ids() == ["ticket_take_over", "ticket_reject", "ticket_resolve"]
    assert (await desk.card(ticket.id))[0] == SERVICE_CHANNEL  # channel and ts kept on the ticket


async def test_take_over_updates_the_card_and_tells_the_customer(desk: Desk, chat: Chat) -> None:
    ticket = await human_ticket(desk, chat)
    channel, ts = await desk.card(ticket.id)
    assert await desk.press("take_over", ticket.id) == 200
    [update] = desk.fake.called("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (channel, ts)
    assert f"taken over by <@{STAFF}>" in update.block_text()
    assert "ticket_hand_back" in update.action_ids()
    assert (await desk.services.tickets.get(ticket.id)).status is TicketStatus.IN_PROGRESS
    session = await desk.services.sessions.load("web:web-li")
    assert session.state.takeover == Takeover(ticket=ticket.id, by=f"slack:{STAFF}")
    [notice] = await inbox_texts(desk.services)
    assert "colleague" in notice
    [note] = desk.fake.posts(thread_ts=ts)
    assert "ticket_canned" in note.action_ids()


async def test_while_taken_over_the_bot_is_silent_and_the_customer_reaches_the_thread(
    desk: Desk, chat: Chat
) -> None:
    ticket = await taken_over(desk, chat)
    _, ts = await desk.card(ticket.id)
    reply = await chat.say("Is anyone there? <!channel>")
    assert reply.silent and reply.parts == []
    await desk.settle()
    relayed = desk.fake.posts(thread_ts=ts)[-1]
    assert "Is anyone there? &lt;!channel&gt;" in relayed.text  # escaped: it pings nobody


async def test_a_staff_reply_in_the_thread_reaches_the_customer_at_once(
    desk: Desk, chat: Chat
) -> None:
    ticket = await taken_over(desk, chat)
    status = await desk.reply_in_thread(
        ticket.id,
        "Hi, I'm Ana. Your parcel leaves today &amp; I'll send <https://t.example/1|tracking>.",
    )
    assert status == 200
    [text] = await inbox_texts(desk.services)
    assert (
        text == "Hi, I'm Ana. Your parcel leaves today & I'll send tracking (https://t.example/1)."
    )
    [reaction] = desk.fake.called("reactions.add")
    assert reaction.params["name"] == "white_check_mark"
    actors = [(r["actor"], r["action"]) for r in await audit_rows(desk.services)]
    assert (f"staff:slack:{STAFF}", "ticket.reply") in actors


async def test_hand_back_gives_the_conversation_back_to_the_bot(desk: Desk, chat: Chat) -> None:
    ticket = await taken_over(desk, chat)
    assert await desk.press("hand_back", ticket.id) == 200
    [back] = await inbox_texts(desk.services)
    assert "assistant again" in back
    reply = await chat.say("where is my order?")
    assert not reply.silent and "1234567890123451023" in reply.text()
    card = desk.fake.called("chat.update")[-1]
    assert "ticket_take_over" in card.action_ids()


async def test_a_canned_reply_is_sent_in_the_customers_language(
    desk: Desk, engine: Engine, telegram: RecordingSender
) -> None:
    spanish = Chat(engine, user="4242", channel="telegram")
    await spanish.say("hola, ¿dónde está mi pedido?")
    await spanish.press("intent:human_agent")
    await desk.settle()
    [ticket] = await desk.services.tickets.list()
    await desk.press("take_over", ticket.id)
    channel, _ = await desk.card(ticket.id)
    await desk.slack.select("ticket_canned", f"{ticket.id}:apology", user=STAFF, channel=channel)
    await desk.settle()
    chat_id, reply, kind = telegram.sent[-1]
    assert (chat_id, reply.language, kind) == ("4242", "es", NoticeKind.STAFF)
    assert reply.text() == canned_text(Localizer("es"), "apology")


async def test_a_refund_above_the_limit_waits_for_approve_and_then_happens(
    desk: Desk, chat: Chat
) -> None:
    ticket = await refund_ticket(desk, chat)
    [card] = desk.fake.posts()
    assert card.params["channel"] == FINANCE_CHANNEL and "ticket_approve" in card.action_ids()
    order = await desk.services.hub.get_order(ORDER)
    assert order.returns[0].status is ReturnStatus.REQUESTED

    assert await desk.press("approve", ticket.id) == 200
    order = await desk.services.hub.get_order(ORDER)
    assert order.returns[0].status is ReturnStatus.APPROVED
    amount = Localizer("zh_Hans").money(Decimal(ticket.data["amount"]), "CNY")
    [told] = await inbox_texts(desk.services)
    assert amount in told
    rows = await audit_rows(desk.services)
    assert any(
        r["actor"] == f"staff:slack:{STAFF}"
        and r["action"] == "order.return_approved"
        and r["order_no"] == ORDER
        for r in rows
    )
    resolved = await desk.services.tickets.get(ticket.id)
    assert resolved.status is TicketStatus.RESOLVED
    assert resolved.data["history"][-1]["who"] == f"slack:{STAFF}"
    assert desk.fake.called("chat.update")[-1].action_ids() == []


async def test_reject_asks_for_a_reason_which_reaches_the_customer(desk: Desk, chat: Chat) -> None:
    ticket = await refund_ticket(desk, chat)
    assert await desk.press("reject", ticket.id) == 200
    [opened] = desk.fake.called("views.open")
    view = opened.params["view"]
    assert opened.params["trigger_id"] == f"trigger-ticket_reject-{STAFF}"
    reason = "The photos show no damage to the mugs."
    status, body = await desk.slack.submit_view(
        view["callback_id"],
        view["private_metadata"],
        {"reason": {"reason": {"type": "plain_text_input", "value": reason}}},
        user=STAFF,
    )
    assert (status, body) == (200, "")
    await desk.settle()
    [told] = await inbox_texts(desk.services)
    assert reason in told
    order = await desk.services.hub.get_order(ORDER)
    assert order.returns[0].status is ReturnStatus.REJECTED
    assert (await desk.services.tickets.get(ticket.id)).status is TicketStatus.RESOLVED


async def test_the_card_shows_the_crms_purchase_history_and_tags(
    desk: Desk, chat: Chat, services: Services
) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    async def profile(request: web.Request) -> web.Response:
        assert request.query["customer_id"] == "C-LI"
        return web.json_response({"purchase_history": [{"order": "A"}] * 3, "tags": ["VIP"]})

    app = web.Application()
    app.router.add_get("/crm", profile)
    async with TestServer(app, host="127.0.0.1") as crm:
        services.events.crm_url = str(crm.make_url("/crm"))
        await human_ticket(desk, chat)
    [card] = desk.fake.posts()
    assert "3 earlier purchases · tags: VIP" in card.block_text()


async def test_a_ticket_a_business_system_changes_through_the_api_shows_on_its_card(
    services: Services, telegram: RecordingSender
) -> None:
    async with slack_desk(services, senders=[telegram]) as desk:
        ticket = await desk.services.tickets.open(
            NewTicket(kind="human_agent", department=Department.SERVICE, summary="wants a person")
        )
        await desk.settle()
        channel, ts = await desk.card(ticket.id)
        assert desk.http is not None
        headers = {"Authorization": f"Bearer {services.settings.api_token.get_secret_value()}"}
        res = await desk.http.post(
            f"/api/tickets/{ticket.id}/assign", json={"assignee": "agent-7"}, headers=headers
        )
        assert res.status == 200
        res = await desk.http.patch(
            f"/api/tickets/{ticket.id}",
            json={"status": "resolved", "note": "refunded in the ERP"},
            headers=headers,
        )
        assert res.status == 200
        await desk.settle()
        updates = desk.fake.called("chat.update")
        assert [(u.params["channel"], u.params["ts"]) for u in updates] == [(channel, ts)] * 2
        assert "agent-7" in updates[0].block_text()
        assert "Resolved by shop" in updates[1].block_text()
        notes = [n.params["text"] for n in desk.fake.posts(thread_ts=ts)]
        assert notes == [
            ":gear: `shop` (API) assigned it to *agent-7*",
            ":gear: `shop` (API) set the status to *resolved*: refunded in the ERP",
        ]
