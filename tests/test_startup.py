"""What a process checks when it starts: the shop's own policies, and a migrated schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.policies import ShopPolicy
from core.services import PolicyMissing, build_services, load_policy
from core.settings import Settings
from core.storage.database import SchemaOutOfDate, create_engine, head_revision, schema_revision
from tests.conftest import create_postgres_database, drop_postgres_database


def test_a_production_start_without_a_policy_file_refuses_and_says_what_to_set() -> None:
    production = Settings(database_url="postgresql+asyncpg://db/shop", redis_url="redis://r")
    with pytest.raises(PolicyMissing, match="ORDERSUPPORT_POLICY_FILE"):
        load_policy(production)


def test_demo_mode_may_run_on_the_demo_shops_policies() -> None:
    policy = load_policy(Settings(database_url="postgresql+asyncpg://db/shop", demo=True))
    assert "SH-01" in policy.return_addresses


def test_the_shops_policy_file_is_used_in_production(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(ShopPolicy(default_return_window_days=45).model_dump_json())
    settings = Settings(database_url="postgresql+asyncpg://db/shop", policy_file=str(path))
    assert load_policy(settings).default_return_window_days == 45


async def test_the_embedded_sqlite_creates_its_schema_on_first_start(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}")
    services = await build_services(settings)
    try:
        assert await schema_revision(services.db) == head_revision()
    finally:
        await services.aclose()


async def test_a_database_without_the_schema_refuses_to_start_until_upgraded() -> None:
    name, url = await create_postgres_database()
    settings = Settings(database_url=url, demo=True)
    try:
        with pytest.raises(SchemaOutOfDate, match="ordersupport db upgrade"):
            await build_services(settings)
        services = await build_services(settings, upgrade_schema=True)
        await services.aclose()
        again = await build_services(settings)  # migrated: starts without migrating
        await again.aclose()
        db = create_engine(url)
        assert await schema_revision(db) == head_revision()
        await db.dispose()
    finally:
        await drop_postgres_database(name)


def test_the_command_line_says_what_to_set_instead_of_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bots.cli import main
    from core.settings import get_settings

    monkeypatch.setenv("ORDERSUPPORT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 's.db'}")
    monkeypatch.setenv("ORDERSUPPORT_DEMO", "false")
    monkeypatch.delenv("ORDERSUPPORT_POLICY_FILE", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["audit", "verify"]) == 2
    finally:
        get_settings.cache_clear()
    assert "ORDERSUPPORT_POLICY_FILE is not set" in capsys.readouterr().err
