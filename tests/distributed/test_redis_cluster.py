"""Sessions, locks, dedup keys, rate limits and the event queue on a real Redis Cluster: three
masters started here on their own ports, joined by `redis-cli --cluster create`, and the
service configured with `ORDERSUPPORT_REDIS_URL=redis+cluster://...`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from core.acceptance import Outage
from core.engine import Engine
from core.keys import event_key, lock_key, seen_key, session_key
from core.messages import Inbound, Reply
from core.proactive.events import Event
from core.ratelimit import Limiter
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import audit_log
from tests.chat import Chat, store
from tests.distributed.servers import Cluster, RedisProcess, start_cluster, wait_for
from tests.factories import delivered_mugs_and_towel, order_doc
from tests.test_proactive_support import (
    NOW,
    Outbox,
    close_workers,
    every_kind,
    mark_started,
    settings_for,
    start_worker,
)
from tests.test_proactive_support import store as store_orders

ORDER = "1234567890123451023"
NEW_ADDRESS = "浙江省杭州市西湖区文三路100号 张三 13912345678"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    started = start_cluster(tmp_path_factory.mktemp("cluster"))
    yield started
    started.stop()


@pytest.fixture
def cluster_settings(tmp_path: Path, cluster: Cluster, redis_prefix: str) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=cluster.url,
        redis_prefix=redis_prefix,
        session_key="cluster-test-key",
        demo=True,
        api_token="test-token",
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
    )


@pytest.fixture
async def on_cluster(cluster_settings: Settings) -> AsyncIterator[Services]:
    built = await build_services(cluster_settings)
    yield built
    await built.aclose()


def node_of(cluster: Cluster, key: str) -> int:
    """The port of the master that holds `key`'s slot."""
    client = cluster.masters[0].client()
    slot = int(client.execute_command("CLUSTER", "KEYSLOT", key))
    for start, end, master, *_ in client.execute_command("CLUSTER", "SLOTS"):
        if int(start) <= slot <= int(end):
            return int(master[1])
    raise AssertionError(f"no master for slot {slot}")


def slot_of(cluster: Cluster, key: str) -> int:
    return int(cluster.masters[0].client().execute_command("CLUSTER", "KEYSLOT", key))


def delivered() -> dict[str, Any]:
    """Two mugs of ¥100 and a towel of ¥50 with a 满200减20 coupon, delivered two days ago."""
    return delivered_mugs_and_towel()


def test_every_key_of_one_conversation_is_on_one_slot(cluster: Cluster) -> None:
    conversation = "telegram:42"
    names = [
        session_key(conversation),
        lock_key(conversation),
        event_key(conversation, "telegram", "9001"),
        seen_key("telegram", "42"),
    ]
    assert len({slot_of(cluster, f"os:{name}") for name in names}) == 1


def test_conversations_spread_over_every_master(cluster: Cluster) -> None:
    masters = {node_of(cluster, f"os:{session_key(f'web:user-{n}')}") for n in range(60)}
    assert masters == {m.port for m in cluster.masters}


async def test_a_return_over_several_turns_is_quoted_and_recorded_on_the_cluster(
    on_cluster: Services,
) -> None:
    await store(on_cluster, delivered())
    chat = Chat(Engine(on_cluster))
    await chat.say("I want to return something")
    await chat.press("return_line:A")
    await chat.press("return_qty:1")
    quote = await chat.press("return_reason:no_reason")
    assert "¥80.00" in quote.text() and "¥92.00" in quote.text()
    await chat.press("confirm:yes")
    order = await on_cluster.hub.get_order(ORDER)
    assert order is not None
    [ret] = order.returns
    assert ret.refund_amount == Decimal("80.00")


async def test_the_session_lives_on_the_cluster_under_its_conversation_tag(
    on_cluster: Services, cluster: Cluster, cluster_settings: Settings
) -> None:
    await store(on_cluster, delivered())
    await Chat(Engine(on_cluster)).say("where is my order?")
    name = f"{cluster_settings.redis_prefix}{session_key('web:web-li')}"
    holder = next(m for m in cluster.masters if m.port == node_of(cluster, name))
    assert holder.client().exists(name) == 1
    assert [key async for key in on_cluster.sessions.scan()] == ["web:web-li"]


async def test_a_platform_event_delivered_twice_is_answered_once(on_cluster: Services) -> None:
    engine = Engine(on_cluster)
    inbound = Inbound(
        channel="telegram", user_id="77", chat_id="77", text="hello", event_id="update-5"
    )
    first = await engine.handle(inbound)
    again = await engine.handle(inbound)
    assert first.parts and not first.silent
    assert again.silent and not again.parts


async def test_messages_sent_at_once_in_one_conversation_are_each_answered_in_turn(
    on_cluster: Services,
) -> None:
    await store(on_cluster, delivered())
    engine = Engine(on_cluster)
    said = ["where is my order?", "hello", "thanks", "where is my parcel?"]
    replies = await asyncio.gather(
        *(
            engine.handle(Inbound(channel="web", user_id="web-li", chat_id="web-li", text=t))
            for t in said
        )
    )
    apology = (await engine.apology("en")).text()
    assert all(r.parts and r.text() != apology for r in replies)
    session = await on_cluster.sessions.load("web:web-li")
    assert session.version == len(said)


async def test_the_web_inbox_hands_a_notice_over_once(on_cluster: Services) -> None:
    from core.inbox import WebInbox, drain_inbox
    from core.messages import Reply, TextPart

    await WebInbox(on_cluster.sessions).send("visitor-1", Reply(parts=[TextPart(text="Shipped")]))
    first = await drain_inbox(on_cluster.sessions, "visitor-1")
    assert [p["text"] for p in first] == ["Shipped"]
    assert await drain_inbox(on_cluster.sessions, "visitor-1") == []


async def test_the_rate_limit_counts_across_processes_on_the_cluster(
    cluster_settings: Settings,
) -> None:
    one, two = [await build_services(cluster_settings) for _ in range(2)]
    try:
        limits = [Limiter(s.keys, s.redis, cluster_settings.redis_prefix) for s in (one, two)]
        decisions = [await limits[n % 2].hit("chat", 3, 60, "203.0.113.9") for n in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert decisions[-1].retry_after >= 1
    finally:
        await one.aclose()
        await two.aclose()


async def test_a_verification_lockout_is_shared_on_the_cluster(on_cluster: Services) -> None:
    keys = on_cluster.keys
    assert [await keys.hit("verify:fail:web:u9", 60) for _ in range(3)] == [1, 2, 3]
    assert await keys.claim("verify:lock:web:u9", 60)
    assert not await keys.claim("verify:lock:web:u9", 60)
    assert 0 < await keys.remaining("verify:lock:web:u9") <= 60


async def test_two_workers_on_the_cluster_give_each_customer_one_notice(
    tmp_path: Path, cluster: Cluster, redis_prefix: str
) -> None:
    settings = settings_for(tmp_path, redis_prefix).model_copy(update={"redis_url": cluster.url})
    box = Outbox()
    pair = [await start_worker(settings, box, f"worker-{i}") for i in range(2)]
    try:
        cases = every_kind()
        orders = await store_orders(pair[0].services, *(c.doc for c in cases))
        await mark_started(pair[0].services, *(c.user for c in cases if c.channel == "telegram"))
        for order in orders:
            await pair[0].proactive.submit(
                Event(id=f"evt:{order.order_no}", order_no=order.order_no, at=NOW)
            )
        # The same events again, from the other process: refused by their idempotency keys.
        for order in orders:
            assert not await pair[1].proactive.submit(
                Event(id=f"evt:{order.order_no}", order_no=order.order_no, at=NOW)
            )
        await asyncio.gather(*(w.proactive.run_once(NOW) for w in pair))
        assert sorted(s.chat_id for s in box.sent) == sorted(c.user for c in cases)
        queue = pair[0].proactive.queue
        assert queue is not None
        assert await queue.backlog() == {"waiting": 0, "pending": 0, "retrying": 0, "dead": 0}
    finally:
        await close_workers(*pair)


async def test_a_failed_event_is_retried_then_dead_lettered_on_the_cluster(
    on_cluster: Services,
) -> None:
    from core.proactive.queue import EventQueue

    assert on_cluster.redis is not None
    queue = EventQueue(
        on_cluster.redis, on_cluster.settings.redis_prefix, retry_base_seconds=1, max_deliveries=2
    )
    assert await queue.publish(Event(id="e-1", order_no="ORDER-1", at=NOW))
    [first] = await queue.read("c1", 10)
    assert await queue.fail(first, "shop down", NOW)
    assert await queue.promote_retries(NOW + timedelta(hours=1)) == 1
    [second] = await queue.read("c1", 10)
    assert second.attempt == 2
    await queue.fail(second, "shop down", NOW)
    assert await queue.backlog() == {"waiting": 0, "pending": 0, "retrying": 0, "dead": 1}
    [dead] = await queue.dead_letters()
    assert dead["order_no"] == "ORDER-1"


def test_the_cluster_url_reaches_every_master_from_one_node(cluster: Cluster) -> None:
    from core.redis_client import connect_sync

    client = connect_sync(f"redis+cluster://{cluster.masters[0].address}")
    try:
        client.set("probe:{a}", "1", ex=30)
        client.set("probe:{b}", "1", ex=30)
        assert client.get("probe:{a}") == b"1" and client.get("probe:{b}") == b"1"
    finally:
        client.close()


@pytest.fixture
def cluster_with_replicas(tmp_path: Path) -> Iterator[Cluster]:
    started = start_cluster(tmp_path / "cluster", masters=3, replicas=1)
    yield started
    started.stop()


def owner(node: RedisProcess, slot: int) -> int:
    """The port of the master serving `slot`, as `node` sees it."""
    for start, end, master, *_ in node.client().execute_command("CLUSTER", "SLOTS"):
        if int(start) <= slot <= int(end):
            return int(master[1])
    raise AssertionError(f"nobody serves slot {slot}")


def replica_of(node: RedisProcess) -> int | None:
    """The port of the master `node` replicates (None for a master), as the node itself says
    (other nodes learn of replicas by gossip, a little later)."""
    info = node.client().info("replication")
    return int(info["master_port"]) if info["role"] == "slave" else None


async def test_a_conversation_goes_on_after_its_master_crashes_and_its_replica_takes_over(
    cluster_with_replicas: Cluster, tmp_path: Path, redis_prefix: str
) -> None:
    nodes = cluster_with_replicas.masters
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=cluster_with_replicas.url,
        redis_prefix=redis_prefix,
        session_key="cluster-test-key",
        demo=True,
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
    )
    services = await build_services(settings)
    try:
        await store(services, order_doc())
        chat = Chat(Engine(services))
        await chat.say("我要改地址")
        shown = await chat.say(NEW_ADDRESS)
        assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"]

        slot = slot_of(cluster_with_replicas, f"{redis_prefix}{session_key('web:web-li')}")
        master_port = owner(nodes[0], slot)
        master = next(n for n in nodes if n.port == master_port)
        [replica_port] = [n.port for n in nodes if replica_of(n) == master_port]

        def replica_has_everything() -> bool:
            info = master.client().info("replication")
            return int(info["slave0"]["offset"]) >= int(info["master_repl_offset"])

        wait_for(replica_has_everything, "the replica to have every write")
        master.kill()
        survivor = next(n for n in nodes if n.port not in (master_port,))

        def promoted() -> bool:
            ok = "cluster_state:ok" in str(survivor.client().execute_command("CLUSTER", "INFO"))
            return ok and owner(survivor, slot) == replica_port

        wait_for(promoted, "the replica to take the slot over")

        apologies = {(await chat.engine.apology(lang)).text() for lang in ("zh_Hans", "en")}
        try:
            done: Reply | None = await chat.say("好的")
        except Outage:  # Redis unreachable on this turn: a webhook answers 503, and it comes again
            done = None
        if done is None or done.text() in apologies:  # the client learned of the new master
            done = await chat.say("好的")
        assert done.text() not in apologies
        order = await services.hub.get_order("1234567890123451023")
        assert order is not None and order.shipping_address.name == "张三"
        async with services.db.connect() as conn:
            actions = (await conn.scalars(sa.select(audit_log.c.action))).all()
        assert actions.count("order.address_changed") == 1
    finally:
        await services.aclose()
