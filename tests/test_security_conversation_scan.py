"""The whole-conversation scan: every flow (status, verification, address change, cancel, return,
invoice, hand-off) over Redis sessions with JSON logging, then a search of the logs, every Redis
key and value under the prefix, the session histories and the ticket summaries for the raw
personal data of the orders: none of it may be there."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import structlog
from redis.asyncio import Redis

from core.engine import Engine
from core.keys import session_key
from core.logs import configure_logging
from core.messages import Reply
from core.services import Services, build_services
from core.settings import Settings
from tests.chat import Chat, store
from tests.conftest import REDIS_URL
from tests.factories import iso, order_doc, shipped

NEW_ADDRESS = "浙江省杭州市西湖区天目山路88号 王五 13700001111"


def customer(n: int, name: str, phone: str, email: str, user: str) -> dict[str, Any]:
    return {
        "id": f"C-{n}",
        "name": name,
        "phone": phone,
        "email": email,
        "locale": "zh_Hans",
        "timezone": "Asia/Shanghai",
        "channels": [{"channel": "web", "user_id": user}],
    }


def address(name: str, phone: str, line1: str) -> dict[str, Any]:
    return {
        "name": name,
        "phone": phone,
        "country": "CN",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "line1": line1,
    }


ORDERS = [
    shipped(
        order_no="9100000000000001023",
        customer=customer(1, "李娜", "13812345678", "li.na@example.com", "u-status"),
        shipping_address=address("李娜", "13812345678", "文三路100号"),
    ),
    order_doc(
        order_no="9200000000000002046",
        customer=customer(2, "张伟", "13698765432", "zhang.wei@example.com", "u-address"),
        shipping_address=address("张伟", "13698765432", "学院路56号"),
    ),
    order_doc(
        order_no="9300000000000003069",
        customer=customer(3, "John Smith", "+447946012345", "john.smith@example.com", "u-cancel"),
        shipping_address={
            "name": "John Smith",
            "phone": "+447946012345",
            "country": "GB",
            "city": "London",
            "line1": "221B Baker Street",
            "postal_code": "NW1 6XE",
        },
    ),
    shipped(
        order_no="9400000000000004082",
        status="delivered",
        delivered_at=iso(timedelta(days=-2)),
        customer=customer(4, "王芳", "13511112222", "wang.fang@example.com", "u-return"),
        shipping_address=address("王芳", "13511112222", "莫干山路7号"),
    ),
    order_doc(
        order_no="9500000000000005105",
        customer=customer(5, "陈静", "13533334444", "chen.jing@example.com", "u-invoice"),
        shipping_address=address("陈静", "13533334444", "凤起路21号"),
    ),
]


def raw_values() -> list[str]:
    values = ["王五", "13700001111", "天目山路88号"]
    for doc in ORDERS:
        c, a = doc["customer"], doc["shipping_address"]
        values += [doc["order_no"], c["name"], c["phone"], c["email"], a["line1"], a["phone"]]
        values += [s["tracking_no"] for s in doc.get("shipments", [])]
    return sorted(set(values))


@pytest.fixture
async def redis_services(tmp_path, redis: Redis, redis_prefix: str) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    built = await build_services(
        Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
            redis_url=REDIS_URL,
            demo=True,
            redis_prefix=redis_prefix,
            seed_demo_if_empty=False,
        )
    )
    yield built
    await built.aclose()


async def walk(chat: Chat, reply: Reply, steps: int = 4) -> None:
    """Press the first offered button a few times: confirm, pick the first line, and so on."""
    for _ in range(steps):
        buttons = reply.buttons()
        if not buttons:
            return
        yes = [b for b in buttons if b.payload.endswith(":yes")]
        reply = await chat.press((yes or buttons)[0].payload)


async def run_every_flow(engine: Engine) -> None:
    status = Chat(engine, user="u-status")
    await status.say("where is my order? my phone is 13812345678, email li.na@example.com")
    await status.say("订单 9100000000000001023 到哪了，快递 SF1234567890123")

    stranger = Chat(engine, user="u-stranger")
    await stranger.say("where is order 9100000000000001023?")
    await stranger.say("0000")
    await stranger.say("5678")
    await stranger.say("li.na@example.com")

    moving = Chat(engine, user="u-address")
    await moving.say("我要改地址")
    await walk(moving, await moving.say(NEW_ADDRESS))

    cancelling = Chat(engine, user="u-cancel")
    await walk(cancelling, await cancelling.say("I want to cancel my order 9300000000000003069"))

    returning = Chat(engine, user="u-return")
    await walk(returning, await returning.say("我想退货，我是王芳，电话13511112222"))

    invoicing = Chat(engine, user="u-invoice")
    await invoicing.say("能开发票吗")
    await invoicing.say("杭州某某科技有限公司 91330106MA2KXXXX1X 发到 chen.jing@example.com")

    human = Chat(engine, user="u-human")
    await human.say("转人工，我叫李娜，电话13812345678，地址文三路100号，邮箱 li.na@example.com")
    await human.press("intent:human_agent")
    complaint = Chat(engine, user="u-complaint")
    await complaint.say(
        "太差了！我要投诉！我叫王芳 13511112222 莫干山路7号 订单9400000000000004082"
    )


async def redis_dump(redis: Redis, prefix: str) -> str:
    parts: list[str] = []
    async for key in redis.scan_iter(match=f"{prefix}*"):
        parts.append(key)
        kind = await redis.type(key)
        if kind == "string":
            parts.append(await redis.get(key) or "")
        elif kind == "hash":
            parts.append(json.dumps(await redis.hgetall(key), ensure_ascii=False))
        elif kind == "list":
            parts += await redis.lrange(key, 0, -1)
        elif kind in ("set", "zset"):
            parts += (
                [str(m) for m in await redis.zrange(key, 0, -1)]
                if kind == "zset"
                else list(await redis.smembers(key))
            )
        elif kind == "stream":
            parts.append(json.dumps(await redis.xrange(key), ensure_ascii=False))
    return "\n".join(parts)


async def test_no_raw_personal_data_anywhere_after_every_flow(
    redis_services: Services, redis: Redis, redis_prefix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    services = redis_services
    await store(services, *ORDERS)
    configure_logging("INFO", json=True)
    try:
        await run_every_flow(Engine(services))
    finally:
        structlog.reset_defaults()
    captured = capsys.readouterr()
    logs = []
    for line in (captured.out + captured.err).splitlines():
        try:
            logs.append(json.dumps(json.loads(line), ensure_ascii=False))
        except ValueError:
            logs.append(line)
    log_text = "\n".join(logs)
    assert '"handled"' in log_text

    stored = await redis_dump(redis, redis_prefix)
    assert redis_prefix + session_key("web:u-address") in stored

    histories = []
    for user in (
        "u-status",
        "u-stranger",
        "u-address",
        "u-cancel",
        "u-return",
        "u-invoice",
        "u-human",
        "u-complaint",
    ):
        session = await services.sessions.load(f"web:{user}")
        assert session.history, user
        histories += [f"{user} {t.role}: {t.text}" for t in session.history]
    history_text = "\n".join(histories)

    tickets = await services.tickets.list()
    assert {t.kind for t in tickets} >= {"human_agent"}, [(t.kind, t.summary) for t in tickets]
    ticket_text = "\n".join(f"{t.kind}: {t.summary}" for t in tickets)

    found = {
        where: [raw for raw in raw_values() if raw in text]
        for where, text in (
            ("logs", log_text),
            ("redis", stored),
            ("history", history_text),
            ("tickets", ticket_text),
        )
    }
    assert found == {"logs": [], "redis": [], "history": [], "tickets": []}, (
        found,
        history_text,
        ticket_text,
    )
