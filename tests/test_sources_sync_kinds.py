"""`ordersupport shop sync NAME` for every kind of source: Shopify, WooCommerce, a REST source
(the 聚水潭 preset), a REST source without a change feed, the local table, an unknown name."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import SecretStr

from bots.sync import run_sync
from core.services import Services, build_services
from core.settings import Settings
from tests.fake_jushuitan import FakeJushuitan, jushuitan_entry
from tests.fake_shopify import TOKEN, FakeShopify
from tests.fake_woocommerce import KEY, SECRET, FakeWooCommerce

NOW = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)


@pytest.fixture
async def shopify() -> AsyncIterator[FakeShopify]:
    fake = await FakeShopify().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def woo() -> AsyncIterator[FakeWooCommerce]:
    fake = await FakeWooCommerce().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def jst() -> AsyncIterator[FakeJushuitan]:
    fake = await FakeJushuitan().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def services(
    tmp_path, shopify: FakeShopify, woo: FakeWooCommerce, jst: FakeJushuitan
) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        seed_demo_if_empty=False,
        shopify_base_url=shopify.base_url,
        shopify_access_token=SecretStr(TOKEN),
        woocommerce_base_url=woo.base_url,
        woocommerce_consumer_key=SecretStr(KEY),
        woocommerce_consumer_secret=SecretStr(SECRET),
        rest_sources=[
            jushuitan_entry(jst),
            {
                "name": "oms",
                "base_url": jst.base_url,
                "mapping": {"order_no": "id"},
                "endpoints": {"get_order": {"path": "/orders/{order_no}"}},
            },
        ],
    )
    built = await build_services(settings)
    built.hub.source("jushuitan").source._clock = NOW.timestamp  # type: ignore[attr-defined]
    yield built
    await built.aclose()


async def sync(services: Services, name: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_sync(services, name, full=True, progress=False, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


async def test_a_shopify_source_syncs(services: Services) -> None:
    code, out, _ = await sync(services, "shopify")
    assert (code, out.strip()) == (0, "shopify: 3 orders saved")
    assert await services.orders.get_order("#1043") is not None


async def test_a_woocommerce_source_syncs(services: Services) -> None:
    code, out, _ = await sync(services, "woocommerce")
    assert code == 0 and "orders saved" in out
    assert await services.orders.count() > 0


async def test_a_rest_source_with_a_change_feed_syncs(services: Services) -> None:
    code, out, _ = await sync(services, "jushuitan")
    assert (code, out.strip()) == (0, "jushuitan: 3 orders saved")
    stored = await services.orders.get_order("4012345678901234567")
    assert stored is not None and stored.platform == "tmall"


async def test_a_rest_source_without_a_change_feed_says_so(services: Services) -> None:
    code, _, err = await sync(services, "oms")
    assert code == 2 and "oms: no 'sync' configured" in err


async def test_the_local_table_is_not_synced_with_itself(services: Services) -> None:
    code, out, _ = await sync(services, "sql")
    assert code == 0 and "nothing to sync" in out


async def test_an_unknown_source_lists_the_configured_ones(services: Services) -> None:
    code, _, err = await sync(services, "nosuch")
    assert code == 2
    assert "configured: shopify, woocommerce, jushuitan, oms, sql" in err


def test_the_command_line_runs_the_same_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    import bots.sync
    from bots import cli

    seen: dict[str, Any] = {}

    async def fake_run(services: Any, name: str, *, full: bool = False) -> int:
        seen.update(name=name, full=full)
        return 0

    async def fake_with(job: Any) -> int:
        return await job(None)

    monkeypatch.setattr(bots.sync, "run_sync", fake_run)
    monkeypatch.setattr(
        cli, "_with_services", lambda job: __import__("asyncio").run(fake_with(job))
    )
    assert (
        cli.cmd_shop_sync(cli.build_parser().parse_args(["shop", "sync", "jushuitan", "--full"]))
        == 0
    )
    assert seen == {"name": "jushuitan", "full": True}
