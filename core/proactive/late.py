"""A late parcel noticed in a conversation: decided once, with the monitor's own machinery.

When a customer asks about an order whose parcel is late, the status answer and the
exception monitor must not each apologise and each open a ticket. Both go through the same
decision row (`exception_decisions`, unique per order and kind `parcel_stalled`):

- the conversation claims it first: the decision, its offer and the logistics ticket (an
  outbox row, delivered at once by this process) are written in one transaction, and the
  answer apologises; the monitor later finds the decision taken and does nothing;
- the monitor claimed it first: no second ticket. If its notice already reached the
  customer, the answer refers to it without apologising again; if the notice is still
  waiting in the outbox (the customer's night), the answer apologises now and the waiting
  notice is withdrawn (`superseded`), so the customer hears it once.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from core.i18n import best_language
from core.order import Order
from core.policies import ExceptionFinding
from core.proactive import outbox as outbox_rows
from core.proactive.compose import choices_for, decision_key
from core.proactive.config import ProactiveConfig
from core.proactive.decide import _offer, _summary, insert_ignore, ticket_row
from core.storage.tables import exception_decisions, outbox
from core.tickets import NewTicket

if TYPE_CHECKING:
    from core.services import Services

SUPERSEDED = "superseded"
TOLD = "told_in_conversation"


@dataclass
class LateDecision:
    key: str
    first: bool
    """This conversation decided it: the ticket was opened now."""
    told_before: bool
    """A notice about it already reached the customer (it apologised)."""
    offer: dict[str, Any] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)

    @property
    def apologise(self) -> bool:
        return not self.told_before


async def settle_late_parcel(
    services: Services,
    order: Order,
    finding: ExceptionFinding,
    now: datetime,
    *,
    language: str,
    conversation: str | None,
) -> LateDecision:
    config = ProactiveConfig.from_settings(services.settings)
    key = decision_key(finding)
    language = best_language(language, config.default_locale)
    channel = conversation.split(":", 1)[0] if conversation else None
    row_id: int | None = None
    async with services.db.begin() as conn:
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
                channel=channel,
            )
            .returning(exception_decisions.c.id)
        )
        if decision_id is not None:
            offer = await _offer(conn, order, finding, services.policy, config, now)
            await _mark_told(conn, decision_id, offer)
            ticket = NewTicket(
                kind=f"proactive_{finding.kind.value}",
                department=finding.ticket_department,
                priority=finding.ticket_priority,
                summary=_summary(order, key, finding, offer) + "; the customer asked",
                order_no=order.order_no,
                customer_id=order.customer.id,
                conversation=conversation,
                language=language,
                data={
                    "decision_id": decision_id,
                    "exception": key,
                    "details": finding.model_dump(mode="json")["details"],
                    "offer": offer,
                    "noticed_in": "conversation",
                },
            )
            row_id = await conn.scalar(
                sa.insert(outbox)
                .values(**ticket_row(decision_id, ticket, now))
                .returning(outbox.c.id)
            )
            decision = LateDecision(key, True, False, offer, choices_for(finding, offer))
        else:
            decided = (
                await conn.execute(
                    sa.select(exception_decisions.c.id, exception_decisions.c.offer).where(
                        exception_decisions.c.order_no == order.order_no,
                        exception_decisions.c.kind == key,
                    )
                )
            ).first()
            offer = dict(decided.offer or {}) if decided else {}
            notices = (
                await conn.execute(
                    sa.select(outbox.c.id, outbox.c.status).where(
                        outbox.c.decision_id == (decided.id if decided else -1),
                        outbox.c.kind == "notice",
                    )
                )
            ).all()
            told = bool(offer.get(TOLD)) or any(n.status in ("sent", "sending") for n in notices)
            waiting = [n.id for n in notices if n.status == "pending"]
            if not told and decided is not None:
                if waiting:
                    await conn.execute(
                        sa.update(outbox)
                        .where(outbox.c.id.in_(waiting), outbox.c.status == "pending")
                        .values(status=SUPERSEDED, last_error="told in the conversation")
                    )
                await _mark_told(conn, decided.id, offer)
            offer.pop(TOLD, None)
            decision = LateDecision(key, False, told, offer, choices_for(finding, offer))
    if row_id is not None:
        await _open_now(services, config, row_id, now)
    return decision


async def _mark_told(conn: Any, decision_id: int, offer: dict[str, Any]) -> None:
    """Remember that the customer heard of it (and its apology) in the conversation."""
    await conn.execute(
        sa.update(exception_decisions)
        .where(exception_decisions.c.id == decision_id)
        .values(offer={**offer, TOLD: True})
    )


async def _open_now(
    services: Services, config: ProactiveConfig, row_id: int, now: datetime
) -> None:
    """Deliver the ticket row just written (the worker retries it if this fails)."""
    worker = f"conversation:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    async with services.db.begin() as conn:
        claimed = (
            (
                await conn.execute(
                    sa.update(outbox)
                    .where(outbox.c.id == row_id, outbox.c.status == "pending")
                    .values(status="sending", claimed_by=worker, claimed_at=now)
                    .returning(*outbox.c)
                )
            )
            .mappings()
            .first()
        )
    if claimed is not None:
        report = outbox_rows.DeliverReport()
        await outbox_rows.deliver_one(services, config, worker, dict(claimed), now, report)
