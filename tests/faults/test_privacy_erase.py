"""Issue 16, case 7 (erase): `privacy erase` covers every store — tickets (with a sealed
address), business events, sessions and their web inbox, an anonymous visitor's session that
holds the customer's order number, the WeChat 48-hour window key — and proves it with a scan
that finds nothing outside the orders.

Before the fix: after an erase the business-event payloads still held the address, the
anonymous visitor's session and the WeChat window key were left, and nothing could show what
remained."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from core.engine import Engine
from core.privacy import erase_customer, scan_for_customer
from core.services import Services, build_services
from core.settings import Settings
from core.tickets import Department, NewTicket, Ticket
from tests.chat import Chat, store
from tests.factories import order_doc

ORDER_NO = "1234567890123451023"


@pytest.fixture
async def shop(settings: Settings) -> AsyncIterator[Services]:
    configured = settings.model_copy(
        update={
            "session_key": SecretStr("a-session-key-of-thirty-two-chars!"),
            "business_endpoints": [
                {"name": "erp", "url": "http://127.0.0.1:9/hook", "secret": "erp-secret"}
            ],
        }
    )
    services = await build_services(configured)
    channels = [{"channel": "web", "user_id": "web-li"}, {"channel": "wechat", "user_id": "o-li"}]
    doc = order_doc(status="picking")
    doc["customer"]["channels"] = channels
    await store(services, doc)
    yield services
    await services.aclose()


async def lived_in(services: Services) -> None:
    """A customer's traces in every store: a chat and an address change (session, ticket with
    a sealed address, audit, business events), a staff note, an anonymous visitor who asked
    about her order, and the WeChat window her last message opened."""
    engine = Engine(services)
    chat = Chat(engine)
    await chat.say("我要改地址")
    await chat.say("浙江省杭州市西湖区天目山路398号 王芳 13698765432")
    await chat.say("好的")
    await services.tickets.open(
        NewTicket(
            kind="human_agent",
            department=Department.SERVICE,
            summary="wants a person",
            order_no=ORDER_NO,
            customer_id="C-LI",
            conversation="web:web-li",
            data={"history": [{"by": "staff", "text": "Called 李娜 on 13812345678"}]},
        )
    )
    await Chat(engine, user="v:0123456789abcdef0123456789abcdef").say(
        f"where is order {ORDER_NO}? it's for li.na@example.com"
    )  # never verified: the session holds the order number, in its sealed state
    await services.keys.put("wechat:window:o-li", "1", 48 * 3600)


async def test_before_an_erase_the_scan_finds_the_customer_everywhere(shop: Services) -> None:
    await lived_in(shop)
    report = await scan_for_customer(shop, "C-LI")
    assert {"tickets", "sessions", "keys"} <= set(report.hits)


async def test_erase_leaves_nothing_but_the_orders_and_the_scan_proves_it(
    shop: Services,
) -> None:
    await lived_in(shop)
    redrawn: list[Ticket] = []

    async def redraw(ticket: Ticket) -> None:  # what the Slack desk does with its card
        redrawn.append(ticket)

    summary = await erase_customer(shop, "C-LI", refresh=redraw)
    assert summary.scan is not None and summary.scan.hits == {}
    assert summary.cards_refreshed == len(redrawn) == 2
    assert not any("13812345678" in t.model_dump_json() for t in redrawn)
    assert summary.scan.identifiers >= 5
    assert (await scan_for_customer(shop, "C-LI")).total == 0
    assert await shop.keys.get("wechat:window:o-li") is None
    visitor = await shop.sessions.load("web:v:0123456789abcdef0123456789abcdef")
    assert visitor.version == 0
    assert (await shop.hub.get_order(ORDER_NO)) is not None  # kept: the shop's record
    assert (await shop.audit.verify()).ok
