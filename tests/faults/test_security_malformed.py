"""Issue 16, case 10: bad input gets a clear HTTP error, never a 500 or an exception inside a
listener; a signature counts only in the exact form its platform sends.

Before the fix: `payload={` gave an unauthenticated 500 at `/slack/events`, an order number with
a NUL byte a 500 (PostgreSQL refuses NUL in text), a deeply nested signed shop webhook a
RecursionError 500, signed interactivity payloads with a string `user` or `event` raised inside
Bolt's middleware (500), and an upper-case hex signature of ours was accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from adapters.shop_webhooks import sign as sign_shop
from core.sources.shopify import sign_webhook as sign_shopify
from core.sources.woocommerce import sign_webhook as sign_woo
from tests.fake_slack import SERVICE_CHANNEL, STAFF
from tests.fake_slack import sign as sign_slack
from tests.fake_wechat import signed_query, text_xml
from tests.faults.service import (
    API_TOKEN,
    SHOP_SECRET,
    SHOPIFY_SECRET,
    WOO_SECRET,
    Running,
    serving,
)

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    async with serving(tmp_path) as up:
        yield up


async def slack(running: Running, body: str, content_type: str, **headers: str) -> int:
    sent = {"Content-Type": content_type, **sign_slack(body), **headers}
    async with running.client.post("/slack/events", data=body.encode(), headers=sent) as res:
        return res.status


async def test_an_unsigned_slack_body_payload_brace_is_401(running: Running) -> None:
    res = await running.client.post(
        "/slack/events", data=b"payload={", headers={"Content-Type": FORM}
    )
    assert res.status == 401


async def test_a_signed_slack_body_payload_brace_is_400(running: Running) -> None:
    assert await slack(running, "payload={", FORM) == 400


@pytest.mark.parametrize(
    "payload",
    [
        [1],
        {"type": "block_actions", "user": "U0STAFF", "actions": [{"action_id": "ticket_resolve"}]},
        {"type": "block_actions", "user": {"id": STAFF}, "actions": "ticket_resolve"},
        {"type": "block_actions", "user": {"id": STAFF}, "actions": [{"value": "1"}]},
        {"type": "view_submission", "user": {"id": STAFF}, "view": "ticket_reject"},
        {"type": "view_submission", "user": {"id": STAFF}, "view": {"state": "values"}},
    ],
    ids=["a list", "a string user", "string actions", "no action id", "string view", "bad state"],
)
async def test_a_malformed_signed_interaction_is_400_and_raises_nowhere(
    running: Running, payload: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        status = await slack(running, urlencode({"payload": json.dumps(payload)}), FORM)
    assert status == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "envelope",
    [
        {"type": "event_callback", "event": "message"},
        {
            "type": "event_callback",
            "event": {
                "type": "message",
                "channel": SERVICE_CHANNEL,
                "user": STAFF,
                "thread_ts": {"a": 1},
            },
        },
        {"event": {"type": "message"}},
    ],
    ids=["a string event", "an object thread_ts", "no type"],
)
async def test_a_malformed_signed_event_is_400(running: Running, envelope: Any) -> None:
    assert await slack(running, json.dumps(envelope), "application/json") == 400


async def test_a_slash_command_without_a_response_url_is_400(running: Running) -> None:
    body = urlencode({"command": "/order", "text": "1", "user_id": STAFF, "channel_id": "C1"})
    assert await slack(running, body, FORM) == 400


@pytest.mark.parametrize(
    "transform",
    [str.upper, lambda s: "V0=" + s[3:], lambda s: s[3:]],
    ids=["upper-case hex", "upper-case V0", "no v0= prefix"],
)
async def test_a_slack_signature_in_another_form_is_401(running: Running, transform: Any) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc"})
    headers = sign_slack(body)
    headers["X-Slack-Signature"] = transform(headers["X-Slack-Signature"])
    sent = {"Content-Type": "application/json", **headers}
    async with running.client.post("/slack/events", data=body.encode(), headers=sent) as res:
        assert res.status == 401


async def test_an_order_number_with_a_nul_byte_is_400_in_the_api(running: Running) -> None:
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    res = await running.client.get("/api/orders/ab%00cd", headers=auth)
    assert res.status == 400 and "order number" in (await res.json())["error"]
    res = await running.client.get("/api/tickets", params={"order_no": "a\x00b"}, headers=auth)
    assert res.status == 400


async def test_an_order_number_with_a_nul_byte_in_chat_gets_an_answer(running: Running) -> None:
    res = await running.client.post(
        "/api/chat", json={"user": "web-nul", "text": "where is order 12\x0034567890"}
    )
    assert res.status == 200 and (await res.json())["replies"]


def _nested(depth: int) -> bytes:
    return ('{"a":' * depth + "1" + "}" * depth).encode()


@pytest.mark.parametrize(
    ("platform", "headers"),
    [
        ("canonical", lambda b: {"X-OrderSupport-Signature": sign_shop(b, SHOP_SECRET)}),
        (
            "shopify",
            lambda b: {
                "X-Shopify-Hmac-Sha256": sign_shopify(SHOPIFY_SECRET, b),
                "X-Shopify-Topic": "orders/updated",
                "X-Shopify-Webhook-Id": "w-nested",
            },
        ),
        (
            "woocommerce",
            lambda b: {
                "X-WC-Webhook-Signature": sign_woo(WOO_SECRET, b),
                "X-WC-Webhook-Topic": "order.updated",
                "X-WC-Webhook-Delivery-ID": "d-nested",
            },
        ),
    ],
)
async def test_a_deeply_nested_signed_shop_webhook_is_400(
    running: Running, platform: str, headers: Any
) -> None:
    body = _nested(5_000)
    res = await running.client.post(f"/webhooks/shop/{platform}", data=body, headers=headers(body))
    assert res.status == 400


async def test_our_shop_signature_in_upper_case_hex_is_refused(running: Running) -> None:
    body = b'{"order_no": "X-1"}'
    upper = sign_shop(body, SHOP_SECRET).upper()
    res = await running.client.post(
        "/webhooks/shop/canonical", data=body, headers={"X-OrderSupport-Signature": upper}
    )
    assert res.status == 403


@pytest.mark.parametrize("platform", ["shopify", "woocommerce"])
async def test_a_shop_hmac_in_hex_instead_of_base64_is_refused(
    running: Running, platform: str
) -> None:
    body = b'{"id": 1}'
    secret = SHOPIFY_SECRET if platform == "shopify" else WOO_SECRET
    hexed = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    header = "X-Shopify-Hmac-Sha256" if platform == "shopify" else "X-WC-Webhook-Signature"
    assert base64.b64decode(sign_shopify(secret, body)).hex() == hexed
    res = await running.client.post(
        f"/webhooks/shop/{platform}", data=body, headers={header: hexed}
    )
    assert res.status == 401


async def test_a_wechat_signature_in_upper_case_hex_is_refused(running: Running) -> None:
    query = signed_query(nonce="n-upper", openid="o-upper")
    query["signature"] = query["signature"].upper()
    res = await running.client.post(
        "/webhooks/wechat", params=query, data=text_xml("o-upper", "hello", 4242)
    )
    assert res.status == 403
