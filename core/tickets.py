"""Tickets: the cases that need staff, with department, priority and a masked summary."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import structlog
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.ledger import current_key, note_effect
from core.metrics import ops_metrics
from core.policies.codes import Department, Priority
from core.storage.tables import tickets

__all__ = [
    "Department",
    "NewTicket",
    "Priority",
    "Ticket",
    "TicketChange",
    "TicketChangeListener",
    "TicketListener",
    "TicketService",
    "TicketStatus",
    "TicketStore",
]


class TicketStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


class Ticket(BaseModel):
    id: int
    order_no: str | None
    customer_id: str | None
    conversation: str | None
    kind: str
    department: Department
    priority: Priority
    status: TicketStatus
    summary: str
    language: str | None
    data: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class NewTicket(BaseModel):
    kind: str
    department: Department
    priority: Priority = Priority.NORMAL
    summary: str
    """Already masked: staff cards and the API show it as it is."""
    order_no: str | None = None
    customer_id: str | None = None
    conversation: str | None = None
    language: str | None = None
    data: dict[str, Any] = {}
    idempotency_key: str | None = None
    """What opened it (a confirmed action, a platform event, an outbox row): opened again
    with the same key, it is the ticket already opened, and nobody hears of it twice."""


log = structlog.get_logger(__name__)


def current_key_for(kind: str) -> str | None:
    """A ticket opened while a confirmed action is carried out is that action's (one per
    kind), so a retry of the action finds it instead of opening another."""
    key = current_key()
    return f"{key}:{kind}"[:200] if key else None


_PRIORITY_ORDER = sa.case({"high": 0, "normal": 1, "low": 2}, value=tickets.c.priority)


class TicketChange(BaseModel):
    """A change made to a ticket from outside its conversation (a business system through the
    REST API): what the staff desk and the business webhooks hear of."""

    by: str
    """The name of the API token that made it."""
    status: TicketStatus | None = None
    assignment: bool = False
    """Whether the assignee was set (to `assignee`, `None` meaning nobody)."""
    assignee: str | None = None
    note: str | None = None
    number: int
    """The change's place in the ticket's history (1 for the first): makes the event id."""


TicketListener = Callable[["Ticket"], Awaitable[object]]
TicketChangeListener = Callable[["Ticket", TicketChange], Awaitable[object]]


class TicketStore:
    """Tickets in SQL: read, change, list. The staff desk works on tickets through this."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def insert(self, new: NewTicket) -> Ticket:
        return (await self.insert_once(new))[0]

    async def insert_once(self, new: NewTicket) -> tuple[Ticket, bool]:
        """The ticket, and True when this call stored it (False: its idempotency key had
        opened it already, and that ticket is returned)."""
        now = datetime.now(UTC)
        if new.idempotency_key is None:
            new = new.model_copy(update={"idempotency_key": current_key_for(new.kind)})
        values = {
            **new.model_dump(mode="json"),
            "status": "open",
            "created_at": now,
            "updated_at": now,
        }
        try:
            async with self.engine.begin() as conn:
                result = await conn.execute(sa.insert(tickets).values(**values))
                inserted = result.inserted_primary_key
                assert inserted is not None
                ticket_id = int(inserted[0])
        except IntegrityError:
            if new.idempotency_key is None:
                raise
            existing = await self._by_key(new.idempotency_key)
            if existing is None:
                raise
            log.info("ticket_already_open", ticket=existing.id, kind=new.kind)
            return existing, False
        await note_effect()
        ticket = Ticket(
            id=ticket_id,
            **{
                **new.model_dump(),
                "status": TicketStatus.OPEN,
                "created_at": now,
                "updated_at": now,
            },
        )
        return ticket, True

    async def _by_key(self, key: str) -> Ticket | None:
        async with self.engine.connect() as conn:
            found = (
                (await conn.execute(sa.select(tickets).where(tickets.c.idempotency_key == key)))
                .mappings()
                .first()
            )
        return Ticket.model_validate(dict(found)) if found else None

    async def get(self, ticket_id: int) -> Ticket | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id))
            ).mappings()
            found = row.first()
        return Ticket.model_validate(dict(found)) if found else None

    async def update(
        self,
        ticket_id: int,
        *,
        status: TicketStatus | None = None,
        data: dict[str, Any] | None = None,
    ) -> Ticket | None:
        """Change a ticket's status and/or merge keys into its data; returns the new ticket."""
        current = await self.get(ticket_id)
        if current is None:
            return None
        values: dict[str, Any] = {"updated_at": datetime.now(UTC)}
        if status is not None:
            values["status"] = status.value
        if data:
            values["data"] = {**current.data, **data}
        async with self.engine.begin() as conn:
            await conn.execute(sa.update(tickets).where(tickets.c.id == ticket_id).values(**values))
        return await self.get(ticket_id)

    async def change(
        self,
        ticket_id: int,
        *,
        by: str,
        status: TicketStatus | None = None,
        assignee: str | None = None,
        unassign: bool = False,
        note: str | None = None,
    ) -> Ticket | None:
        """A status change or an (un)assignment from outside (the REST API), kept in the
        ticket's `data.history` with who made it and when; returns the new ticket."""
        current = await self.get(ticket_id)
        if current is None:
            return None
        entry: dict[str, Any] = {"at": datetime.now(UTC).isoformat(), "by": by}
        data: dict[str, Any] = {}
        if status is not None:
            entry["status"] = status.value
        if assignee is not None or unassign:
            entry["assignee"] = assignee
            data["assignee"] = assignee
        if note:
            entry["note"] = note
        data["history"] = [*current.data.get("history", []), entry]
        return await self.update(ticket_id, status=status, data=data)

    async def list(
        self,
        *,
        order_no: str | None = None,
        status: str | None = None,
        customer_id: str | None = None,
    ) -> list[Ticket]:
        query = sa.select(tickets).order_by(_PRIORITY_ORDER, tickets.c.id)
        if order_no is not None:
            query = query.where(tickets.c.order_no == order_no)
        if customer_id is not None:
            query = query.where(tickets.c.customer_id == customer_id)
        if status is not None:
            query = query.where(tickets.c.status == status)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Ticket.model_validate(dict(r)) for r in rows]


class TicketService(TicketStore):
    """Opening and changing tickets: stored first, then each listener (business systems, the
    staff desk) hears of it; the listeners are fixed when the service is built. Reading is
    the store's."""

    def __init__(
        self,
        store: TicketStore,
        listeners: Sequence[TicketListener] = (),
        change_listeners: Sequence[TicketChangeListener] = (),
    ) -> None:
        super().__init__(store.engine)
        self._listeners = tuple(listeners)
        self._change_listeners = tuple(change_listeners)

    async def change(
        self,
        ticket_id: int,
        *,
        by: str,
        status: TicketStatus | None = None,
        assignee: str | None = None,
        unassign: bool = False,
        note: str | None = None,
    ) -> Ticket | None:
        """The store's change, then every change listener hears of it (a failing listener is
        logged: the change is stored, and the API caller gets its answer)."""
        ticket = await super().change(
            ticket_id, by=by, status=status, assignee=assignee, unassign=unassign, note=note
        )
        if ticket is None:
            return None
        change = TicketChange(
            by=by,
            status=status,
            assignment=assignee is not None or unassign,
            assignee=assignee,
            note=note,
            number=len(ticket.data.get("history", [])),
        )
        for listener in self._change_listeners:
            try:
                await listener(ticket, change)
            except Exception:
                log.exception("ticket_change_listener_failed", ticket=ticket.id)
        return ticket

    async def open(self, new: NewTicket) -> Ticket:
        ticket, fresh = await self.insert_once(new)
        if not fresh:
            return ticket
        ops_metrics().tickets.labels(
            department=ticket.department.value, priority=ticket.priority.value
        ).inc()
        for listener in self._listeners:
            try:
                await listener(ticket)
            except Exception:  # the ticket is stored; staff can still find it by /tickets
                log.exception("ticket_listener_failed", ticket=ticket.id)
        return ticket
