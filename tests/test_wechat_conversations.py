"""Whole conversations over WeChat, plain and safe mode: the flows with numbered choices."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import xmltodict

from adapters.wechat.webhook import WeChatWebhook
from core.engine import Engine
from core.messages import Inbound
from core.order import Order
from core.services import Services
from core.settings import Settings
from tests.factories import iso, shipped
from tests.fake_wechat import (
    decrypted_reply,
    encrypted,
    signed_query,
    text_xml,
    wechat_settings,
)

OPENID = "oLiNa0000000000000000openid"
ORDER = "1234567890123451023"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return wechat_settings(tmp_path, "http://127.0.0.1:9/cgi-bin/")


def tied(**overrides: Any) -> dict[str, Any]:
    doc = shipped(**overrides)
    doc["customer"]["channels"].append({"channel": "wechat", "user_id": OPENID})
    return doc


class Customer:
    """A WeChat user typing into the Official Account; returns the passive reply's text."""

    def __init__(self, webhook: WeChatWebhook, safe: bool) -> None:
        self.webhook = webhook
        self.safe = safe
        self.msg_id = 1000

    async def say(self, text: str) -> str:
        self.msg_id += 1
        xml = text_xml(OPENID, text, self.msg_id)
        if self.safe:
            query, body = encrypted(xml)
            answer = await self.webhook.handle_request("POST", query, body)
            return str(decrypted_reply(answer.body, query)["Content"])
        answer = await self.webhook.handle_request("POST", signed_query(), xml)
        return str(xmltodict.parse(answer.body)["xml"]["Content"])


@pytest.fixture(params=["plain", "safe"])
def customer(request: pytest.FixtureRequest, engine: Engine, services: Services) -> Customer:
    return Customer(WeChatWebhook(engine, services.settings.wechat), safe=request.param == "safe")


async def test_an_address_change_runs_end_to_end_over_wechat(
    customer: Customer, services: Services
) -> None:
    await services.orders.replace_all([Order.model_validate(tied(status="paid", shipments=[]))])
    assert "1234567890123451023" in await customer.say("我要改地址")
    shown = await customer.say("浙江省杭州市西湖区文三路100号 张三 13912345678")
    assert "1." in shown and "2." in shown  # yes / no as numbered text
    await customer.say("1")
    order = await services.hub.get_order(ORDER)
    assert order is not None and order.shipping_address.name == "张三"


async def test_a_partial_return_runs_end_to_end_over_wechat(
    customer: Customer, services: Services
) -> None:
    doc = tied(status="delivered", delivered_at=iso(timedelta(days=-1)))
    doc["items"][0]["category"] = "general"  # 2 mugs, ¥98 paid
    await services.orders.replace_all([Order.model_validate(doc)])
    reasons = await customer.say("我想退一个马克杯")
    assert "1." in reasons and "5." in reasons  # the five reasons, numbered
    quote = await customer.say("1")
    assert "49.00" in quote  # 1 of 2 units of a ¥98 line
    await customer.say("1")  # yes
    order = await services.hub.get_order(ORDER)
    assert order is not None and [r.refund_amount for r in order.returns] == [49]


async def test_one_customer_on_wechat_and_telegram_is_one_customer_with_two_sessions(
    engine: Engine, services: Services
) -> None:
    doc = tied()
    doc["customer"]["channels"].append({"channel": "telegram", "user_id": "777001"})
    await services.orders.replace_all([Order.model_validate(doc)])
    webhook = WeChatWebhook(engine, services.settings.wechat)
    await Customer(webhook, safe=False).say("转人工")
    await engine.handle(
        Inbound(channel="telegram", user_id="777001", chat_id="777001", text="human please")
    )
    tickets = await services.tickets.list()
    assert [t.customer_id for t in tickets] == ["C-LI", "C-LI"]
    wechat = await services.sessions.load(f"wechat:{OPENID}")
    telegram = await services.sessions.load("telegram:777001")
    assert wechat.history and telegram.history and wechat.history != telegram.history
