"""Limits on the platform webhooks of the running server: a signed platform request is counted
per chat user of that platform, never in a shared IP bucket, and load we shed is answered the way
the platform takes as delivered (so it neither retries nor disables the hook). Unsigned requests
are counted per IP and get 429."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.shop_webhooks import SIGNATURE_HEADER
from adapters.shop_webhooks import sign as sign_shop
from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK, WEBHOOK_PATH
from bots.serve import create_app
from core.services import Services, build_services
from tests.chat import store
from tests.factories import shipped
from tests.fake_slack import STAFF, FakeSlack, sign
from tests.fake_telegram import FakeTelegram
from tests.fake_wechat import FakeWeChat, signed_query, text_xml
from tests.faults.service import SHOP_SECRET, TG_SECRET, full_settings

PER_USER = 3
PER_IP = 5


@dataclass
class Server:
    client: TestClient
    services: Services
    telegram: FakeTelegram
    wechat: FakeWeChat
    slack: FakeSlack

    async def telegram_update(self, update_id: int, user: int, *, secret: str = TG_SECRET) -> int:
        update = {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_700_000_000,
                "text": "hello",
                "chat": {"id": user, "type": "private"},
                "from": {"id": user, "is_bot": False, "first_name": "Ann", "language_code": "en"},
            },
        }
        res = await self.client.post(
            WEBHOOK_PATH, data=json.dumps(update), headers={SECRET_HEADER: secret}
        )
        await self.client.server.app[WEBHOOK].drain()
        return res.status

    async def slack_event(self, n: int, *, user: str = STAFF, signed: bool = True) -> int:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": "T0SHOP",
                "api_app_id": "A0DESK",
                "type": "event_callback",
                "event_id": f"EvBurst{n:06d}",
                "event_time": int(time.time()),
                "event": {
                    "type": "message",
                    "channel": "C0ELSEWHERE",
                    "user": user,
                    "text": f"chatter {n}",
                    "ts": f"1700000900.{n:06d}",
                    "channel_type": "channel",
                },
            }
        )
        headers = {"Content-Type": "application/json"}
        headers.update(sign(body) if signed else sign(body, secret="not-the-secret"))
        res = await self.client.post("/slack/events", data=body.encode(), headers=headers)
        return res.status


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    async with FakeTelegram() as tg, FakeWeChat() as wc, FakeSlack() as sl:
        configured = full_settings(tmp_path, tg, wc, sl).model_copy(
            update={
                "rate_limit_webhook_per_minute": PER_USER,
                "rate_limit_ip_per_minute": PER_IP,
            }
        )
        services = await build_services(configured)
        await store(services, shipped())
        app = await create_app(configured, services)
        async with TestClient(TestServer(app)) as client:
            yield Server(client, services, tg, wc, sl)
        await services.aclose()


async def test_a_burst_of_slack_events_does_not_hold_up_telegram_customers(
    server: Server,
) -> None:
    slack = [await server.slack_event(n) for n in range(4 * PER_USER)]
    assert set(slack) == {200}  # Slack never sees a failure, so it never disables the hook
    customers = [await server.telegram_update(100 + n, 880_000 + n) for n in range(4 * PER_IP)]
    assert customers == [200] * (4 * PER_IP)
    answered = {call.chat_id for call in server.telegram.sent()}
    assert answered == {str(880_000 + n) for n in range(4 * PER_IP)}


async def test_a_flooding_telegram_customer_is_shed_with_200_and_others_still_answered(
    server: Server,
) -> None:
    statuses = [await server.telegram_update(200 + n, 770_001) for n in range(PER_USER + 3)]
    assert statuses == [200] * (PER_USER + 3)
    assert len([c for c in server.telegram.sent() if c.chat_id == "770001"]) == PER_USER
    assert await server.telegram_update(300, 770_002) == 200
    assert any(c.chat_id == "770002" for c in server.telegram.sent())


async def test_a_flooding_wechat_customer_is_shed_with_success(server: Server) -> None:
    answers = []
    for n in range(PER_USER + 2):
        res = await server.client.post(
            "/webhooks/wechat",
            params=signed_query(nonce=f"n{n}", openid="o-flood"),
            data=text_xml("o-flood", "hello", 9000 + n),
        )
        answers.append((res.status, await res.text()))
    assert all(status == 200 for status, _ in answers)
    assert answers[-1][1] == "success"
    other = await server.client.post(
        "/webhooks/wechat",
        params=signed_query(nonce="n-other", openid="o-other"),
        data=text_xml("o-other", "hello", 9999),
    )
    assert other.status == 200 and "<xml>" in await other.text()


async def test_unsigned_webhook_calls_are_limited_per_ip_with_429(server: Server) -> None:
    forged = [await server.telegram_update(400 + n, 660_000 + n, secret="forged") for n in range(8)]
    assert forged[:PER_IP] == [403] * PER_IP
    assert forged[PER_IP:] == [429] * (8 - PER_IP)
    assert await server.telegram_update(500, 660_100) == 200  # signed ones still pass


async def test_unsigned_calls_to_one_platform_do_not_limit_another(server: Server) -> None:
    for n in range(PER_IP + 2):
        assert await server.slack_event(n, signed=False) in (401, 429)
    assert await server.slack_event(99, signed=False) == 429
    assert await server.telegram_update(600, 650_000, secret="forged") == 403  # its own bucket


async def test_signed_shop_webhooks_are_never_shed(server: Server) -> None:
    body = b'{"not": "an order"}'
    statuses = set()
    for _ in range(3 * PER_IP):
        res = await server.client.post(
            "/webhooks/shop/canonical",
            data=body,
            headers={SIGNATURE_HEADER: sign_shop(body, SHOP_SECRET), "Content-Type": "json"},
        )
        statuses.add(res.status)
    assert 429 not in statuses and all(s < 500 for s in statuses)
    unsigned = [
        (await server.client.post("/webhooks/shop/canonical", data=body)).status
        for _ in range(PER_IP + 1)
    ]
    assert unsigned[-1] == 429


def test_the_slack_user_of_each_documented_payload() -> None:
    from core.ratelimit import slack_user

    class Request:
        content_type = "application/json"

    deleted = {"team_id": "T1", "event": {"type": "message", "subtype": "message_deleted"}}
    changed = {"event": {"subtype": "message_changed", "message": {"user": "U2"}}}
    assert slack_user(Request(), json.dumps(deleted).encode()) == "slack:team:T1"  # type: ignore[arg-type]
    assert slack_user(Request(), json.dumps(changed).encode()) == "slack:U2"  # type: ignore[arg-type]
    form = type("Form", (), {"content_type": "application/x-www-form-urlencoded"})()
    assert slack_user(form, b"user_id=U3&command=%2Forder") == "slack:U3"
    payload = "payload=" + json.dumps({"type": "block_actions", "user": {"id": "U4"}})
    assert slack_user(form, payload.encode()) == "slack:U4"
