"""Issue 16, case 4 (Slack): a staff reply that arrives while PostgreSQL is down is not
answered 200 and dropped: Slack is told to retry (5xx), and its retry — same `event_id`,
`X-Slack-Retry-Num` — is handled, not taken for a repeat, so the customer gets the reply."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.inbox import drain_inbox
from core.services import Services
from tests.chat import Chat, store
from tests.factories import order_doc
from tests.fake_slack import STAFF, slack_desk
from tests.faults.helpers import ORDER, fault_services
from tests.faults.servers import PostgresServer, RedisServer


@pytest.fixture
async def services(own_postgres_url: str, own_redis: RedisServer) -> AsyncIterator[Services]:
    built = await fault_services(own_postgres_url, own_redis.url)
    yield built
    await built.aclose()


async def test_a_staff_reply_during_a_database_outage_is_retried_by_slack_and_reaches_the_customer(
    services: Services, own_postgres: PostgresServer
) -> None:
    async with slack_desk(services) as desk:
        assert desk.engine is not None
        chat = Chat(desk.engine)
        await store(services, order_doc())
        await chat.say(f"where is my order {ORDER}?")
        await chat.press("intent:human_agent")
        await desk.settle()
        [ticket] = await services.tickets.list()
        assert await desk.press("take_over", ticket.id) == 200
        await drain_inbox(services.sessions, "web-li")
        channel, card_ts = await desk.card(ticket.id)
        reply = {
            "type": "message",
            "channel": channel,
            "user": STAFF,
            "text": "Hi, I'm Ana: your parcel leaves today.",
            "ts": "1700000600.000001",
            "thread_ts": card_ts,
            "channel_type": "channel",
        }

        own_postgres.stop()
        status, _ = await desk.slack.event(reply, event_id="EvSTAFFREPLY1")
        await desk.settle()
        assert status >= 500  # not a 200 that drops it: Slack will send it again
        own_postgres.start()

        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
        status, _ = await desk.slack.event(reply, event_id="EvSTAFFREPLY1", headers=retry)
        await desk.settle()

        assert status == 200
        texts = [p["text"] for p in await drain_inbox(services.sessions, "web-li")]
        assert texts == ["Hi, I'm Ana: your parcel leaves today."]
