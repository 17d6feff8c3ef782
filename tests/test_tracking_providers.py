"""Kuaidi100 and AfterShip behind `TrackingSource`, against fakes built from their documented
payloads (AfterShip's also checked with the vendor's own SDK), and carrier normalisation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from core.sources.resilience import UpstreamError
from core.tracking.aftership import AfterShipSource
from core.tracking.base import Parcel, PushRefused
from core.tracking.carriers import by_code, normalize_carrier
from core.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Source
from tests import fake_aftership, fake_kuaidi100
from tests.fake_aftership import FakeAfterShip, aftership_config
from tests.fake_kuaidi100 import FakeKuaidi100, kuaidi100_config

SF = by_code("sf")
UPS = by_code("ups")
assert SF is not None and UPS is not None


@pytest.mark.parametrize(
    ("name", "number", "code"),
    [
        ("SF Express", None, "sf"),
        ("顺丰速运", None, "sf"),
        ("順豐", None, "sf"),
        ("shunfeng", None, "sf"),
        ("sf-express", None, "sf"),
        ("S.F. Express", None, "sf"),
        ("圆通速递", None, "yto"),
        ("ZTO", None, "zto"),
        ("京东物流", None, "jd"),
        ("EMS", None, "ems"),
        ("UPS Ground", None, "ups"),
        ("FedEx", None, "fedex"),
        ("DHL Express", None, "dhl"),
        ("USPS", None, "usps"),
        ("ヤマト運輸", None, "yamato"),
        ("taqbin-jp", None, "yamato"),
        ("Aramex", None, "aramex"),
        (None, "1Z999AA10123456784", "ups"),
        ("", "SF1403871256394", "sf"),
        ("Royal Mail", None, "royal_mail"),
    ],
)
def test_carrier_names_and_numbers_normalise_to_one_code(
    name: str | None, number: str | None, code: str
) -> None:
    carrier = normalize_carrier(name, number)
    assert carrier is not None and carrier.code == code


def test_an_unknown_carrier_is_not_guessed() -> None:
    assert normalize_carrier("Bob's Courier", "ABC") is None


# ----------------------------------------------------------------------------- Kuaidi100


@pytest.fixture
async def k100() -> AsyncIterator[FakeKuaidi100]:
    fake = await FakeKuaidi100().start()
    fake.parcels["SF1403871256394"] = fake_kuaidi100.fixture("query_sf_in_transit.json")
    yield fake
    await fake.stop()


@pytest.fixture
async def kuaidi100(k100: FakeKuaidi100) -> AsyncIterator[Kuaidi100Source]:
    source = Kuaidi100Source(kuaidi100_config(k100))
    yield source
    await source.aclose()


async def test_a_kuaidi100_query_gives_canonical_events_with_the_carriers_words(
    kuaidi100: Kuaidi100Source, k100: FakeKuaidi100
) -> None:
    report = await kuaidi100.track(Parcel(SF, "SF1403871256394", phone="5678"))
    assert report is not None and (report.carrier, report.status.value) == ("sf", "in_transit")
    assert [(e.status, e.description) for e in report.events] == [
        ("picked_up", "顺丰速运 已收取快件"),
        ("in_transit", "快件到达【上海嘉定集散中心】"),
        ("in_transit", "快件已发车，正在发往【杭州西湖集散中心】"),
    ]
    assert report.events[0].at == datetime(2026, 11, 20, 10, 2, 10, tzinfo=UTC)  # 18:02 Beijing
    [asked] = k100.queries
    assert (asked["com"], asked["num"], asked["phone"], asked["resultv2"]) == (
        "shunfeng",
        "SF1403871256394",
        "5678",
        "4",
    )


async def test_a_signed_for_parcel_is_delivered(
    kuaidi100: Kuaidi100Source, k100: FakeKuaidi100
) -> None:
    k100.parcels["SF1403871256394"] = fake_kuaidi100.fixture("query_sf_signed.json")
    report = await kuaidi100.track(Parcel(SF, "SF1403871256394"))
    assert report is not None and report.status.value == "delivered"
    assert report.delivered_at == datetime(2026, 11, 22, 2, 40, tzinfo=UTC)
    assert report.latest is not None and report.latest.status == "delivered"


async def test_a_parcel_kuaidi100_has_no_record_of_is_none(kuaidi100: Kuaidi100Source) -> None:
    assert await kuaidi100.track(Parcel(SF, "SF0000000000000")) is None


async def test_a_wrong_key_is_an_upstream_error(k100: FakeKuaidi100) -> None:
    config = Kuaidi100Config(customer=fake_kuaidi100.CUSTOMER, key="wrong", base_url=k100.base_url)
    source = Kuaidi100Source(config)
    try:
        with pytest.raises(UpstreamError, match="503"):
            await source.track(Parcel(SF, "SF1403871256394"))
    finally:
        await source.aclose()


async def test_a_subscription_asks_for_signed_pushes_to_the_callback(
    kuaidi100: Kuaidi100Source, k100: FakeKuaidi100
) -> None:
    url = "https://shop.example/webhooks/tracking/kuaidi100"
    assert await kuaidi100.subscribe(Parcel(SF, "SF1403871256394", phone="5678"), url)
    assert await kuaidi100.subscribe(Parcel(SF, "SF1403871256394"), url)  # 501: already
    [sent] = k100.subscriptions
    assert (sent["company"], sent["number"]) == ("shunfeng", "SF1403871256394")
    assert sent["parameters"] == {
        "callbackurl": url,
        "resultv2": "4",
        "salt": fake_kuaidi100.SALT,
        "phone": "5678",
    }


async def test_a_signed_push_is_read(kuaidi100: Kuaidi100Source) -> None:
    body = fake_kuaidi100.push_body(fake_kuaidi100.fixture("query_sf_signed.json"))
    key, [report] = kuaidi100.read_push({}, body)
    assert key.startswith("kuaidi100:") and report.status.value == "delivered"


@pytest.mark.parametrize(
    ("body", "forged"),
    [
        (fake_kuaidi100.push_body({"nu": "SF1"}, salt="not-our-salt"), True),
        (b"param=%7B%7D", True),
        (b"\xff\xfe", False),
    ],
    ids=["other-salt", "unsigned", "not-a-form"],
)
def test_a_forged_or_broken_push_is_refused(body: bytes, forged: bool) -> None:
    source = Kuaidi100Source(
        Kuaidi100Config(customer="c", key="k", salt=fake_kuaidi100.SALT, base_url="http://x")
    )
    with pytest.raises(PushRefused) as refused:
        source.read_push({}, body)
    assert refused.value.forged is forged


# ----------------------------------------------------------------------------- AfterShip


@pytest.fixture
async def ash() -> AsyncIterator[FakeAfterShip]:
    fake = await FakeAfterShip().start()
    fake.trackings["1Z999AA10123456784"] = fake_aftership.fixture("tracking_ups_in_transit.json")
    yield fake
    await fake.stop()


@pytest.fixture
async def aftership(ash: FakeAfterShip) -> AsyncIterator[AfterShipSource]:
    source = AfterShipSource(aftership_config(ash))
    yield source
    await source.aclose()


async def test_an_aftership_tracking_gives_events_and_the_carriers_estimate(
    aftership: AfterShipSource, ash: FakeAfterShip
) -> None:
    report = await aftership.track(Parcel(UPS, "1Z999AA10123456784"))
    assert report is not None and report.carrier == "ups"
    assert [e.status for e in report.events] == ["info_received", "picked_up", "departed_hub"]
    assert report.events[-1].description == "Departed from Facility (Hong Kong, HK)"
    assert report.eta == datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC)
    assert ash.gets == [{"tracking_numbers": "1Z999AA10123456784", "slug": "ups"}]


async def test_a_customs_hold_sub_tag_is_a_customs_hold(
    aftership: AfterShipSource, ash: FakeAfterShip
) -> None:
    ash.trackings["1Z999AA10123456784"] = fake_aftership.fixture("tracking_ups_customs.json")
    report = await aftership.track(Parcel(UPS, "1Z999AA10123456784"))
    assert report is not None and report.status.value == "customs_hold"
    assert report.latest is not None and report.latest.status == "customs_hold"


async def test_registering_a_parcel_twice_is_fine(
    aftership: AfterShipSource, ash: FakeAfterShip
) -> None:
    parcel = Parcel(UPS, "1Z999AA10123456785")
    assert await aftership.subscribe(parcel, "unused")
    assert await aftership.subscribe(parcel, "unused")  # meta 4003: already tracked
    assert [c["slug"] for c in ash.created] == ["ups", "ups"]


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
async def test_the_fake_speaks_what_the_official_aftership_sdk_speaks(ash: FakeAfterShip) -> None:
    """AfterShip's own Python SDK, pointed at the fake, sends requests the fake accepts and
    parses every answer with its models."""
    from tracking import Client, Configuration
    from tracking.models import Tag

    def run() -> tuple[object, object]:
        client = Client(
            Configuration(api_key=fake_aftership.API_KEY, domain=ash.base_url, max_retry=0)
        )
        listed = client.tracking.get_trackings(tracking_numbers="1Z999AA10123456784")
        created = client.tracking.create_tracking(
            {"tracking_number": "9400111899223", "slug": "usps"}
        )
        return listed, created

    listed, created = await asyncio.to_thread(run)
    [tracking] = listed.data.trackings  # type: ignore[attr-defined]
    assert tracking.tag is Tag.IN_TRANSIT and len(tracking.checkpoints) == 3
    assert created.data.tracking_number == "9400111899223"  # type: ignore[attr-defined]


def test_a_signed_aftership_webhook_is_read_and_a_forged_one_refused() -> None:
    source = AfterShipSource(aftership_config(FakeAfterShip()))
    body = fake_aftership.webhook_body(fake_aftership.fixture("tracking_ups_customs.json"))
    key, [report] = source.read_push(fake_aftership.webhook_headers(body), body)
    assert key == "aftership:7c4f8e0a-6d1b-4f4e-9a8b-2f1e0d3c4b5a"
    assert report.status.value == "customs_hold"
    with pytest.raises(PushRefused) as refused:
        source.read_push(fake_aftership.webhook_headers(body, secret="other"), body)
    assert refused.value.forged
