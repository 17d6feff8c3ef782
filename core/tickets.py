"""Tickets: the cases that need staff, with department, priority and a masked summary."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine

from core.policies.codes import Department, Priority
from core.storage.tables import tickets

__all__ = ["Department", "NewTicket", "Priority", "Ticket", "TicketService", "TicketStatus"]


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


_PRIORITY_ORDER = sa.case({"high": 0, "normal": 1, "low": 2}, value=tickets.c.priority)


class TicketService:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def open(self, new: NewTicket) -> Ticket:
        now = datetime.now(UTC)
        values = {
            **new.model_dump(mode="json"),
            "status": "open",
            "created_at": now,
            "updated_at": now,
        }
        async with self._engine.begin() as conn:
            ticket_id = (
                await conn.execute(sa.insert(tickets).values(**values))
            ).inserted_primary_key[0]
        return Ticket(
            id=ticket_id,
            **{
                **new.model_dump(),
                "status": TicketStatus.OPEN,
                "created_at": now,
                "updated_at": now,
            },
        )

    async def list(self, *, order_no: str | None = None, status: str | None = None) -> list[Ticket]:
        query = sa.select(tickets).order_by(_PRIORITY_ORDER, tickets.c.id)
        if order_no is not None:
            query = query.where(tickets.c.order_no == order_no)
        if status is not None:
            query = query.where(tickets.c.status == status)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Ticket.model_validate(dict(r)) for r in rows]
