"""A short Redis read cache for remote order sources.

Orders are kept as canonical JSON for a few seconds, so one conversation turn that looks an
order up three times costs the shop platform one call. A write through the hub drops the
order's entry and every cached listing of that source at once (listings are keyed by a
per-source generation number, which a write bumps), so nobody reads an address back stale.
Without Redis the cache does nothing.
"""

from __future__ import annotations

import hashlib
import json

import structlog
from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.order import Order

log = structlog.get_logger(__name__)


class OrderCache:
    def __init__(self, redis: Redis | None, prefix: str = "os:", ttl_seconds: int = 30) -> None:
        self._redis = redis
        self._prefix = f"{prefix}ordercache:"
        self.ttl = ttl_seconds

    @property
    def enabled(self) -> bool:
        return self._redis is not None and self.ttl > 0

    def _order_key(self, source: str, order_no: str) -> str:
        return f"{self._prefix}{source}:order:{order_no}"

    def _gen_key(self, source: str) -> str:
        return f"{self._prefix}{source}:gen"

    async def _list_key(self, source: str, query: str) -> str:
        assert self._redis is not None
        stored = await self._redis.get(self._gen_key(source))
        generation = stored.decode() if isinstance(stored, bytes) else (stored or "0")
        digest = hashlib.sha256(query.encode()).hexdigest()[:32]
        return f"{self._prefix}{source}:list:{generation}:{digest}"

    async def get_order(self, source: str, order_no: str) -> Order | None:
        if not self.enabled:
            return None
        assert self._redis is not None
        try:
            raw = await self._redis.get(self._order_key(source, order_no))
            return Order.model_validate_json(raw) if raw else None
        except (RedisError, ValidationError):
            log.warning("order_cache_read_failed", source=source)
            return None

    async def put_order(self, source: str, order: Order) -> None:
        if not self.enabled:
            return
        assert self._redis is not None
        try:
            await self._redis.set(
                self._order_key(source, order.order_no), order.model_dump_json(), ex=self.ttl
            )
        except RedisError:
            log.warning("order_cache_write_failed", source=source)

    async def get_list(self, source: str, query: str) -> list[Order] | None:
        if not self.enabled:
            return None
        assert self._redis is not None
        try:
            raw = await self._redis.get(await self._list_key(source, query))
            if raw is None:
                return None
            return [Order.model_validate(doc) for doc in json.loads(raw)]
        except (RedisError, ValidationError, ValueError):
            log.warning("order_cache_read_failed", source=source)
            return None

    async def put_list(self, source: str, query: str, found: list[Order]) -> None:
        if not self.enabled:
            return
        assert self._redis is not None
        body = json.dumps([o.model_dump(mode="json") for o in found])
        try:
            await self._redis.set(await self._list_key(source, query), body, ex=self.ttl)
        except RedisError:
            log.warning("order_cache_write_failed", source=source)

    async def invalidate(self, source: str, order_no: str) -> None:
        """Forget one order and every cached listing of its source."""
        if not self.enabled:
            return
        assert self._redis is not None
        try:
            await self._redis.delete(self._order_key(source, order_no))
            await self._redis.incr(self._gen_key(source))
        except RedisError:
            log.warning("order_cache_invalidate_failed", source=source)
