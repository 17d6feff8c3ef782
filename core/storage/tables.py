"""SQL tables for everything that must never be lost: orders, bindings, tickets, audit log.

Orders are kept as their canonical JSON document plus the columns queries filter on, so the
document stays the single source of truth and the indexes serve lookups and scans.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

Json = sa.JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out — also on SQLite, which stores naive text."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


ORDER_NO_LENGTH = 64
"""DESIGN.md: order numbers are 3–64 characters (Tokopedia's INV/20241106/MPL/3819204756...)."""

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), primary_key=True),
    sa.Column("platform", sa.String(32), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("customer_id", sa.String(64), nullable=False, index=True),
    sa.Column("placed_at", UTCDateTime(), nullable=False),
    sa.Column("paid_at", UTCDateTime()),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("doc", Json, nullable=False),
    sa.Column("watch_at", UTCDateTime()),
    sa.Column("source_version", UTCDateTime()),
    # The shop platform's own version of the copy stored (its `updated_at`; WooCommerce:
    # `date_modified_gmt`): an older delivery never overwrites a newer one (`core.sources.sql`).
    # The earliest moment a time-based exception rule could fire (NULL: none can); see
    # `core.proactive.watch`. Indexed (partial, non-NULL only) at the end of this module.
)

channel_bindings = sa.Table(
    "channel_bindings",
    metadata,
    sa.Column("channel", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(128), primary_key=True),
    sa.Column("customer_id", sa.String(64), nullable=False, index=True),
    sa.Column("how", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), index=True),
    sa.Column("customer_id", sa.String(64), index=True),
    sa.Column("conversation", sa.String(200)),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("department", sa.String(20), nullable=False),
    sa.Column("priority", sa.String(10), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("language", sa.String(10)),
    sa.Column("data", Json, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("idempotency_key", sa.String(200), unique=True),
    # The action or delivery that opened it (`core.ledger`): opened again, it is the same ticket.
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), index=True),
    sa.Column("before", Json),
    sa.Column("after", Json),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)


# --- proactive exceptions (issue 7) ---------------------------------------------------------

sa.Index(
    "ix_orders_watch_at",
    orders.c.watch_at,
    postgresql_where=orders.c.watch_at.isnot(None),
    sqlite_where=orders.c.watch_at.isnot(None),
)

exception_decisions = sa.Table(
    "exception_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), nullable=False),
    sa.Column("kind", sa.String(60), nullable=False),
    # the decision key: the exception kind, for shipment exceptions with the carrier status
    sa.Column("exception", sa.String(40), nullable=False),
    sa.Column("customer_id", sa.String(64), nullable=False),
    sa.Column("decided_at", UTCDateTime(), nullable=False),
    sa.Column("finding", Json, nullable=False),
    sa.Column("offer", Json, nullable=False),
    sa.Column("channel", sa.String(32)),
    sa.Column("choice", sa.String(20)),
    sa.Column("choice_at", UTCDateTime()),
    sa.UniqueConstraint("order_no", "kind", name="uq_exception_decisions_order_no_kind"),
)

compensation_budget = sa.Table(
    "compensation_budget",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("currency", sa.String(3), primary_key=True),
    sa.Column("spent_minor", sa.BigInteger, nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decision_id", sa.Integer, index=True),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), index=True),
    sa.Column("customer_id", sa.String(64)),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("channel", sa.String(32)),
    sa.Column("chat_id", sa.String(128)),
    sa.Column("payload", Json, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("claimed_by", sa.String(80)),
    sa.Column("claimed_at", UTCDateTime()),
    sa.Column("sent_at", UTCDateTime()),
    sa.Column("send_token", sa.String(32)),
    # Claimed (committed) just before the platform call: a row whose claimer died with a token
    # may have gone out, and is never sent again (at most once; `core.proactive.outbox`).
    sa.Column("send_started_at", UTCDateTime()),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

sa.Index(
    "ix_outbox_due",
    outbox.c.status,
    outbox.c.next_attempt_at,
    postgresql_where=outbox.c.status.in_(["pending", "sending"]),
    sqlite_where=outbox.c.status.in_(["pending", "sending"]),
)


# --- order sources and business events (issue 8) --------------------------------------------

customer_links = sa.Table(
    "customer_links",
    metadata,
    # A shop platform's customer (e.g. "shopify:7391") known to be one of our customers,
    # found by the same e-mail or phone; the hub shows that platform's orders as theirs.
    sa.Column("source", sa.String(40), primary_key=True),
    sa.Column("external_id", sa.String(200), primary_key=True),
    sa.Column("customer_id", sa.String(64), nullable=False, index=True),
    sa.Column("how", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

business_deliveries = sa.Table(
    "business_deliveries",
    metadata,
    # One signed webhook to one ERP/WMS/CRM endpoint; `event_id` is the idempotency key.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), nullable=False),
    sa.Column("endpoint", sa.String(60), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("payload", Json, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("last_status", sa.Integer),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("delivered_at", UTCDateTime()),
    sa.UniqueConstraint("event_id", "endpoint", name="uq_business_deliveries_event_id"),
)

sa.Index(
    "ix_business_deliveries_due",
    business_deliveries.c.status,
    business_deliveries.c.next_attempt_at,
)

sync_cursors = sa.Table(
    "sync_cursors",
    metadata,
    # `ordersupport shop sync SOURCE`: where the last incremental sync of a source stopped.
    sa.Column("source", sa.String(40), primary_key=True),
    sa.Column("cursor", sa.String(64)),
    sa.Column("synced", sa.Integer, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)


# --- outcomes (issue 17): episodes, facts around them, satisfaction questions to send --------
# No message text and no personal data: customers, conversations and orders appear only as
# keyed pseudonyms (HMAC-SHA256), which a privacy erase sets to NULL.

outcome_episodes = sa.Table(
    "outcome_episodes",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("customer_key", sa.String(64), index=True),
    sa.Column("conversation_key", sa.String(64), index=True),
    sa.Column("order_key", sa.String(64)),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("language", sa.String(10), nullable=False),
    sa.Column("intent", sa.String(32)),
    sa.Column("flow", sa.String(20)),
    sa.Column("platform", sa.String(32)),
    sa.Column("detour", sa.Boolean, nullable=False, default=False),
    # open | answered | resolved_hard | resolved_soft | returned | handed_off | abandoned |
    # no_request
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("handoff_reason", sa.String(40)),
    sa.Column("ticket_id", sa.Integer, index=True),
    sa.Column("follows", sa.String(32)),
    sa.Column("turns", sa.Integer, nullable=False),
    sa.Column("started_at", UTCDateTime(), nullable=False, index=True),
    sa.Column("last_at", UTCDateTime(), nullable=False),
    sa.Column("first_response_s", sa.Float),
    sa.Column("bot_done_at", UTCDateTime()),
    sa.Column("confirmed_at", UTCDateTime()),
    sa.Column("handed_off_at", UTCDateTime()),
    sa.Column("ended_at", UTCDateTime()),
    sa.Column("staff_first_at", UTCDateTime()),
    sa.Column("takeover_at", UTCDateTime()),
    sa.Column("handback_at", UTCDateTime()),
    sa.Column("survey_asked_at", UTCDateTime()),
    sa.Column("satisfaction", sa.Integer),
    sa.Column("satisfaction_at", UTCDateTime()),
)

sa.Index("ix_outcome_episodes_outcome", outcome_episodes.c.outcome, outcome_episodes.c.last_at)

outcome_events = sa.Table(
    "outcome_events",
    metadata,
    # Facts beside the episodes: notices sent and answered, compensation, refunds, changes.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime(), nullable=False, index=True),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("detail", sa.String(60)),
    sa.Column("ref", sa.String(40)),
    sa.Column("channel", sa.String(32)),
    sa.Column("customer_key", sa.String(64), index=True),
    sa.Column("actor", sa.String(16)),
    sa.Column("amount", sa.String(32)),
    sa.Column("currency", sa.String(3)),
)

outcome_surveys = sa.Table(
    "outcome_surveys",
    metadata,
    # A satisfaction question waiting to go out (one per conversation); the row is deleted when
    # it is sent or no longer wanted. It names the conversation, to send to it, and lives only
    # minutes to hours.
    sa.Column("conversation", sa.String(200), primary_key=True),
    sa.Column("episode_id", sa.String(32), nullable=False),
    sa.Column("customer_key", sa.String(64), index=True),
    sa.Column("queued_at", UTCDateTime(), nullable=False),
    sa.Column("due_at", UTCDateTime(), nullable=False, index=True),
)


# --- durability (issue 16) --------------------------------------------------------------------

action_ledger = sa.Table(
    "action_ledger",
    metadata,
    # One row per order operation a customer confirmed (`core.ledger`): the key is the
    # conversation and the confirmed action's id; `outcome` is what the customer was told, given
    # again to a retry instead of acting twice. No personal data: reply parts are masked.
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("order_no", sa.String(ORDER_NO_LENGTH), index=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("outcome", Json),
    sa.Column("claimed_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
)

inbound_events = sa.Table(
    "inbound_events",
    metadata,
    # A platform event accepted (answered 200) before it was handled (`core.acceptance`): kept
    # until handled, handed again to the handler after a failure (Redis down), deleted when done.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("event_id", sa.String(160), nullable=False),
    sa.Column("payload", Json, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("accepted_at", UTCDateTime(), nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False, index=True),
    sa.UniqueConstraint("channel", "event_id", name="uq_inbound_events_channel_event"),
)
