"""Secrets come only from the environment and never reach a log line; personal data is masked
in every log event, ours (structlog) and the libraries' (standard logging)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from pydantic import SecretStr

from core.logs import configure_logging, secrets_of
from core.settings import Settings

BOT_TOKEN = "987654321:AAF-secret-bot-token-value-0123456789abc"
DB_PASSWORD = "pg-Pa55word-very-secret"
SLACK_TOKEN = "xoxb-1234-5678-abcdefghijklmnop"


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ORDERSUPPORT_TELEGRAM_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("ORDERSUPPORT_SLACK_BOT_TOKEN", SLACK_TOKEN)
    monkeypatch.setenv("ORDERSUPPORT_API_TOKEN", "api-token-from-env-42")
    monkeypatch.setenv("ORDERSUPPORT_WECHAT_AES_KEY", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
    monkeypatch.setenv(
        "ORDERSUPPORT_DATABASE_URL", f"postgresql+asyncpg://shop:{DB_PASSWORD}@db.internal/shop"
    )
    return Settings()


@pytest.fixture
def logs(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    def read() -> str:
        captured = capsys.readouterr()
        return captured.out + captured.err

    yield read
    structlog.reset_defaults()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_ours", False):
            root.removeHandler(handler)


def test_settings_read_secrets_from_the_environment(secret_env: Settings) -> None:
    assert isinstance(secret_env.telegram.token, SecretStr)
    assert secret_env.telegram.token.get_secret_value() == BOT_TOKEN
    assert BOT_TOKEN not in repr(secret_env) and BOT_TOKEN not in str(secret_env)


def test_no_secret_reaches_the_json_log(secret_env: Settings, logs: Any) -> None:
    configure_logging("INFO", json=True, secrets=secrets_of(secret_env))
    log = structlog.get_logger("test")
    log.info("settings_loaded", settings=secret_env)
    log.info(
        "config",
        database_url=secret_env.database_url,
        token=BOT_TOKEN,
        nested={"api_key": "k1234567"},
    )
    log.info("calling", url=f"https://api.telegram.org/bot{BOT_TOKEN}/sendMessage")
    log.info("header", value=f"Authorization: Bearer {SLACK_TOKEN}")
    try:
        raise RuntimeError(f"connect failed: {secret_env.database_url} with {SLACK_TOKEN}")
    except RuntimeError:
        log.exception("boom")
    log.info("error_value", error=ValueError(f"token {BOT_TOKEN} rejected"))
    logging.getLogger("aiohttp.client").error("request to %s failed", f"bot{BOT_TOKEN}")
    out = logs()
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) >= 7
    for line in lines:
        json.loads(line)  # every line is JSON, the standard library's too
    for secret in (
        BOT_TOKEN,
        DB_PASSWORD,
        SLACK_TOKEN,
        "api-token-from-env-42",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "k1234567",
    ):
        assert secret not in out, secret
    assert "[redacted]" in out and "db.internal" in out


def test_personal_data_is_masked_in_every_log_event(logs: Any) -> None:
    configure_logging("INFO", json=True)
    log = structlog.get_logger("test")
    log.info(
        "handled",
        text="call me at 13812345678, order 1234567890123451023",
        details={"email": "li.na@example.com", "lines": ["文三路100号"]},
    )
    try:
        raise ValueError("no order 1234567890123451023 for 13812345678")
    except ValueError:
        log.exception("failed")
    logging.getLogger("aiohttp.access").info(
        '127.0.0.1 "GET /api/orders/1234567890123451023 HTTP/1.1" 200'
    )
    out = "\n".join(
        json.dumps(json.loads(line), ensure_ascii=False) for line in logs().splitlines() if line
    )
    assert "handled" in out and "aiohttp.access" in out
    for raw in ("13812345678", "1234567890123451023", "li.na@example.com", "文三路100号"):
        assert raw not in out, raw
    assert "****1023" in out and "138****5678" in out


def test_the_access_log_keeps_status_size_and_time_readable_and_masks_the_request(
    logs: Any,
) -> None:
    configure_logging("INFO", json=True)
    logging.getLogger("aiohttp.access").info(
        '127.0.0.1 [01/Dec/2026:23:37:16 +0000] "GET /api/orders/1234567890123451023 HTTP/1.1" '
        '200 213 "https://shop.example/?phone=13812345678" "python-requests/2.34.2"'
    )
    [line] = [json.loads(x) for x in logs().splitlines() if "aiohttp.access" in x]
    assert '" 200 213 "' in line["event"] and "[01/Dec/2026:23:37:16 +0000]" in line["event"]
    assert "1234567890123451023" not in line["event"] and "13812345678" not in line["event"]
    assert "****1023" in line["event"]
