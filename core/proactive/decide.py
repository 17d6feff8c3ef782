"""Deciding each exception once per order and kind — the transactional outbox.

For one batch of orders, in ONE transaction:
  1. claim the decision: INSERT ... ON CONFLICT (order_no, kind) DO NOTHING RETURNING id. No
     row back means someone (another worker, an earlier try of this event) decided it already:
     nothing else happens for that finding. So the same event twice, two workers on one order,
     or a worker killed half-way (its transaction rolls back whole) all end in one decision.
  2. the compensation offer: a coupon reserves its amount on today's budget of the currency by
     a conditional UPDATE (`spent + amount <= limit`), so concurrent workers cannot overspend;
     over budget, priority shipping only, and the ticket is flagged.
  3. the outbox rows: the notice to the customer's reachable channel (held until 08:00 local
     when it would arrive at night and is not urgent), the staff ticket when the policy says
     so, and a "call the customer" ticket when no channel reaches them.
  4. the order's exact next `watch_at`, unless the order was written again meanwhile.
A stock-out also makes the order late 48 hours after payment; that lateness is not decided
again (one notice, one compensation offer per order).
Delivery happens later, from the outbox (`core.proactive.outbox`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.numbers import get_currency_precision
from sqlalchemy.ext.asyncio import AsyncConnection

from core.i18n import Localizer, best_language
from core.keys import seen_key
from core.masking import mask_order_no
from core.order import Order
from core.outbound import Senders
from core.policies import (
    CompensationOption,
    ExceptionFinding,
    ExceptionKind,
    Priority,
    ShopPolicy,
    cancel_outcome,
    compensation,
)
from core.proactive.compose import (
    PRIMARY_INTENT,
    choices_for,
    decision_key,
    is_urgent,
    quiet_until,
    render_notice,
)
from core.proactive.config import ProactiveConfig
from core.proactive.watch import watch_at
from core.storage.tables import (
    channel_bindings,
    compensation_budget,
    exception_decisions,
    orders,
    outbox,
)
from core.tickets import Department, NewTicket
from core.tracking.late import findings as all_findings

PUSH_CHANNELS = ("telegram", "wechat")
"""Channels that reach the customer now; the web channel waits for their next visit."""
WEB = "web"


@dataclass(frozen=True)
class Loaded:
    order: Order
    updated_at: datetime


@dataclass(frozen=True)
class Contact:
    channel: str
    chat_id: str


@dataclass
class DecideReport:
    decisions: int = 0
    notices: int = 0
    tickets: int = 0


def insert_ignore(conn: AsyncConnection, table: sa.Table, keys: list[str]) -> Any:
    """INSERT ... ON CONFLICT (keys) DO NOTHING for PostgreSQL and SQLite."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)


async def load_orders(conn: AsyncConnection, numbers: Sequence[str]) -> list[Loaded]:
    if not numbers:
        return []
    rows = await conn.execute(
        sa.select(orders.c.doc, orders.c.updated_at).where(orders.c.order_no.in_(set(numbers)))
    )
    return [Loaded(Order.model_validate(doc), updated) for doc, updated in rows]


async def decided_keys(conn: AsyncConnection, numbers: Sequence[str]) -> set[tuple[str, str]]:
    if not numbers:
        return set()
    rows = await conn.execute(
        sa.select(exception_decisions.c.order_no, exception_decisions.c.kind).where(
            exception_decisions.c.order_no.in_(set(numbers))
        )
    )
    return {(n, k) for n, k in rows}


async def find_contacts(
    conn: AsyncConnection, customer_ids: set[str], senders: Senders, keys: Any
) -> dict[str, Contact | None]:
    """The chat identity each customer can be reached on, or None.

    Push channels with a mounted sender come first (Telegram only for a user who started the
    bot, i.e. wrote to us: the engine's `seen:` key), the newest binding first; then the web
    channel, which shows the notice at the next visit."""
    found: dict[str, Contact | None] = dict.fromkeys(customer_ids)
    if not customer_ids:
        return found
    rows = await conn.execute(
        sa.select(
            channel_bindings.c.customer_id, channel_bindings.c.channel, channel_bindings.c.user_id
        )
        .where(channel_bindings.c.customer_id.in_(customer_ids))
        .order_by(channel_bindings.c.created_at.desc())
    )
    candidates: dict[str, list[tuple[int, Contact]]] = {}
    for customer_id, channel, user_id in rows:
        if channel == WEB:
            rank = 2
        elif senders.get(channel) is None:
            continue
        elif channel == "telegram" and not await keys.remaining(seen_key("telegram", user_id)):
            continue
        else:
            rank = 1
        candidates.setdefault(customer_id, []).append((rank, Contact(channel, user_id)))
    for customer_id, options in candidates.items():
        found[customer_id] = min(options, key=lambda o: o[0])[1]  # stable: newest per rank
    return found


def _minor(amount: Decimal, currency: str) -> int:
    return int(amount.scaleb(get_currency_precision(currency)).to_integral_value())


def shop_day(now: datetime, timezone: str) -> str:
    return now.astimezone(ZoneInfo(timezone)).date().isoformat()


async def reserve_budget(
    conn: AsyncConnection, config: ProactiveConfig, currency: str, amount: Decimal, now: datetime
) -> bool:
    """Take `amount` from today's coupon budget of `currency`; False when it would overspend."""
    limit = config.daily_budget.get(currency.upper())
    if limit is None:
        return True
    day = shop_day(now, config.shop_timezone)
    need, cap = _minor(amount, currency), _minor(limit, currency)
    await conn.execute(
        insert_ignore(conn, compensation_budget, ["day", "currency"]).values(
            day=day, currency=currency, spent_minor=0
        )
    )
    table = compensation_budget
    result = await conn.execute(
        sa.update(table)
        .where(table.c.day == day, table.c.currency == currency, table.c.spent_minor + need <= cap)
        .values(spent_minor=table.c.spent_minor + need)
    )
    return result.rowcount == 1


async def release_budget(
    conn: AsyncConnection, config: ProactiveConfig, offer: dict[str, Any], decided_at: datetime
) -> None:
    """Give back a reserved coupon the customer did not take (same shop day only)."""
    currency = offer.get("currency")
    if not offer.get("reserved") or not currency or currency not in config.daily_budget:
        return
    table = compensation_budget
    need = _minor(Decimal(offer["coupon_amount"]), currency)
    await conn.execute(
        sa.update(table)
        .where(
            table.c.day == shop_day(decided_at, config.shop_timezone),
            table.c.currency == currency,
            table.c.spent_minor >= need,
        )
        .values(spent_minor=table.c.spent_minor - need)
    )


async def _offer(
    conn: AsyncConnection,
    order: Order,
    finding: ExceptionFinding,
    policy: ShopPolicy,
    config: ProactiveConfig,
    now: datetime,
) -> dict[str, Any]:
    offer: dict[str, Any] = {}
    if finding.offer_cancellation:
        refund = cancel_outcome(order, None, policy).refund_amount
        offer["refund"] = str(refund)
    if finding.offer_compensation:
        comp = compensation(order, policy)
        coupon = CompensationOption.COUPON in comp.options
        reserved = coupon and await reserve_budget(
            conn, config, order.currency, comp.coupon_amount, now
        )
        options = [o.value for o in comp.options if o is not CompensationOption.COUPON or reserved]
        offer.update(
            options=options,
            coupon_amount=str(comp.coupon_amount),
            currency=comp.currency,
            needs_approval=comp.needs_approval and reserved,
            budget_exhausted=coupon and not reserved,
            reserved=reserved and order.currency.upper() in config.daily_budget,
        )
    return offer


def _summary(order: Order, key: str, finding: ExceptionFinding, offer: dict[str, Any]) -> str:
    text = f"[{mask_order_no(order.order_no)}] {key}"
    if finding.kind is ExceptionKind.STOCK_OUT:
        text += f": backordered lines {', '.join(finding.details.get('line_ids', []))}"  # type: ignore[arg-type]
    elif finding.kind is ExceptionKind.WAREHOUSE_LATE:
        text += f": {finding.details.get('hours_overdue')} h overdue"
        text += " (pre-sale)" if finding.details.get("presale") else ""
    elif finding.kind is ExceptionKind.PARCEL_STALLED:
        text += f": {finding.details.get('carrier')} silent {finding.details.get('hours_silent')} h"
    elif finding.kind is ExceptionKind.SHIPMENT_EXCEPTION:
        text += f": {finding.details.get('carrier')}"
    if offer.get("budget_exhausted"):
        text += "; compensation budget exhausted: priority shipping only offered"
    elif "coupon" in offer.get("options", []):
        coupon = f"{offer['coupon_amount']} {offer['currency']}"
        text += f"; coupon {coupon} or priority shipping offered"
        text += " (needs approval)" if offer.get("needs_approval") else ""
    return text


def _row(kind: str, now: datetime, **values: Any) -> dict[str, Any]:
    base = {
        "decision_id": None,
        "order_no": None,
        "customer_id": None,
        "channel": None,
        "chat_id": None,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "kind": kind,
    }
    return {**base, **values}


def ticket_row(decision_id: int | None, ticket: NewTicket, now: datetime) -> dict[str, Any]:
    return _row(
        "ticket",
        now,
        decision_id=decision_id,
        order_no=ticket.order_no,
        customer_id=ticket.customer_id,
        payload=ticket.model_dump(mode="json"),
    )


def call_customer_ticket(
    order: Order, key: str, decision_id: int | None, language: str, priority: Priority, why: str
) -> NewTicket:
    return NewTicket(
        kind="proactive_call_customer",
        department=Department.SERVICE,
        priority=priority,
        summary=f"[{mask_order_no(order.order_no)}] {key}: {why}; please call the customer",
        order_no=order.order_no,
        customer_id=order.customer.id,
        language=language,
        data={"decision_id": decision_id, "exception": key, "reason": why},
    )


async def decide(
    conn: AsyncConnection,
    items: Sequence[Loaded],
    now: datetime,
    *,
    policy: ShopPolicy,
    config: ProactiveConfig,
    senders: Senders,
    keys: Any,
) -> DecideReport:
    """Decide every new finding of `items` and re-arm their watch, inside `conn`'s transaction."""
    report = DecideReport()
    done = await decided_keys(conn, [i.order.order_no for i in items])
    todo: list[tuple[Loaded, list[ExceptionFinding]]] = []
    for item in items:
        found = all_findings(item.order, now, policy)  # late parcels also by a missed ETA
        number = item.order.order_no
        if (number, ExceptionKind.STOCK_OUT.value) in done or any(
            f.kind is ExceptionKind.STOCK_OUT for f in found
        ):  # the stock-out is why it is late: one notice, one offer
            found = [f for f in found if f.kind is not ExceptionKind.WAREHOUSE_LATE]
        todo.append((item, [f for f in found if (number, decision_key(f)) not in done]))
    customers = {i.order.customer.id for i, found in todo if found}
    contacts = await find_contacts(conn, customers, senders, keys)
    rows: list[dict[str, Any]] = []
    for item, findings in todo:
        order = item.order
        language = best_language(order.customer.locale, config.default_locale)
        timezone = order.customer.timezone or config.shop_timezone
        contact = contacts.get(order.customer.id)
        for finding in findings:
            key = decision_key(finding)
            decision_id = await conn.scalar(
                insert_ignore(conn, exception_decisions, ["order_no", "kind"])
                .values(
                    order_no=order.order_no,
                    kind=key,
                    exception=finding.kind.value,
                    customer_id=order.customer.id,
                    decided_at=now,
                    finding=finding.model_dump(mode="json"),
                    offer={},
                    channel=contact.channel if contact else None,
                )
                .returning(exception_decisions.c.id)
            )
            if decision_id is None:
                continue  # decided by someone else meanwhile
            report.decisions += 1
            offer = await _offer(conn, order, finding, policy, config, now)
            if offer:
                await conn.execute(
                    sa.update(exception_decisions)
                    .where(exception_decisions.c.id == decision_id)
                    .values(offer=offer)
                )
            loc = Localizer(language, timezone)
            if contact is not None:
                reply = render_notice(order, finding, offer, loc, policy)
                urgent = is_urgent(order, finding, now)
                held = (
                    None
                    if urgent
                    else quiet_until(now, timezone, config.quiet_start_hour, config.quiet_end_hour)
                )
                payload = {
                    "reply": reply.model_dump(mode="json"),
                    "language": language,
                    "timezone": timezone,
                    "urgent": urgent,
                    "exception": key,
                    "kind": finding.kind.value,
                    "intent": PRIMARY_INTENT[finding.kind],
                    "choices": choices_for(finding, offer),
                }
                rows.append(
                    _row(
                        "notice",
                        now,
                        decision_id=decision_id,
                        order_no=order.order_no,
                        customer_id=order.customer.id,
                        channel=contact.channel,
                        chat_id=contact.chat_id,
                        payload=payload,
                        next_attempt_at=held or now,
                    )
                )
                report.notices += 1
            else:
                priority = (
                    Priority.HIGH
                    if finding.ticket_priority is Priority.HIGH or is_urgent(order, finding, now)
                    else Priority.NORMAL
                )
                ticket = call_customer_ticket(
                    order, key, decision_id, language, priority, "no chat channel reaches them"
                )
                rows.append(ticket_row(decision_id, ticket, now))
                report.tickets += 1
            if finding.ticket_department is not None:
                ticket = NewTicket(
                    kind=f"proactive_{finding.kind.value}",
                    department=finding.ticket_department,
                    priority=finding.ticket_priority or Priority.NORMAL,
                    summary=_summary(order, key, finding, offer),
                    order_no=order.order_no,
                    customer_id=order.customer.id,
                    conversation=f"{contact.channel}:{contact.chat_id}" if contact else None,
                    language=language,
                    data={
                        "decision_id": decision_id,
                        "exception": key,
                        "details": finding.model_dump(mode="json")["details"],
                        "offer": offer,
                        "budget_exhausted": bool(offer.get("budget_exhausted")),
                        "notice_channel": contact.channel if contact else None,
                    },
                )
                rows.append(ticket_row(decision_id, ticket, now))
                report.tickets += 1
    if rows:
        await conn.execute(sa.insert(outbox), rows)
    await rewatch(conn, items, now, policy)
    return report


async def rewatch(
    conn: AsyncConnection, items: Sequence[Loaded], now: datetime, policy: ShopPolicy
) -> None:
    """Set each evaluated order's exact next `watch_at` — unless it was written meanwhile (that
    write computed its own)."""
    if not items:
        return
    params = [
        {
            "b_no": i.order.order_no,
            "b_updated": i.updated_at,
            "b_watch": watch_at(i.order, policy, after=now),
        }
        for i in items
    ]
    statement = (
        sa.update(orders)
        .where(
            orders.c.order_no == sa.bindparam("b_no"),
            orders.c.updated_at == sa.bindparam("b_updated"),
        )
        .values(watch_at=sa.bindparam("b_watch"))
    )
    await conn.execute(statement, params)
