"""What the durability fault tests share: services on the test's own Redis and PostgreSQL, a
delivered order to return, and counts read straight from the database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa

from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import audit_log, tickets
from tests.factories import delivered_mugs_and_towel

ORDER = "1234567890123451023"


def fault_settings(database_url: str, redis_url: str | None, **extra: Any) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=f"faults:{uuid.uuid4().hex[:8]}:",
        api_token="test-token",
        seed_demo_if_empty=False,
        demo=True,
        default_timezone="Asia/Shanghai",
        **extra,
    )


async def fault_services(database_url: str, redis_url: str | None, **extra: Any) -> Services:
    return await build_services(
        fault_settings(database_url, redis_url, **extra), upgrade_schema=True
    )


def delivered_order(**overrides: Any) -> dict[str, Any]:
    """A CN order delivered two days ago: two mugs and a towel, paid by Alipay."""
    return delivered_mugs_and_towel(coupon=False, **overrides)


async def audited(services: Services, action: str) -> int:
    async with services.db.connect() as conn:
        count = await conn.scalar(
            sa.select(sa.func.count()).select_from(audit_log).where(audit_log.c.action == action)
        )
    return int(count or 0)


async def ticket_count(services: Services) -> int:
    async with services.db.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(tickets)) or 0)


async def until(check: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    """Wait for something another task does (not for time: it fails if it never happens)."""
    for _ in range(int(seconds * 100)):
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("it never happened")
