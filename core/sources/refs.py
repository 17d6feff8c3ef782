"""Which order a shop platform's own id names (`platform_order_refs`).

Shopify's fulfilment and refund webhooks and WooCommerce's `order.deleted` name an order by
the platform's numeric id, not by the order number customers see; every order mapped from a
platform records its id here, so those later webhooks find the order.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.tables import ORDER_NO_LENGTH, UTCDateTime, metadata
from core.storage.upsert import upsert

platform_order_refs = sa.Table(
    "platform_order_refs",
    metadata,
    sa.Column("platform", sa.String(32), primary_key=True),
    sa.Column("external_id", sa.String(64), primary_key=True),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)


async def remember(engine: AsyncEngine, platform: str, external_id: str, order_no: str) -> None:
    """Tie a platform's order id to our order number (the newest tie wins)."""
    row = {
        "platform": platform,
        "external_id": external_id,
        "order_no": order_no,
        "updated_at": datetime.now(UTC),
    }
    async with engine.begin() as conn:
        await upsert(conn, platform_order_refs, [row], ("platform", "external_id"))


async def order_no_for(engine: AsyncEngine, platform: str, external_id: str) -> str | None:
    table = platform_order_refs
    query = sa.select(table.c.order_no).where(
        table.c.platform == platform, table.c.external_id == external_id
    )
    async with engine.connect() as conn:
        return await conn.scalar(query)
