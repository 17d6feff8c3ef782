"""Short-lived counters, flags and values: verification attempts, lock-outs, dedup keys, rate
limits, payloads too long for a platform's button.

Redis in production (shared by every process); in memory for the embedded default.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis


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
