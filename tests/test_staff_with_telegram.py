"""Issue 6 end to end with real SDKs on both sides: a Telegram customer (aiogram against the
fake Bot API) asks for a person; staff act in Slack (slack-bolt against the fake Slack API)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pydantic import SecretStr

from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK, WEBHOOK_PATH
from core.services import Services
from core.settings import TelegramSettings
from tests.chat import store
from tests.factories import shipped
from tests.fake_slack import Desk, slack_desk
from tests.fake_telegram import FakeTelegram

TOKEN = "123456:TEST-token-of-the-fake-bot"
SECRET = "webhook-secret_42"
USER = 777001


class TelegramCustomer:
    def __init__(self, client: TestClient, fake: FakeTelegram) -> None:
        self.client, self.fake = client, fake
        self.update_id = 100

    async def say(self, text: str) -> list[str]:
        before = len(self.fake.sent())
        self.update_id += 1
        update: dict[str, Any] = {
            "update_id": self.update_id,
            "message": {
                "message_id": self.update_id,
                "date": 1_700_000_000,
                "chat": {"id": USER, "type": "private"},
                "from": {"id": USER, "is_bot": False, "first_name": "Li", "language_code": "en"},
                "text": text,
            },
        }
        res = await self.client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
        assert res.status == 200
        await self.client.server.app[WEBHOOK].drain()
        return [c.text for c in self.fake.sent()[before:]]

    def received(self) -> list[str]:
        return [c.text for c in self.fake.sent()]


@pytest.fixture
async def world(services: Services) -> AsyncIterator[tuple[TelegramCustomer, Desk]]:
    doc = shipped()
    doc["customer"]["channels"].append({"channel": "telegram", "user_id": str(USER)})
    await store(services, doc)
    async with FakeTelegram() as fake:
        telegram = TelegramSettings(
            token=SecretStr(TOKEN), webhook_secret=SecretStr(SECRET), api_base=fake.base_url
        )
        async with slack_desk(services, telegram=telegram) as desk:
            assert desk.http is not None
            yield TelegramCustomer(desk.http, fake), desk


async def test_telegram_customer_staff_take_over_relay_both_ways_and_hand_back(
    world: tuple[TelegramCustomer, Desk],
) -> None:
    customer, desk = world
    await customer.say("I want to talk to a human")
    await desk.settle()
    [ticket] = await desk.services.tickets.list()
    [card] = desk.fake.posts()
    assert "****1023" in card.block_text()

    assert await desk.press("take_over", ticket.id) == 200
    assert any("colleague" in text for text in customer.received())

    silent = await customer.say("Hello? My parcel is late")
    assert silent == []  # the bot stays out of it
    await desk.settle()
    _, ts = await desk.card(ticket.id)
    assert "My parcel is late" in desk.fake.posts(thread_ts=ts)[-1].text

    assert await desk.reply_in_thread(ticket.id, "Hi Li, it leaves the hub today.") == 200
    assert customer.received()[-1] == "Hi Li, it leaves the hub today."

    assert await desk.press("hand_back", ticket.id) == 200
    assert "assistant again" in customer.received()[-1]
    answer = await customer.say("where is my order?")
    assert any("SF1234567890123" in text for text in answer)
