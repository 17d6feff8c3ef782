"""Delivering the outbox: notices through the customer's channel, tickets to staff.

Any number of workers run this side by side. A row is claimed atomically before it is sent:
`UPDATE outbox SET status='sending' WHERE id IN (SELECT id ... WHERE status='pending' AND
next_attempt_at <= now ... FOR UPDATE SKIP LOCKED) AND status='pending' RETURNING ...` —
PostgreSQL skips rows another worker has locked; SQLite serialises writers, and the outer
`status='pending'` makes the claim conditional there. Only the claimer sends; it then marks the
row `sent`.

At most once per notice: just before the platform call the claimer commits a send token
(`send_token`, `send_started_at`) on the row, and marks it `sent` right after. A worker killed
in between leaves a row whose notice may or may not have gone out; after `outbox_lease_seconds`
such a row is not sent again but set `uncertain` (counted, logged) — a customer never gets the
same notice twice. A claimed row without a token never reached the platform and is simply
claimable again. A ticket row opens its ticket with the row as idempotency key, so a row
handled again finds the ticket it opened instead of opening a second one.

A notice that would arrive during the customer's night (and is not urgent) is put back until
08:00 local. A send that fails is retried with exponential backoff; after the last attempt the
row is `failed` and a "call the customer" ticket is queued in the same transaction.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import structlog

from core.dialogue.state import NoticeStep
from core.masking import mask_order_no
from core.messages import Reply
from core.outbound import DeliveryFailed, NoticeKind, Sender
from core.policies import Priority
from core.proactive.compose import quiet_until
from core.proactive.config import ProactiveConfig
from core.proactive.decide import ticket_row
from core.retry import notices_policy
from core.sessions import Session, update_session
from core.storage.tables import outbox
from core.tickets import Department, NewTicket
from core.understanding import Intent

if TYPE_CHECKING:
    from core.services import Services

log = structlog.get_logger(__name__)

UNCERTAIN = "uncertain"
"""A notice whose worker died during the platform call: maybe sent, never sent again."""
PARALLEL_SENDS = 8
"""Rows of one claimed batch sent concurrently (PostgreSQL); each row is independent."""


@dataclass
class DeliverReport:
    sent: int = 0
    tickets: int = 0
    held: int = 0
    retried: int = 0
    failed: int = 0


async def claim(
    services: Services, worker: str, now: datetime, limit: int, lease: float
) -> list[dict[str, Any]]:
    """Claim up to `limit` due rows for `worker` (and first free rows whose claimer died)."""
    async with services.db.begin() as conn:
        stale = (outbox.c.status == "sending") & (
            outbox.c.claimed_at < now - timedelta(seconds=lease)
        )
        never_sent = outbox.c.send_started_at.is_(None) | (outbox.c.kind != "notice")
        await conn.execute(
            sa.update(outbox).where(stale, never_sent).values(status="pending", claimed_by=None)
        )
        uncertain = await conn.execute(  # the claimer died during the platform call
            sa.update(outbox)
            .where(stale, outbox.c.send_started_at.is_not(None), outbox.c.kind == "notice")
            .values(status=UNCERTAIN, claimed_by=None, last_error="worker died while sending")
        )
        if uncertain.rowcount:
            log.warning("outbox_send_uncertain", rows=uncertain.rowcount)
        due = (
            sa.select(outbox.c.id)
            .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = await conn.execute(
            sa.update(outbox)
            .where(outbox.c.id.in_(due.scalar_subquery()), outbox.c.status == "pending")
            .values(status="sending", claimed_by=worker, claimed_at=now)
            .returning(*outbox.c)
        )
        return [dict(r) for r in result.mappings()]


async def _finish(services: Services, row: dict[str, Any], worker: str, **values: Any) -> bool:
    async with services.db.begin() as conn:
        result = await conn.execute(
            sa.update(outbox)
            .where(
                outbox.c.id == row["id"],
                outbox.c.claimed_by == worker,
                outbox.c.status == "sending",
            )
            .values(**values)
        )
        return bool(result.rowcount == 1)


def sender_for(services: Services, channel: str) -> Sender | None:
    sender: Sender | None = services.senders.get(channel)
    return sender


async def _remember_notice(services: Services, row: dict[str, Any]) -> None:
    """Point the conversation at the notice, so the customer's answer continues from it."""
    payload = row["payload"]
    key = f"{row['channel']}:{row['chat_id']}"
    reply = Reply.model_validate(payload["reply"])

    def change(session: Session) -> None:
        session.language = session.language or payload.get("language")
        session.state.focus = row["order_no"]
        session.state.tz = payload.get("timezone")
        intent = payload.get("intent")
        session.state.pending = NoticeStep.of(
            reply.parts,
            row["order_no"],
            payload["exception"],
            Intent(intent) if intent in Intent._value2member_map_ else None,
        )
        session.state.choices = [b.payload for b in reply.buttons()]

    async with services.sessions.lock(key):
        await update_session(services.sessions, key, change)


async def _take_send_token(services: Services, row: dict[str, Any], worker: str) -> bool:
    """Commit, before the platform call, that this row's notice is being sent (False: the
    claim was lost meanwhile, and someone else decides)."""
    async with services.db.begin() as conn:
        result = await conn.execute(
            sa.update(outbox)
            .where(
                outbox.c.id == row["id"],
                outbox.c.claimed_by == worker,
                outbox.c.status == "sending",
                outbox.c.send_started_at.is_(None),
            )
            .values(send_token=uuid.uuid4().hex, send_started_at=datetime.now(UTC))
        )
        return bool(result.rowcount == 1)


async def _send_notice(services: Services, row: dict[str, Any], worker: str) -> bool:
    sender = sender_for(services, row["channel"])
    if sender is None:
        raise DeliveryFailed(f"no sender for channel {row['channel']!r} in this worker")
    reply = Reply.model_validate(row["payload"]["reply"])
    if not await _take_send_token(services, row, worker):
        return False
    await sender.send(row["chat_id"], reply, kind=NoticeKind.NOTICE)
    return True


async def deliver(
    services: Services, config: ProactiveConfig, worker: str, now: datetime
) -> DeliverReport:
    """Send every due row this worker can claim, batch after batch, until none is due."""
    report = DeliverReport()
    while True:
        rows = await claim(services, worker, now, config.outbox_batch, config.outbox_lease_seconds)
        if not rows:
            return report
        if services.db.dialect.name == "sqlite":  # one writer at a time anyway
            for row in rows:
                await deliver_one(services, config, worker, row, now, report)
            continue
        await _parallel(services, config, worker, rows, now, report)


async def _parallel(
    services: Services,
    config: ProactiveConfig,
    worker: str,
    rows: list[dict[str, Any]],
    now: datetime,
    report: DeliverReport,
) -> None:
    gate = asyncio.Semaphore(PARALLEL_SENDS)

    async def one(row: dict[str, Any]) -> None:
        async with gate:
            await deliver_one(services, config, worker, row, now, report)

    await asyncio.gather(*(one(row) for row in rows))


async def deliver_one(
    services: Services,
    config: ProactiveConfig,
    worker: str,
    row: dict[str, Any],
    now: datetime,
    report: DeliverReport,
) -> None:
    payload = row["payload"]
    if row["kind"] == "notice" and not payload.get("urgent"):
        held = quiet_until(
            now,
            payload.get("timezone") or config.shop_timezone,
            config.quiet_start_hour,
            config.quiet_end_hour,
        )
        if held is not None:
            await _finish(
                services, row, worker, status="pending", next_attempt_at=held, claimed_by=None
            )
            report.held += 1
            return
    try:
        if row["kind"] == "notice":
            if not await _send_notice(services, row, worker):
                return
        else:
            new = NewTicket.model_validate(payload)
            if new.idempotency_key is None:
                new = new.model_copy(update={"idempotency_key": f"outbox:{row['id']}"})
            ticket = await services.tickets.open(new)
    except Exception as exc:  # a platform error, or a bug: keep the row and retry it
        if not isinstance(exc, DeliveryFailed):
            log.exception("outbox_send_crashed", row=row["id"], kind=row["kind"])
        await _failed(services, config, worker, row, now, str(exc) or type(exc).__name__, report)
        return
    await _finish(services, row, worker, status="sent", sent_at=now, last_error=None)
    if row["kind"] == "notice":
        report.sent += 1
        await services.outcomes.notice_sent(row, now)
        try:
            await _remember_notice(services, row)
        except Exception:  # the notice is out; only the follow-up context is lost
            log.exception("notice_session_update_failed", row=row["id"])
        log.info("notice_sent", row=row["id"], channel=row["channel"])
    else:
        report.tickets += 1
        log.info("ticket_opened", row=row["id"], ticket=ticket.id)


async def _failed(
    services: Services,
    config: ProactiveConfig,
    worker: str,
    row: dict[str, Any],
    now: datetime,
    error: str,
    report: DeliverReport,
) -> None:
    attempts = int(row["attempts"]) + 1
    policy = notices_policy(config.outbox_retry_base_seconds, config.outbox_max_attempts)
    if not policy.exhausted(attempts):
        delay = policy.delay(attempts)
        await _finish(
            services,
            row,
            worker,
            status="pending",
            attempts=attempts,
            claimed_by=None,
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=error[:1000],
            send_token=None,  # the platform said no: nothing went out, the next try may send
            send_started_at=None,
        )
        report.retried += 1
        return
    report.failed += 1
    async with services.db.begin() as conn:
        result = await conn.execute(
            sa.update(outbox)
            .where(
                outbox.c.id == row["id"],
                outbox.c.claimed_by == worker,
                outbox.c.status == "sending",
            )
            .values(status="failed", attempts=attempts, last_error=error[:1000])
        )
        if result.rowcount != 1 or row["kind"] != "notice":
            return
        payload = row["payload"]
        ticket = NewTicket(
            kind="proactive_call_customer",
            department=Department.SERVICE,
            priority=Priority.HIGH if payload.get("urgent") else Priority.NORMAL,
            summary=f"[{mask_order_no(row['order_no'] or '')}] {payload.get('exception')}: the "
            f"notice could not be delivered on {row['channel']}; please call the customer",
            order_no=row["order_no"],
            customer_id=row["customer_id"],
            language=payload.get("language"),
            data={
                "decision_id": row["decision_id"],
                "exception": payload.get("exception"),
                "reason": "delivery_failed",
                "error": error[:300],
            },
        )
        await conn.execute(sa.insert(outbox), [ticket_row(row["decision_id"], ticket, now)])
