"""Conversation state with a TTL and optimistic concurrency (DESIGN.md, "SessionStore").

`save` is a compare-and-set on the session's version: a writer that read an older version gets
`SessionConflict` instead of silently overwriting. The engine additionally serialises the handling
of one conversation with `lock(key)`, so side effects are never run twice by a retry.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import BaseModel, Field
from redis.asyncio import Redis
from redis.exceptions import WatchError

HISTORY_LIMIT = 12


class Turn(BaseModel):
    """One line of the conversation, already masked (sessions never hold raw personal data)."""

    role: str  # "customer" | "bot" | "staff"
    text: str
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Session(BaseModel):
    key: str
    version: int = 0
    language: str | None = None
    customer_id: str | None = None
    state: dict[str, Any] = {}
    history: list[Turn] = []
    updated_at: datetime | None = None

    def remember(self, role: str, text: str) -> None:
        self.history = [*self.history, Turn(role=role, text=text)][-HISTORY_LIMIT:]


class SessionConflict(RuntimeError):
    """Someone saved the session after it was loaded; reload and apply the change again."""


class SessionStore(Protocol):
    async def load(self, key: str) -> Session: ...

    async def save(self, session: Session) -> Session: ...

    async def delete(self, key: str) -> None: ...

    def lock(self, key: str) -> Any:
        """An async context manager that serialises work on one conversation."""
        ...


async def update_session(
    store: SessionStore,
    key: str,
    change: Callable[[Session], Awaitable[None] | None],
    tries: int = 8,
) -> Session:
    """Apply `change` to a session, retrying on conflict, so concurrent updates are all kept."""
    for _ in range(tries):
        session = await store.load(key)
        result = change(session)
        if asyncio.iscoroutine(result):
            await result
        try:
            return await store.save(session)
        except SessionConflict:
            continue
    raise SessionConflict(f"gave up after {tries} conflicting updates")


def _stamped(session: Session) -> Session:
    return session.model_copy(
        update={"version": session.version + 1, "updated_at": datetime.now(UTC)}
    )


class MemorySessionStore:
    """For the embedded default and unit tests: one process, same semantics as Redis."""

    def __init__(self, ttl_seconds: int = 7 * 24 * 3600) -> None:
        self._ttl = ttl_seconds
        self._data: dict[str, tuple[float, str]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def load(self, key: str) -> Session:
        entry = self._data.get(key)
        if entry is None or entry[0] < time.monotonic():
            return Session(key=key)
        return Session.model_validate_json(entry[1])

    async def save(self, session: Session) -> Session:
        current = await self.load(session.key)
        if current.version != session.version:
            raise SessionConflict(session.key)
        saved = _stamped(session)
        self._data[session.key] = (time.monotonic() + self._ttl, saved.model_dump_json())
        return saved

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            yield


class RedisSessionStore:
    """Sessions as JSON under `{prefix}session:{key}`, CAS by WATCH/MULTI, locks by redis-py."""

    def __init__(self, redis: Redis, prefix: str = "os:", ttl_seconds: int = 7 * 24 * 3600) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl = ttl_seconds

    def _key(self, key: str) -> str:
        return f"{self._prefix}session:{key}"

    async def load(self, key: str) -> Session:
        raw = await self._redis.get(self._key(key))
        return Session.model_validate_json(raw) if raw else Session(key=key)

    async def save(self, session: Session) -> Session:
        rkey = self._key(session.key)
        saved = _stamped(session)
        async with self._redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(rkey)
                raw = await pipe.get(rkey)
                stored = Session.model_validate_json(raw).version if raw else 0
                if stored != session.version:
                    raise SessionConflict(session.key)
                pipe.multi()
                pipe.set(rkey, saved.model_dump_json(), ex=self._ttl)
                await pipe.execute()
            except WatchError as exc:
                raise SessionConflict(session.key) from exc
        return saved

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._key(key))

    def lock(self, key: str) -> Any:
        return self._redis.lock(
            f"{self._prefix}lock:{key}", timeout=30, blocking_timeout=15, thread_local=False
        )
