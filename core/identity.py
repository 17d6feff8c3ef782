"""Who a chat user is: bindings to customers, verification with lock-out, and web identity.

A chat user tied to a customer (through `customer.channels`, a verified answer, a signed link or
the shop's signature of its logged-in customer) sees that customer's orders. Anyone else must
verify against the order — last four digits of its phone, or its e-mail. Wrong answers are
counted three ways, so changing chat ids does not help: per chat id (3, then locked for 15
minutes), per order, from any chat id or channel (6), and per client address (10, for the web,
whose ids cost nothing to make up; the adapter names the address in `CLIENT`).

Web identity: the shop's own site signs the customer it has logged in, either as `user_hash` =
hex HMAC-SHA256 of the user id under the shop's secret (`sign_user`), or as a short-lived HS256
token (JWT) with `sub` (the user id) and `exp` (`check_token`). Anyone unsigned is an anonymous
visitor.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from contextvars import ContextVar
from enum import StrEnum

import jwt
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


CLIENT: ContextVar[str | None] = ContextVar("identity_client", default=None)
"""The client address of the request being handled (set by the web adapter), so verification
attempts are also counted per address."""


def _hashed(value: str) -> str:
    """Keys of counters hold no order number or address in the clear."""
    return hashlib.sha256(value.encode()).hexdigest()[:24]


# --- the shop's signature of its logged-in customer ----------------------------------------


def sign_user(secret: str, user_id: str) -> str:
    """The `user_hash` a shop's site puts beside `user_id`: hex HMAC-SHA256 of the id."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def check_user_hash(secrets: Iterable[str], user_id: str, user_hash: str) -> bool:
    """True when `user_hash` is the signature of `user_id` under one of the shop's secrets."""
    given = user_hash.strip().lower().encode()
    return any(hmac.compare_digest(given, sign_user(s, user_id).encode()) for s in secrets)


def make_token(secret: str, user_id: str, *, issued_at: int, ttl_seconds: int) -> str:
    """A short-lived signed token for `user_id` (what a shop's server issues; tests use it)."""
    claims = {"sub": user_id, "iat": issued_at, "exp": issued_at + ttl_seconds}
    return jwt.encode(claims, secret, algorithm="HS256")


def check_token(
    secrets: Iterable[str], token: str, *, max_ttl_seconds: int, leeway: int = 30
) -> str | None:
    """The user id of a valid, unexpired HS256 token living at most `max_ttl_seconds`."""
    for secret in secrets:
        try:
            claims = jwt.decode(
                token,
                secret,
                algorithms=["HS256"],
                leeway=leeway,
                options={"require": ["sub", "exp", "iat"]},
            )
        except jwt.InvalidTokenError:
            continue
        if int(claims["exp"]) - int(claims["iat"]) > max_ttl_seconds:
            return None
        subject = claims.get("sub")
        return subject if isinstance(subject, str) and 0 < len(subject) <= 100 else None
    return None


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
        max_failures_per_order: int = 6,
        max_failures_per_client: int = 10,
    ) -> None:
        self._engine = engine
        self._keys = keys
        self._audit = audit
        self._max_failures = max_failures
        self._lock_seconds = lock_seconds
        self.configure_limits(max_failures_per_order, max_failures_per_client)

    def configure_limits(self, per_order: int, per_client: int) -> None:
        """How many wrong answers one order, and one client address, may get in a lock period."""
        self._per_order = max(1, per_order)
        self._per_client = max(1, per_client)

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

    @staticmethod
    def _order_keys(order: Order) -> tuple[str, str]:
        digest = _hashed(order.order_no)
        return f"verify-fail-order:{digest}", f"verify-lock-order:{digest}"

    @staticmethod
    def _client_keys(client: str) -> tuple[str, str]:
        digest = _hashed(client)
        return f"verify-fail-client:{digest}", f"verify-lock-client:{digest}"

    async def locked_seconds(self, channel: str, user_id: str) -> int:
        """Seconds until this chat user may try again: its own lock, or its address's."""
        seconds = await self._keys.remaining(self._lock_key(channel, user_id))
        client = CLIENT.get()
        if client:
            seconds = max(seconds, await self._keys.remaining(self._client_keys(client)[1]))
        return seconds

    async def _locked_elsewhere(self, order: Order, channel: str, user_id: str) -> bool:
        """The order (or the address) is locked: lock this chat user for as long, so it is
        told how long to wait."""
        order_lock = await self._keys.remaining(self._order_keys(order)[1])
        if order_lock:
            await self._keys.claim(self._lock_key(channel, user_id), order_lock)
        return bool(order_lock) or bool(await self.locked_seconds(channel, user_id))

    async def _count_elsewhere(self, order: Order) -> bool:
        """Count a wrong answer for the order and the address; True when either is now locked."""
        locked = False
        keys = [(self._order_keys(order), self._per_order)]
        client = CLIENT.get()
        if client:
            keys.append((self._client_keys(client), self._per_client))
        for (fail_key, lock_key), limit in keys:
            if await self._keys.hit(fail_key, self._lock_seconds) >= limit:
                await self._keys.claim(lock_key, self._lock_seconds)
                await self._keys.clear(fail_key)
                locked = True
        return locked

    async def verify(self, order: Order, channel: str, user_id: str, answer: str) -> Verdict:
        """Check an answer; on success tie the user to the order's customer for next time."""
        if await self._locked_elsewhere(order, channel, user_id):
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
        elsewhere = await self._count_elsewhere(order)
        if failures >= self._max_failures or elsewhere:
            await self._keys.claim(self._lock_key(channel, user_id), self._lock_seconds)
            await self._keys.clear(fail_key)
            return Verdict.LOCKED
        return Verdict.WRONG
