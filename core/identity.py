"""Who a chat user is: bindings to customers, and verification with lock-out.

A chat user tied to a customer (through `customer.channels`, a verified answer or a signed link)
sees that customer's orders. Anyone else must verify against the order — last four digits of its
phone, or its e-mail — and three wrong answers lock verification for that user for 15 minutes.
"""

from __future__ import annotations

import re
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from core.audit import AuditLog
from core.keys import KeyStore
from core.masking import mask_order_no
from core.order import Order
from core.storage.bindings import replace_binding
from core.storage.tables import channel_bindings


class Verdict(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


def answer_matches(order: Order, answer: str) -> bool:
    """Last four digits of one of the order's phones, or one of its e-mails (any case)."""
    text = answer.strip().lower()
    if order.customer.email and text == order.customer.email.lower():
        return True
    digits = re.sub(r"\D", "", text)
    if len(digits) != 4:
        return False
    phones = [p for p in (order.customer.phone, order.shipping_address.phone) if p]
    return any(re.sub(r"\D", "", p).endswith(digits) for p in phones)


class IdentityService:
    def __init__(
        self,
        engine: AsyncEngine,
        keys: KeyStore,
        audit: AuditLog,
        *,
        max_failures: int = 3,
        lock_seconds: int = 15 * 60,
    ) -> None:
        self._engine = engine
        self._keys = keys
        self._audit = audit
        self._max_failures = max_failures
        self._lock_seconds = lock_seconds

    async def customer_for(self, channel: str, user_id: str) -> str | None:
        query = sa.select(channel_bindings.c.customer_id).where(
            channel_bindings.c.channel == channel, channel_bindings.c.user_id == user_id
        )
        async with self._engine.connect() as conn:
            return await conn.scalar(query)

    async def bind(self, channel: str, user_id: str, customer_id: str, how: str) -> None:
        async with self._engine.begin() as conn:
            await replace_binding(conn, channel, user_id, customer_id, how)
            await self._audit.record_in(
                conn, f"customer:{channel}", "identity.bound", after={"how": how}
            )

    async def may_see(self, order: Order, channel: str, user_id: str) -> bool:
        if order.is_tied_to(channel, user_id):
            return True
        return await self.customer_for(channel, user_id) == order.customer.id

    def _lock_key(self, channel: str, user_id: str) -> str:
        return f"verify-lock:{channel}:{user_id}"

    async def locked_seconds(self, channel: str, user_id: str) -> int:
        return await self._keys.remaining(self._lock_key(channel, user_id))

    async def verify(self, order: Order, channel: str, user_id: str, answer: str) -> Verdict:
        """Check an answer; on success tie the user to the order's customer for next time."""
        if await self.locked_seconds(channel, user_id):
            return Verdict.LOCKED
        fail_key = f"verify-fail:{channel}:{user_id}"
        masked = mask_order_no(order.order_no)
        if answer_matches(order, answer):
            await self._keys.clear(fail_key)
            await self.bind(channel, user_id, order.customer.id, how="verified")
            await self._audit.record(
                f"customer:{channel}",
                "identity.verified",
                order_no=order.order_no,
                after={"order": masked},
            )
            return Verdict.OK
        failures = await self._keys.hit(fail_key, self._lock_seconds)
        await self._audit.record(
            f"customer:{channel}",
            "identity.failed",
            order_no=order.order_no,
            after={"order": masked, "failures": failures},
        )
        if failures >= self._max_failures:
            await self._keys.claim(self._lock_key(channel, user_id), self._lock_seconds)
            await self._keys.clear(fail_key)
            return Verdict.LOCKED
        return Verdict.WRONG
