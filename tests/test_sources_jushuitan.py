"""The 聚水潭 (Jushuitan) `REST_SOURCES` preset against a fake built from its documented
order query: signed requests, orders read by their marketplace number, windows for sync."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.order import OrderStatus
from core.sources.presets import expand, names
from core.sources.resilience import UpstreamError
from core.sources.rest import RestOrderSource, RestSourceConfig
from tests import fake_jushuitan
from tests.fake_jushuitan import FakeJushuitan, jushuitan_entry

NOW = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


@pytest.fixture
async def fake() -> AsyncIterator[FakeJushuitan]:
    server = await FakeJushuitan().start()
    yield server
    await server.stop()


def source_for(fake: FakeJushuitan, **overrides: object) -> RestOrderSource:
    config = RestSourceConfig.model_validate(expand(jushuitan_entry(fake, **overrides)))
    return RestOrderSource(config, clock=NOW.timestamp)


@pytest.fixture
async def jst(fake: FakeJushuitan) -> AsyncIterator[RestOrderSource]:
    source = source_for(fake)
    yield source
    await source.aclose()


def test_the_preset_ships_with_the_package() -> None:
    assert "jushuitan" in names()
    entry = expand({"preset": "jushuitan", "name": "erp", "auth": {"app_key": "k"}})
    assert (entry["name"], entry["auth"]) == ("erp", {"type": "jushuitan", "app_key": "k"})
    with pytest.raises(ValueError, match="presets: jushuitan"):
        expand({"preset": "nosuch"})


async def test_a_tmall_order_is_read_by_its_online_number(
    jst: RestOrderSource, fake: FakeJushuitan
) -> None:
    order = await jst.get_order("4012345678901234567")
    assert order is not None
    assert (order.platform, order.status, order.currency) == ("tmall", OrderStatus.SHIPPED, "CNY")
    assert order.placed_at == datetime(2026, 11, 20, 2, 22, 12, tzinfo=UTC)  # Beijing time
    assert [(i.line_id, i.sku, i.quantity, i.unit_price) for i in order.items] == [
        ("50001", "TEA-LJ-250", 1, Decimal("109.0")),
        ("50002", "CUP-CL", 1, Decimal("49.0")),
    ]
    [parcel] = order.shipments
    assert (parcel.carrier, parcel.tracking_no) == ("顺丰速运", "SF1403871256394")
    assert (order.payment.method, order.payment.amount) == ("支付宝", Decimal("158.0"))
    assert order.customer.id == "jushuitan:tb_li_na"
    assert order.shipping_address.district == "西湖区"
    assert fake.calls == [{"so_ids": ["4012345678901234567"], "page_index": 1, "page_size": 10}]


@pytest.mark.parametrize(
    ("number", "status", "platform"),
    [
        ("300112233445", OrderStatus.PAID, "jd"),
        ("261123-501234567890123", OrderStatus.PENDING_PAYMENT, "pdd"),
    ],
)
async def test_every_status_and_marketplace_maps(
    jst: RestOrderSource, number: str, status: OrderStatus, platform: str
) -> None:
    order = await jst.get_order(number)
    assert order is not None and (order.status, order.platform) == (status, platform)


async def test_an_unknown_number_is_none(jst: RestOrderSource) -> None:
    assert await jst.get_order("9999999999") is None


async def test_a_wrongly_signed_call_is_refused_as_an_upstream_error(fake: FakeJushuitan) -> None:
    auth = {
        "app_key": fake_jushuitan.APP_KEY,
        "app_secret": "not-the-secret",
        "token": fake_jushuitan.ACCESS_TOKEN,
    }
    source = source_for(fake, auth=auth)
    try:
        with pytest.raises(UpstreamError, match="签名错误"):
            await source.get_order("4012345678901234567")
    finally:
        await source.aclose()


def test_the_sign_is_md5_of_the_secret_and_the_sorted_parameters() -> None:
    from core.sources.rest import RestAuth, jushuitan_form

    auth = RestAuth(type="jushuitan", app_key="k1", app_secret="s1", token="t1")
    form = jushuitan_form(auth, {"so_ids": ["1"]}, "1700000000")
    # s1 + access_token t1 + app_key k1 + biz + charset + timestamp + version, md5 hex
    assert (
        form["sign"]
        == fake_jushuitan.hashlib.md5(
            b's1access_tokent1app_keyk1biz{"so_ids":["1"]}charsetutf-8timestamp1700000000version2'
        ).hexdigest()
    )


async def test_a_first_sync_walks_windows_of_seven_days_back_thirty_days(
    jst: RestOrderSource, fake: FakeJushuitan
) -> None:
    found, after, more = [], None, True
    while more:
        page, after, more = await jst.changed_since(None, after=after)
        found += page
    assert sorted(o.order_no for o in found) == [
        "261123-501234567890123",
        "300112233445",
        "4012345678901234567",
    ]
    windows = [(c["modified_begin"], c["modified_end"]) for c in fake.calls]
    assert windows[0] == ("2026-10-25 12:00:00", "2026-11-01 12:00:00")
    assert windows[-1][1] == "2026-11-24 12:00:00"
    assert len(windows) == 5
