"""The services one process needs, built once from settings and closed on shutdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from core.audit import AuditLog
from core.business_events import BusinessEvents, build_business_events
from core.identity import IdentityService
from core.keys import KeyStore, MemoryKeyStore, RedisKeyStore
from core.operations import OrderOperations
from core.outbound import Senders
from core.policies import ShopPolicy
from core.sessions import MemorySessionStore, RedisSessionStore, SessionSealer, SessionStore
from core.settings import Settings
from core.sources import OrderHub
from core.sources.hub import build_hub, close_sources
from core.sources.sql import SqlOrderSource
from core.storage.database import create_engine, prepare_schema
from core.tickets import TicketService


@dataclass
class Services:
    settings: Settings
    db: AsyncEngine
    redis: Redis | None
    sessions: SessionStore
    keys: KeyStore
    orders: SqlOrderSource
    hub: OrderHub
    audit: AuditLog
    identity: IdentityService
    tickets: TicketService
    operations: OrderOperations
    events: BusinessEvents
    policy: ShopPolicy
    senders: Senders = field(default_factory=Senders)
    """Outbound senders of the mounted chat channels, by channel name."""

    async def aclose(self) -> None:
        await close_sources(self.hub)
        await self.events.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.dispose()


class PolicyMissing(RuntimeError):
    """A production start without the shop's own policies."""


def load_policy(settings: Settings) -> ShopPolicy:
    """The shop's policies: a JSON file of `ShopPolicy` fields; the demo shop's only in demo
    mode, so real customers are never given a demo return address."""
    if settings.policy_file:
        return ShopPolicy.model_validate_json(Path(settings.policy_file).read_bytes())
    if not settings.demo_mode:
        raise PolicyMissing(
            "ORDERSUPPORT_POLICY_FILE is not set: give the shop's policies as JSON "
            "(core.policies.ShopPolicy fields), or set ORDERSUPPORT_DEMO=true to run the demo shop"
        )
    from demo import demo_policy

    return demo_policy()


async def build_services(settings: Settings, *, upgrade_schema: bool = False) -> Services:
    """Everything one process needs. The schema is checked, not migrated (`prepare_schema`),
    unless `upgrade_schema` (tests on a fresh PostgreSQL database)."""
    db = create_engine(settings.database_url)
    await prepare_schema(db, upgrade=upgrade_schema)
    redis: Redis | None = None
    sealer = SessionSealer.from_settings(settings)
    sessions: SessionStore
    keys: KeyStore
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url, decode_responses=True)
        sessions = RedisSessionStore(
            redis,
            settings.redis_prefix,
            settings.session_ttl_seconds,
            sealer=sealer,
            transcript_days=settings.transcript_days,
        )
        keys = RedisKeyStore(redis, settings.redis_prefix)
    else:
        sessions = MemorySessionStore(
            settings.session_ttl_seconds, sealer=sealer, transcript_days=settings.transcript_days
        )
        keys = MemoryKeyStore()
    policy = load_policy(settings)
    orders = SqlOrderSource(db, policy)
    audit = AuditLog(db, hmac_key=settings.audit_hmac_key)
    identity = IdentityService(
        db,
        keys,
        audit,
        max_failures=settings.verify_max_failures,
        lock_seconds=settings.verify_lock_seconds,
    )
    hub = build_hub(settings, sql=orders, db=db, redis=redis)
    events = build_business_events(settings, db)
    tickets = TicketService(db)
    tickets.listeners.append(events.ticket_opened)
    return Services(
        settings=settings,
        db=db,
        redis=redis,
        sessions=sessions,
        keys=keys,
        orders=orders,
        hub=hub,
        audit=audit,
        identity=identity,
        tickets=tickets,
        operations=OrderOperations(hub, audit, events),
        events=events,
        policy=policy,
    )
