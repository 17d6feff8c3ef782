"""The Telegram channel end to end, run against both aiogram and python-telegram-bot.

Updates are posted to the real `/webhooks/telegram` route; the real SDK clients talk to a fake
Bot API on 127.0.0.1 (tests/fake_telegram.py), which records what the customer would see.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from typing import Any

import pytest
import structlog
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.telegram.render import MESSAGE_LIMIT
from adapters.telegram.runtime import build_runtime, open_bot
from adapters.telegram.sender import TelegramSender
from adapters.telegram.webhook import (
    SECRET_HEADER,
    WEBHOOK,
    WEBHOOK_PATH,
    TelegramWebhook,
    mount,
)
from bots.telegram import issue_link, link_token, poll, set_webhook
from core.engine import Engine
from core.i18n import Localizer
from core.identity import link_key, sign_link, verify_link
from core.logs import configure_logging
from core.messages import Button, ButtonsPart, Inbound, Reply, TextPart
from core.order import Order
from core.outbound import DeliveryFailed
from core.services import Services
from core.settings import Settings
from core.understanding import build_understander
from tests.factories import shipped
from tests.fake_telegram import Call, FakeClock, FakeTelegram

pytestmark = pytest.mark.filterwarnings(
    # python-telegram-bot reads its own deprecated RetryAfter.retry_after when raising it
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)

TOKEN = "123456:TEST-token-of-the-fake-bot"
SECRET = "webhook-secret_42"
USER = 777001
STRANGER = 777002


@pytest.fixture(params=["aiogram", "ptb"])
def framework(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
def settings(tmp_path, fake: FakeTelegram, framework: str) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=None,
        seed_demo_if_empty=False,
        telegram_token=TOKEN,
        telegram_webhook_secret=SECRET,
        telegram_api_base=fake.base_url,
        telegram_framework=framework,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def tied_to_telegram(user: int = USER, **overrides: Any) -> dict[str, Any]:
    """The shipped order of customer C-LI, whose Telegram user is `user`."""
    doc = shipped(**overrides)
    doc["customer"]["channels"].append({"channel": "telegram", "user_id": str(user)})
    return doc


async def store(services: Services, *docs: dict[str, Any]) -> None:
    await services.orders.replace_all([Order.model_validate(d) for d in docs])


def person(user: int, language: str | None) -> dict[str, Any]:
    who: dict[str, Any] = {"id": user, "is_bot": False, "first_name": "Ann"}
    if language:
        who["language_code"] = language
    return who


def text_update(
    update_id: int, text: str, *, user: int = USER, language: str | None = "en"
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 1_700_000_000,
        "chat": {"id": user, "type": "private"},
        "from": person(user, language),
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def button_update(
    update_id: int, data: str, *, user: int = USER, language: str | None = "en"
) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb-{update_id}",
            "from": person(user, language),
            "chat_instance": "42",
            "data": data,
            "message": {
                "message_id": 5000,
                "date": 1_700_000_000,
                "chat": {"id": user, "type": "private"},
                "from": {"id": 123456, "is_bot": True, "first_name": "Shop Support"},
                "text": "menu",
            },
        },
    }


@dataclass
class Channel:
    """The webhook of one mounted Telegram channel, and what the fake Bot API saw."""

    client: TestClient
    hook: TelegramWebhook
    sender: TelegramSender
    fake: FakeTelegram
    next_id: int = 1

    async def post(self, update: Any, *, secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        if isinstance(update, bytes):
            res = await self.client.post(WEBHOOK_PATH, data=update, headers=headers)
        else:
            res = await self.client.post(WEBHOOK_PATH, json=update, headers=headers)
        await self.hook.drain()
        return res.status

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    async def say(self, text: str, **kwargs: Any) -> list[Call]:
        """Post a text message; return the messages sent in answer."""
        before = len(self.fake.sent())
        assert await self.post(text_update(self._id(), text, **kwargs)) == 200
        return self.fake.sent()[before:]

    async def press(self, data: str, **kwargs: Any) -> list[Call]:
        before = len(self.fake.sent())
        assert await self.post(button_update(self._id(), data, **kwargs)) == 200
        return self.fake.sent()[before:]


OpenChannel = Callable[..., Awaitable[Channel]]


class RecordingLimits:
    """Stands in for Telegram's send limits (aiolimiter's buckets): which chat each message
    waited for, without waiting."""

    def __init__(self) -> None:
        self.waited: list[str] = []

    async def wait(self, chat_id: str) -> None:
        self.waited.append(chat_id)


@pytest.fixture
def limits() -> RecordingLimits:
    return RecordingLimits()


@pytest.fixture
async def open_channel(
    settings: Settings,
    services: Services,
    engine: Engine,
    fake: FakeTelegram,
    clock: FakeClock,
    limits: RecordingLimits,
) -> AsyncIterator[OpenChannel]:
    async with AsyncExitStack() as stack:

        async def opener(core: Any = None) -> Channel:
            bot = replace(open_bot(settings.telegram), limits=limits)
            runtime = build_runtime(bot, core or engine, services.keys, services.identity)
            hook = TelegramWebhook(runtime, SECRET)
            stack.push_async_callback(hook.close)
            app = web.Application()
            mount(app, hook)
            sender = TelegramSender(bot.api, services.keys, limits, sleep=clock.sleep)
            client = await stack.enter_async_context(TestClient(TestServer(app)))
            return Channel(client, app[WEBHOOK], sender, fake)

        yield opener


@pytest.fixture
async def channel(open_channel: OpenChannel) -> Channel:
    return await open_channel()


class ScriptedCore:
    """Stands in for the core: answers every message with one reply and keeps what it got."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.seen: list[Inbound] = []

    async def handle(self, inbound: Inbound) -> Reply:
        self.seen.append(inbound)
        return self.reply

    async def apology(
        self, locale_hint: str | None = None, conversation_key: str | None = None
    ) -> Reply:
        return Reply(parts=[TextPart(text="sorry")])


# --- answering --------------------------------------------------------------------------


async def test_where_is_my_order_from_a_tied_user_gets_the_status_in_html(
    channel: Channel, services: Services
) -> None:
    await store(services, tied_to_telegram())
    sent = await channel.say("where is my order?")
    assert sent, "nothing was sent"
    assert all(c.chat_id == str(USER) for c in sent)
    assert all(c.params["parse_mode"] == "HTML" for c in sent)
    text = "\n".join(c.text for c in sent)
    assert "Order 1234567890123451023 is on its way." in text
    assert "SF1234567890123" in text
    assert "<b>" in text  # the order card's title


async def test_buttons_are_an_inline_keyboard_and_a_press_is_answered_and_handled(
    channel: Channel, services: Services, fake: FakeTelegram
) -> None:
    await store(services, tied_to_telegram())
    menu = await channel.say("/start")
    keyboard = menu[-1].keyboard
    payloads = [button["callback_data"] for row in keyboard for button in row]
    assert "intent:order_status" in payloads
    assert all(len(p.encode()) <= 64 for p in payloads)

    answer = await channel.press("intent:order_status")
    assert [c.params["callback_query_id"] for c in fake.called("answerCallbackQuery")] == [
        f"cb-{channel.next_id}"
    ]
    cleared = fake.called("editMessageReplyMarkup")
    assert cleared and cleared[-1].params["message_id"] in ("5000", 5000)
    assert "SF1234567890123" in "\n".join(c.text for c in answer)


async def test_core_text_is_html_escaped(channel: Channel, services: Services) -> None:
    doc = tied_to_telegram()
    doc["shipments"][0]["events"][-1]["description"] = "Arrived at <b>Hub</b> & sorted"
    await store(services, doc)
    text = "\n".join(c.text for c in await channel.say("where is my order?"))
    assert "Arrived at &lt;b&gt;Hub&lt;/b&gt; &amp; sorted" in text
    assert "<b>Hub</b>" not in text


async def test_replies_longer_than_4096_characters_are_split(open_channel: OpenChannel) -> None:
    long_text = "\n".join(f"line {i}: " + "x" * 90 for i in range(120))  # about 12 000 chars
    core = ScriptedCore(
        Reply(
            parts=[
                TextPart(text=long_text),
                ButtonsPart(buttons=[Button(label="OK", payload="intent:affirm")]),
            ]
        )
    )
    channel = await open_channel(core)
    sent = await channel.say("tell me everything")
    assert len(sent) == 3
    assert all(len(c.text) <= MESSAGE_LIMIT for c in sent)
    assert "\n".join(c.text for c in sent) == long_text
    assert [bool(c.keyboard) for c in sent] == [False, False, True]


async def test_a_silent_reply_sends_nothing(open_channel: OpenChannel, fake: FakeTelegram) -> None:
    channel = await open_channel(ScriptedCore(Reply(parts=[TextPart(text="hi")], silent=True)))
    assert await channel.say("hello?") == []
    assert fake.sent() == []


async def test_a_long_button_payload_is_stored_and_resolved_when_pressed(
    open_channel: OpenChannel,
) -> None:
    payload = "order:" + "9" * 80
    core = ScriptedCore(
        Reply(parts=[ButtonsPart(text="Which?", buttons=[Button(label="That", payload=payload)])])
    )
    channel = await open_channel(core)
    sent = await channel.say("which order?")
    data = sent[-1].keyboard[0][0]["callback_data"]
    assert data.startswith("k:") and len(data.encode()) <= 64

    await channel.press(data)
    assert core.seen[-1].payload == payload


async def test_text_message_becomes_an_inbound_with_ids_and_locale_hint(
    open_channel: OpenChannel,
) -> None:
    core = ScriptedCore(Reply(parts=[TextPart(text="ok")]))
    channel = await open_channel(core)
    await channel.say("¿dónde está mi pedido?", language="es")
    inbound = core.seen[-1]
    assert inbound.channel == "telegram"
    assert inbound.user_id == inbound.chat_id == str(USER)
    assert inbound.event_id == f"123456:{channel.next_id}"  # the bot's id and the update's
    assert inbound.locale_hint == "es"
    assert inbound.text == "¿dónde está mi pedido?"


async def test_language_code_decides_the_language_of_the_greeting(channel: Channel) -> None:
    sent = await channel.say("/start", language="zh-hans")
    greeting = Localizer("zh_Hans")._("Hello! I'm the order assistant. How can I help?")
    assert (
        greeting in sent[0].text and greeting != "Hello! I'm the order assistant. How can I help?"
    )


# --- dedup and webhook guard ------------------------------------------------------------


async def test_a_duplicate_update_id_is_answered_once(channel: Channel, services: Services) -> None:
    await store(services, tied_to_telegram())
    update = text_update(99, "where is my order?")
    assert await channel.post(update) == 200
    assert await channel.post(update) == 200
    assert len(channel.fake.sent()) == 1


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
async def test_a_wrong_or_missing_secret_is_403_and_nothing_is_processed(
    open_channel: OpenChannel, fake: FakeTelegram, secret: str | None
) -> None:
    core = ScriptedCore(Reply(parts=[TextPart(text="ok")]))
    channel = await open_channel(core)
    assert await channel.post(text_update(5, "hello"), secret=secret) == 403
    assert core.seen == [] and fake.calls == []


async def test_an_update_is_refused_with_503_while_the_bot_cannot_start(
    framework: str, channel: Channel, fake: FakeTelegram
) -> None:
    if framework != "ptb":
        pytest.skip("only python-telegram-bot needs getMe before processing updates")
    fake.fail("getMe", status=502, description="Bad Gateway")
    assert await channel.post(text_update(1, "hello")) == 503
    assert await channel.post(text_update(1, "hello")) == 200  # Telegram's retry
    assert len(fake.sent()) == 1


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"message": {"text": "hi"}}', b'{"update_id": "7"}'],
    ids=["not-json", "not-an-object", "no-update-id", "update-id-not-a-number"],
)
async def test_a_malformed_body_is_400(channel: Channel, fake: FakeTelegram, body: bytes) -> None:
    assert await channel.post(body) == 400
    assert fake.sent() == []


# --- deep links -------------------------------------------------------------------------


async def test_start_with_a_signed_token_binds_and_then_status_needs_no_verification(
    channel: Channel, services: Services, settings: Settings
) -> None:
    await store(services, shipped())  # C-LI has no Telegram user yet
    before = "\n".join(c.text for c in await channel.say("where is my order?", user=STRANGER))
    assert "SF1234567890123" not in before

    greeting = await channel.say(f"/start {link_token(settings, 'C-LI')}", user=STRANGER)
    assert greeting, "the core greets after linking"
    assert await services.identity.customer_for("telegram", str(STRANGER)) == "C-LI"

    after = "\n".join(c.text for c in await channel.say("where is my order?", user=STRANGER))
    assert "SF1234567890123" in after


@pytest.mark.parametrize("kind", ["expired", "forged", "garbage"])
async def test_expired_or_forged_tokens_do_not_bind_but_get_a_polite_answer(
    channel: Channel, services: Services, settings: Settings, kind: str
) -> None:
    token = {
        "expired": link_token(settings, "C-LI", ttl_seconds=-60),
        "forged": sign_link(link_key("some-other-bot:token"), "C-LI"),
        "garbage": "!!not-a-token!!",
    }[kind]
    sent = await channel.say(f"/start {token}", user=STRANGER)
    assert sent and sent[0].text
    assert await services.identity.customer_for("telegram", str(STRANGER)) is None


async def test_a_used_link_does_not_bind_a_second_user(
    channel: Channel, services: Services, settings: Settings
) -> None:
    token = link_token(settings, "C-LI")
    await channel.say(f"/start {token}", user=STRANGER)
    await channel.say(f"/start {token}", user=STRANGER + 1)
    assert await services.identity.customer_for("telegram", str(STRANGER)) == "C-LI"
    assert await services.identity.customer_for("telegram", str(STRANGER + 1)) is None


# --- failures ---------------------------------------------------------------------------


class Exploding:
    """The real understander, except that the text "boom" crashes it."""

    def __init__(self, settings: Settings) -> None:
        self.inner = build_understander(settings)

    async def understand(self, text: str, **kwargs: Any) -> Any:
        if text == "boom":
            raise RuntimeError("understanding exploded for 13812345678")
        return await self.inner.understand(text, **kwargs)


@pytest.fixture
def masked_logs() -> Iterator[None]:
    configure_logging("INFO")
    yield
    structlog.reset_defaults()


async def test_a_crash_in_the_core_costs_one_apology_in_the_users_language(
    open_channel: OpenChannel,
    services: Services,
    settings: Settings,
    masked_logs: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await store(services, tied_to_telegram())
    channel = await open_channel(Engine(services, understander=Exploding(settings)))  # type: ignore[arg-type]
    apology = await channel.say("boom", language="zh-hans")
    assert [c.text for c in apology] == ["抱歉，系统出了点问题，请稍后再试。"]
    logged = capsys.readouterr().out
    assert "handle_failed" in logged and "****5678" in logged
    assert "13812345678" not in logged
    after = "\n".join(c.text for c in await channel.say("where is my order?"))
    assert "SF1234567890123" in after


# --- outbound: limits and refusals ------------------------------------------------------


def hello() -> Reply:
    return Reply(parts=[TextPart(text="Your parcel is out for delivery.")])


async def test_429_is_retried_after_the_stated_wait(
    channel: Channel, fake: FakeTelegram, clock: FakeClock
) -> None:
    fake.fail("sendMessage", status=429, retry_after=3)
    await channel.sender.send(str(USER), hello())
    assert clock.sleeps == [3.0]
    assert [c.text for c in fake.sent()] == ["Your parcel is out for delivery."] * 2


async def test_429_over_and_over_ends_in_delivery_failed(
    channel: Channel, fake: FakeTelegram, clock: FakeClock
) -> None:
    fake.fail("sendMessage", status=429, retry_after=2, times=10)
    with pytest.raises(DeliveryFailed):
        await channel.sender.send(str(USER), hello())
    assert len(fake.sent()) == channel.sender.max_attempts
    assert clock.sleeps == [2.0] * (channel.sender.max_attempts - 1)


async def test_a_user_who_blocked_the_bot_is_delivery_failed(
    channel: Channel, fake: FakeTelegram, clock: FakeClock
) -> None:
    fake.fail("sendMessage", status=403)
    with pytest.raises(DeliveryFailed, match="blocked"):
        await channel.sender.send(str(USER), hello())
    assert len(fake.sent()) == 1 and clock.sleeps == []


async def test_every_message_waits_for_its_chats_turn_under_the_send_limits(
    channel: Channel, fake: FakeTelegram, limits: RecordingLimits
) -> None:
    await channel.sender.send(str(USER), hello())
    await channel.sender.send(str(STRANGER), hello())
    await channel.sender.send(str(USER), hello())
    assert limits.waited == [str(USER), str(STRANGER), str(USER)]
    assert [c.chat_id for c in fake.sent()] == [str(USER), str(STRANGER), str(USER)]


async def test_the_sender_is_the_telegram_channel(channel: Channel) -> None:
    assert channel.sender.channel == "telegram"


async def test_updates_are_answered_concurrently_without_losing_any(
    open_channel: OpenChannel,
) -> None:
    core = ScriptedCore(Reply(parts=[TextPart(text="ok")]))
    channel = await open_channel(core)
    statuses = await asyncio.gather(
        *(channel.post(text_update(200 + i, "hi", user=USER + i)) for i in range(5))
    )
    assert statuses == [200] * 5
    assert sorted(int(c.chat_id) for c in channel.fake.sent()) == [USER + i for i in range(5)]


# --- the shop's own bot, groups ---------------------------------------------------------


async def feed_the_shops_own_bot(
    framework: str, fake: FakeTelegram, core: Any, services: Services, update: dict[str, Any]
) -> None:
    """Plug the channel into a Dispatcher / Application the shop built itself, and feed it."""
    limits = RecordingLimits()
    if framework == "aiogram":
        from aiogram import Dispatcher

        from adapters.telegram.with_aiogram import build_router, make_bot

        dispatcher = Dispatcher()
        dispatcher.include_router(
            build_router(core, services.keys, services.identity, limits=limits)
        )
        bot = make_bot(TOKEN, fake.base_url)
        try:
            await dispatcher.feed_raw_update(bot, update)
        finally:
            await bot.session.close()
        return
    from telegram import Update

    from adapters.telegram.with_ptb import builder, register

    application = builder(TOKEN, fake.base_url).updater(None).build()
    register(application, core, services.keys, services.identity, limits=limits)
    async with application:
        await application.process_update(Update.de_json(update, application.bot))


async def test_the_channel_plugs_into_the_shops_own_dispatcher_or_application(
    framework: str, fake: FakeTelegram, services: Services
) -> None:
    core = ScriptedCore(Reply(parts=[TextPart(text="Hello from the core")]))
    await feed_the_shops_own_bot(framework, fake, core, services, text_update(1, "hi"))
    assert [c.text for c in fake.sent()] == ["Hello from the core"]


async def test_group_chats_are_left_alone(
    framework: str, fake: FakeTelegram, services: Services
) -> None:
    core = ScriptedCore(Reply(parts=[TextPart(text="order details")]))
    update = text_update(1, "where is my order?")
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Fans"}
    await feed_the_shops_own_bot(framework, fake, core, services, update)
    assert core.seen == [] and fake.sent() == []


# --- deploy-time commands and polling ---------------------------------------------------


async def test_set_webhook_registers_the_url_with_the_secret_token(
    settings: Settings, fake: FakeTelegram
) -> None:
    url = "https://shop.example/webhooks/telegram"
    assert await asyncio.to_thread(set_webhook, settings, url) == 0
    call = fake.called("setWebhook")[-1]
    assert call.params["url"] == url
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == [
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
    ]


async def test_set_webhook_refuses_plain_http(settings: Settings, fake: FakeTelegram) -> None:
    assert await asyncio.to_thread(set_webhook, settings, "http://shop.example/hook") == 2
    assert fake.called("setWebhook") == []


async def test_issue_link_gives_a_t_me_link_with_the_bots_username(settings: Settings) -> None:
    link = await asyncio.to_thread(issue_link, settings, "C-LI")
    prefix = "https://t.me/shop_support_bot?start="
    assert link.startswith(prefix)
    token = link.removeprefix(prefix)
    assert len(token) <= 64
    assert verify_link(link_key(TOKEN), token).customer_id == "C-LI"


async def test_issue_link_falls_back_to_the_template_when_get_me_fails(
    settings: Settings, fake: FakeTelegram
) -> None:
    fake.fail("getMe", status=401, description="Unauthorized")
    link = await asyncio.to_thread(issue_link, settings, "C-LI")
    assert link.startswith("https://t.me/<bot_username>?start=")


async def test_polling_answers_updates_until_stopped(
    settings: Settings, services: Services, fake: FakeTelegram, clock: FakeClock
) -> None:
    await store(services, tied_to_telegram())
    await fake.push_update(text_update(1, "where is my order?"))
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(settings, services, stop=stop))
    sent = await fake.wait_for("sendMessage")
    stop.set()
    assert await asyncio.wait_for(polling, 10) == 0
    assert "SF1234567890123" in sent[0].text


async def test_polling_will_not_silently_remove_a_webhook(
    settings: Settings, services: Services, fake: FakeTelegram
) -> None:
    fake.webhook_url = "https://shop.example/webhooks/telegram"
    assert await poll(settings, services, stop=asyncio.Event()) == 1
    assert fake.called("deleteWebhook") == []


# --- whole conversations from the flows ---------------------------------------------------


async def test_an_address_change_runs_end_to_end_over_telegram(
    channel: Channel, services: Services
) -> None:
    await store(services, tied_to_telegram(status="paid", shipments=[]))
    asked = await channel.say("I need to change my delivery address")
    assert "1234567890123451023" in asked[-1].text
    shown = await channel.say("浙江省杭州市西湖区文三路100号 张三 13912345678")
    payloads = [b["callback_data"] for row in shown[-1].keyboard for b in row]
    assert payloads == ["confirm:yes", "confirm:no"]
    done = await channel.press("confirm:yes")
    assert "1234567890123451023" in done[-1].text
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and order.shipping_address.name == "张三"


async def test_a_partial_return_runs_end_to_end_over_telegram(
    channel: Channel, services: Services
) -> None:
    doc = tied_to_telegram(status="delivered", delivered_at=shipped()["placed_at"])
    doc["items"][0]["category"] = "general"  # 2 mugs at ¥49
    await store(services, doc)
    await channel.say("I want to return one mug")
    await channel.press("return_qty:1")
    quote = await channel.press("return_reason:no_reason")
    assert "¥49.00" in quote[-1].text  # 1 of 2 mugs of a ¥98 line
    await channel.press("confirm:yes")
    order = await services.hub.get_order("1234567890123451023")
    assert order is not None and [r.refund_amount for r in order.returns] == [49]
