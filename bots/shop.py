"""`ordersupport shop import|demo`: loading orders into the SQL source."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from core.services import Services
from core.sources.sql import validate_import


async def import_file(services: Services, path: Path) -> int:
    """All-or-nothing: one bad order imports none, and the error names the order and field."""
    try:
        documents = json.loads(await asyncio.to_thread(path.read_text, encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    orders = validate_import(documents)
    await services.orders.replace_all(orders)
    await services.audit.record("staff:cli", "shop.import", after={"orders": len(orders)})
    return len(orders)


async def seed_demo(services: Services) -> int:
    from demo import generate_demo_orders

    orders = generate_demo_orders(datetime.now(UTC))
    await services.orders.replace_all(orders)
    await services.audit.record("system", "shop.demo_seeded", after={"orders": len(orders)})
    return len(orders)


async def seed_demo_if_empty(services: Services) -> None:
    if await services.orders.count() == 0:
        await seed_demo(services)
