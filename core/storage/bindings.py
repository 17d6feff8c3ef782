"""Writing a chat identity's tie to a customer: the one place that replaces a binding row."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from core import turn_memo
from core.storage.tables import channel_bindings


async def replace_binding(
    conn: AsyncConnection, channel: str, user_id: str, customer_id: str, how: str
) -> None:
    """Tie (channel, user_id) to `customer_id`, replacing any earlier tie of that chat user."""
    turn_memo.forget_customers()
    await conn.execute(
        sa.delete(channel_bindings).where(
            channel_bindings.c.channel == channel, channel_bindings.c.user_id == user_id
        )
    )
    await conn.execute(
        sa.insert(channel_bindings).values(
            channel=channel,
            user_id=user_id,
            customer_id=customer_id,
            how=how,
            created_at=datetime.now(UTC),
        )
    )
