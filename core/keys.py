"""Short-lived counters, flags and values: verification attempts, lock-outs, dedup keys, rate
limits, payloads too long for a platform's button; and the names of the Redis keys that belong
to one conversation.

Redis in production (shared by every process); in memory for the embedded default.

Key names: every key of one conversation (its session, its lock, the dedup key of a platform
event in it, the "this user wrote to us" mark) carries the conversation as a Redis Cluster hash
tag, `{telegram:42}`, so a script or a transaction that touches several of them lands on one
slot of a cluster. Build them here, never by hand, so the tag is never forgotten; the store
prepends its prefix (`os:`), which holds no braces.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis


def hash_tag(conversation: str) -> str:
    """`{conversation}`: the part of a key name Redis Cluster hashes. Redis takes the text from
    the first `{` to the next `}`; a brace inside the conversation only shortens that text, the
    same way in every key of the conversation, so they still share a slot."""
    return "{" + conversation + "}"


def session_key(conversation: str) -> str:
    """Where the conversation's sealed session lives (after the store's prefix)."""
    return f"session:{hash_tag(conversation)}"


def lock_key(conversation: str) -> str:
    """The conversation's lock: the same slot as its session."""
    return f"lock:{hash_tag(conversation)}"


def wake_key(conversation: str) -> str:
    """Where the lock's holder leaves a token on release, for a waiter blocked on it (BLPOP):
    the same slot as the lock."""
    return f"wake:{hash_tag(conversation)}"


def event_key(conversation: str, channel: str, event_id: str) -> str:
    """The dedup flag of one platform event (a Telegram update, a WeChat MsgId) in this
    conversation: the same slot as its session, so claim and load can be one script."""
    return f"event:{hash_tag(conversation)}:{channel}:{event_id}"


def seen_key(channel: str, user_id: str) -> str:
    """Set when a chat user wrote to the bot (Telegram lets a bot write only to them). Tagged
    by `channel:user_id`, which is the conversation key of a private chat."""
    return f"seen:{hash_tag(f'{channel}:{user_id}')}"


class KeyStore(Protocol):
    async def hit(self, key: str, window_seconds: int) -> int:
        """Count one more event in a window that starts with the first event; return the count."""
        ...

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        """Set a flag if it is not set yet; True for the first caller only (dedup)."""
        ...

    async def remaining(self, key: str) -> int:
        """Seconds until the key expires; 0 when it is not set."""
        ...

    async def clear(self, key: str) -> None: ...

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        """Keep a short text value for a while."""
        ...

    async def get(self, key: str) -> str | None: ...


class MemoryKeyStore:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._values: dict[str, tuple[float, int | str]] = {}
        self._clock = clock

    def _live(self, key: str) -> tuple[float, int | str] | None:
        entry = self._values.get(key)
        if entry is not None and entry[0] <= self._clock():
            del self._values[key]
            return None
        return entry

    async def hit(self, key: str, window_seconds: int) -> int:
        entry = self._live(key)
        expires, count = entry if entry else (self._clock() + window_seconds, 0)
        self._values[key] = (expires, int(count) + 1)
        return int(count) + 1

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        if self._live(key) is not None:
            return False
        self._values[key] = (self._clock() + ttl_seconds, 1)
        return True

    async def remaining(self, key: str) -> int:
        entry = self._live(key)
        return max(1, int(entry[0] - self._clock())) if entry else 0

    async def clear(self, key: str) -> None:
        self._values.pop(key, None)

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        self._values[key] = (self._clock() + ttl_seconds, value)

    async def get(self, key: str) -> str | None:
        entry = self._live(key)
        return str(entry[1]) if entry else None


class RedisKeyStore:
    def __init__(self, redis: Redis, prefix: str = "os:") -> None:
        self._redis = redis
        self._prefix = prefix

    @property
    def redis(self) -> Redis:
        return self._redis

    @property
    def prefix(self) -> str:
        """What every key name gets in front (a session store with the same Redis and prefix
        can set a conversation's flags in its own scripts: `core.sessions.locked`)."""
        return self._prefix

    def _key(self, key: str) -> str:
        return f"{self._prefix}{key}"

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(self._key(key))
            pipe.expire(self._key(key), window_seconds, nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        return bool(await self._redis.set(self._key(key), 1, nx=True, ex=ttl_seconds))

    async def remaining(self, key: str) -> int:
        ttl = await self._redis.ttl(self._key(key))
        return max(0, int(ttl))

    async def clear(self, key: str) -> None:
        await self._redis.delete(self._key(key))

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        await self._redis.set(self._key(key), value, ex=ttl_seconds)

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._key(key))
        return value.decode() if isinstance(value, bytes) else value
