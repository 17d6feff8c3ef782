"""The staff page `/admin/outcomes` behind the shop's token, `/metrics`, `ordersupport report`,
and the outcome tables on PostgreSQL."""

from __future__ import annotations

import argparse
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bots.report import period, report_command
from bots.serve import create_app
from core.engine import Engine
from core.outcomes.report import nearest_rank
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import metadata
from tests.outcomes_helpers import demo_shop, episodes, say

AUTH = {"Authorization": "Bearer test-token"}
PAGE = "/admin/outcomes"


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    await demo_shop(services)
    engine = Engine(services)
    await say(engine, "web", "demo-emma", "Where is my order?")
    await say(engine, "web", "demo-wang", "转人工")
    app = await create_app(services.settings, services)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_without_the_token_the_page_asks_for_it(client: TestClient) -> None:
    res = await client.get(PAGE)
    assert res.status == 401
    page = await res.text()
    assert 'name="token"' in page and "Outcomes" in page
    assert "Where is my order" not in page


async def test_a_wrong_token_is_refused(client: TestClient) -> None:
    res = await client.post("/admin/login", data={"token": "guess"}, allow_redirects=False)
    assert res.status == 401
    assert "not right" in await res.text()
    res = await client.get(PAGE, headers={"Authorization": "Bearer guess"})
    assert res.status == 401


async def test_the_token_typed_once_keeps_the_staff_member_signed_in(client: TestClient) -> None:
    res = await client.post(
        "/admin/login",
        data={"token": "test-token", "next": f"{PAGE}?format=json"},
        allow_redirects=False,
    )
    assert res.status == 303
    assert res.headers["Location"] == f"{PAGE}?format=json"
    cookie = res.cookies["os_admin"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert "test-token" not in cookie.value
    res = await client.get(f"{PAGE}?format=json")
    assert res.status == 200
    assert (await res.json())["episodes"] == 2


async def test_signing_in_never_redirects_off_the_page(client: TestClient) -> None:
    res = await client.post(
        "/admin/login",
        data={"token": "test-token", "next": "https://evil.example/"},
        allow_redirects=False,
    )
    assert res.headers["Location"] == PAGE


async def test_the_page_shows_the_charts_and_the_figures(client: TestClient) -> None:
    res = await client.get(PAGE, headers=AUTH)
    assert res.status == 200
    assert "script-src" not in res.headers["Content-Security-Policy"]
    page = await res.text()
    assert page.count("<svg") == 12
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "Requests (episodes)" in page and "Handed to staff" in page
    assert "contacts settled by the bot" in page


async def test_json_and_csv_carry_the_same_figures(client: TestClient) -> None:
    data = await (await client.get(f"{PAGE}?format=json", headers=AUTH)).json()
    assert data["totals"]["handed_off"] == 1
    assert data["handoff_reasons"] == {"human_agent": 1}
    res = await client.get(f"{PAGE}?format=csv", headers=AUTH)
    assert res.content_type == "text/csv"
    assert "totals.handed_off,1" in (await res.text()).splitlines()


async def test_a_bad_period_is_a_clear_error(client: TestClient) -> None:
    res = await client.get(f"{PAGE}?since=2026-03-09&until=2026-03-02", headers=AUTH)
    assert res.status == 400
    assert "since" in (await res.json())["error"]
    res = await client.get(f"{PAGE}?format=pdf", headers=AUTH)
    assert res.status == 400


async def test_without_a_shop_token_the_page_is_off(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
        seed_demo_if_empty=False,
        api_token=None,
    )
    services = await build_services(settings)
    try:
        app = await create_app(settings, services)
        async with TestClient(TestServer(app)) as test_client:
            assert (await test_client.get(PAGE)).status == 503
    finally:
        await services.aclose()


async def test_metrics_are_served_for_prometheus(client: TestClient) -> None:
    res = await client.get("/metrics")
    assert res.status == 200
    text = await res.text()
    assert res.headers["Content-Type"].startswith("text/plain")
    assert 'ordersupport_handoffs_total{reason="human_agent"}' in text
    assert "ordersupport_first_response_seconds_bucket" in text


async def test_the_report_command_prints_the_period_as_json(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    await demo_shop(services)
    await say(Engine(services), "web", "demo-emma", "Where is my order?")
    today = datetime.now(UTC).date()
    capsys.readouterr()
    args = argparse.Namespace(
        since=(today - timedelta(days=2)).isoformat(),
        until=(today + timedelta(days=2)).isoformat(),
        format="json",
        output=None,
    )
    assert await report_command(services, args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["episodes"] == 1
    assert data["by_channel"][0]["key"] == "web"


async def test_the_report_command_writes_html_to_a_file(
    services: Services, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "week.html"
    args = argparse.Namespace(since=None, until=None, format="html", output=str(out))
    assert await report_command(services, args) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_date_is_midnight_in_the_shops_time_zone() -> None:
    start, end = period("2026-03-02", "2026-03-09", "Asia/Shanghai")
    assert start.isoformat() == "2026-03-02T00:00:00+08:00"
    assert (end - start).days == 7
    with pytest.raises(ValueError):
        period("2026-03-09", "2026-03-02", "Asia/Shanghai")


def test_medians_and_p90_are_nearest_rank() -> None:
    assert nearest_rank([3, 1, 2, 4], 0.5) == 2
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert nearest_rank([7], 0.9) == 7
    assert nearest_rank([], 0.5) is None


async def test_on_postgresql_the_migration_matches_the_tables_and_episodes_are_stored(
    postgres_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(database_url=postgres_url, seed_demo_if_empty=False, demo=True)
    services = await build_services(settings, upgrade_schema=True)  # a fresh database
    try:
        async with services.db.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
        ours = [d for d in diff if "outcome" in repr(d)]
        assert ours == []
        await demo_shop(services)
        engine = Engine(services)
        await say(engine, "web", "demo-emma", "Where is my order?")
        await say(engine, "web", "demo-emma", "thanks")
        [row] = await episodes(services)
        assert (row["intent"], row["outcome"]) == ("order_status", "resolved_hard")
    finally:
        await services.aclose()


def test_outcome_settings_come_from_flat_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.logs import secrets_of

    monkeypatch.setenv("ORDERSUPPORT_OUTCOMES_SOFT_WINDOW_HOURS", "12")
    monkeypatch.setenv("ORDERSUPPORT_OUTCOMES_COST_PER_HUMAN_CONTACT", "2.50")
    monkeypatch.setenv("ORDERSUPPORT_OUTCOMES_KEY", "outcome-key-123")
    settings = Settings()
    assert settings.outcomes.soft_window_hours == 12
    assert str(settings.outcomes.cost_per_human_contact) == "2.50"
    assert "outcome-key-123" in secrets_of(settings)
