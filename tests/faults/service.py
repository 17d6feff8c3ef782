"""The whole `serve` process (every platform mounted, against the fake platforms on 127.0.0.1)
for the security, privacy and fuzz fault tests, on the test's own SQLite file."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bots.serve import create_app
from core.logs import configure_logging
from core.services import Services, build_services
from core.settings import Settings
from tests.chat import store
from tests.factories import shipped
from tests.fake_slack import BOT_TOKEN as SLACK_BOT_TOKEN
from tests.fake_slack import SERVICE_CHANNEL, SIGNING_SECRET, STAFF, FakeSlack
from tests.fake_telegram import FakeTelegram
from tests.fake_wechat import APP_ID, APP_SECRET, TOKEN, FakeWeChat

TG_TOKEN = "123456:TEST-token-of-the-fake-bot"
TG_SECRET = "webhook-secret_42"
SHOP_SECRET = "shop-secret-1"
SHOPIFY_SECRET = "shopify-secret-1"
WOO_SECRET = "woo-secret-1"
API_TOKEN = "test-token"


@dataclass
class Running:
    client: TestClient
    services: Services
    settings: Settings
    telegram: FakeTelegram
    wechat: FakeWeChat
    slack: FakeSlack


def full_settings(tmp_path: Path, tg: FakeTelegram, wc: FakeWeChat, sl: FakeSlack) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=None,
        seed_demo_if_empty=False,
        api_token=API_TOKEN,
        telegram_token=TG_TOKEN,
        telegram_webhook_secret=TG_SECRET,
        telegram_api_base=tg.base_url,
        wechat_app_id=APP_ID,
        wechat_app_secret=SecretStr(APP_SECRET),
        wechat_token=SecretStr(TOKEN),
        wechat_api_base=wc.api_base,
        slack_bot_token=SecretStr(SLACK_BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_base=sl.api_base,
        slack_channels={"default": SERVICE_CHANNEL},
        slack_staff_users=[STAFF],
        shop_webhook_secret=SecretStr(SHOP_SECRET),
        shopify_webhook_secret=SecretStr(SHOPIFY_SECRET),
        woocommerce_webhook_secret=SecretStr(WOO_SECRET),
        rate_limit_webhook_per_minute=100_000,
        rate_limit_ip_per_minute=100_000,
        rate_limit_chat_per_minute=100_000,
    )


@asynccontextmanager
async def serving(tmp_path: Path, **overrides: Any) -> AsyncIterator[Running]:
    """`serve`'s application with the demo-like shipped order stored, every route mounted."""
    async with FakeTelegram() as tg, FakeWeChat() as wc, FakeSlack() as sl:
        settings = full_settings(tmp_path, tg, wc, sl).model_copy(update=overrides)
        services = await build_services(settings)
        await store(services, shipped())
        app = await create_app(settings, services)
        try:
            async with TestClient(TestServer(app, host="127.0.0.1")) as client:
                yield Running(client, services, settings, tg, wc, sl)
        finally:
            await services.aclose()


@contextmanager
def json_logs(capsys: Any) -> Iterator[Any]:
    """The process's logging as `serve` configures it (JSON, masked); yields a reader of lines."""
    configure_logging("INFO", json=True)

    def read() -> list[dict[str, Any]]:
        captured = capsys.readouterr()
        lines = (captured.out + captured.err).splitlines()
        found = []
        for line in lines:
            try:
                found.append(json.loads(line))
            except ValueError:
                found.append({"event": line})
        return found

    try:
        yield read
    finally:
        structlog.reset_defaults()
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "_ours", False):
                root.removeHandler(handler)
