"""Shared parts of the proactive-exception tests (no tests here): orders for every exception
kind at a fixed moment, recording senders, and workers built like separate processes."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr

from core.keys import seen_key
from core.messages import Reply
from core.order import Order
from core.outbound import DeliveryFailed, NoticeKind
from core.proactive.config import ProactiveConfig
from core.proactive.service import Proactive
from core.services import Services, build_services
from core.settings import Settings
from core.tickets import Ticket

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
"""17:00 in Shanghai, 18:00 in Tokyo, 12:00 in Moscow, 10:00 in Madrid and Berlin."""
H = timedelta(hours=1)
SECRET = "shop-webhook-test-secret"


class ProactiveSettings(Settings):
    """The settings this feature reads, as the lead will add them to `Settings`."""

    shop_webhook_secret: SecretStr | None = None
    proactive_daily_budget: dict[str, Decimal] = Field(default_factory=dict)


def settings_for(tmp_path: Path, redis_prefix: str | None, **extra: Any) -> ProactiveSettings:
    from tests.conftest import REDIS_URL

    return ProactiveSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=REDIS_URL if redis_prefix else None,
        demo=True,
        redis_prefix=redis_prefix or "os:",
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
        shop_webhook_secret=SecretStr(SECRET),
        **extra,
    )


@dataclass
class Sent:
    channel: str
    chat_id: str
    reply: Reply
    kind: NoticeKind


@dataclass
class Outbox:
    """Everything the recording senders were asked to deliver, in order."""

    sent: list[Sent] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    """chat ids whose platform says no (DeliveryFailed)."""

    def to(self, chat_id: str) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]


class RecordingSender:
    def __init__(self, channel: str, box: Outbox) -> None:
        self.channel = channel
        self.box = box

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        if chat_id in self.box.refuse:
            raise DeliveryFailed("refused by the fake platform")
        self.box.sent.append(Sent(self.channel, chat_id, reply, kind))


@dataclass
class Worker:
    services: Services
    proactive: Proactive
    tickets: list[Ticket]


async def start_worker(
    settings: Settings, box: Outbox, name: str, config: ProactiveConfig | None = None
) -> Worker:
    """One worker as its own process would have it: own services (DB pool, Redis client)."""
    opened: list[Ticket] = []

    async def listen(ticket: Ticket) -> None:  # stands in for the Slack desk's listener
        opened.append(ticket)

    services = await build_services(
        settings,
        senders=[RecordingSender(channel, box) for channel in ("telegram", "web", "wechat")],
        ticket_listeners=[listen],
    )
    base = config or ProactiveConfig(shop_timezone="Asia/Shanghai", event_batch=2)
    return Worker(services, Proactive(services, base, consumer=name), opened)


async def close_workers(*workers: Worker) -> None:
    for worker in workers:
        await worker.services.aclose()


async def workers(
    settings: Settings, box: Outbox, count: int = 2, config: ProactiveConfig | None = None
) -> AsyncIterator[list[Worker]]:
    built = [await start_worker(settings, box, f"worker-{i}", config) for i in range(count)]
    try:
        yield built
    finally:
        await close_workers(*built)


# --- orders ---------------------------------------------------------------------------------


def iso(delta: timedelta) -> str:
    return (NOW + delta).isoformat()


def customer(cid: str, locale: str, tz: str, channel: str | None, user: str) -> dict[str, Any]:
    return {
        "id": cid,
        "name": "Test Customer",
        "phone": "13812345678",
        "locale": locale,
        "timezone": tz,
        "channels": [{"channel": channel, "user_id": user}] if channel else [],
    }


def base_order(order_no: str, cust: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "order_no": order_no,
        "platform": "web",
        "status": "paid",
        "placed_at": iso(-10 * H),
        "paid_at": iso(-10 * H + timedelta(minutes=2)),
        "currency": "CNY",
        "customer": cust,
        "items": [
            {"line_id": "L1", "sku": "MUG", "title": "Mug", "quantity": 2, "unit_price": "49.00"}
        ],
        "shipping_address": {
            "name": "Test Customer",
            "phone": "13812345678",
            "country": "CN",
            "city": "Hangzhou",
            "line1": "100 Wensan Road",
        },
        "warehouse": {"code": "SH-01"},
        "payment": {"method": "alipay", "status": "succeeded", "amount": "98.00"},
    }
    doc.update(copy.deepcopy(overrides))
    return doc


def shipped_with(last_event: timedelta, status: str = "in_transit", country: str = "CN") -> dict:
    return {
        "status": "shipped",
        "warehouse": {"code": "SH-01", "outbound_at": iso(last_event - 2 * H)},
        "shipping_address": {
            "name": "Test Customer",
            "phone": "13812345678",
            "country": country,
            "city": "City",
            "line1": "1 Main Street",
        },
        "shipments": [
            {
                "carrier": "SF Express",
                "tracking_no": "SF1234567890123",
                "picked_up_at": iso(last_event - H),
                "events": [
                    {"at": iso(last_event - H), "status": "picked_up", "description": "picked up"},
                    {"at": iso(last_event), "status": status, "description": status},
                ],
            }
        ],
    }


@dataclass(frozen=True)
class Case:
    name: str
    doc: dict[str, Any]
    channel: str
    user: str
    language: str
    ticket_kind: str | None
    department: str | None
    priority: str | None


def every_kind() -> list[Case]:
    """One customer per exception kind, each on its own channel and language."""

    def case(name, no, locale, tz, channel, user, ticket, dept, prio, **doc):  # type: ignore[no-untyped-def]
        cust = customer(f"C-{no}", locale, tz, channel, user)
        return Case(name, base_order(no, cust, **doc), channel, user, locale, ticket, dept, prio)

    backordered = [
        {
            "line_id": "L1",
            "sku": "MUG",
            "title": "Mug",
            "quantity": 2,
            "unit_price": "49.00",
            "backordered": True,
        }
    ]
    return [
        case(
            "stock_out",
            "SO-1001",
            "zh_Hans",
            "Asia/Shanghai",
            "telegram",
            "7001",
            "proactive_stock_out",
            "warehouse",
            "high",
            items=backordered,
        ),
        case(
            "warehouse_late",
            "WL-1002",
            "es",
            "Europe/Madrid",
            "wechat",
            "oWL1002",
            "proactive_warehouse_late",
            "warehouse",
            "high",
            currency="EUR",
            paid_at=iso(-50 * H),
            placed_at=iso(-51 * H),
            payment={"method": "card", "status": "succeeded", "amount": "200.00"},
            items=[
                {
                    "line_id": "L1",
                    "sku": "BAG",
                    "title": "Bag",
                    "quantity": 1,
                    "unit_price": "200.00",
                }
            ],
        ),
        case(
            "presale_late",
            "PS-1003",
            "ja",
            "Asia/Tokyo",
            "web",
            "web-ps1003",
            "proactive_warehouse_late",
            "warehouse",
            "high",
            presale_ship_by=iso(-H),
            placed_at=iso(-240 * H),
            paid_at=iso(-239 * H),
        ),
        case(
            "stalled_domestic",
            "SD-1004",
            "zh_Hans",
            "Asia/Shanghai",
            "wechat",
            "oSD1004",
            "proactive_parcel_stalled",
            "logistics",
            "normal",
            **shipped_with(-73 * H),
        ),
        case(
            "stalled_cross_border",
            "SX-1005",
            "ru",
            "Europe/Moscow",
            "telegram",
            "7005",
            "proactive_parcel_stalled",
            "logistics",
            "normal",
            **shipped_with(-(7 * 24 + 1) * H, country="RU"),
        ),
        case(
            "customs_hold",
            "CH-1006",
            "de",
            "Europe/Berlin",
            "web",
            "web-ch1006",
            "proactive_shipment_exception",
            "logistics",
            "high",
            **shipped_with(-2 * H, "customs_hold", "DE"),
        ),
        case(
            "address_problem",
            "AP-1007",
            "fr",
            "Europe/Paris",
            "telegram",
            "7007",
            "proactive_shipment_exception",
            "logistics",
            "high",
            **shipped_with(-2 * H, "address_problem"),
        ),
        case(
            "returned_to_sender",
            "RS-1008",
            "ar",
            "Asia/Dubai",
            "wechat",
            "oRS1008",
            "proactive_shipment_exception",
            "logistics",
            "high",
            **shipped_with(-2 * H, "returned_to_sender"),
        ),
        case(
            "payment_failed",
            "PF-1009",
            "ko",
            "Asia/Seoul",
            "telegram",
            "7009",
            None,
            None,
            None,
            status="pending_payment",
            paid_at=None,
            payment={
                "method": "credit_card",
                "status": "failed",
                "failure_code": "insufficient_funds",
                "amount": "98.00",
            },
        ),
    ]


async def store(services: Services, *docs: dict[str, Any]) -> list[Order]:
    orders = [Order.model_validate(d) for d in docs]
    await services.orders.replace_all(orders)
    return orders


async def mark_started(services: Services, *telegram_users: str) -> None:
    """These Telegram users have written to the bot (the engine's `seen:` key)."""
    for user in telegram_users:
        await services.keys.claim(seen_key("telegram", user), 3600)


async def decisions(services: Services, order_no: str | None = None) -> list[dict[str, Any]]:
    import sqlalchemy as sa

    from core.storage.tables import exception_decisions as table

    query = sa.select(table).order_by(table.c.id)
    if order_no is not None:
        query = query.where(table.c.order_no == order_no)
    async with services.db.connect() as conn:
        return [dict(r) for r in (await conn.execute(query)).mappings()]
