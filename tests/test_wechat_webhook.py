"""The WeChat webhook: verification, signatures, plain and safe mode, and each kind of message.

Requests are signed (and encrypted) as WeChat does it; the real wechatpy parses and renders.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import structlog
import xmltodict
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.wechat.webhook import WeChatWebhook, mount
from bots.root import build_root
from core.engine import Engine
from core.logs import configure_logging
from core.messages import Inbound, Reply
from core.order import Order
from core.services import Services
from core.settings import Settings
from core.understanding import Understanding, build_understander
from tests.factories import shipped
from tests.fake_wechat import (
    ACCOUNT,
    FakeWeChat,
    decrypted_reply,
    encrypted,
    message_xml,
    signed_query,
    text_xml,
    wechat_settings,
)

OPENID = "oLiNa0000000000000000openid"


class RecordingEngine(Engine):
    """The real engine, remembering what the adapter handed it."""

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        self.seen: list[Inbound] = []

    async def handle(self, inbound: Inbound) -> Reply:
        self.seen.append(inbound)
        return await super().handle(inbound)


class ExplodingUnderstander:
    """Understanding that crashes on one message (outside the engine's own dialogue guard)."""

    def __init__(self, settings: Settings) -> None:
        self.inner = build_understander(settings)

    async def understand(self, text: str, **kwargs: Any) -> Understanding:
        if "boom" in text:
            raise RuntimeError(f"could not read {text} from 13812345678")
        return await self.inner.understand(text, **kwargs)


def tied_to_wechat() -> dict[str, Any]:
    doc = shipped()
    doc["customer"]["channels"].append({"channel": "wechat", "user_id": OPENID})
    return doc


@pytest.fixture
async def fake() -> AsyncIterator[FakeWeChat]:
    async with FakeWeChat() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, fake: FakeWeChat) -> Settings:
    return wechat_settings(tmp_path, fake.api_base)


@pytest.fixture
async def engine(services: Services) -> RecordingEngine:
    await services.orders.replace_all([Order.model_validate(tied_to_wechat())])
    return RecordingEngine(services, understander=ExplodingUnderstander(services.settings))


@pytest.fixture
def webhook(engine: RecordingEngine, services: Services) -> WeChatWebhook:
    return WeChatWebhook(engine, services.settings.wechat)


@pytest.fixture
async def client(engine: RecordingEngine, services: Services) -> AsyncIterator[TestClient]:
    app = web.Application()
    mount(app, WeChatWebhook(engine, services.settings.wechat))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def post(webhook: WeChatWebhook, xml: bytes, **query: str) -> dict[str, Any]:
    """Post one plain-mode message; the passive reply as a dict ({} for `success`)."""
    answer = await webhook.handle_request("POST", signed_query(**query), xml)
    assert answer.status == 200
    if answer.body == b"success":
        return {}
    reply: dict[str, Any] = xmltodict.parse(answer.body)["xml"]
    return reply


# --- verification and signatures ------------------------------------------------------------


async def test_server_verification_echoes_echostr(client: TestClient) -> None:
    res = await client.get("/webhooks/wechat", params=signed_query(echostr="7391827364"))
    assert res.status == 200
    assert await res.text() == "7391827364"


async def test_forged_signature_on_verification_is_refused(client: TestClient) -> None:
    query = {**signed_query(echostr="7391827364"), "signature": "0" * 40}
    res = await client.get("/webhooks/wechat", params=query)
    assert res.status == 403
    assert "7391827364" not in await res.text()


async def test_forged_signature_on_a_message_is_refused_and_nothing_processed(
    client: TestClient, engine: RecordingEngine
) -> None:
    query = {**signed_query(), "signature": "f" * 40}
    res = await client.post("/webhooks/wechat", params=query, data=text_xml(OPENID, "hi", 1))
    unsigned = await client.post("/webhooks/wechat", data=text_xml(OPENID, "hi", 2))
    assert res.status == 403 and unsigned.status == 403
    assert engine.seen == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<xml><MsgType>text</MsgType>",
        b"<xml></xml>",
        b"<xml><MsgType>text</MsgType><Content>no sender</Content></xml>",
        b"<xml><FromUserName>o1</FromUserName><MsgType>text</MsgType><MsgId>x</MsgId></xml>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml>&a;</xml>',
    ],
)
async def test_malformed_bodies_get_400_and_nothing_processed(
    client: TestClient, engine: RecordingEngine, body: bytes
) -> None:
    res = await client.post("/webhooks/wechat", params=signed_query(), data=body)
    assert res.status == 400
    assert engine.seen == []


async def test_no_webhook_is_built_without_a_webhook_token(
    tmp_path: Path, fake: FakeWeChat, services: Services
) -> None:
    bare = wechat_settings(tmp_path, fake.api_base, wechat_token=None)
    root = await build_root(bare, foundation=services)
    try:
        assert root.wechat is None
    finally:
        await root.aclose()


async def test_the_wechat_sender_is_among_the_process_senders(services: Services) -> None:
    root = await build_root(services.settings, foundation=services)
    try:
        sender = root.services.senders.get("wechat")
        assert sender is not None and sender is root.wechat_sender
    finally:
        await root.aclose()


# --- messages in plain and safe mode --------------------------------------------------------


async def test_where_is_my_order_gets_the_status_as_a_passive_reply(
    client: TestClient, engine: RecordingEngine
) -> None:
    xml = text_xml(OPENID, "where is my order", 7001)
    res = await client.post("/webhooks/wechat", params=signed_query(), data=xml)
    assert res.status == 200
    reply = xmltodict.parse(await res.text())["xml"]
    assert reply["MsgType"] == "text"
    assert reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT
    assert "SF1234567890123" in reply["Content"]
    assert "is on its way" in reply["Content"]
    [seen] = engine.seen
    assert (seen.channel, seen.user_id, seen.chat_id) == ("wechat", OPENID, OPENID)
    assert seen.event_id == f"{ACCOUNT}:7001" and seen.locale_hint is None


async def test_safe_mode_message_is_decrypted_and_the_reply_encrypted(
    webhook: WeChatWebhook,
) -> None:
    query, body = encrypted(text_xml(OPENID, "我的订单到哪了", 7002))
    answer = await webhook.handle_request("POST", query, body)
    assert answer.status == 200
    assert b"SF1234567890123" not in answer.body  # only ciphertext on the wire
    reply = decrypted_reply(answer.body, query)
    assert reply["ToUserName"] == OPENID
    assert "SF1234567890123" in reply["Content"] and "正在配送途中" in reply["Content"]


async def test_safe_mode_with_a_forged_msg_signature_is_refused(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    query, body = encrypted(text_xml(OPENID, "hi", 7003))
    query["msg_signature"] = "0" * 40
    answer = await webhook.handle_request("POST", query, body)
    assert answer.status == 403
    assert engine.seen == []


async def test_safe_mode_with_garbage_ciphertext_gets_400(webhook: WeChatWebhook) -> None:
    query, _ = encrypted(text_xml(OPENID, "hi", 7004))
    body = b"<xml><Encrypt><![CDATA[bm90IGEgbWVzc2FnZQ==]]></Encrypt></xml>"
    # the msg_signature covers the ciphertext, so sign this garbage as WeChat would
    from wechatpy.crypto import _get_signature

    query["msg_signature"] = _get_signature(
        "test-webhook-token", query["timestamp"], query["nonce"], "bm90IGEgbWVzc2FnZQ=="
    )
    answer = await webhook.handle_request("POST", query, body)
    assert answer.status == 400


# --- each kind of message -------------------------------------------------------------------


async def test_voice_is_understood_from_its_recognition_text(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    xml = message_xml(
        OPENID, "voice", msg_id=7101, MediaId="VOICE1", Format="amr", Recognition="我的订单到哪了"
    )
    reply = await post(webhook, xml)
    assert engine.seen[0].text == "我的订单到哪了"
    assert "SF1234567890123" in reply["Content"]


async def test_voice_without_recognition_lets_the_core_ask_to_type(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    xml = message_xml(OPENID, "voice", msg_id=7102, MediaId="VOICE2", Format="amr")
    reply = await post(webhook, xml)
    assert engine.seen[0].payload == "unsupported:voice" and engine.seen[0].text == ""
    assert reply["Content"]


async def test_image_is_passed_on_with_its_media_id(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    xml = message_xml(
        OPENID, "image", msg_id=7103, MediaId="MEDIA_abc123", PicUrl="http://127.0.0.1/p.jpg"
    )
    reply = await post(webhook, xml)
    assert engine.seen[0].payload == "image:MEDIA_abc123"
    assert reply["Content"]


async def test_subscribe_asks_the_core_for_a_welcome(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    reply = await post(webhook, message_xml(OPENID, "event", Event="subscribe"))
    assert engine.seen[0].payload == "event:subscribe"
    assert engine.seen[0].event_id and engine.seen[0].event_id.startswith(f"{ACCOUNT}:{OPENID}")
    assert reply["Content"]


async def test_menu_click_passes_the_event_key_as_payload(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    xml = message_xml(OPENID, "event", Event="CLICK", EventKey="intent:order_status")
    reply = await post(webhook, xml)
    assert engine.seen[0].payload == "intent:order_status"
    assert "SF1234567890123" in reply["Content"]


async def test_unsupported_type_gets_a_reply_from_the_core(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    xml = message_xml(
        OPENID, "location", msg_id=7104, Location_X="30.27", Location_Y="120.15", Label="杭州"
    )
    reply = await post(webhook, xml)
    assert engine.seen[0].payload == "unsupported:location"
    assert reply["Content"]


async def test_events_that_need_no_answer_are_acknowledged_quietly(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    assert await post(webhook, message_xml(OPENID, "event", Event="unsubscribe")) == {}
    assert await post(webhook, message_xml(OPENID, "event", Event="TEMPLATESENDJOBFINISH")) == {}
    assert engine.seen == []


async def test_picking_a_msgmenu_item_sends_its_number(
    webhook: WeChatWebhook, engine: RecordingEngine
) -> None:
    await post(webhook, text_xml(OPENID, "hello", 7105))
    reply = await post(webhook, text_xml(OPENID, "Where is my order?", 7106, bizmsgmenuid="1"))
    assert engine.seen[1].text == "1"
    assert "SF1234567890123" in reply["Content"]


# --- failures -------------------------------------------------------------------------------


@pytest.fixture
def json_logs(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    configure_logging("INFO", json=True)
    yield lambda: [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    structlog.reset_defaults()


async def test_a_crash_costs_one_apology_in_the_customers_language_logged_masked(
    webhook: WeChatWebhook, json_logs: Any
) -> None:
    first = await post(webhook, text_xml(OPENID, "我的订单到哪了", 7201))
    assert "SF1234567890123" in first["Content"]
    crashed = await post(webhook, text_xml(OPENID, "boom 订单", 7202))
    assert crashed["Content"] == "抱歉，系统出了点问题，请稍后再试。"
    after = await post(webhook, text_xml(OPENID, "我的订单到哪了", 7203))
    assert "SF1234567890123" in after["Content"]
    logs = json_logs()
    failures = [e for e in logs if e["event"] == "handle_failed"]  # the engine apologised
    assert len(failures) == 1 and "RuntimeError" in failures[0]["exception"]
    assert "13812345678" not in json.dumps(logs)
    assert OPENID not in json.dumps(logs)
