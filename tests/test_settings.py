"""Settings: one nested model per platform in code, read from the flat `ORDERSUPPORT_*` names
deployments already use."""

from __future__ import annotations

import pytest

from core.logs import secrets_of
from core.settings import Settings

FLAT = {
    "ORDERSUPPORT_TELEGRAM_TOKEN": "123456:secret-bot-token",
    "ORDERSUPPORT_TELEGRAM_WEBHOOK_SECRET": "hook-secret",
    "ORDERSUPPORT_TELEGRAM_API_BASE": "http://127.0.0.1:9",
    "ORDERSUPPORT_TELEGRAM_LINK_TTL_SECONDS": "60",
    "ORDERSUPPORT_WECHAT_APP_ID": "wx123",
    "ORDERSUPPORT_WECHAT_APP_SECRET": "wechat-app-secret",
    "ORDERSUPPORT_WECHAT_TOKEN": "wechat-token",
    "ORDERSUPPORT_WECHAT_AES_KEY": "wechat-aes-key",
    "ORDERSUPPORT_WECHAT_REPLY_BUDGET_SECONDS": "2.5",
    "ORDERSUPPORT_SLACK_BOT_TOKEN": "xoxb-slack-bot",
    "ORDERSUPPORT_SLACK_SIGNING_SECRET": "slack-signing",
    "ORDERSUPPORT_SLACK_CHANNELS": '{"service": "C01", "finance": "C04"}',
    "ORDERSUPPORT_SLACK_STAFF_USERS": '["U1", "U2"]',
    "ORDERSUPPORT_SHOPIFY_WEBHOOK_SECRET": "shopify-hook",
    "ORDERSUPPORT_SHOPIFY_BASE_URL": "https://demo.myshopify.com",
    "ORDERSUPPORT_WOOCOMMERCE_WEBHOOK_SECRET": "woo-hook",
    "ORDERSUPPORT_SHOPIFY_SHOP_COUNTRY": "CA",
    "ORDERSUPPORT_KUAIDI100_CUSTOMER": "K100CUSTOMER",
    "ORDERSUPPORT_KUAIDI100_KEY": "kuaidi100-key",
    "ORDERSUPPORT_AFTERSHIP_API_KEY": "aftership-key",
    "ORDERSUPPORT_TRACKING_CALLBACK_URL": "https://support.example/webhooks/tracking",
    "ORDERSUPPORT_TRACKING_CACHE_SECONDS": "120",
    "ORDERSUPPORT_WEB_EMBED_ORIGINS": '["https://shop.example"]',
    "ORDERSUPPORT_WEB_DEMO_USERS": "false",
    "ORDERSUPPORT_SHOP_NAME": "Hangzhou Shop",
    "ORDERSUPPORT_DATABASE_URL": "postgresql+asyncpg://db/shop",
}


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in FLAT.items():
        monkeypatch.setenv(name, value)
    return Settings()


def test_the_flat_environment_names_fill_the_nested_platform_settings(
    environment: Settings,
) -> None:
    s = environment
    assert s.telegram.token is not None and s.telegram.token.get_secret_value().startswith("123")
    assert (s.telegram.api_base, s.telegram.link_ttl_seconds) == ("http://127.0.0.1:9", 60)
    assert (s.wechat.app_id, s.wechat.reply_budget_seconds) == ("wx123", 2.5)
    assert s.slack.channels == {"service": "C01", "finance": "C04"}
    assert s.slack.staff_users == ["U1", "U2"]
    assert s.shopify.base_url == "https://demo.myshopify.com"
    assert s.woocommerce.webhook_secret is not None
    assert s.web.embed_origins == ["https://shop.example"] and s.web.demo_users is False
    assert (s.shop_name, s.database_url) == ("Hangzhou Shop", "postgresql+asyncpg://db/shop")


def test_the_tracking_providers_are_nested_settings_read_from_the_flat_names(
    environment: Settings,
) -> None:
    s = environment
    assert s.kuaidi100.customer == "K100CUSTOMER" and s.kuaidi100.key is not None
    assert s.aftership.api_key is not None and s.aftership.base_url == "https://api.aftership.com"
    assert s.tracking.callback_url == "https://support.example/webhooks/tracking"
    assert (s.tracking.cache_seconds, s.shopify.shop_country) == (120, "CA")


def test_every_nested_secret_is_known_to_the_log_redactor(environment: Settings) -> None:
    found = set(secrets_of(environment))
    assert {"123456:secret-bot-token", "wechat-app-secret", "slack-signing", "woo-hook"} <= found
    assert {"kuaidi100-key", "aftership-key"} <= found


def test_code_may_name_the_flat_settings_too() -> None:
    s = Settings(telegram_token="1:abc", slack={"channels": {"default": "C9"}})
    assert s.telegram.token is not None and s.slack.channels == {"default": "C9"}
    tracked = Settings(tracking_timeout_seconds=1.5, outcomes_soft_window_hours=6)
    assert (tracked.tracking.timeout_seconds, tracked.outcomes.soft_window_hours) == (1.5, 6)


def test_demo_mode_follows_the_embedded_defaults_unless_set() -> None:
    assert Settings(database_url="sqlite+aiosqlite:///x.db", redis_url=None).demo_mode
    assert not Settings(database_url="postgresql+asyncpg://db/shop").demo_mode
    assert Settings(database_url="postgresql+asyncpg://db/shop", demo=True).demo_mode
