"""Late parcels, end to end: a customer asking, the exception monitor, tracking pushes.

A parcel whose tracking stalls gets one apology in the customer's language and one logistics
ticket, whether the customer asks first or the monitor notices first; carrier names and
statuses are the customer's language's, the carrier's own words quoted; a past expected date
is never shown as the expectation.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from redis.asyncio import Redis

from adapters import shop_webhooks
from core.engine import Engine
from core.inbox import drain_inbox
from core.proactive.config import ProactiveConfig
from core.proactive.service import Proactive
from core.services import Services, build_services
from core.storage.tables import outbox
from tests import fake_aftership, fake_kuaidi100
from tests.chat import Chat, store
from tests.factories import order_doc
from tests.fake_aftership import FakeAfterShip
from tests.fake_kuaidi100 import FakeKuaidi100
from tests.test_proactive_support import settings_for

H = timedelta(hours=1)
SF_NO = "SF1403871256394"
UPS_NO = "1Z999AA10123456784"
BEIJING = ZoneInfo("Asia/Shanghai")
DAYTIME = ProactiveConfig(quiet_start_hour=24, quiet_end_hour=0, shop_timezone="Asia/Shanghai")
NIGHT = ProactiveConfig(quiet_start_hour=0, quiet_end_hour=0, shop_timezone="Asia/Shanghai")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def k100_answer(rows: list[tuple[timedelta, str, str]], state: str = "0") -> dict[str, Any]:
    """Kuaidi100's documented answer shape (fixture) with rows (age, context, statusCode)."""
    doc = copy.deepcopy(fake_kuaidi100.fixture("query_sf_in_transit.json"))
    template = doc["data"][0]
    doc["data"] = [
        {
            **template,
            "context": text,
            "statusCode": code,
            "time": (now() - age).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            "ftime": (now() - age).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
        }
        for age, text, code in sorted(rows, key=lambda r: r[0])
    ]
    doc["state"] = state
    return doc


STALLED_ROWS = [
    (100 * H, "顺丰速运 已收取快件", "103"),
    (90 * H, "快件到达【上海嘉定集散中心】", "0"),
]


def sf_order(**changes: Any) -> dict[str, Any]:
    """Li Na's shipped SF parcel, in the platform's copy: picked up 100 hours ago."""
    doc = order_doc(
        order_no="1234567890123457001",
        status="shipped",
        warehouse={"code": "SH-01", "outbound_at": (now() - 101 * H).isoformat()},
        shipments=[
            {
                "carrier": "SF Express",
                "tracking_no": SF_NO,
                "picked_up_at": (now() - 100 * H).isoformat(),
                "eta": (now() - 30 * H).isoformat(),
                "events": [
                    {
                        "at": (now() - 100 * H).isoformat(),
                        "status": "picked_up",
                        "description": "顺丰速运 已收取快件",
                    }
                ],
            }
        ],
    )
    doc.update(changes)
    return doc


@pytest.fixture
async def k100() -> AsyncIterator[FakeKuaidi100]:
    fake = await FakeKuaidi100().start()
    fake.parcels[SF_NO] = k100_answer(STALLED_ROWS)
    yield fake
    await fake.stop()


@pytest.fixture
async def ash() -> AsyncIterator[FakeAfterShip]:
    fake = await FakeAfterShip().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def services(
    tmp_path, redis: Redis, redis_prefix: str, k100: FakeKuaidi100, ash: FakeAfterShip
) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    built = await build_services(
        settings_for(
            tmp_path,
            redis_prefix,
            kuaidi100_customer=fake_kuaidi100.CUSTOMER,
            kuaidi100_key=SecretStr(fake_kuaidi100.KEY),
            kuaidi100_salt=SecretStr(fake_kuaidi100.SALT),
            kuaidi100_base_url=k100.base_url,
            aftership_api_key=SecretStr(fake_aftership.API_KEY),
            aftership_webhook_secret=SecretStr(fake_aftership.WEBHOOK_SECRET),
            aftership_base_url=ash.base_url,
            tracking_callback_url="https://shop.example/webhooks/tracking",
        )
    )
    yield built
    await built.aclose()


async def tickets(services: Services, order_no: str) -> list[Any]:
    return [t for t in await services.tickets.list(order_no=order_no)]


def apologies(text: str) -> int:
    return text.count("很抱歉")


async def test_asking_about_a_stalled_parcel_apologises_in_chinese_and_opens_one_ticket(
    services: Services, k100: FakeKuaidi100
) -> None:
    await store(services, sf_order())
    chat = Chat(Engine(services))
    reply = (await chat.say("我的订单到哪了")).text()
    assert apologies(reply) == 1
    assert "顺丰速运" in reply and "SF Express" not in reply  # the carrier, in Chinese
    assert "“快件到达【上海嘉定集散中心】”" in reply  # the carrier's words, quoted
    assert "预计送达" not in reply  # the expected day has passed: not shown
    [ticket] = await tickets(services, "1234567890123457001")
    assert (ticket.kind, ticket.department.value) == ("proactive_parcel_stalled", "logistics")
    again = (await chat.say("现在到哪了？")).text()
    assert apologies(again) == 0 and "物流团队" in again
    assert len(await tickets(services, "1234567890123457001")) == 1


async def test_the_monitor_first_then_the_question_make_one_apology_and_one_ticket(
    services: Services,
) -> None:
    await store(services, sf_order())
    report = await Proactive(services, DAYTIME).run_once(now())
    assert report.decisions == 1
    [notice] = await drain_inbox(services.sessions, "web-li")
    assert apologies(notice["text"]) == 1 and "顺丰速运" in notice["text"]
    reply = (await Chat(Engine(services)).say("我的快递怎么还没到")).text()
    assert apologies(reply) == 0
    assert len(await tickets(services, "1234567890123457001")) == 1
    assert (await Proactive(services, DAYTIME).run_once(now())).decisions == 0


async def test_a_notice_still_waiting_for_morning_is_withdrawn_when_the_customer_asks(
    services: Services,
) -> None:
    await store(services, sf_order())
    await Proactive(services, NIGHT).run_once(now())
    reply = (await Chat(Engine(services)).say("我的订单到哪了")).text()
    assert apologies(reply) == 1  # told now, in the conversation
    async with services.db.connect() as conn:
        statuses = (await conn.execute(sa.select(outbox.c.kind, outbox.c.status))).all()
    assert ("notice", "superseded") in statuses
    await Proactive(services, DAYTIME).run_once(now() + 12 * H)
    assert await drain_inbox(services.sessions, "web-li") == []  # not a second apology
    assert len(await tickets(services, "1234567890123457001")) == 1


async def test_the_monitor_reads_fresh_tracking_before_calling_a_parcel_late(
    services: Services, k100: FakeKuaidi100
) -> None:
    k100.parcels[SF_NO] = k100_answer(
        [*STALLED_ROWS, (2 * H, "快件已发车，正在发往【杭州西湖集散中心】", "1002")]
    )
    await store(services, sf_order(shipments=[{**sf_order()["shipments"][0], "eta": None}]))
    report = await Proactive(services, DAYTIME).run_once(now())
    assert report.decisions == 0  # it moved two hours ago
    order = await services.orders.get_order("1234567890123457001")
    assert order is not None and order.shipments[0].latest_event().description.startswith(
        "快件已发车"
    )  # type: ignore[union-attr]
    assert [s["number"] for s in k100.subscriptions] == [SF_NO]  # followed by push from now on


async def test_a_missed_expected_delivery_is_late_without_showing_the_past_date(
    services: Services, ash: FakeAfterShip
) -> None:
    tracking = fake_aftership.fixture("tracking_ups_in_transit.json")
    yesterday = (now() - 48 * H).date().isoformat()
    tracking["latest_estimated_delivery"]["datetime"] = yesterday
    tracking["checkpoints"][-1]["checkpoint_time"] = (now() - 5 * H).isoformat()
    ash.trackings[UPS_NO] = tracking
    doc = sf_order(
        order_no="#1043",
        platform="shopify",
        currency="USD",
        customer={**sf_order()["customer"], "locale": "en", "timezone": "America/New_York"},
        shipments=[
            {
                "carrier": "UPS",
                "tracking_no": UPS_NO,
                "picked_up_at": (now() - 60 * H).isoformat(),
                "events": [],
            }
        ],
        shipping_address={**sf_order()["shipping_address"], "country": "US"},
    )
    await store(services, doc)
    reply = (await Chat(Engine(services)).say("Where is my order?", locale="en")).text()
    assert "I'm sorry: your parcel" in reply and "hasn't arrived when it was expected" in reply
    assert "Expected delivery" not in reply
    assert "UPS writes: “Departed from Facility (Hong Kong, HK)”" in reply
    assert len(await tickets(services, "#1043")) == 1


async def test_an_english_customs_event_in_an_arabic_answer_is_quoted_after_the_arabic_status(
    services: Services, ash: FakeAfterShip
) -> None:
    ash.trackings[UPS_NO] = fake_aftership.fixture("tracking_ups_customs.json")
    doc = sf_order(
        order_no="ME2045-01",
        customer={**sf_order()["customer"], "locale": "ar", "timezone": "Asia/Riyadh"},
        shipments=[
            {
                "carrier": "UPS",
                "tracking_no": UPS_NO,
                "picked_up_at": (now() - 30 * H).isoformat(),
                "events": [],
            }
        ],
    )
    await store(services, doc)
    reply = (await Chat(Engine(services)).say("أين طلبي؟", locale="ar")).text()
    from core.i18n import Localizer

    held = Localizer("ar", "Asia/Riyadh")._("Held at customs")
    assert held != "Held at customs" and held in reply
    assert "Your package is being held for customs clearance. (Louisville, KY, US)" in reply
    assert reply.index(held) < reply.index("Your package is being held")


async def test_asking_twice_costs_the_provider_one_query(
    services: Services, k100: FakeKuaidi100
) -> None:
    await store(services, sf_order())
    chat = Chat(Engine(services))
    await chat.say("我的订单到哪了")
    await chat.say("到哪了")
    assert len(k100.queries) == 1  # the second answer read the cached report


# ----------------------------------------------------------------------------- pushes


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    app = web.Application()
    shop_webhooks.register(app, shop_webhooks.Proactive(services))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def _followed(services: Services) -> None:
    await store(services, sf_order())
    order = await services.orders.get_order("1234567890123457001")
    assert order is not None
    await services.hub.tracking.follow(order)


async def test_a_signed_kuaidi100_push_delivers_the_order_and_is_acknowledged(
    client: TestClient, services: Services
) -> None:
    await _followed(services)
    body = fake_kuaidi100.push_body(
        k100_answer([*STALLED_ROWS, (1 * H, "快件已签收，签收人：本人", "301")], state="3")
        | {"ischeck": "1"},
        status="shutdown",
    )
    res = await client.post(
        "/webhooks/tracking/kuaidi100",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert res.status == 200
    assert await res.json() == {"result": True, "returnCode": "200", "message": "成功"}
    order = await services.orders.get_order("1234567890123457001")
    assert order is not None and order.status.value == "delivered"


async def test_a_forged_tracking_push_gets_401_and_changes_nothing(
    client: TestClient, services: Services
) -> None:
    await _followed(services)
    body = fake_kuaidi100.push_body(k100_answer(STALLED_ROWS, state="3"), salt="forged")
    res = await client.post("/webhooks/tracking/kuaidi100", data=body)
    assert res.status == 401
    order = await services.orders.get_order("1234567890123457001")
    assert order is not None and order.status.value == "shipped"


async def test_a_signed_aftership_webhook_updates_the_order_once(
    client: TestClient, services: Services
) -> None:
    doc = sf_order(
        shipments=[
            {
                "carrier": "UPS",
                "tracking_no": UPS_NO,
                "events": [],
                "picked_up_at": (now() - 30 * H).isoformat(),
            }
        ]
    )
    await store(services, doc)
    order = await services.orders.get_order(doc["order_no"])
    assert order is not None
    await services.hub.tracking.follow(order)
    body = fake_aftership.webhook_body(fake_aftership.fixture("tracking_ups_customs.json"))
    for _ in range(2):
        res = await client.post(
            "/webhooks/tracking/aftership", data=body, headers=fake_aftership.webhook_headers(body)
        )
        assert res.status == 200
    order = await services.orders.get_order(doc["order_no"])
    assert order is not None
    assert [e.status for e in order.shipments[0].events] == ["departed_hub", "customs_hold"]


async def test_an_unconfigured_tracking_provider_is_a_404(client: TestClient) -> None:
    res = await client.post("/webhooks/tracking/17track", data=b"{}")
    assert res.status == 404
