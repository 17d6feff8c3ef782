"""Who a chat user is: bindings to customers, verification with lock-out, and web identity.

A chat user tied to a customer (through `customer.channels`, a verified answer, a signed link or
the shop's signature of its logged-in customer) sees that customer's orders. Anyone else must
verify against the order — last four digits of its phone, or its e-mail. Wrong answers are
counted so that changing chat ids does not help: per chat id (3, then locked for 15 minutes),
per order number, from any chat id or channel (6), and per client address (10, for the web,
whose ids cost nothing to make up; the adapter names the address in `CLIENT`). Telegram and
WeChat updates carry no client address: there the channel as a whole has a budget of wrong
answers (`max_failures_per_channel` per lock period), after which verification on that channel
waits out the period — a flood of guesses from many made-up accounts stops there.

An order number that does not exist is verified like one that does (`verify(None, ...)`): the
same question, the same "doesn't match", counted the same, so the answers never tell which
order numbers exist.

Deep links: the shop sends a chat user a signed, expiring link (`sign_link`, e.g. Telegram's
`t.me/<bot>?start=<token>`); opening it redeems the token (`IdentityService.redeem_link`) and ties
the user to the link's customer, once per link.

Web identity: the shop's own site signs the customer it has logged in, either as `user_hash` =
hex HMAC-SHA256 of the user id under the shop's secret (`sign_user`), or as a short-lived HS256
token (JWT) with `sub` (the user id) and `exp` (`check_token`). Anyone unsigned is an anonymous
visitor.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

import jwt
import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from core import turn_memo
from core.audit import AuditLog
from core.keys import KeyStore
from core.masking import mask_order_no
from core.order import Order
from core.storage.bindings import replace_binding
from core.storage.database import SingleRead
from core.storage.tables import channel_bindings

_CUSTOMER_FOR = sa.select(channel_bindings.c.customer_id).where(
    channel_bindings.c.channel == sa.bindparam("channel"),
    channel_bindings.c.user_id == sa.bindparam("user_id"),
)

log = structlog.get_logger(__name__)


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


# --- signed deep links: a chat user opens a link the shop sent, and is tied to its customer --

LINK_PARAMETER_LIMIT = 64
"""Longest link token: Telegram's `start` parameter (A-Z a-z 0-9 _ -), the tightest platform."""
LINK_TTL_SECONDS = 3 * 24 * 3600
_MAC_BYTES = 12
_MAX_CUSTOMER_BYTES = (LINK_PARAMETER_LIMIT * 3 // 4) - 4 - _MAC_BYTES


def link_key(secret: str) -> bytes:
    """The signing key of deep links, derived from a channel's secret (a bot token)."""
    return hmac.new(b"ordersupport/telegram/deep-link/v1", secret.encode(), "sha256").digest()


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, b"start\0" + body, "sha256").digest()[:_MAC_BYTES]


def sign_link(
    key: bytes, customer_id: str, *, ttl_seconds: int = LINK_TTL_SECONDS, now: float | None = None
) -> str:
    """A link token (≤ 64 chars, base64url) carrying the customer id and an expiry."""
    customer = customer_id.encode()
    if not customer or len(customer) > _MAX_CUSTOMER_BYTES:
        raise ValueError(f"customer id must be 1 to {_MAX_CUSTOMER_BYTES} bytes long")
    expires = int((time.time() if now is None else now) + ttl_seconds)
    body = struct.pack(">I", expires) + customer
    raw = body[:4] + _mac(key, body) + body[4:]
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class LinkCheck:
    customer_id: str | None
    reason: str
    """"ok", "malformed", "forged" or "expired"."""
    expires_at: int = 0
    nonce: str = ""
    """Identifies this one token (for single use)."""


def verify_link(key: bytes, token: str, *, now: float | None = None) -> LinkCheck:
    try:
        if not token or len(token) > LINK_PARAMETER_LIMIT:
            raise ValueError(token)
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, binascii.Error):
        return LinkCheck(None, "malformed")
    if len(raw) <= 4 + _MAC_BYTES:
        return LinkCheck(None, "malformed")
    expires_bytes, mac, customer = raw[:4], raw[4 : 4 + _MAC_BYTES], raw[4 + _MAC_BYTES :]
    if not hmac.compare_digest(mac, _mac(key, expires_bytes + customer)):
        return LinkCheck(None, "forged")
    (expires,) = struct.unpack(">I", expires_bytes)
    nonce = base64.urlsafe_b64encode(mac).decode().rstrip("=")
    if expires <= (time.time() if now is None else now):
        return LinkCheck(None, "expired", expires, nonce)
    try:
        return LinkCheck(customer.decode(), "ok", expires, nonce)
    except UnicodeDecodeError:
        return LinkCheck(None, "malformed")


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
        max_failures_per_channel: int = 100,
    ) -> None:
        self._engine = engine
        self._customer_for = SingleRead(engine, _CUSTOMER_FOR)
        self._keys = keys
        self._audit = audit
        self._max_failures = max_failures
        self._lock_seconds = lock_seconds
        self._per_order = max(1, max_failures_per_order)
        self._per_client = max(1, max_failures_per_client)
        self._per_channel = max(1, max_failures_per_channel)

    async def customer_for(self, channel: str, user_id: str) -> str | None:
        """The customer this chat user is tied to (asked once per turn: `core.turn_memo`)."""
        memo = turn_memo.current()
        if memo is not None and (channel, user_id) in memo.customers:
            return memo.customers[(channel, user_id)]
        found: str | None = await self._customer_for.value({"channel": channel, "user_id": user_id})
        if memo is not None:
            memo.customers[(channel, user_id)] = found
        return found

    async def bind(self, channel: str, user_id: str, customer_id: str, how: str) -> None:
        turn_memo.forget_customers()
        async with self._engine.begin() as conn:
            await replace_binding(conn, channel, user_id, customer_id, how)
            await self._audit.record_in(
                conn, f"customer:{channel}", "identity.bound", after={"how": how}
            )

    async def redeem_link(
        self,
        channel: str,
        user_id: str,
        token: str,
        key: bytes,
        *,
        clock: Callable[[], float] = time.time,
    ) -> bool:
        """Tie the chat user to a signed link's customer, once per link (its nonce is claimed);
        a bad, expired or reused link changes nothing and only logs. True when tied."""
        check = verify_link(key, token, now=clock())
        if check.customer_id is None:
            log.warning("link_rejected", channel=channel, reason=check.reason)
            return False
        ttl = max(1, int(check.expires_at - clock()))
        if not await self._keys.claim(f"{channel}:link:{check.nonce}", ttl):
            if await self.customer_for(channel, user_id) != check.customer_id:
                log.warning("link_rejected", channel=channel, reason="used")
            return False
        await self.bind(channel, user_id, check.customer_id, how="link")
        log.info("link_redeemed", channel=channel)
        return True

    async def may_see(self, order: Order, channel: str, user_id: str) -> bool:
        if order.is_tied_to(channel, user_id):
            return True
        return await self.customer_for(channel, user_id) == order.customer.id

    def _lock_key(self, channel: str, user_id: str) -> str:
        return f"verify-lock:{channel}:{user_id}"

    @staticmethod
    def _order_keys(order_no: str) -> tuple[str, str]:
        digest = _hashed(order_no)
        return f"verify-fail-order:{digest}", f"verify-lock-order:{digest}"

    @staticmethod
    def _client_keys(client: str) -> tuple[str, str]:
        digest = _hashed(client)
        return f"verify-fail-client:{digest}", f"verify-lock-client:{digest}"

    @staticmethod
    def _channel_keys(channel: str) -> tuple[str, str]:
        return f"verify-fail-channel:{channel}", f"verify-lock-channel:{channel}"

    async def locked_seconds(self, channel: str, user_id: str) -> int:
        """Seconds until this chat user may try again: its own lock, its address's, or (with
        no address) its channel's."""
        seconds = await self._keys.remaining(self._lock_key(channel, user_id))
        client = CLIENT.get()
        if client:
            seconds = max(seconds, await self._keys.remaining(self._client_keys(client)[1]))
        else:
            seconds = max(seconds, await self._keys.remaining(self._channel_keys(channel)[1]))
        return seconds

    async def _locked_elsewhere(self, order_no: str, channel: str, user_id: str) -> bool:
        """The order (or the address, or the channel) is locked: lock this chat user for as
        long, so it is told how long to wait."""
        order_lock = await self._keys.remaining(self._order_keys(order_no)[1])
        if order_lock:
            await self._keys.claim(self._lock_key(channel, user_id), order_lock)
        return bool(order_lock) or bool(await self.locked_seconds(channel, user_id))

    async def _count_elsewhere(self, order_no: str, channel: str) -> bool:
        """Count a wrong answer for the order number and the address (or, with no address, the
        channel); True when one of them is now locked."""
        locked = False
        keys = [(self._order_keys(order_no), self._per_order)]
        client = CLIENT.get()
        if client:
            keys.append((self._client_keys(client), self._per_client))
        else:
            keys.append((self._channel_keys(channel), self._per_channel))
        for (fail_key, lock_key), limit in keys:
            if await self._keys.hit(fail_key, self._lock_seconds) >= limit:
                await self._keys.claim(lock_key, self._lock_seconds)
                await self._keys.clear(fail_key)
                locked = True
        return locked

    async def verify_contact(
        self, order: Order | None, channel: str, user_id: str, answer: str
    ) -> Verdict:
        """A visitor who named no order proves who they are by a contact alone (an e-mail, or
        a phone's last digits with the item it describes): `order` is the one order that
        contact and description matched, or None — then refused and counted as a wrong
        answer, under the contact's digest (never the contact itself), so guessing contacts
        locks like guessing answers."""
        if order is not None:
            return await self.verify(order, channel, user_id, answer)
        digest = f"contact-{_hashed(answer.strip().lower())}"
        return await self.verify(None, channel, user_id, answer, order_no=digest)

    async def verify(
        self,
        order: Order | None,
        channel: str,
        user_id: str,
        answer: str,
        *,
        order_no: str | None = None,
    ) -> Verdict:
        """Check an answer; on success tie the user to the order's customer for next time.
        `order` None: the number the user named (`order_no`) is no order; the answer is
        refused exactly as a wrong one, counted and audited the same."""
        number = order.order_no if order is not None else (order_no or "")
        if await self._locked_elsewhere(number, channel, user_id):
            return Verdict.LOCKED
        fail_key = f"verify-fail:{channel}:{user_id}"
        masked = mask_order_no(number)
        if order is not None and answer_matches(order, answer):
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
            order_no=number if order is not None else None,
            after={"order": masked, "failures": failures},
        )
        elsewhere = await self._count_elsewhere(number, channel)
        if failures >= self._max_failures or elsewhere:
            await self._keys.claim(self._lock_key(channel, user_id), self._lock_seconds)
            await self._keys.clear(fail_key)
            return Verdict.LOCKED
        return Verdict.WRONG
