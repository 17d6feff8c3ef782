"""The service behind Redis Sentinel (`ORDERSUPPORT_REDIS_URL=redis+sentinel://.../master`): a
master, a replica and three sentinels started here; the master is failed over — planned
(SENTINEL FAILOVER) and by crashing it (SIGKILL) — while customers talk, and the service keeps
going: a turn in flight may get the apology, nothing committed to the shop is lost or doubled,
and every conversation goes on from where it was."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from core.engine import Engine
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import audit_log
from tests.chat import Chat, store
from tests.distributed.servers import (
    SentinelGroup,
    replicas_caught_up,
    start_sentinel_group,
    wait_for,
)
from tests.factories import order_doc

NEW_ADDRESS = "浙江省杭州市西湖区文三路100号 张三 13912345678"


@pytest.fixture
def group(tmp_path: Path) -> Iterator[SentinelGroup]:
    started = start_sentinel_group(tmp_path / "redis", replicas=1, sentinels=3)
    yield started
    started.stop()


@pytest.fixture
async def behind_sentinel(
    tmp_path: Path, group: SentinelGroup, redis_prefix: str
) -> AsyncIterator[Services]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=group.url,
        redis_prefix=redis_prefix,
        session_key="sentinel-test-key",
        demo=True,
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
    )
    built = await build_services(settings)
    yield built
    await built.aclose()


def customer_order(n: int) -> dict[str, Any]:
    """A paid order of customer n, tied to the web user `web-n`."""
    doc = order_doc(order_no=f"88800000000000{n:05d}")
    doc["customer"] = {**doc["customer"], "id": f"C-{n}"}
    doc["customer"]["channels"] = [{"channel": "web", "user_id": f"web-{n}"}]
    return doc


def new_master_elected(group: SentinelGroup, old_port: int) -> bool:
    """Every sentinel names another server, and that server says it is the master."""
    ports = {
        int(w.client().sentinel_get_master_addr_by_name(group.name)[1]) for w in group.sentinels
    }
    if len(ports) != 1 or old_port in ports:
        return False
    return group.server_on(ports.pop()).client().info("replication")["role"] == "master"


async def address_changes(services: Services) -> list[str]:
    async with services.db.connect() as conn:
        rows = await conn.execute(
            sa.select(audit_log.c.order_no).where(audit_log.c.action == "order.address_changed")
        )
        return [row.order_no for row in rows]


async def test_a_planned_failover_in_the_middle_of_an_address_change_loses_nothing(
    behind_sentinel: Services, group: SentinelGroup
) -> None:
    await store(behind_sentinel, customer_order(1))
    chat = Chat(Engine(behind_sentinel), user="web-1")
    await chat.say("我要改地址")
    shown = await chat.say(NEW_ADDRESS)
    assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"]
    old = group.master_port()
    wait_for(lambda: replicas_caught_up(group), "the replica to have every write")

    group.sentinels[0].client().execute_command("SENTINEL", "FAILOVER", group.name)
    wait_for(lambda: new_master_elected(group, old), "the replica to be promoted")

    await chat.say("好的")
    order = await behind_sentinel.hub.get_order("8880000000000000001")
    assert order is not None and order.shipping_address.name == "张三"
    assert await address_changes(behind_sentinel) == ["8880000000000000001"]


async def test_customers_in_the_middle_of_address_changes_when_the_master_crashes_finish_them(
    behind_sentinel: Services, group: SentinelGroup
) -> None:
    customers = 6
    orders = [f"88800000000000{n:05d}" for n in range(customers)]
    await store(behind_sentinel, *(customer_order(n) for n in range(customers)))
    chats = [Chat(Engine(behind_sentinel), user=f"web-{n}") for n in range(customers)]
    # With Redis down the conversation's language cannot be read: the apology may be English.
    apologies = {(await chats[0].engine.apology(lang)).text() for lang in ("zh_Hans", "en")}

    async def start(chat: Chat) -> None:
        await chat.say("我要改地址")
        shown = await chat.say(NEW_ADDRESS)
        assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"]

    await asyncio.gather(*(start(chat) for chat in chats))
    old = group.master_port()
    wait_for(lambda: replicas_caught_up(group), "the replica to have every write")
    group.server_on(old).kill()
    election = asyncio.create_task(
        asyncio.to_thread(wait_for, lambda: new_master_elected(group, old), "a new master")
    )

    async def confirm(chat: Chat) -> bool:
        """Say yes while Redis is down; if that turn is lost, say it again once the new
        master is up, as a customer told 'please try again' would. True: it had to."""
        first = await chat.say("好的")
        if first.text() not in apologies:
            return False
        await asyncio.shield(election)
        again = await chat.say("好的")
        assert again.text() not in apologies
        return True

    retried = await asyncio.gather(*(confirm(chat) for chat in chats))
    await election

    assert sorted(await address_changes(behind_sentinel)) == orders  # each once, none lost
    for order_no in orders:
        order = await behind_sentinel.hub.get_order(order_no)
        assert order is not None and order.shipping_address.name == "张三"
    assert any(retried), "no turn met the outage: the test did not test a failover"
