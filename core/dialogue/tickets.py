"""Opening a ticket from a flow: department and priority from the policy, summary masked."""

from __future__ import annotations

from typing import Any, Protocol

from core.dialogue.context import Context
from core.ledger import current_key
from core.masking import mask_order_no, mask_text
from core.order import Order
from core.tickets import Department, NewTicket, Priority, Ticket


class Routed(Protocol):
    @property
    def department(self) -> Department | None: ...

    @property
    def priority(self) -> Priority | None: ...


def _event_key(ctx: Context, kind: str) -> str | None:
    """A platform event handled again (its first turn died before the session was saved)
    finds the ticket it opened; inside a confirmed action the action's key is used instead."""
    if current_key() is not None or not ctx.inbound.event_id:
        return None
    return f"{ctx.inbound.conversation_key}:{ctx.inbound.event_id}:{kind}"[:200]


async def open_ticket(
    ctx: Context,
    order: Order | None,
    kind: str,
    routed: Routed | None,
    summary: str,
    data: dict[str, Any] | None = None,
    *,
    department: Department = Department.SERVICE,
    priority: Priority = Priority.NORMAL,
) -> Ticket:
    """A ticket about this conversation; `summary` is masked before it is stored."""
    prefix = f"[{mask_order_no(order.order_no)}] " if order else ""
    customer_id = (
        order.customer.id
        if order
        else await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    )
    ticket = await ctx.services.tickets.open(
        NewTicket(
            kind=kind,
            department=(routed.department if routed and routed.department else department),
            priority=(routed.priority if routed and routed.priority else priority),
            summary=prefix + mask_text(summary)[:500],
            order_no=order.order_no if order else None,
            customer_id=customer_id,
            conversation=ctx.inbound.conversation_key,
            language=ctx.loc.language,
            data={"channel": ctx.channel, **(data or {})},
            idempotency_key=_event_key(ctx, kind),
        )
    )
    ctx.services.outcomes.note_handoff(ctx, ticket)
    return ticket
