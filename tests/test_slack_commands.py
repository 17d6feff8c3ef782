"""Slash commands: `/order` (masked unless the asker may see personal data) and `/tickets`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from adapters.slack.config import REFUSAL
from core.engine import Engine
from core.services import Services
from core.storage.tables import audit_log
from core.tickets import Department, NewTicket, Priority
from tests.chat import store
from tests.factories import order_doc
from tests.fake_slack import BOSS, SERVICE_CHANNEL, STAFF, STRANGER, Desk, slack_desk

ORDER = "1234567890123451023"


@pytest.fixture
async def desk(services: Services, engine: Engine) -> AsyncIterator[Desk]:
    async with slack_desk(services) as running:
        await store(services, order_doc())
        yield running


async def command(desk: Desk, name: str, text: str, user: str) -> dict:
    status, body = await desk.slack.command(name, text, user=user, channel=SERVICE_CHANNEL)
    assert (status, body) == (200, "")  # acked at once; the answer follows
    await desk.settle()
    [answer] = desk.fake.called("response_url")
    assert answer.params["response_type"] == "ephemeral"
    return answer.params


async def test_order_is_masked_for_staff_without_the_right_to_see_personal_data(
    desk: Desk,
) -> None:
    text = (await command(desk, "/order", ORDER, STAFF))["text"]
    assert "****1023" in text and ORDER not in text
    assert "李*" in text and "李娜" not in text
    assert "138****5678" in text and "13812345678" not in text
    assert "文三路" not in text and "杭州市" in text


async def test_order_is_unmasked_for_staff_on_the_unmask_list_and_the_view_is_audited(
    desk: Desk,
) -> None:
    text = (await command(desk, "/order", f" #{ORDER} ", BOSS))["text"]
    assert ORDER in text and "李娜" in text and "13812345678" in text and "文三路100号" in text
    async with desk.services.db.connect() as conn:
        row = (await conn.execute(sa.select(audit_log))).mappings().one()
    assert (row["actor"], row["action"], row["after"]) == (
        f"staff:slack:{BOSS}",
        "order.viewed",
        {"unmasked": True, "via": "slack"},
    )


async def test_an_unknown_order_is_answered_without_echoing_the_number(desk: Desk) -> None:
    text = (await command(desk, "/order", "99999999999999", STAFF))["text"]
    assert text == "No order ****9999."


async def test_tickets_lists_open_tickets_by_priority(desk: Desk) -> None:
    for kind, priority in [
        ("late", Priority.LOW),
        ("complaint", Priority.HIGH),
        ("human_agent", Priority.NORMAL),
    ]:
        await desk.services.tickets.open(
            NewTicket(
                kind=kind,
                department=Department.SERVICE,
                priority=priority,
                summary=f"a {kind} case",
            )
        )
    await desk.settle()
    lines = (await command(desk, "/tickets", "", STAFF))["text"].splitlines()
    assert lines[0] == "*Open tickets* (3), by priority:"
    assert ["complaint" in lines[1], "human_agent" in lines[2], "late" in lines[3]] == [True] * 3
    assert "/archives/C0SERVICE/p" in lines[1]  # a link to the card


async def test_a_command_from_someone_not_on_the_staff_list_is_refused(desk: Desk) -> None:
    status, body = await desk.slack.command("/tickets", "", user=STRANGER, channel=SERVICE_CHANNEL)
    await desk.settle()
    assert status == 200
    assert json.loads(body) == {"text": REFUSAL, "response_type": "ephemeral"}
    assert desk.fake.called("response_url") == []
