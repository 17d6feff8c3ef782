"""Button payloads as Telegram callback data (at most 64 bytes): short ones as they are, longer
ones stored under a short id in the key store (Redis: shared by every process), sent as
`k:<id>`."""

from __future__ import annotations

import base64
import hashlib
from typing import Protocol

CALLBACK_DATA_LIMIT = 64
"""Longest `callback_data` in bytes."""
STORED_PREFIX = "k:"
STORED_TTL_SECONDS = 30 * 24 * 3600


class PayloadStore(Protocol):
    """Where payloads too long for callback data wait (`core.keys.KeyStore` is one)."""

    async def put(self, key: str, value: str, ttl_seconds: int) -> None: ...

    async def get(self, key: str) -> str | None: ...


def _stored_id(payload: str) -> str:
    digest = hashlib.sha256(payload.encode()).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def callback_data(store: PayloadStore, payload: str) -> str:
    """The payload itself when it fits in 64 bytes, else `k:<id>` with the payload stored."""
    if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(STORED_PREFIX):
        return payload
    short = _stored_id(payload)
    await store.put(f"telegram:cb:{short}", payload, STORED_TTL_SECONDS)
    return f"{STORED_PREFIX}{short}"


async def resolve_callback(store: PayloadStore, data: str) -> str | None:
    """The payload behind callback data; None when a stored one has expired."""
    if not data.startswith(STORED_PREFIX):
        return data
    return await store.get(f"telegram:cb:{data[len(STORED_PREFIX) :]}")
