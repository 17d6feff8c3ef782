"""The event queue: a Redis Stream read by a consumer group (DESIGN.md, "Scale").

- `publish`: XADD, once per idempotency key (SET NX and XADD in one Lua script, so a key is
  never claimed without its event being queued; a batch of events is one script call).
- `read`: XREADGROUP `>` — every event goes to exactly one consumer of the group.
- `ack`: XACK once the event is settled.
- `reclaim`: XAUTOCLAIM takes over events another consumer read and did not acknowledge for
  `visibility_timeout_ms` (it died); XPENDING tells how often each was delivered.
- `fail`: the handler raised: the event is acknowledged and parked in a sorted set due after
  `retry_base × 2^(tries-1)`; `promote_retries` puts due ones back on the stream. The park and
  the ack are one MULTI, so a failure is never lost nor doubled.
- After `max_deliveries` tries (failures plus take-overs of a consumer that died on it) the
  event goes to the dead-letter stream, for staff (`dead_letters`, `requeue_dead`).

Every key carries the hash tag `{proactive}`, so the scripts work on Redis Cluster too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError
from redis.typing import EncodableT, FieldT

from core.proactive.events import Event
from core.retry import events_policy

GROUP = "proactive"

_PUBLISH = """
local stream, ttl, maxlen = KEYS[#KEYS], ARGV[1], ARGV[2]
local at, queued = 3, 0
for k = 1, #KEYS - 1 do
  local count = tonumber(ARGV[at])
  if redis.call('SET', KEYS[k], '1', 'NX', 'EX', ttl) then
    redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(ARGV, at + 1, at + count))
    queued = queued + 1
  end
  at = at + count + 1
end
return queued
"""
"""Claim each event's idempotency key and queue the event only if the claim is new: KEYS are
the events' seen keys then the stream; ARGV the TTL, MAXLEN, then per event its field count
and fields. One script for a batch, so it is one round trip and, every key tagged
`{proactive}`, one slot of a cluster (where pipelined scripts are refused)."""

PUBLISH_BATCH = 200
"""Events per publishing script: a script blocks its Redis while it runs, so batches stay short."""

_PROMOTE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, member in ipairs(due) do
  local entry = cjson.decode(member)
  local args = {}
  for k, v in pairs(entry['fields']) do
    table.insert(args, k)
    table.insert(args, tostring(v))
  end
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(args))
  redis.call('ZREM', KEYS[1], member)
end
return #due
"""


@dataclass(frozen=True)
class Message:
    id: str
    fields: dict[str, str]
    deliveries: int = 1
    """How often the group has handed out this stream entry (take-overs raise it)."""

    @property
    def attempt(self) -> int:
        """This try's number: earlier failures (carried in the fields) plus take-overs."""
        return int(self.fields.get("attempt", "1")) + self.deliveries - 1

    def event(self) -> Event:
        return Event.from_fields(self.fields)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class EventQueue:
    def __init__(
        self,
        redis: Redis,
        prefix: str = "os:",
        *,
        visibility_timeout_ms: int = 60_000,
        retry_base_seconds: float = 5.0,
        max_deliveries: int = 5,
        maxlen: int = 1_000_000,
        dedup_seconds: int = 7 * 24 * 3600,
    ) -> None:
        self.redis = redis
        base = f"{prefix}{{proactive}}"
        self.stream = f"{base}:events"
        self.retry_key = f"{base}:retry"
        self.dead = f"{base}:dead"
        self._seen = f"{base}:seen:"
        self.group = GROUP
        self.visibility_timeout_ms = visibility_timeout_ms
        self.retry_base_seconds = retry_base_seconds
        self.max_deliveries = max_deliveries
        self.maxlen = maxlen
        self.dedup_seconds = dedup_seconds
        self._publish = redis.register_script(_PUBLISH)
        self._promote = redis.register_script(_PROMOTE)
        self._group_ready = False

    async def ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            await self.redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._group_ready = True

    # --- producing ------------------------------------------------------------------------

    async def publish(self, event: Event, *, dedup_seconds: int | None = None) -> bool:
        """Queue `event` unless an event with its id was queued before; True when queued."""
        return bool(await self.publish_many([event], dedup_seconds=dedup_seconds))

    async def publish_many(
        self, events: list[Event], *, dedup: bool = True, dedup_seconds: int | None = None
    ) -> int:
        """Queue several events in one round trip; `dedup=False` skips the idempotency keys
        (the scan's events: a page is claimed atomically, there is nothing to deduplicate)."""
        if not events:
            return 0
        ttl = dedup_seconds or self.dedup_seconds
        if not dedup:
            async with self.redis.pipeline(transaction=False) as pipe:
                for event in events:
                    pipe.xadd(
                        self.stream,
                        _encodable(event.fields()),
                        maxlen=self.maxlen,
                        approximate=True,
                    )
                await pipe.execute()
            return len(events)
        queued = 0
        for start in range(0, len(events), PUBLISH_BATCH):
            batch = events[start : start + PUBLISH_BATCH]
            args: list[EncodableT] = [ttl, self.maxlen]
            for event in batch:
                flat = [x for pair in event.fields().items() for x in pair]
                args.extend([len(flat), *flat])
            keys = [self._seen + event.id for event in batch]
            queued += int(await self._publish(keys=[*keys, self.stream], args=args))
        return queued

    # --- consuming ------------------------------------------------------------------------

    async def read(self, consumer: str, count: int, block_ms: int | None = None) -> list[Message]:
        await self.ensure_group()
        answer: Any = await self.redis.xreadgroup(  # decoded: [(stream, [(id, fields)])]
            self.group, consumer, {self.stream: ">"}, count=count, block=block_ms
        )
        if not answer:
            return []
        _, entries = answer[0]
        return [Message(id=i, fields=f) for i, f in entries if f]

    async def reclaim(self, consumer: str, count: int) -> list[Message]:
        """Take over events idle longer than the visibility timeout (their consumer died).

        Events tried `max_deliveries` times go to the dead letters instead of being returned."""
        await self.ensure_group()
        taken: list[Message] = []
        start = "0-0"
        while len(taken) < count:
            answer = await self.redis.xautoclaim(
                self.stream,
                self.group,
                consumer,
                min_idle_time=self.visibility_timeout_ms,
                start_id=start,
                count=count - len(taken),
            )
            start, entries = answer[0], answer[1]
            deleted = answer[2] if len(answer) > 2 else []
            if deleted:  # trimmed away while pending: nothing left to process
                await self.redis.xack(self.stream, self.group, *deleted)
            if entries:
                counts = await self._deliveries(consumer, [i for i, _ in entries])
                for entry_id, fields in entries:
                    if not fields:
                        await self.redis.xack(self.stream, self.group, entry_id)
                        continue
                    message = Message(entry_id, fields, counts.get(entry_id, 1))
                    if message.attempt > self.max_deliveries:
                        await self.dead_letter(message, "delivered too often (consumer died)")
                    else:
                        taken.append(message)
            if start in ("0-0", b"0-0"):
                break
        return taken

    async def _deliveries(self, consumer: str, ids: list[str]) -> dict[str, int]:
        pending = await self.redis.xpending_range(
            self.stream,
            self.group,
            min=min(ids),
            max=max(ids),
            count=len(ids) + 100,
            consumername=consumer,
        )
        return {str(p["message_id"]): int(p["times_delivered"]) for p in pending}

    async def ack(self, messages: list[Message]) -> None:
        if messages:
            await self.redis.xack(self.stream, self.group, *[m.id for m in messages])

    async def fail(self, message: Message, error: str, now: datetime) -> bool:
        """The handler failed: retry later (True) or, after the last try, dead-letter (False)."""
        if message.attempt >= self.max_deliveries:
            await self.dead_letter(message, error)
            return False
        delay = events_policy(self.retry_base_seconds, self.max_deliveries).delay(message.attempt)
        fields = {**message.fields, "attempt": str(message.attempt + 1), "error": error[:300]}
        member = json.dumps({"from": message.id, "fields": fields}, sort_keys=True)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(self.retry_key, {member: _ms(now) + int(delay * 1000)})
            pipe.xack(self.stream, self.group, message.id)
            await pipe.execute()
        return True

    async def promote_retries(self, now: datetime, limit: int = 1000) -> int:
        """Put the retries that are due at `now` back on the stream."""
        return int(
            await self._promote(
                keys=[self.retry_key, self.stream], args=[_ms(now), limit, self.maxlen]
            )
        )

    async def dead_letter(self, message: Message, error: str) -> None:
        fields = {
            **message.fields,
            "error": error[:500],
            "stream_id": message.id,
            "attempts": str(message.attempt),
            "failed_at": datetime.now(UTC).isoformat(),
        }
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self.dead, _encodable(fields), maxlen=100_000, approximate=True)
            pipe.xack(self.stream, self.group, message.id)
            await pipe.execute()

    async def forget(self, consumer: str) -> None:
        """Remove a consumer that holds nothing pending (a finished `--once` run)."""
        pending = await self.redis.xpending_range(
            self.stream, self.group, min="-", max="+", count=1, consumername=consumer
        )
        if not pending:
            await self.redis.xgroup_delconsumer(self.stream, self.group, consumer)

    # --- staff ----------------------------------------------------------------------------

    async def dead_letters(self, count: int = 100) -> list[dict[str, Any]]:
        """The newest dead letters first: {"dead_id", "order_no", "error", "attempts", ...}."""
        entries: Any = await self.redis.xrevrange(self.dead, count=count)
        return [{"dead_id": entry_id, **fields} for entry_id, fields in entries]

    async def requeue_dead(self, dead_id: str) -> bool:
        """Put one dead letter back on the stream with fresh tries; False when not found."""
        entries: Any = await self.redis.xrange(self.dead, min=dead_id, max=dead_id)
        if not entries:
            return False
        fields = Event.from_fields(entries[0][1]).fields(attempt=1)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self.stream, _encodable(fields), maxlen=self.maxlen, approximate=True)
            pipe.xdel(self.dead, dead_id)
            await pipe.execute()
        return True

    async def backlog(self) -> dict[str, int]:
        """Queue depth for health and metrics: waiting, pending (read, not acked), retries, dead."""
        await self.ensure_group()
        groups = await self.redis.xinfo_groups(self.stream)
        group = next((g for g in groups if g["name"] == self.group), {})
        return {
            "waiting": int(group.get("lag") or 0),
            "pending": int(group.get("pending") or 0),
            "retrying": int(await self.redis.zcard(self.retry_key)),
            "dead": int(await self.redis.xlen(self.dead)),
        }


def _encodable(fields: dict[str, str]) -> dict[FieldT, EncodableT]:
    """Stream fields as redis-py's `xadd` types them."""
    return dict(fields.items())
