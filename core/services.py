"""The services one process needs, built once from settings and closed on shutdown.

Built in two steps so nothing is wired after construction: `build_foundation` (storage, orders,
identity, audit, the ticket store), then `complete` (tickets with their listeners, the channels'
senders) once the staff desk and the channel senders exist (`bots.root` does both).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from core.audit import AuditLog, audit_key_file
from core.business_events import BusinessEvents, build_business_events
from core.identity import IdentityService
from core.inbox import WebInbox
from core.keys import KeyStore, MemoryKeyStore, RedisKeyStore
from core.ledger import ActionLedger
from core.operations import OrderOperations
from core.outbound import Sender, Senders
from core.outcomes.service import OutcomeService, build_outcomes
from core.policies import ShopPolicy
from core.redis_client import connect
from core.sessions import MemorySessionStore, RedisSessionStore, SessionSealer, SessionStore
from core.settings import Settings
from core.sources import OrderHub
from core.sources.hub import build_hub, close_sources
from core.sources.sql import SqlOrderSource
from core.storage.database import create_engine, prepare_schema
from core.tickets import TicketChangeListener, TicketListener, TicketService, TicketStore


@dataclass(frozen=True)
class Foundation:
    """What every other part is built on: storage, orders, identity, audit, business events,
    outcomes and the ticket store. Nothing here knows of chat channels or staff desks, so those
    can be built on it before the `Services` that announce new tickets to them (`complete`)."""

    settings: Settings
    db: AsyncEngine
    redis: Redis | None
    sessions: SessionStore
    keys: KeyStore
    orders: SqlOrderSource
    hub: OrderHub
    audit: AuditLog
    identity: IdentityService
    ticket_store: TicketStore
    operations: OrderOperations
    events: BusinessEvents
    policy: ShopPolicy
    outcomes: OutcomeService
    ledger: ActionLedger
    """Confirmed order operations, each carried out once (`core.ledger`)."""

    async def aclose(self) -> None:
        await self.outcomes.aclose()  # the outcome records still buffered, before the pool goes
        await close_sources(self.hub)
        await self.events.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.dispose()


@dataclass(frozen=True)
class Services(Foundation):
    """The foundation plus what joins it to the outside: tickets that tell their listeners
    (business systems, the staff desk) and the senders of every mounted chat channel."""

    tickets: TicketService
    senders: Senders


def channel_senders(foundation: Foundation, senders: Iterable[Sender] = ()) -> Senders:
    """The senders of every mounted channel; the web channel's inbox is always one of them
    (unless a test gives its own web sender)."""
    given = list(senders)
    if not any(s.channel == WebInbox.channel for s in given):
        given.insert(0, WebInbox(foundation.sessions))
    return Senders(given)


def complete(
    foundation: Foundation,
    *,
    senders: Senders | Iterable[Sender] = (),
    ticket_listeners: Iterable[TicketListener] = (),
    change_listeners: Iterable[TicketChangeListener] = (),
) -> Services:
    """The services of a foundation: every new ticket, and every change made to one from
    outside (the REST API), goes to the business systems and then to `ticket_listeners` /
    `change_listeners` (the staff desk); `senders` reach customers on their channels."""
    parts = {f.name: getattr(foundation, f.name) for f in fields(Foundation)}
    listeners = (foundation.events.ticket_opened, *ticket_listeners)
    on_change = (foundation.events.ticket_changed, *change_listeners)
    return Services(
        **parts,
        tickets=TicketService(foundation.ticket_store, listeners, on_change),
        senders=senders if isinstance(senders, Senders) else channel_senders(foundation, senders),
    )


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


async def build_foundation(settings: Settings, *, upgrade_schema: bool = False) -> Foundation:
    """Storage, orders, identity and audit from settings. The schema is checked, not migrated
    (`prepare_schema`), unless `upgrade_schema` (tests on a fresh PostgreSQL database)."""
    db = create_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    await prepare_schema(db, upgrade=upgrade_schema)
    redis: Redis | None = None
    sealer = SessionSealer.from_settings(settings)
    sessions: SessionStore
    keys: KeyStore
    if settings.redis_url:
        redis = connect(
            settings.redis_url,
            max_connections=settings.redis_max_connections,
            pool_timeout=settings.redis_pool_timeout_seconds,
        )
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
    audit = await AuditLog.open_keyed(
        db, hmac_key=settings.audit_hmac_key, key_file=audit_key_file(settings)
    )
    identity = IdentityService(
        db,
        keys,
        audit,
        max_failures=settings.verify_max_failures,
        lock_seconds=settings.verify_lock_seconds,
        max_failures_per_order=settings.verify_max_failures_per_order,
        max_failures_per_client=settings.verify_max_failures_per_client,
        max_failures_per_channel=settings.verify_max_failures_per_channel,
    )
    hub = build_hub(settings, sql=orders, db=db, redis=redis)
    events = build_business_events(settings, db)
    outcomes = build_outcomes(settings, db, sessions, hub)
    return Foundation(
        settings=settings,
        db=db,
        redis=redis,
        sessions=sessions,
        keys=keys,
        orders=orders,
        hub=hub,
        audit=audit,
        identity=identity,
        ticket_store=TicketStore(db),
        operations=OrderOperations(hub, audit, events, outcomes),
        events=events,
        policy=policy,
        outcomes=outcomes,
        ledger=ActionLedger(db),
    )


async def build_services(
    settings: Settings,
    *,
    upgrade_schema: bool = False,
    senders: Iterable[Sender] = (),
    ticket_listeners: Iterable[TicketListener] = (),
) -> Services:
    """Foundation and services in one step, for a process without a staff desk (CLI jobs,
    tests); `bots.root` builds a whole process."""
    foundation = await build_foundation(settings, upgrade_schema=upgrade_schema)
    return complete(foundation, senders=senders, ticket_listeners=ticket_listeners)
