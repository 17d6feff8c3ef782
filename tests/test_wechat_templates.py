"""WeChat template messages outside the 48-hour window: each notice kind maps to a template in
settings, each typed key (`thing1`, `time2`, `character_string3`, ...) gets a value fitted to its
type's rule (WeChat's "参数值内容限制"), sent through the running server's WeChat sender."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bots.serve import SERVICES, create_app
from core.i18n import Localizer
from core.messages import Button, ButtonsPart, Reply, TextPart
from core.order import Order
from core.outbound import NoticeKind, WeChatTemplate, fit, key_type, template_data
from core.policies import ExceptionFinding, ExceptionKind, ShopPolicy
from core.proactive.compose import render_notice
from core.services import Services, build_services
from core.settings import Settings
from tests.factories import order_doc
from tests.fake_wechat import FakeWeChat, wechat_settings

OPENID = "o-template-customer"
NOTICE = {
    "template_id": "TPL_STOCK_NOTICE",
    "fields": {
        "thing1": "summary",
        "character_string2": "order",
        "time3": "time",
        "phrase4": "=缺货提醒",
        "thing5": "shop",
    },
    "url": "https://shop.example/chat",
}
STAFF = {"template_id": "TPL_STAFF", "fields": {"thing1": "text", "time2": "time"}}


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[Services, FakeWeChat]]:
    async with FakeWeChat() as fake:
        settings = wechat_settings(
            tmp_path,
            fake.api_base,
            wechat_aes_key=None,
            shop_name="杭州小店旗舰店官方客服中心",
            wechat_templates={"notice": NOTICE, "staff": STAFF, "reply": "TPL_OLD_CONTENT"},
        )
        services = await build_services(settings)
        app = await create_app(settings, services)
        async with TestClient(TestServer(app)):
            yield app[SERVICES], fake  # the process's services: the WeChat sender among them
        await services.aclose()


def stock_out_notice() -> Reply:
    order = Order.model_validate(order_doc())
    finding = ExceptionFinding(
        kind=ExceptionKind.STOCK_OUT, since=datetime.now(UTC), offer_cancellation=True
    )
    return render_notice(order, finding, {}, Localizer("zh_Hans"), ShopPolicy())


async def send(services: Services, reply: Reply, kind: NoticeKind) -> None:
    sender = services.senders.get("wechat")
    assert sender is not None, "the WeChat sender is mounted by serve"
    await sender.send(OPENID, reply, kind=kind)


async def test_a_multi_line_notice_fills_each_typed_key_within_its_rule(
    running: tuple[Services, FakeWeChat],
) -> None:
    services, fake = running
    notice = stock_out_notice()
    assert "\n" in notice.text()  # several lines and buttons: too much for any one key
    await send(services, notice, NoticeKind.NOTICE)
    [sent] = fake.templates
    assert sent["touser"] == OPENID and sent["template_id"] == "TPL_STOCK_NOTICE"
    assert sent["url"] == "https://shop.example/chat"
    data: dict[str, Any] = {key: value["value"] for key, value in sent["data"].items()}
    assert set(data) == {"thing1", "character_string2", "time3", "phrase4", "thing5"}
    assert len(data["thing1"]) == 20 and data["thing1"].endswith("…")
    assert notice.text().startswith(data["thing1"][:-1])
    assert data["character_string2"] == "1234567890123451023"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", data["time3"])
    assert data["phrase4"] == "缺货提醒"
    assert data["thing5"] == "杭州小店旗舰店官方客服中心"  # 13 characters: fits
    assert all("\n" not in value for value in data.values())


async def test_each_notice_kind_uses_its_own_template(
    running: tuple[Services, FakeWeChat],
) -> None:
    services, fake = running
    await send(services, Reply(parts=[TextPart(text="您好，我是客服小王。")]), NoticeKind.STAFF)
    await send(services, Reply(parts=[TextPart(text="Your parcel is late.")]), NoticeKind.REPLY)
    staff, reply = fake.templates
    assert staff["template_id"] == "TPL_STAFF" and staff["data"]["thing1"]["value"] == (
        "您好，我是客服小王。"
    )
    assert reply["template_id"] == "TPL_OLD_CONTENT"  # a bare id: the old one-key template
    assert reply["data"] == {"content": {"value": "Your parcel is late."}}


def test_settings_read_templates_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "ORDERSUPPORT_WECHAT_TEMPLATES",
        '{"notice": {"template_id": "T1", "fields": {"thing1": "summary", "time2": "time"}},'
        ' "staff": "T2"}',
    )
    templates = Settings().wechat.templates
    assert isinstance(templates["notice"], WeChatTemplate)
    assert templates["notice"].fields == {"thing1": "summary", "time2": "time"}
    assert templates["staff"] == "T2"


def test_an_unknown_source_is_refused_when_settings_load() -> None:
    with pytest.raises(ValueError, match="unknown source"):
        WeChatTemplate(template_id="T", fields={"thing1": "customer_name"})


# --- the key types' rules ----------------------------------------------------------------


def test_key_types_come_from_the_key_names() -> None:
    assert key_type("thing1") == "thing"
    assert key_type("character_string12") == "character_string"
    assert key_type("short_thing3") == "short_thing"
    assert key_type("amount05") == "amount"


def test_thing_is_one_line_of_at_most_20_characters() -> None:
    value = fit("thing1", "您的订单已发货\n预计明天送达，请注意查收快递包裹谢谢")
    assert "\n" not in value and len(value) == 20 and value.endswith("…")
    assert fit("thing2", "short") == "short"


def test_character_string_keeps_32_letters_digits_and_symbols_and_no_chinese() -> None:
    assert fit("character_string1", "订单 ****1023") == "****1023"
    assert fit("character_string2", "SF" + "1" * 40) == "SF" + "1" * 30


def test_phrase_is_at_most_five_chinese_characters() -> None:
    assert fit("phrase1", "Shipped 已发货") == "已发货"
    assert fit("phrase2", "正在配送途中啦") == "正在配送途"


def test_number_amount_and_letter_keep_only_what_their_type_allows() -> None:
    assert fit("number1", "3 items") == "3"
    assert fit("letter1", "SF Express 1") == "SFExpress"
    assert fit("amount1", "¥1234.50") == "¥1234.50"


def test_names_are_ten_chinese_or_twenty_latin_characters() -> None:
    assert fit("name1", "欧阳娜娜娜娜娜娜娜娜娜") == "欧阳娜娜娜娜娜娜娜娜"
    assert fit("name2", "Alexandra Montgomery-Smith") == "Alexandra Montgomery"


def test_the_old_free_form_keys_are_cut_at_200_characters() -> None:
    value = fit("content", "x" * 500)
    assert len(value) == 200 and value.endswith("…")


def test_amount_and_order_sources_find_the_first_in_the_reply() -> None:
    reply = Reply(
        parts=[
            TextPart(text="您的退款 ¥21.45 已发起，订单 ****1038。"),
            ButtonsPart(buttons=[Button(label="好的", payload="intent:affirm")]),
        ]
    )
    template = WeChatTemplate(
        template_id="T", fields={"amount1": "amount", "character_string2": "order"}
    )
    data = template_data(template, reply, now=datetime(2025, 3, 1, 4, 5, tzinfo=UTC))
    assert data == {"amount1": {"value": "¥21.45"}, "character_string2": {"value": "****1038"}}


def test_time_is_the_shops_local_time_in_wechats_format() -> None:
    template = WeChatTemplate(template_id="T", fields={"time1": "time", "date2": "date"})
    reply = Reply(parts=[TextPart(text="hi")])
    data = template_data(
        template, reply, now=datetime(2025, 3, 1, 20, 5, tzinfo=UTC), timezone="Asia/Shanghai"
    )
    assert data == {"time1": {"value": "2025年3月2日 04:05"}, "date2": {"value": "2025年3月2日"}}
