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
from core.outcomes.service import OutcomeService, build_outcomes
from core.policies import ShopPolicy
from core.sessions import MemorySessionStore, RedisSessionStore, SessionSealer, SessionStore
from core.settings import Settings
from core.sources import OrderHub
from core.sources.hub import build_hub, close_sources
from core.sources.sql import SqlOrderSource
from core.storage.database import create_engine, migrate
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
    outcomes: OutcomeService
    senders: Senders = field(default_factory=Senders)
    """Outbound senders of the mounted chat channels, by channel name."""

    async def aclose(self) -> None:
        await close_sources(self.hub)
        await self.events.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.dispose()


def load_policy(settings: Settings) -> ShopPolicy:
    """The shop's policies: a JSON file of `ShopPolicy` fields, else the demo shop's."""
    if settings.policy_file:
        return ShopPolicy.model_validate_json(Path(settings.policy_file).read_bytes())
    from core.demo import demo_policy

    return demo_policy()


async def build_services(settings: Settings, *, run_migrations: bool = True) -> Services:
    db = create_engine(settings.database_url)
    if run_migrations:
        await migrate(db)
    redis: Redis | None = None
    sealer = SessionSealer.from_settings(settings)
    sessions: SessionStore
    keys: KeyStore
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url, decode_responses=True)
        sessions = RedisSessionStore(
            redis, settings.redis_prefix, settings.session_ttl_seconds,
            sealer=sealer, transcript_days=settings.transcript_days,
        )  # fmt: skip
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
    outcomes = build_outcomes(settings, db, sessions, hub)
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
        operations=OrderOperations(hub, audit, events, outcomes),
        events=events,
        policy=policy,
        outcomes=outcomes,
    )
