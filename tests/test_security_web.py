"""The real web process with every platform mounted, under attack: forged and replayed requests,
injection strings, huge and deeply nested bodies, invalid UTF-8, and fuzzing of the public entry
points. Never a crash, never a 500, nothing stored from a rejected request."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK, WEBHOOK_PATH
from bots.serve import create_app
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import audit_log, channel_bindings, orders, tickets
from tests.chat import store
from tests.factories import shipped
from tests.fake_slack import BOT_TOKEN as SLACK_BOT_TOKEN
from tests.fake_slack import SERVICE_CHANNEL, SIGNING_SECRET, STAFF, FakeSlack, sign
from tests.fake_telegram import FakeTelegram
from tests.fake_wechat import (
    APP_ID,
    APP_SECRET,
    TOKEN,
    FakeWeChat,
    encrypted,
    signed_query,
    text_xml,
)

TG_TOKEN = "123456:TEST-token-of-the-fake-bot"
TG_SECRET = "webhook-secret_42"
AUTH = {"Authorization": "Bearer test-token"}
INJECTIONS = [
    "'; DROP TABLE orders; --",
    "1' OR '1'='1",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "<!channel> <!here> <@U0STAFF> <http://evil.example|click> *bold* `code`",
    "{0.__class__} %s%s%n {{7*7}} ${jndi:ldap://x}",
    "\u202eevil\u200b\x00nul",
    "a\r\nSet-Cookie: x=1",
]


@dataclass
class Platform:
    client: TestClient
    services: Services
    telegram: FakeTelegram
    wechat: FakeWeChat
    slack: FakeSlack

    async def telegram_post(self, update: Any, secret: str | None = TG_SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        data = update if isinstance(update, bytes) else json.dumps(update).encode()
        res = await self.client.post(WEBHOOK_PATH, data=data, headers=headers)
        await self.client.server.app[WEBHOOK].drain()
        return res.status

    async def snapshot(self) -> dict[str, Any]:
        async with self.services.db.connect() as conn:
            counts = {
                t.name: await conn.scalar(sa.select(sa.func.count()).select_from(t))
                for t in (orders, tickets, audit_log, channel_bindings)
            }
        return {
            **counts,
            "sessions": sorted(self.services.sessions._data),  # type: ignore[attr-defined]
            "telegram": len(self.telegram.sent()),
            "wechat": len(self.wechat.sent),
            "slack": len(self.slack.calls),
        }


@pytest.fixture
async def platform(tmp_path: Path) -> AsyncIterator[Platform]:
    async with FakeTelegram() as tg, FakeWeChat() as wc, FakeSlack() as sl:
        configured = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
            redis_url=None,
            seed_demo_if_empty=False,
            api_token="test-token",
            telegram_token=TG_TOKEN,
            telegram_webhook_secret=TG_SECRET,
            telegram_api_base=tg.base_url,
            wechat_app_id=APP_ID,
            wechat_app_secret=SecretStr(APP_SECRET),
            wechat_token=SecretStr(TOKEN),
            wechat_aes_key=SecretStr("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
            wechat_api_base=wc.api_base,
            slack_bot_token=SecretStr(SLACK_BOT_TOKEN),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_api_base=sl.api_base,
            slack_channels={"default": SERVICE_CHANNEL, "service": SERVICE_CHANNEL},
            slack_staff_users=[STAFF],
            # the fuzzing sends hundreds of requests from one address: limits are not its subject
            rate_limit_chat_per_minute=100_000,
            rate_limit_ip_per_minute=100_000,
            rate_limit_webhook_per_minute=100_000,
        )
        services = await build_services(configured)
        doc = shipped()
        doc["customer"]["channels"] += [
            {"channel": "telegram", "user_id": "777001"},
            {"channel": "wechat", "user_id": "o-li-openid"},
        ]
        await store(services, doc)
        app = await create_app(configured, services)
        async with TestClient(TestServer(app)) as client:
            yield Platform(client, services, tg, wc, sl)
        await services.aclose()


def tg_update(update_id: int, text: str, user: int = 777001) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "text": text,
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "Ann", "language_code": "en"},
        },
    }


# --- forged and replayed requests ------------------------------------------------------------


async def test_forged_requests_are_refused_on_every_platform_and_nothing_is_stored(
    platform: Platform,
) -> None:
    before = await platform.snapshot()
    client = platform.client
    # Telegram: wrong or missing secret
    assert await platform.telegram_post(tg_update(1, "where is my order?"), secret="wrong") == 403
    assert await platform.telegram_post(tg_update(2, "where is my order?"), secret=None) == 403
    # WeChat: bad signature, missing signature, forged msg_signature in safe mode
    query = {**signed_query(), "signature": "0" * 40}
    res = await client.post("/webhooks/wechat", params=query, data=text_xml("o-li-openid", "hi", 1))
    assert res.status == 403
    res = await client.post("/webhooks/wechat", data=text_xml("o-li-openid", "hi", 2))
    assert res.status == 403
    query, body = encrypted(text_xml("o-li-openid", "where is my order?", 3))
    query["msg_signature"] = "f" * 40
    assert (await client.post("/webhooks/wechat", params=query, data=body)).status == 403
    # Slack: old timestamp (a replay), wrong secret, no signature
    event = json.dumps({"type": "event_callback", "event": {"type": "app_mention", "text": "hi"}})
    old = sign(event, timestamp=int(time.time()) - 3600)
    for headers in (old, sign(event, secret="not-the-secret"), {}):
        res = await client.post(
            "/slack/events",
            data=event.encode(),
            headers={"Content-Type": "application/json", **headers},
        )
        assert res.status == 401
    # REST API: wrong or missing token
    for headers in ({"Authorization": "Bearer wrong"}, {}, {"Authorization": "test-token"}):
        assert (await client.get("/api/orders/1234567890123451023", headers=headers)).status == 401
        assert (await client.get("/api/tickets", headers=headers)).status == 401
    assert await platform.snapshot() == before


async def test_replayed_platform_messages_are_processed_once(platform: Platform) -> None:
    update = tg_update(10, "where is my order?")
    assert await platform.telegram_post(update) == 200
    assert await platform.telegram_post(update) == 200
    assert len(platform.telegram.sent()) == 1
    query = signed_query()
    xml = text_xml("o-li-openid", "where is my order?", 4242)
    first = await platform.client.post("/webhooks/wechat", params=query, data=xml)
    again = await platform.client.post("/webhooks/wechat", params=query, data=xml)
    assert first.status == again.status == 200
    assert "SF1234567890123" in await first.text()
    assert "SF1234567890123" not in await again.text()


async def test_a_wechat_request_with_a_stale_timestamp_is_refused(platform: Platform) -> None:
    from tests.fake_wechat import signature

    stamp = str(int(time.time()) - 3600)
    query = {"signature": signature(stamp, "n1"), "timestamp": stamp, "nonce": "n1"}
    res = await platform.client.post(
        "/webhooks/wechat", params=query, data=text_xml("o-li-openid", "hi", 77)
    )
    assert res.status == 403


# --- injection strings -------------------------------------------------------------------------


async def test_injection_strings_in_every_field_are_inert(platform: Platform) -> None:
    client = platform.client
    for n, evil in enumerate(INJECTIONS):
        for body in (
            {"user": evil, "text": evil},
            {"user": "web-li", "text": f"where is order {evil}?"},
            {"user": "web-li", "payload": evil[:200]},
            {"user": "web-li", "text": "hi", "locale": evil[:35]},
            {"user": "web-li", "text": f"转人工 {evil}"},
        ):
            res = await client.post("/api/chat", json=body)
            assert res.status in (200, 400), (body, res.status)
            assert res.content_type == "application/json"
            json.loads(await res.text())
        assert await platform.telegram_post(tg_update(100 + n, evil)) == 200
        res = await client.post(
            "/webhooks/wechat", params=signed_query(), data=text_xml("o-li-openid", evil, 500 + n)
        )
        assert res.status in (200, 400)
        for path in (f"/api/orders/{evil}", f"/api/tickets?order_no={evil}"):
            res = await client.get(path.replace("#", "%23"), headers=AUTH)
            assert res.status in (200, 400, 404)
    async with platform.services.db.connect() as conn:
        assert await conn.scalar(sa.select(sa.func.count()).select_from(orders)) == 1
    order = await platform.services.hub.get_order("1234567890123451023")
    assert order is not None and order.customer.name == "李娜"


async def test_the_chat_page_renders_with_text_content_only(platform: Platform) -> None:
    page = await (await platform.client.get("/")).text()
    assert "textContent" in page
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in page


async def slack_posts(platform: Platform, text: str) -> list[Any]:
    res = await platform.client.post("/api/chat", json={"user": "web-li", "text": text})
    assert res.status == 200
    posted: list[Any] = []
    for _ in range(100):  # the desk posts the card in the background
        posted = [
            c for c in platform.slack.calls if c.method in ("chat.postMessage", "chat.update")
        ]
        if posted:
            break
        await asyncio.sleep(0.02)
    assert posted, "the hand-off should have reached the staff channel"
    return posted


EVIL_MARKUP = "<!channel> <@U0STAFF> <http://evil.example|click> & more"


async def test_customer_text_reaches_slack_blocks_escaped(platform: Platform) -> None:
    for call in await slack_posts(platform, f"转人工 {EVIL_MARKUP}"):
        blob = json.dumps(call.params.get("blocks"), ensure_ascii=False)
        assert "<!channel>" not in blob and "<@U0STAFF>" not in blob
        assert "<http://evil.example|click>" not in blob


async def test_customer_text_reaches_slack_fallback_text_escaped(platform: Platform) -> None:
    for call in await slack_posts(platform, f"转人工 {EVIL_MARKUP}"):
        assert "<!channel>" not in str(call.params.get("text", ""))


# --- malformed bodies --------------------------------------------------------------------------


async def test_huge_nested_and_invalid_bodies_get_clear_4xx(platform: Platform) -> None:
    client = platform.client
    before = await platform.snapshot()
    bodies = [
        b"x" * (200 * 1024),
        b"\xff\xfe\xfa invalid utf-8 \xc3\x28",
        b'{"user": "\xc3\x28", "text": "hi"}',
        b"",
        b"null",
        json.dumps({"user": "u", "text": "x" * 100_000}).encode(),
    ]
    for body in bodies:
        res = await client.post(
            "/api/chat", data=body, headers={"Content-Type": "application/json"}
        )
        assert 400 <= res.status < 500, (body[:40], res.status)
    for body in bodies:
        assert await platform.telegram_post(body) in (400, 413)
        res = await client.post("/webhooks/wechat", params=signed_query(), data=body)
        assert res.status in (200, 400, 413), res.status
    after = await platform.snapshot()
    assert after == before


def _utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


async def test_malformed_bodies_to_slack_are_4xx(platform: Platform) -> None:
    statuses = []
    for body in (b"\xff\xfe\xfa", b"null", b"[]", b"5"):
        res = await platform.client.post(
            "/slack/events", data=body, headers={"Content-Type": "application/json", **sign("")}
        )
        statuses.append(res.status)
    assert all(400 <= status < 500 for status in statuses), statuses


async def test_malformed_json_objects_to_slack_are_refused(platform: Platform) -> None:
    for body in ('{"type": 5}', '{"a": ' + "[" * 50 + "]" * 50 + "}", "{}"):
        for signed in (sign(""), sign(body)):  # forged, then authentic but malformed
            res = await platform.client.post(
                "/slack/events",
                data=body.encode(),
                headers={"Content-Type": "application/json", **signed},
            )
            assert res.status < 500, (body, res.status)


NESTED = ('{"user": "u", "text": "hi", "x": ' + "[" * 20_000 + "]" * 20_000 + "}").encode()


async def test_a_deeply_nested_body_is_400(platform: Platform) -> None:
    res = await platform.client.post(
        "/api/chat", data=NESTED, headers={"Content-Type": "application/json"}
    )
    assert res.status == 400
    assert await platform.telegram_post(NESTED) == 400


async def test_a_deeply_nested_body_to_the_other_webhooks_is_4xx(platform: Platform) -> None:
    res = await platform.client.post("/webhooks/wechat", params=signed_query(), data=NESTED)
    assert res.status in (200, 400, 413)
    res = await platform.client.post(
        "/slack/events", data=NESTED, headers={"Content-Type": "application/json", **sign("")}
    )
    assert 400 <= res.status < 500


# --- verification lock-out ---------------------------------------------------------------------


async def test_verification_locks_out_after_three_wrong_answers(platform: Platform) -> None:
    client = platform.client

    async def say(text: str) -> str:
        res = await client.post("/api/chat", json={"user": "stranger", "text": text})
        assert res.status == 200
        return " ".join(p.get("text", "") for p in (await res.json())["replies"])

    await say("where is order 1234567890123451023?")
    for guess in ("0000", "1111", "2222"):
        await say(guess)
    assert "SF1234567890123" not in await say("5678")  # the right answer, but locked
    assert await platform.services.identity.locked_seconds("web", "stranger") > 0
    assert await platform.services.identity.customer_for("web", "stranger") is None


# --- fuzzing -----------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_CHAT = st.fixed_dictionaries(
    {"user": st.text(max_size=140)},
    optional={
        "text": st.text(max_size=300),
        "payload": st.text(max_size=60),
        "locale": st.text(max_size=40),
        "extra": _JSON,
    },
)


_SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=40, deadline=None, suppress_health_check=_SLOW_OK)
@given(body=st.one_of(_CHAT, _JSON), raw=st.binary(max_size=200))
async def test_fuzzed_chat_and_webhooks_never_500(
    platform: Platform, body: Any, raw: bytes
) -> None:
    client = platform.client
    res = await client.post(
        "/api/chat", data=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert res.status in (200, 400), res.status
    res = await client.post("/api/chat", data=raw, headers={"Content-Type": "application/json"})
    assert res.status in (200, 400), res.status
    assert await platform.telegram_post(body if isinstance(body, dict) else raw) in (200, 400)
    res = await client.post("/webhooks/wechat", params=signed_query(), data=raw)
    assert res.status in (200, 400), res.status
    text = body.get("text", "") if isinstance(body, dict) else ""
    xml = text_xml("o-fuzz", str(text).replace("]]>", ""), abs(hash(raw)) % 10**9)
    res = await client.post("/webhooks/wechat", params=signed_query(), data=xml)
    assert res.status in (200, 400), res.status
