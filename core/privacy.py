"""Privacy requests (PIPL / GDPR): export everything held about a customer, or erase it.

`export_customer(services, customer_id)` gathers, as JSON: the customer's orders (from the hub),
chat bindings and links to shop-platform customers, tickets, proactive decisions and messages,
audit entries about their orders, and the sessions of their chat identities (decrypted).

`erase_customer(services, customer_id)` covers every store but the orders:
- sessions (with their transcripts and web inbox) of the customer's chat identities, of the
  tickets' conversations, and of any conversation (an anonymous web visitor's, say) whose
  record names the customer or holds one of their identifiers (phone, e-mail, address line,
  order number);
- the short-lived keys of those chat users (dedup, verification counters, WeChat's 48-hour
  window), the chat bindings and platform links;
- tickets: free text dropped, the sealed copy of a new address dropped, the rest masked, a
  pseudonym instead of the customer id (the ticket stays, for the shop's books); the staff
  desk's copy of each card (a Slack message) is redrawn from the scrubbed ticket (`refresh`);
- sent messages (outbox), business-event deliveries, exception decisions and every other table
  but the orders and the audit log: each identifier left in any column is replaced (a customer
  id by the pseudonym);
and leaves orders (the shop platform's records, kept for tax and consumer law) as they are.
The audit log is never rewritten, and holds no personal data to begin with (addresses are
recorded masked, orders by number): the request itself is recorded under a pseudonym (an HMAC
of the customer id), so a later audit can tell that "this customer" was erased without naming
them.

`scan_customer(services, identifiers)` proves it: it searches every table but the orders, every
session record and the chat users' short-lived keys for the identifiers and counts the hits per
store; `erase_customer` runs it afterwards (`ErasureSummary.scan`), and `ordersupport privacy
scan --customer ID` runs it on its own. It prints counts, never the identifiers.

Both are audited ("privacy.export" / "privacy.erase", actor "staff:cli" unless told otherwise).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import structlog
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from core.masking import MASK, mask_data, order_known
from core.order import Order
from core.personal import SEALED_ADDRESS
from core.services import Services
from core.storage import tables
from core.tickets import Ticket

log = structlog.get_logger(__name__)

ERASED = "[erased at the customer's request]"
_CONVERSATION_KEYS = (
    "seen:{channel}:{user}",
    "verify-fail:{channel}:{user}",
    "verify-lock:{channel}:{user}",
    "wechat:window:{user}",
)
KEPT_TABLES = frozenset({"orders", "audit_log", "alembic_version"})
"""Not rewritten by an erase: the orders (legal retention) and the append-only audit log (which
holds no personal data; the scan still searches it)."""
MIN_IDENTIFIER = 2


def pseudonym(services: Services, customer_id: str) -> str:
    """A stable stand-in for a customer id: HMAC-SHA256 under `audit_hmac_key` (else
    `session_key`; else a plain hash, which someone who can guess ids can reverse)."""
    settings = services.settings
    secret = settings.audit_hmac_key or settings.session_key
    if secret is not None:
        raw = secret.get_secret_value()
        digest = hmac.new(raw.encode(), customer_id.encode(), hashlib.sha256).hexdigest()
    else:
        digest = hashlib.sha256(f"ordersupport-customer\n{customer_id}".encode()).hexdigest()
    return f"anon:{digest[:20]}"


class ScanReport(BaseModel):
    """Where the identifiers of an erased customer are still found: hits per store."""

    identifiers: int
    """How many identifiers were searched (never which)."""
    hits: dict[str, int] = {}
    """Store (a table, `sessions`, `keys`) -> records holding one of them."""

    @property
    def total(self) -> int:
        return sum(self.hits.values())


class ErasureSummary(BaseModel):
    customer: str
    """The pseudonym the audit log knows the customer by."""
    sessions_deleted: int = 0
    bindings_deleted: int = 0
    links_deleted: int = 0
    tickets_scrubbed: int = 0
    messages_scrubbed: int = 0
    orders_kept: int = 0
    """Orders stay with the shop platform (legal retention); listed, not changed."""
    outcome_links_removed: int = 0
    """Outcome episodes and events no longer linked to the customer (their figures stay)."""
    cards_refreshed: int = 0
    """Staff-desk cards (Slack messages) redrawn from the scrubbed tickets."""
    rows_scrubbed: dict[str, int] = {}
    """Other tables: rows where an identifier was replaced."""
    scan: ScanReport | None = None
    """The scan after the erase: zero hits outside the orders is the proof."""


def _table(name: str) -> sa.Table | None:
    found = getattr(tables, name, None)
    return found if isinstance(found, sa.Table) else None


async def _orders(services: Services, customer_id: str) -> list[Order]:
    try:
        return list(await services.hub.list_customer_orders(customer_id))
    except Exception:  # a source is down: the export says so instead of failing
        log.warning("privacy_orders_unavailable", exc_info=True)
        return []


async def _rows(services: Services, query: sa.Select[Any]) -> list[dict[str, Any]]:
    async with services.db.connect() as conn:
        return [dict(r) for r in (await conn.execute(query)).mappings().all()]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


async def _identities(
    services: Services, customer_id: str, orders: list[Order]
) -> set[tuple[str, str]]:
    """Every chat identity (channel, user id) known to be this customer's."""
    bindings = tables.channel_bindings
    rows = await _rows(
        services,
        sa.select(bindings.c.channel, bindings.c.user_id).where(
            bindings.c.customer_id == customer_id
        ),
    )
    found = {(r["channel"], r["user_id"]) for r in rows}
    for order in orders:
        if order.customer.id == customer_id:
            found.update((c.channel, c.user_id) for c in order.customer.channels)
    return found


async def _session_keys(
    services: Services,
    customer_id: str,
    identities: set[tuple[str, str]],
    tickets: list[dict[str, Any]],
    traces: list[str] | None = None,
) -> set[str]:
    """The conversations of the customer's chat identities and tickets, and every other one
    whose record names the customer or holds one of `traces` (an anonymous visitor who gave
    the customer's phone or order number)."""
    keys = {f"{channel}:{user}" for channel, user in identities}
    keys.update(t["conversation"] for t in tickets if t.get("conversation"))
    scan = getattr(services.sessions, "scan", None)
    if scan is not None:  # sessions that name the customer without a binding
        async for key in scan():
            if key in keys:
                continue
            session = await services.sessions.load(key)
            if session.customer_id == customer_id or (
                traces and _holds(session.model_dump(mode="json"), traces)
            ):
                keys.add(key)
    return keys


async def _tickets(
    services: Services, customer_id: str, order_nos: list[str]
) -> list[dict[str, Any]]:
    t = tables.tickets
    where = t.c.customer_id == customer_id
    if order_nos:
        where = sa.or_(where, t.c.order_no.in_(order_nos))
    return await _rows(services, sa.select(t).where(where).order_by(t.c.id))


async def export_customer(
    services: Services, customer_id: str, *, actor: str = "staff:cli"
) -> dict[str, Any]:
    """Everything held about a customer, as a JSON-ready dict."""
    orders = await _orders(services, customer_id)
    order_nos = [o.order_no for o in orders]
    identities = await _identities(services, customer_id, orders)
    tickets = await _tickets(services, customer_id, order_nos)
    sessions = []
    for key in sorted(await _session_keys(services, customer_id, identities, tickets)):
        session = await services.sessions.load(key)
        if session.version:
            sessions.append(session.model_dump(mode="json"))
    bindings = tables.channel_bindings
    extra: dict[str, list[dict[str, Any]]] = {}
    for name in ("customer_links", "exception_decisions", "outbox"):
        table = _table(name)
        if table is not None and "customer_id" in table.c:
            rows = await _rows(services, sa.select(table).where(table.c.customer_id == customer_id))
            extra[name] = [_jsonable(r) for r in rows]
    audit = await services.audit.entries(order_nos=order_nos) if order_nos else []
    extra["outcome_episodes"] = await services.outcomes.customer_episodes(customer_id)
    export = {
        "customer_id": customer_id,
        "exported_at": datetime.now(UTC).isoformat(),
        "orders": [o.model_dump(mode="json") for o in orders],
        "bindings": [
            _jsonable(r)
            for r in await _rows(
                services, sa.select(bindings).where(bindings.c.customer_id == customer_id)
            )
        ],
        "chat_identities": [{"channel": c, "user_id": u} for c, u in sorted(identities)],
        "tickets": [_jsonable(r) for r in tickets],
        "sessions": sessions,
        "audit": [e.model_dump(mode="json") for e in audit],
        **extra,
    }
    await services.audit.record(
        actor,
        "privacy.export",
        after={
            "customer": pseudonym(services, customer_id),
            "orders": len(orders),
            "tickets": len(tickets),
            "sessions": len(sessions),
        },
    )
    log.info("privacy_export", orders=len(orders), tickets=len(tickets), sessions=len(sessions))
    return export


async def erase_customer(
    services: Services,
    customer_id: str,
    *,
    actor: str = "staff:cli",
    refresh: Callable[[Ticket], Awaitable[None]] | None = None,
) -> ErasureSummary:
    """Erase what the customer's chats left behind; see the module's docstring for the scope.
    `refresh` is told of each scrubbed ticket after the erase (the staff desk redraws its card
    from the scrubbed ticket, so the desk's copy loses what the ticket lost)."""
    orders = await _orders(services, customer_id)
    order_nos = [o.order_no for o in orders]
    known = [customer_id, *(v for o in orders for v in order_known(o))]
    identities = await _identities(services, customer_id, orders)
    tickets = await _tickets(services, customer_id, order_nos)
    alias = pseudonym(services, customer_id)
    summary = ErasureSummary(customer=alias, orders_kept=len(orders))
    identifiers = customer_identifiers(customer_id, orders, identities)
    traces = [*identifiers, *(o.order_no for o in orders if o.customer.id == customer_id)]

    for key in await _session_keys(services, customer_id, identities, tickets, traces):
        if (await services.sessions.load(key)).version:
            summary.sessions_deleted += 1
        await services.sessions.delete(key)
    for channel, user in identities:
        for pattern in _CONVERSATION_KEYS:
            await services.keys.clear(pattern.format(channel=channel, user=user))
    conversations = {f"{channel}:{user}" for channel, user in identities}
    conversations.update(t["conversation"] for t in tickets if t.get("conversation"))
    summary.outcome_links_removed = await services.outcomes.forget_customer(
        customer_id, conversations
    )

    t = tables.tickets
    bindings = tables.channel_bindings
    now = datetime.now(UTC)
    async with services.db.begin() as conn:
        deleted = await conn.execute(
            sa.delete(bindings).where(bindings.c.customer_id == customer_id)
        )
        summary.bindings_deleted = deleted.rowcount or 0
        links = _table("customer_links")
        if links is not None:
            gone = await conn.execute(sa.delete(links).where(links.c.customer_id == customer_id))
            summary.links_deleted = gone.rowcount or 0
        for ticket in tickets:
            await conn.execute(
                sa.update(t)
                .where(t.c.id == ticket["id"])
                .values(
                    summary=f"[{ticket['kind']}] {ERASED}",
                    customer_id=alias
                    if ticket["customer_id"] == customer_id
                    else ticket["customer_id"],
                    conversation=None,
                    data=_scrub_ticket_data(ticket.get("data") or {}, known),
                    updated_at=now,
                )
            )
            summary.tickets_scrubbed += 1
        outbox = _table("outbox")
        if outbox is not None:
            scrubbed = await conn.execute(
                sa.update(outbox)
                .where(
                    outbox.c.customer_id == customer_id,
                    outbox.c.status.notin_(["pending", "sending"]),
                )
                .values(payload={"erased": True}, chat_id=None, customer_id=alias)
            )
            summary.messages_scrubbed = scrubbed.rowcount or 0
        summary.rows_scrubbed = await _scrub_tables(conn, identifiers, customer_id, alias)
        await services.audit.record_in(
            conn,
            actor,
            "privacy.erase",
            after=summary.model_dump(mode="json"),
        )
    if refresh is not None:
        for row in tickets:
            scrubbed_ticket = await services.tickets.get(row["id"])
            if scrubbed_ticket is not None:
                try:
                    await refresh(scrubbed_ticket)
                    summary.cards_refreshed += 1
                except Exception:  # the desk is down: the erase itself stands
                    log.warning("privacy_card_refresh_failed", ticket=row["id"])
    summary.scan = await scan_customer(services, identifiers, identities)
    log.info(
        "privacy_erase",
        sessions=summary.sessions_deleted,
        bindings=summary.bindings_deleted,
        tickets=summary.tickets_scrubbed,
        left=summary.scan.total,
    )
    return summary


_TICKET_FREE_TEXT = {
    SEALED_ADDRESS,
    "history",
    "request",
    "text",
    "message",
    "note",
    "notes",
    "reason_text",
    "address",
    "new_address",
    "transcript",
    "summary",
    "comment",
}


# --- identifiers, the scan, and the scrub of every other table ------------------------------


def customer_identifiers(
    customer_id: str, orders: list[Order], identities: set[tuple[str, str]]
) -> list[str]:
    """The strings that identify the customer: id, names, phones (as written and as digits),
    e-mails, address lines, chat user ids. Order numbers are not among them (the orders, and
    tickets and audit entries by order number, are kept)."""
    found = {customer_id, *(user for _, user in identities)}
    for order in orders:
        if order.customer.id != customer_id:
            continue
        customer, address = order.customer, order.shipping_address
        found.update(
            v
            for v in (customer.name, customer.email, address.name, address.line1, address.line2)
            if v
        )
        for phone in (customer.phone, address.phone):
            if phone:
                found.update({phone, re.sub(r"\D", "", phone)})
    return sorted((v for v in found if len(v.strip()) >= MIN_IDENTIFIER), key=len, reverse=True)


def _holds(value: Any, identifiers: list[str]) -> bool:
    if value is None or isinstance(value, bool | int | float | datetime):
        return False
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return any(i in text for i in identifiers)


def _replaced(value: Any, identifiers: list[str], customer_id: str, alias: str) -> Any:
    """`value` with every identifier replaced: the customer id by the pseudonym, the rest by
    the mask."""
    if isinstance(value, str):
        if value == customer_id:
            return alias
        for identifier in identifiers:
            if identifier in value:
                value = value.replace(identifier, alias if identifier == customer_id else MASK)
        return value
    if isinstance(value, dict):
        return {k: _replaced(v, identifiers, customer_id, alias) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, identifiers, customer_id, alias) for v in value]
    return value


async def _scrub_tables(
    conn: AsyncConnection, identifiers: list[str], customer_id: str, alias: str
) -> dict[str, int]:
    """Every table but the kept ones: replace each identifier left in any column."""
    scrubbed: dict[str, int] = {}
    for table in tables.metadata.sorted_tables:
        if table.name in KEPT_TABLES:
            continue
        keys = list(table.primary_key.columns)
        for row in (await conn.execute(sa.select(table))).mappings().all():
            changes = {
                column.name: _replaced(row[column.name], identifiers, customer_id, alias)
                for column in table.c
                if not column.primary_key and _holds(row[column.name], identifiers)
            }
            if changes and keys:
                where = [key == row[key.name] for key in keys]
                await conn.execute(sa.update(table).where(*where).values(**changes))
                scrubbed[table.name] = scrubbed.get(table.name, 0) + 1
    return scrubbed


async def _conversation_keys_set(services: Services, identities: set[tuple[str, str]]) -> int:
    found = 0
    for channel, user in identities:
        for pattern in _CONVERSATION_KEYS:
            key = pattern.format(channel=channel, user=user)
            if await services.keys.remaining(key) or await services.keys.get(key) is not None:
                found += 1
    return found


async def scan_customer(
    services: Services,
    identifiers: list[str],
    identities: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> ScanReport:
    """Count the records still holding one of the identifiers, per store: every table but
    the orders, every session record (key and content), the chat users' short-lived keys."""
    report = ScanReport(identifiers=len(identifiers))
    hits: dict[str, int] = {}
    async with services.db.connect() as conn:
        for table in tables.metadata.sorted_tables:
            if table.name == "orders":
                continue
            rows = (await conn.execute(sa.select(table))).mappings().all()
            count = sum(1 for r in rows if any(_holds(v, identifiers) for v in r.values()))
            if count:
                hits[table.name] = count
    scan = getattr(services.sessions, "scan", None)
    if scan is not None:
        count = 0
        async for key in scan():
            session = await services.sessions.load(key)
            if _holds(key, identifiers) or _holds(session.model_dump(mode="json"), identifiers):
                count += 1
        if count:
            hits["sessions"] = count
    keys = await _conversation_keys_set(services, identities)
    if keys:
        hits["keys"] = keys
    report.hits = hits
    return report


async def scan_for_customer(services: Services, customer_id: str) -> ScanReport:
    """`ordersupport privacy scan --customer ID`: the scan for one customer's identifiers."""
    orders = await _orders(services, customer_id)
    identities = await _identities(services, customer_id, orders)
    return await scan_customer(
        services, customer_identifiers(customer_id, orders, identities), identities
    )


def _scrub_ticket_data(data: dict[str, Any], known: list[str]) -> dict[str, Any]:
    """Keep a ticket's workflow keys; drop free text; mask what personal data remains."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TICKET_FREE_TEXT:
            kept[key] = (
                type(value)() if isinstance(value, list | dict) else ERASED if value else value
            )
        else:
            kept[key] = mask_data(value, known=known)
    return kept


__all__ = [
    "ERASED",
    "ErasureSummary",
    "ScanReport",
    "customer_identifiers",
    "erase_customer",
    "export_customer",
    "pseudonym",
    "scan_customer",
    "scan_for_customer",
]
