"""Writing a chat identity's tie to a customer: the one place that replaces a binding row."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from core import turn_memo
from core.storage.tables import channel_bindings
from core.storage.upsert import upsert


async def replace_binding(
    conn: AsyncConnection, channel: str, user_id: str, customer_id: str, how: str
) -> None:
    """Tie (channel, user_id) to `customer_id`, replacing any earlier tie of that chat user."""
    turn_memo.forget_customers()
    row = {
        "channel": channel,
        "user_id": user_id,
        "customer_id": customer_id,
        "how": how,
        "created_at": datetime.now(UTC),
    }
    await upsert(conn, channel_bindings, [row], ("channel", "user_id"))
