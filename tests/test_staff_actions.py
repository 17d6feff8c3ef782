"""`core.staff`: the platform-neutral staff actions, and the web channel's inbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.engine import Engine
from core.i18n import Localizer
from core.inbox import WebInbox, drain_inbox
from core.messages import Reply, TextPart
from core.outbound import DeliveryFailed, NoticeKind, Senders
from core.services import Services
from core.staff import StaffActions, StaffError
from core.storage.tables import audit_log
from core.tickets import Department, NewTicket, Priority, Ticket, TicketStatus
from tests.chat import Chat
from tests.fake_slack import RecordingSender

ANA = "slack:U0ANA"
BEN = "slack:U0BEN"


@pytest.fixture
def telegram() -> RecordingSender:
    return RecordingSender("telegram")


@pytest.fixture
def staff(services: Services, telegram: RecordingSender) -> StaffActions:
    return StaffActions(services, Senders([telegram, WebInbox(services.sessions)]))


async def ticket(services: Services, kind: str = "human_agent", **fields: object) -> Ticket:
    values: dict = {
        "kind": kind,
        "department": Department.SERVICE,
        "priority": Priority.NORMAL,
        "summary": kind,
        "conversation": "telegram:42",
        "language": "de",
        **fields,
    }
    return await services.tickets.open(NewTicket(**values))


async def actions(services: Services) -> list[tuple[str, str]]:
    async with services.db.connect() as conn:
        rows = (await conn.execute(sa.select(audit_log).order_by(audit_log.c.id))).mappings()
        return [(r["actor"], r["action"]) for r in rows]


async def test_approving_a_cancellation_refund_tells_the_amount_in_the_customers_locale(
    staff: StaffActions, services: Services, telegram: RecordingSender
) -> None:
    waiting = await ticket(
        services,
        "refund_approval",
        department=Department.FINANCE,
        data={"amount": "650.00", "currency": "EUR"},
    )
    outcome = await staff.approve(waiting.id, ANA)
    assert outcome.customer_told
    [(chat_id, reply, kind)] = telegram.sent
    assert (chat_id, reply.language, kind) == ("42", "de", NoticeKind.STAFF)
    assert Localizer("de").money(Decimal("650.00"), "EUR") in reply.text()  # 650,00 €
    assert (f"staff:{ANA}", "order.refund_approved") in await actions(services)
    done = await services.tickets.get(waiting.id)
    assert done.status is TicketStatus.RESOLVED
    assert done.data["decision"]["by"] == ANA
    assert [(h["who"], h["what"]) for h in done.data["history"]] == [(ANA, "approve")]


async def test_a_decided_ticket_cannot_be_approved_again(
    staff: StaffActions, services: Services
) -> None:
    waiting = await ticket(services, "refund_approval", data={"amount": "5", "currency": "EUR"})
    await staff.approve(waiting.id, ANA)
    with pytest.raises(StaffError) as refused:
        await staff.approve(waiting.id, BEN)
    assert refused.value.code == "resolved"


async def test_only_approval_kinds_can_be_approved(staff: StaffActions, services: Services) -> None:
    with pytest.raises(StaffError) as refused:
        await staff.approve((await ticket(services)).id, ANA)
    assert refused.value.code == "not_approval"


async def test_a_conversation_taken_over_by_one_colleague_cannot_be_taken_by_another(
    staff: StaffActions, services: Services
) -> None:
    case = await ticket(services)
    await staff.take_over(case.id, ANA)
    with pytest.raises(StaffError) as refused:
        await staff.take_over(case.id, BEN)
    assert (refused.value.code, refused.value.detail) == ("taken", ANA)


async def test_resolving_a_taken_over_conversation_gives_it_back_to_the_bot(
    staff: StaffActions, services: Services, engine: Engine, telegram: RecordingSender
) -> None:
    case = await ticket(services)
    await staff.take_over(case.id, ANA)
    await staff.resolve(case.id, ANA)
    assert (await services.sessions.load("telegram:42")).state.takeover is None
    reply = await Chat(engine, user="42", channel="telegram").say("hallo")
    assert not reply.silent
    history = (await services.tickets.get(case.id)).data["history"]
    assert [h["what"] for h in history] == ["take_over", "resolve"]


async def test_a_reply_to_a_channel_without_a_sender_fails_and_changes_nothing(
    staff: StaffActions, services: Services
) -> None:
    case = await ticket(services, conversation="wechat:o6_bmjrPTlm6_2sgVt7hMZOPfL2M")
    with pytest.raises(StaffError) as refused:
        await staff.staff_reply(case.id, ANA, "Hallo!")
    assert (refused.value.code, refused.value.detail) == ("no_sender", "wechat")
    assert (await services.tickets.get(case.id)).status is TicketStatus.OPEN
    assert await actions(services) == []


async def test_a_platform_refusal_is_reported_to_staff(
    staff: StaffActions, services: Services, telegram: RecordingSender
) -> None:
    async def refuse(*_: object, **__: object) -> None:
        raise DeliveryFailed("Forbidden: bot was blocked by the user")

    telegram.send = refuse  # type: ignore[method-assign]
    with pytest.raises(StaffError) as refused:
        await staff.staff_reply((await ticket(services)).id, ANA, "Hallo!")
    assert refused.value.code == "undelivered" and "blocked" in refused.value.detail


async def test_the_web_inbox_keeps_messages_until_the_page_collects_them(
    services: Services,
) -> None:
    inbox = WebInbox(services.sessions)
    await inbox.send("web-li", Reply(parts=[TextPart(text="one")]), kind=NoticeKind.STAFF)
    await inbox.send("web-li", Reply(parts=[TextPart(text="two")]))
    parts = await drain_inbox(services.sessions, "web-li")
    assert [(p["type"], p["text"], p["kind"]) for p in parts] == [
        ("text", "one", "staff"),
        ("text", "two", "reply"),
    ]
    assert await drain_inbox(services.sessions, "web-li") == []


async def test_hand_back_without_a_takeover_is_refused(
    staff: StaffActions, services: Services
) -> None:
    with pytest.raises(StaffError) as refused:
        await staff.hand_back((await ticket(services)).id, ANA)
    assert refused.value.code == "not_taken"
