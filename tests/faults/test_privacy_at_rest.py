"""Issue 16, case 7 (at rest): a customer's personal data lives in the clear only in the order
and the sealed session; tickets, the audit log, business events and Slack cards hold it masked
or referenced, and aiogram never logs a raw update.

Before the fix: the access log lost its time, status and size to the masker when the request
line held a quote; the new address and phone of an address change were stored raw in
`tickets.data`, in the audit log's before/after and in the business event's payload, shown
(half-masked) on the Slack card, and aiogram's warning for an unknown update type printed the
update's whole text."""

from __future__ import annotations

import json
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import SecretStr

from adapters.slack.mrkdwn import proposal
from core.engine import Engine
from core.logs import mask_access_line
from core.personal import SEALED_ADDRESS
from core.privacy import scan_customer
from core.services import Services, build_services
from core.settings import Settings
from core.staff import StaffActions
from core.storage.tables import audit_log, business_deliveries
from tests.chat import Chat, store
from tests.factories import order_doc
from tests.faults.service import TG_SECRET, serving

NEW_ADDRESS = "浙江省杭州市西湖区天目山路398号 王芳 13698765432"
PERSONAL = ["天目山路398号", "王芳", "13698765432"]


@pytest.fixture
async def services_with_key(settings: Settings) -> AsyncIterator[Services]:
    keyed = settings.model_copy(
        update={
            "session_key": SecretStr("a-session-key-of-thirty-two-chars!"),
            "business_endpoints": [
                {"name": "erp", "url": "http://127.0.0.1:9/hook", "secret": "erp-secret"}
            ],
        }
    )
    services = await build_services(keyed)
    yield services
    await services.aclose()


async def change_address(services: Services, status: str) -> None:
    await store(services, order_doc(status=status))
    chat = Chat(Engine(services))
    await chat.say("我要改地址")
    await chat.say(NEW_ADDRESS)
    await chat.say("好的")


async def stores_holding(services: Services) -> set[str]:
    return set((await scan_customer(services, PERSONAL)).hits)


async def test_a_changed_address_is_masked_in_the_audit_log_and_business_events(
    services_with_key: Services,
) -> None:
    await change_address(services_with_key, "paid")
    order = await services_with_key.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.line1.endswith("天目山路398号")
    assert await stores_holding(services_with_key) <= {"sessions"}  # the sealed session
    async with services_with_key.db.connect() as conn:
        after = await conn.scalar(
            sa.select(audit_log.c.after).where(audit_log.c.action == "order.address_changed")
        )
        payload = await conn.scalar(
            sa.select(business_deliveries.c.payload).where(
                business_deliveries.c.kind == "order.address_changed"
            )
        )
    assert after["city"] == "杭州市" and after["line1"] == "***" and after["phone"] != PERSONAL[2]
    assert payload["data"]["address_at"] == "/api/orders/1234567890123451023"
    assert payload["data"]["after"]["district"] == "西湖区"


async def test_an_intercept_ticket_keeps_the_address_masked_and_sealed_for_staff(
    services_with_key: Services,
) -> None:
    await change_address(services_with_key, "picking")
    [ticket] = await services_with_key.tickets.list(order_no="1234567890123451023")
    assert ticket.kind == "address_intercept" and SEALED_ADDRESS in ticket.data
    assert ticket.data["address"]["line1"] == "***"
    assert await stores_holding(services_with_key) <= {"sessions"}
    card = proposal(ticket)
    assert not any(p in card for p in PERSONAL) and f"/order reveal {ticket.id}" in card
    staff = StaffActions(services_with_key, services_with_key.senders)
    revealed = await staff.reveal_address(ticket.id, "slack:U0BOSS")
    assert revealed is not None and revealed.phone == "13698765432"
    entries = await services_with_key.audit.entries(order_nos=["1234567890123451023"])
    assert entries[-1].action == "ticket.address_revealed"


async def test_without_a_session_key_no_sealed_copy_is_kept(services: Services) -> None:
    await change_address(services, "picking")
    [ticket] = await services.tickets.list(order_no="1234567890123451023")
    assert SEALED_ADDRESS not in ticket.data
    assert await stores_holding(services) <= {"sessions"}


async def test_an_unknown_telegram_update_type_is_not_printed(tmp_path: Path, capsys: Any) -> None:
    update = {"update_id": 77, "future_kind": {"text": "my phone is 13698765432"}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with serving(tmp_path) as running:
            res = await running.client.post(
                "/webhooks/telegram",
                data=json.dumps(update),
                headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET},
            )
            assert res.status == 200
            from adapters.telegram.webhook import WEBHOOK

            await running.client.server.app[WEBHOOK].drain()
    printed = capsys.readouterr()
    assert "13698765432" not in printed.out + printed.err
    assert not [w for w in caught if "13698765432" in str(w.message)]


def test_the_access_log_keeps_status_time_and_size_when_the_request_holds_a_quote() -> None:
    line = (
        '127.0.0.1 [02/Dec/2026:02:10:33 +0000] "GET /a"b?phone=13812345678 HTTP/1.1" 404 174 '
        '"-" "curl/8.1"'
    )
    masked = mask_access_line(line)
    assert "[02/Dec/2026:02:10:33 +0000]" in masked and '" 404 174 "' in masked
    assert "13812345678" not in masked
