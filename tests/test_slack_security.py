"""Who may act, forged requests, Slack's retries, and what is mounted."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from adapters.slack import app as slack_app
from adapters.slack.config import REFUSAL
from bots.serve import create_app
from core.engine import Engine
from core.inbox import drain_inbox
from core.services import Services, build_services
from core.settings import Settings
from core.staff import StaffActions
from core.tickets import Department, NewTicket, Priority, TicketStatus
from tests.conftest import REDIS_URL
from tests.fake_slack import (
    OTHER_CHANNEL,
    SERVICE_CHANNEL,
    STAFF,
    STRANGER,
    Desk,
    slack_desk,
)


@pytest.fixture
async def desk(services: Services, engine: Engine) -> AsyncIterator[Desk]:
    async with slack_desk(services) as running:
        yield running


async def web_ticket(desk: Desk) -> int:
    ticket = await desk.services.tickets.open(
        NewTicket(
            kind="human_agent",
            department=Department.SERVICE,
            priority=Priority.NORMAL,
            summary="wants a person",
            conversation="web:web-li",
            language="en",
        )
    )
    await desk.settle()
    return ticket.id


async def test_an_unauthorised_user_gets_an_ephemeral_refusal_and_nothing_changes(
    desk: Desk,
) -> None:
    ticket_id = await web_ticket(desk)
    assert await desk.press("take_over", ticket_id, user=STRANGER) == 200
    [refusal] = desk.fake.called("chat.postEphemeral")
    assert (refusal.params["user"], refusal.text) == (STRANGER, REFUSAL)
    assert desk.fake.called("chat.update") == []
    assert (await desk.services.tickets.get(ticket_id)).status is TicketStatus.OPEN
    assert (await desk.services.sessions.load("web:web-li")).state.takeover is None


async def test_staff_cannot_act_from_a_channel_that_is_not_configured(desk: Desk) -> None:
    ticket_id = await web_ticket(desk)
    status, _ = await desk.slack.press(
        "ticket_resolve", str(ticket_id), user=STAFF, channel=OTHER_CHANNEL
    )
    await desk.settle()
    assert status == 200
    assert [c.text for c in desk.fake.called("chat.postEphemeral")] == [REFUSAL]
    assert (await desk.services.tickets.get(ticket_id)).status is TicketStatus.OPEN


async def test_an_unauthorised_thread_reply_does_not_reach_the_customer(desk: Desk) -> None:
    ticket_id = await web_ticket(desk)
    await desk.reply_in_thread(ticket_id, "I am not staff", user=STRANGER)
    assert await drain_inbox(desk.services.sessions, "web-li") == []
    assert [c.text for c in desk.fake.called("chat.postEphemeral")] == [REFUSAL]


async def test_an_empty_staff_list_lets_nobody_act(services: Services, engine: Engine) -> None:
    async with slack_desk(services, slack_staff_users=[]) as desk:
        ticket_id = await web_ticket(desk)
        await desk.press("resolve", ticket_id, user=STAFF)
        assert [c.text for c in desk.fake.called("chat.postEphemeral")] == [REFUSAL]
        assert (await services.tickets.get(ticket_id)).status is TicketStatus.OPEN


async def test_a_forged_request_is_rejected_with_401(desk: Desk) -> None:
    ticket_id = await web_ticket(desk)
    status, _ = await desk.slack.interaction(
        {
            "type": "block_actions",
            "user": {"id": STAFF},
            "channel": {"id": SERVICE_CHANNEL},
            "actions": [{"action_id": "ticket_resolve", "value": str(ticket_id)}],
        },
        secret="not-the-signing-secret",
    )
    await desk.settle()
    assert status == 401
    assert (await desk.services.tickets.get(ticket_id)).status is TicketStatus.OPEN
    assert [c.method for c in desk.fake.calls] == ["chat.postMessage"]  # only the card


async def test_a_retried_event_acts_once(desk: Desk) -> None:
    ticket_id = await web_ticket(desk)
    await desk.reply_in_thread(ticket_id, "Your refund is on its way.", event_id="Ev0RETRY")
    retried = await desk.reply_in_thread(
        ticket_id,
        "Your refund is on its way.",
        event_id="Ev0RETRY",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert retried == 200
    parts = await drain_inbox(desk.services.sessions, "web-li")
    assert [p["text"] for p in parts] == ["Your refund is on its way."]
    assert len(desk.fake.called("reactions.add")) == 1


async def test_a_retry_reaching_another_process_acts_once(
    settings: Settings, redis: object, redis_prefix: str
) -> None:
    shared = settings.model_copy(
        update={"redis_url": REDIS_URL, "redis_prefix": redis_prefix, "demo": True}
    )
    first = await build_services(shared)
    second = await build_services(shared)
    try:
        async with (
            slack_desk(first) as one,
            slack_desk(second) as other,
        ):
            ticket_id = await web_ticket(one)
            await one.reply_in_thread(ticket_id, "On its way.", event_id="Ev0SHARED")
            await other.reply_in_thread(
                ticket_id,
                "On its way.",
                event_id="Ev0SHARED",
                headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
            )
            parts = await drain_inbox(second.sessions, "web-li")
            assert [p["text"] for p in parts] == ["On its way."]
    finally:
        await first.aclose()
        await second.aclose()


async def test_the_url_verification_challenge_is_answered(desk: Desk) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3g"})
    status, answer = await desk.slack.post(body, "application/json")
    assert status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3g" in answer


async def test_nothing_is_mounted_without_token_and_signing_secret(services: Services) -> None:
    staff = StaffActions(services, services.senders)
    assert slack_app.build(services.settings, staff, services.keys) is None
    app = await create_app(services.settings, services)
    assert not any(r.resource.canonical == "/slack/events" for r in app.router.routes())
