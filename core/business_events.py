"""Outbound business events: signed webhooks to the shop's ERP, WMS and CRM.

Every ticket, a change made to a ticket through the REST API (`ticket.changed`: status,
assignment), every return, address change and cancellation is published as an event. Payloads
carry no personal data in the clear: an address change names the order and carries both
addresses masked (`core.personal.masked_address`) with `address_at`, the REST path where a
system holding the API token reads the order's real address. `publish`
writes one row per subscribed endpoint into the delivery log (`business_deliveries`) — inside
the caller's transaction when given one, so the change and its event land together — and the
worker's `deliver_due` sends what is due, retrying with exponential backoff until
`max_attempts`, after which a row is `dead` until `replay`ed.

Each request is a JSON body `{"id", "kind", "created_at", "data"}` with headers:

- `X-OrderSupport-Event`: the kind, e.g. `order.address_changed`;
- `X-OrderSupport-Timestamp`: Unix seconds;
- `X-OrderSupport-Signature`: `sha256=` + hex HMAC-SHA256 of f"{timestamp}.{body}" with the
  endpoint's secret (`verify_signature` checks one, with a replay window);
- `Idempotency-Key`: the event id, the same on every retry and replay.

`crm_profile(customer)` asks a CRM (HTTP GET with the customer's id, phone and e-mail) for
purchase history and tags, for staff cards; it gives up quietly after its timeout.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import aiohttp
import sqlalchemy as sa
import structlog
from pydantic import BaseModel, SecretStr
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.order import Address, Customer, Order, Return
from core.personal import masked_address
from core.retry import business_webhooks_policy
from core.storage.tables import business_deliveries

if TYPE_CHECKING:
    from core.settings import Settings
    from core.tickets import Ticket, TicketChange

log = structlog.get_logger(__name__)

PENDING, SENDING, DELIVERED, DEAD = "pending", "sending", "delivered", "dead"

EVENT_KINDS = (
    "ticket.opened",
    "ticket.changed",
    "order.address_changed",
    "order.return_created",
    "order.cancelled",
)


class BusinessEndpoint(BaseModel):
    """One business system: setting `ORDERSUPPORT_BUSINESS_ENDPOINTS` is a JSON list of these."""

    name: str
    url: str
    secret: SecretStr
    events: list[str] = ["*"]
    """Kinds it receives; glob patterns ("order.*") allowed."""
    timeout_seconds: float = 5.0

    def wants(self, kind: str) -> bool:
        return any(fnmatch.fnmatchcase(kind, pattern) for pattern in self.events)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify_signature(
    secret: str,
    timestamp: str | None,
    body: bytes,
    signature: str | None,
    *,
    tolerance_seconds: int = 300,
    now: float | None = None,
) -> bool:
    """What a receiver does: recompute the signature, and refuse stale timestamps."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def _body(event_id: str, kind: str, created_at: datetime, data: Any) -> bytes:
    document = {"id": event_id, "kind": kind, "created_at": created_at.isoformat(), "data": data}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode()


class BusinessEvents:
    def __init__(
        self,
        engine: AsyncEngine,
        endpoints: Sequence[BusinessEndpoint],
        *,
        max_attempts: int = 8,
        base_delay_seconds: float = 30.0,
        max_delay_seconds: float = 3600.0,
        lease_seconds: float = 120.0,
        crm_url: str | None = None,
        crm_token: SecretStr | None = None,
        crm_timeout_seconds: float = 2.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self.endpoints = {e.name: e for e in endpoints}
        self.max_attempts = max_attempts
        self.base_delay = base_delay_seconds
        self.max_delay = max_delay_seconds
        self.policy = business_webhooks_policy(base_delay_seconds, max_attempts, max_delay_seconds)
        self.lease = timedelta(seconds=lease_seconds)
        self.crm_url = crm_url
        self._crm_token = crm_token
        self.crm_timeout = crm_timeout_seconds
        self._clock = clock
        self._session: aiohttp.ClientSession | None = None

    # -- publishing

    async def publish(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        event_id: str | None = None,
        conn: AsyncConnection | None = None,
    ) -> str:
        """Queue one event for every endpoint that wants it; returns the event id.

        With `conn` the rows are written in the caller's transaction; without, in their own.
        Publishing the same `event_id` twice queues it once per endpoint.
        """
        event_id = event_id or uuid.uuid4().hex
        now = self._clock()
        data = json.loads(json.dumps(dict(payload), default=str))
        rows = [
            {
                "event_id": event_id,
                "endpoint": endpoint.name,
                "kind": kind,
                "payload": {"created_at": now.isoformat(), "data": data},
                "status": PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for endpoint in self.endpoints.values()
            if endpoint.wants(kind)
        ]
        if not rows:
            return event_id
        if conn is not None:
            await self._insert(conn, rows)
        else:
            async with self._engine.begin() as own:
                await self._insert(own, rows)
        log.info("business_event_queued", kind=kind, endpoints=len(rows))
        return event_id

    async def _insert(self, conn: AsyncConnection, rows: list[dict[str, Any]]) -> None:
        existing = set(
            (
                await conn.execute(
                    sa.select(business_deliveries.c.endpoint).where(
                        business_deliveries.c.event_id == rows[0]["event_id"]
                    )
                )
            ).scalars()
        )
        fresh = [r for r in rows if r["endpoint"] not in existing]
        if fresh:
            await conn.execute(sa.insert(business_deliveries), fresh)

    # -- the events the system publishes

    async def ticket_opened(self, ticket: Any) -> str:
        """A `TicketService` listener (every service has it first: `core.services.complete`)."""
        data = ticket.model_dump(mode="json") if hasattr(ticket, "model_dump") else dict(ticket)
        return await self.publish("ticket.opened", data, event_id=f"ticket-{data.get('id')}")

    async def ticket_changed(self, ticket: Ticket, change: TicketChange) -> str:
        """A `TicketService` change listener: a status change or an assignment made through
        the REST API, with the ticket as it is now; one event per change."""
        data = {
            "ticket": ticket.model_dump(mode="json"),
            "change": change.model_dump(mode="json", exclude={"number"}),
        }
        return await self.publish(
            "ticket.changed", data, event_id=f"ticket-{ticket.id}-change-{change.number}"
        )

    async def address_changed(
        self, order: Order, before: Address, after: Address, actor: str, **kw: Any
    ) -> str:
        return await self.publish(
            "order.address_changed",
            {
                **_order_ref(order),
                "actor": actor,
                "before": masked_address(before),
                "after": masked_address(after),
                "address_at": f"/api/orders/{order.order_no}",
            },
            **kw,
        )

    async def return_created(self, order: Order, ret: Return, actor: str, **kw: Any) -> str:
        return await self.publish(
            "order.return_created",
            {
                **_order_ref(order),
                "actor": actor,
                "return": ret.model_dump(mode="json"),
                "warehouse": order.warehouse.code if order.warehouse else None,
            },
            event_id=f"return-{order.order_no}-{ret.return_id}",
            **kw,
        )

    async def order_cancelled(self, order: Order, actor: str, **kw: Any) -> str:
        return await self.publish(
            "order.cancelled",
            {**_order_ref(order), "actor": actor, "status": order.status.value},
            event_id=f"cancel-{order.order_no}",
            **kw,
        )

    # -- delivering

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def _claim(self, limit: int) -> list[Any]:
        now = self._clock()
        due = (
            sa.select(business_deliveries)
            .where(
                business_deliveries.c.status.in_([PENDING, SENDING]),
                business_deliveries.c.next_attempt_at <= now,
            )
            .order_by(business_deliveries.c.next_attempt_at, business_deliveries.c.id)
            .limit(limit)
        )
        claimed = []
        async with self._engine.begin() as conn:
            for row in (await conn.execute(due)).all():
                # a `sending` row whose lease ran out belonged to a worker that died
                taken = await conn.execute(
                    sa.update(business_deliveries)
                    .where(
                        business_deliveries.c.id == row.id,
                        business_deliveries.c.status == row.status,
                        business_deliveries.c.next_attempt_at == row.next_attempt_at,
                    )
                    .values(status=SENDING, next_attempt_at=now + self.lease)
                )
                if taken.rowcount == 1:
                    claimed.append(row)
        return claimed

    async def deliver_due(self, limit: int = 50) -> int:
        """Send every due delivery once; returns how many were delivered. Run by the worker."""
        delivered = 0
        for row in await self._claim(limit):
            endpoint = self.endpoints.get(row.endpoint)
            if endpoint is None:
                await self._failed(row, None, "endpoint no longer configured", final=True)
                continue
            status, error = await self._send(endpoint, row)
            if status is not None and 200 <= status < 300:
                await self._finish(row, status)
                delivered += 1
            else:
                await self._failed(row, status, error)
        return delivered

    async def _send(self, endpoint: BusinessEndpoint, row: Any) -> tuple[int | None, str | None]:
        created = datetime.fromisoformat(row.payload["created_at"])
        body = _body(row.event_id, row.kind, created, row.payload["data"])
        timestamp = str(int(self._clock().timestamp()))
        headers = {
            "Content-Type": "application/json",
            "X-OrderSupport-Event": row.kind,
            "X-OrderSupport-Timestamp": timestamp,
            "X-OrderSupport-Signature": sign(endpoint.secret.get_secret_value(), timestamp, body),
            "Idempotency-Key": row.event_id,
            "X-OrderSupport-Delivery": str(row.id),
        }
        try:
            async with self._client().post(
                endpoint.url,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=endpoint.timeout_seconds),
            ) as response:
                await response.read()
                return response.status, None if response.status < 300 else f"HTTP {response.status}"
        except (TimeoutError, aiohttp.ClientError) as exc:
            return None, type(exc).__name__

    async def _finish(self, row: Any, status: int) -> None:
        now = self._clock()
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(business_deliveries)
                .where(business_deliveries.c.id == row.id)
                .values(
                    status=DELIVERED,
                    attempts=row.attempts + 1,
                    last_status=status,
                    last_error=None,
                    delivered_at=now,
                )
            )
        log.info("business_event_delivered", kind=row.kind, endpoint=row.endpoint)

    def retry_delay(self, attempts: int) -> float:
        """Seconds before attempt `attempts + 1` (the business webhooks' retry policy)."""
        return self.policy.delay(attempts)

    async def _failed(
        self, row: Any, status: int | None, error: str | None, *, final: bool = False
    ) -> None:
        attempts = row.attempts + 1
        dead = final or attempts >= self.max_attempts
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_status": status,
            "last_error": (error or "")[:500],
            "status": DEAD if dead else PENDING,
        }
        if not dead:
            values["next_attempt_at"] = self._clock() + timedelta(
                seconds=self.retry_delay(attempts)
            )
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(business_deliveries)
                .where(business_deliveries.c.id == row.id)
                .values(**values)
            )
        log.warning(
            "business_event_failed",
            kind=row.kind,
            endpoint=row.endpoint,
            attempts=attempts,
            dead=dead,
            error=error,
        )

    async def replay(
        self,
        *,
        event_ids: Iterable[str] | None = None,
        endpoint: str | None = None,
        kind: str | None = None,
        since: datetime | None = None,
        statuses: Iterable[str] = (DEAD,),
    ) -> int:
        """Queue deliveries again (default: every dead one); returns how many. The event id and
        so the idempotency key stay the same, so a receiver that already has one can skip it."""
        query = sa.update(business_deliveries).where(
            business_deliveries.c.status.in_(list(statuses))
        )
        if event_ids is not None:
            query = query.where(business_deliveries.c.event_id.in_(list(event_ids)))
        if endpoint:
            query = query.where(business_deliveries.c.endpoint == endpoint)
        if kind:
            query = query.where(business_deliveries.c.kind == kind)
        if since:
            query = query.where(business_deliveries.c.created_at >= since)
        async with self._engine.begin() as conn:
            result = await conn.execute(
                query.values(status=PENDING, attempts=0, next_attempt_at=self._clock())
            )
        return int(result.rowcount or 0)

    async def deliveries(
        self, *, status: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """The delivery log, newest first (for the CLI and staff)."""
        query = (
            sa.select(business_deliveries).order_by(business_deliveries.c.id.desc()).limit(limit)
        )
        if status:
            query = query.where(business_deliveries.c.status == status)
        async with self._engine.connect() as conn:
            return [dict(r._mapping) for r in await conn.execute(query)]

    # -- CRM

    async def crm_profile(self, customer: Customer) -> dict[str, Any] | None:
        """Purchase history and tags from the CRM, or None (not configured, unknown, slow)."""
        if not self.crm_url:
            return None
        params = {"customer_id": customer.id}
        if customer.phone:
            params["phone"] = customer.phone
        if customer.email:
            params["email"] = customer.email
        headers = {"Accept": "application/json"}
        if self._crm_token is not None:
            headers["Authorization"] = f"Bearer {self._crm_token.get_secret_value()}"
        try:
            async with self._client().get(
                self.crm_url,
                params=params,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.crm_timeout),
            ) as response:
                if response.status != 200:
                    return None
                body = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            log.warning("crm_lookup_failed", error=type(exc).__name__)
            return None
        if not isinstance(body, dict):
            return None
        return {
            "purchases": body.get("purchase_history") or body.get("purchases") or [],
            "tags": body.get("tags") or [],
            **{k: v for k, v in body.items() if k not in ("purchase_history", "purchases", "tags")},
        }

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def _order_ref(order: Order) -> dict[str, Any]:
    return {
        "order_no": order.order_no,
        "platform": order.platform,
        "customer_id": order.customer.id,
        "status": order.status.value,
    }


def build_business_events(settings: Settings, engine: AsyncEngine) -> BusinessEvents:
    """From settings."""
    return BusinessEvents(
        engine,
        [BusinessEndpoint.model_validate(e) for e in settings.business_endpoints],
        max_attempts=settings.business_max_attempts,
        base_delay_seconds=settings.business_retry_base_seconds,
        crm_url=settings.crm_url,
        crm_token=settings.crm_token,
        crm_timeout_seconds=settings.crm_timeout_seconds,
    )
