"""Getting the answer to the customer: passive or late, once, rendered for WeChat, in the window.

The real wechatpy talks to `FakeWeChat` on 127.0.0.1; dedup, the 48-hour window and the access
token live in a real Redis.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import xmltodict
from redis import Redis as SyncRedis
from redis.asyncio import Redis

from adapters.wechat.access_token import build_client
from adapters.wechat.render import TEXT_LIMIT_BYTES, reply_text, split_text
from adapters.wechat.sender import WeChatSender
from adapters.wechat.webhook import WeChatWebhook
from core.engine import Engine
from core.messages import (
    Button,
    ButtonsPart,
    CardField,
    ConfirmPart,
    Inbound,
    OrderCardPart,
    Reply,
    TextPart,
)
from core.outbound import DeliveryFailed, NoticeKind
from core.services import Services, build_services
from core.settings import Settings
from tests.conftest import REDIS_URL
from tests.fake_wechat import APP_ID, FakeWeChat, signed_query, text_xml, wechat_settings

OPENID = "oCustomer000000000000000001"
MENU = Reply(
    parts=[
        ButtonsPart(
            text="I can help with your orders.",
            buttons=[
                Button(label="Where is my order?", payload="intent:order_status"),
                Button(label="Return or exchange", payload="intent:return_request"),
            ],
        ),
        ConfirmPart(
            text="Change the address?",
            yes=Button(label="Yes", payload="confirm:yes"),
            no=Button(label="No", payload="confirm:no"),
        ),
    ]
)


class GatedEngine(Engine):
    """The real engine, held back until the test opens the gate; counts what it handles (a
    message it already answered is not handled again)."""

    def __init__(self, services: Services, gate: asyncio.Event) -> None:
        super().__init__(services)
        self.gate = gate
        self.started = asyncio.Event()
        self.handled: list[Inbound] = []

    async def _handle(self, inbound: Inbound) -> Reply:  # after the engine's dedup
        self.handled.append(inbound)
        self.started.set()
        await self.gate.wait()
        return await super()._handle(inbound)


class FixedEngine(Engine):
    """Answers every message with one given reply."""

    def __init__(self, services: Services, reply: Reply) -> None:
        super().__init__(services)
        self.reply = reply

    async def handle(self, inbound: Inbound) -> Reply:
        return self.reply


@pytest.fixture
async def fake() -> AsyncIterator[FakeWeChat]:
    async with FakeWeChat() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, fake: FakeWeChat, redis_prefix: str) -> Settings:
    return wechat_settings(
        tmp_path, fake.api_base, redis_url=REDIS_URL, redis_prefix=redis_prefix, demo=True
    )


@pytest.fixture
async def services(settings: Settings, redis: Redis) -> AsyncIterator[Services]:
    """Services on the real Redis (sessions, dedup keys, windows); `redis` cleans up after."""
    built = await build_services(settings)
    yield built
    await built.aclose()


@pytest.fixture
def sync_redis() -> Iterator[Callable[[], SyncRedis]]:
    """A new synchronous Redis client per call: one per simulated process."""
    made: list[SyncRedis] = []

    def make() -> SyncRedis:
        made.append(SyncRedis.from_url(REDIS_URL))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def sender(services: Services, sync_redis: Callable[[], SyncRedis]) -> WeChatSender:
    client = build_client(services.settings.wechat, sync_redis(), services.settings.redis_prefix)
    return WeChatSender(client, services.keys, {"notice": "TPL_NOTICE", "staff": "TPL_STAFF"})


def webhook_for(engine: Engine, sender: WeChatSender, budget: float = 4.0) -> WeChatWebhook:
    wechat = engine.services.settings.wechat.model_copy(update={"reply_budget_seconds": budget})
    return WeChatWebhook(engine, wechat, sender=sender)


# --- late replies, exactly once -------------------------------------------------------------


async def test_slow_core_gets_success_now_and_one_customer_service_message_later(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    gate = asyncio.Event()
    engine = GatedEngine(services, gate)
    webhook = webhook_for(engine, sender, budget=0.01)  # the gate, not the clock, holds the core

    answer = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hello", 9001))
    assert (answer.status, answer.body) == (200, b"success")
    assert fake.sent == []

    gate.set()
    await webhook.drain()
    [message] = fake.sent
    assert message["touser"] == OPENID
    assert message["msgtype"] == "msgmenu"  # the greeting offers buttons
    assert [item["id"] for item in message["msgmenu"]["list"]][:2] == ["1", "2"]


async def test_wechat_retries_of_a_claimed_message_answer_success_and_send_nothing(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    gate = asyncio.Event()
    engine = GatedEngine(services, gate)
    webhook = webhook_for(engine, sender, budget=0.01)
    xml = text_xml(OPENID, "hello", 9002)

    first = await webhook.handle_request("POST", signed_query(), xml)
    during = await webhook.handle_request("POST", signed_query("retry1"), xml)
    gate.set()
    await webhook.drain()
    after = await webhook.handle_request("POST", signed_query("retry2"), xml)
    await webhook.drain()

    assert [r.body for r in (first, during, after)] == [b"success"] * 3
    assert len(engine.handled) == 1
    assert len(fake.sent) == 1


async def test_a_retry_reaching_another_process_is_ignored_too(
    services: Services, sender: WeChatSender, fake: FakeWeChat, settings: Settings
) -> None:
    """Two web processes share Redis: the one that did not claim the message stays silent."""
    other = await build_services(settings)
    try:
        engine, other_engine = GatedEngine(services, asyncio.Event()), Engine(other)
        engine.gate.set()
        xml = text_xml(OPENID, "hello", 9003)
        first = await webhook_for(engine, sender).handle_request("POST", signed_query(), xml)
        retry = await webhook_for(other_engine, sender).handle_request("POST", signed_query(), xml)
    finally:
        await other.aclose()
    assert first.body.startswith(b"<xml>")
    assert retry.body == b"success"
    assert len(engine.handled) == 1 and fake.sent == []


async def test_a_fast_core_answers_passively_and_sends_nothing_else(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    webhook = webhook_for(Engine(services), sender)
    answer = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hello", 9004))
    await webhook.drain()
    assert xmltodict.parse(answer.body)["xml"]["MsgType"] == "text"
    assert fake.sent == []


async def test_silent_reply_sends_nothing_passive_or_late(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    webhook = webhook_for(FixedEngine(services, Reply(parts=MENU.parts, silent=True)), sender)
    answer = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hi", 9005))
    await sender.send(OPENID, Reply(parts=MENU.parts, silent=True))
    assert answer.body == b"success"
    assert fake.sent == []


# --- rendering ------------------------------------------------------------------------------


async def test_buttons_are_numbered_text_in_a_passive_reply(
    services: Services, sender: WeChatSender
) -> None:
    webhook = webhook_for(FixedEngine(services, MENU), sender)
    answer = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hi", 9101))
    content = xmltodict.parse(answer.body)["xml"]["Content"]
    assert content.splitlines() == [
        "I can help with your orders.",
        "1. Where is my order?",
        "2. Return or exchange",
        "Change the address?",
        "3. Yes",
        "4. No",
    ]


async def test_a_typed_number_picks_the_numbered_button(
    services: Services, sender: WeChatSender
) -> None:
    webhook = webhook_for(Engine(services), sender)
    menu = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hello", 9102))
    assert "1. " in xmltodict.parse(menu.body)["xml"]["Content"]
    picked = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "1", 9103))
    assert "order number" in xmltodict.parse(picked.body)["xml"]["Content"]


async def test_buttons_are_a_msgmenu_in_a_customer_service_message(
    sender: WeChatSender, fake: FakeWeChat
) -> None:
    await sender.touch(OPENID)
    await sender.send(OPENID, MENU)
    [message] = fake.sent
    assert message["msgtype"] == "msgmenu"
    assert message["msgmenu"]["head_content"] == "I can help with your orders.\nChange the address?"
    assert message["msgmenu"]["list"] == [
        {"id": "1", "content": "Where is my order?"},
        {"id": "2", "content": "Return or exchange"},
        {"id": "3", "content": "Yes"},
        {"id": "4", "content": "No"},
    ]


def test_an_order_card_is_rendered_as_text_lines() -> None:
    card = OrderCardPart(
        title="Order ****1023",
        status="Shipped",
        fields=[CardField(label="Tracking", value="SF1234567890123")],
        lines=["陶瓷马克杯 × 2"],
    )
    reply = Reply(parts=[TextPart(text="Here it is."), card])
    assert reply_text(reply).splitlines() == [
        "Here it is.",
        "Order ****1023",
        "Shipped",
        "Tracking: SF1234567890123",
        "陶瓷马克杯 × 2",
    ]


def test_long_text_is_split_at_line_ends_within_the_byte_limit() -> None:
    text = "\n".join(f"第{i}行：您的包裹正在运输途中，请耐心等待。" for i in range(200))
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(len(c.encode()) <= TEXT_LIMIT_BYTES for c in chunks)
    assert "\n".join(chunks) == text


def test_a_single_overlong_line_is_cut_without_breaking_characters() -> None:
    text = "包" * 2000  # 6000 bytes, no line breaks
    chunks = split_text(text)
    assert all(len(c.encode()) <= TEXT_LIMIT_BYTES for c in chunks)
    assert "".join(chunks) == text


async def test_a_long_reply_goes_out_as_several_customer_service_messages(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    long = "\n".join(f"Line {i}: your parcel is moving through the network." for i in range(100))
    webhook = webhook_for(FixedEngine(services, Reply(parts=[TextPart(text=long)])), sender)
    answer = await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hi", 9104))
    await webhook.drain()
    assert answer.body == b"success"  # too long for one passive reply
    assert len(fake.sent) > 1
    assert all(m["msgtype"] == "text" for m in fake.sent)
    assert "\n".join(fake.texts()) == long


# --- the access token -----------------------------------------------------------------------


async def test_access_token_is_fetched_once_and_shared_through_redis(
    services: Services, fake: FakeWeChat, sync_redis: Callable[[], SyncRedis]
) -> None:
    one = WeChatSender(
        build_client(services.settings.wechat, sync_redis(), services.settings.redis_prefix),
        services.keys,
    )
    two = WeChatSender(
        build_client(services.settings.wechat, sync_redis(), services.settings.redis_prefix),
        services.keys,
    )
    await one.touch(OPENID)
    await one.send(OPENID, Reply(parts=[TextPart(text="from process one")]))
    await two.send(OPENID, Reply(parts=[TextPart(text="from process two")]))
    assert fake.token_requests == 1
    assert fake.texts() == ["from process one", "from process two"]
    stored = sync_redis().get(f"{services.settings.redis_prefix}wechatpy:{APP_ID}_access_token")
    assert stored == b'"ACCESS_TOKEN_1"'


async def test_two_processes_needing_a_token_at_once_fetch_it_once(
    services: Services, fake: FakeWeChat, sync_redis: Callable[[], SyncRedis]
) -> None:
    fake.token_gate = asyncio.Event()
    one = WeChatSender(
        build_client(services.settings.wechat, sync_redis(), services.settings.redis_prefix),
        services.keys,
    )
    two = WeChatSender(
        build_client(services.settings.wechat, sync_redis(), services.settings.redis_prefix),
        services.keys,
    )
    await one.touch(OPENID)
    sends = [
        asyncio.create_task(s.send(OPENID, Reply(parts=[TextPart(text="x")]))) for s in (one, two)
    ]
    await fake.token_asked.wait()
    fake.token_gate.set()
    await asyncio.gather(*sends)
    assert fake.token_requests == 1
    assert len(fake.sent) == 2


# --- the 48-hour window ---------------------------------------------------------------------


async def test_inside_the_window_a_customer_service_message_is_sent(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    webhook = webhook_for(Engine(services), sender)
    await webhook.handle_request("POST", signed_query(), text_xml(OPENID, "hello", 9201))
    await sender.send(
        OPENID, Reply(parts=[TextPart(text="Your parcel is late.")]), kind=NoticeKind.NOTICE
    )
    assert fake.texts() == ["Your parcel is late."]
    assert fake.templates == []


async def test_outside_the_window_the_notice_kinds_template_is_used(
    sender: WeChatSender, fake: FakeWeChat
) -> None:
    reply = Reply(parts=[TextPart(text="Your parcel is late.")])
    await sender.send(OPENID, reply, kind=NoticeKind.NOTICE)
    assert fake.sent == []
    [template] = fake.templates
    assert template["touser"] == OPENID and template["template_id"] == "TPL_NOTICE"
    assert template["data"]["content"]["value"] == "Your parcel is late."


async def test_a_window_that_has_expired_counts_as_outside(
    services: Services, sender: WeChatSender, fake: FakeWeChat
) -> None:
    await sender.touch(OPENID)
    await services.keys.clear(f"wechat:window:{OPENID}")  # what Redis does after 48 hours
    await sender.send(OPENID, Reply(parts=[TextPart(text="late")]), kind=NoticeKind.STAFF)
    assert fake.sent == [] and fake.templates[0]["template_id"] == "TPL_STAFF"


async def test_outside_the_window_without_a_template_delivery_fails(
    sender: WeChatSender, fake: FakeWeChat
) -> None:
    with pytest.raises(DeliveryFailed):
        await sender.send(OPENID, Reply(parts=[TextPart(text="late")]), kind=NoticeKind.REPLY)
    assert fake.sent == [] and fake.templates == []


async def test_an_api_error_is_a_delivery_failure(sender: WeChatSender, fake: FakeWeChat) -> None:
    await sender.touch(OPENID)
    fake.fail_with = 45015  # "response out of time limit"
    with pytest.raises(DeliveryFailed):
        await sender.send(OPENID, Reply(parts=[TextPart(text="hello")]))


async def test_an_unreachable_api_is_a_delivery_failure(
    services: Services, sync_redis: Callable[[], SyncRedis]
) -> None:
    wechat = services.settings.wechat.model_copy(update={"api_base": "http://127.0.0.1:9/"})
    settings = services.settings.model_copy(update={"wechat": wechat})
    sender = WeChatSender(
        build_client(settings.wechat, sync_redis(), settings.redis_prefix), services.keys
    )
    await sender.touch(OPENID)
    with pytest.raises(DeliveryFailed):
        await sender.send(OPENID, Reply(parts=[TextPart(text="hello")]))
