"""The REST API's own bodies (requests, answers, errors) as pydantic models: the routes answer
with them and `/openapi.json` is generated from them, so the description cannot drift from what
is served. The canonical `Order` and the `Ticket` are the core's own models."""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from core.messages import ReplyPart
from core.order import Order
from core.tickets import Ticket, TicketStatus

PROBLEM_JSON = "application/problem+json"

Assignee = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class Problem(BaseModel):
    """An error as RFC 9457 problem details (`application/problem+json`). `type` is
    "about:blank": `title` is the HTTP status phrase, `detail` says what was wrong."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    required_scope: str | None = None
    """For 403: the scope the token lacks."""
    error: str
    """The same as `detail` (an extension member): clients of the API before problem details
    read `error`."""

    @classmethod
    def of(cls, status: int, detail: str, **extra: Any) -> Problem:
        phrase = HTTPStatus(status).phrase
        return cls(title=phrase, status=status, detail=detail, error=detail, **extra)


class CustomerOrders(BaseModel):
    """A customer's orders, newest first, at most `limit` of them."""

    customer_id: str
    orders: list[Order]
    truncated: bool
    """More orders exist than were returned (raise `limit`, or filter by `status`)."""
    unavailable: list[str] = []
    """Order sources that could not be asked (down or slow): the list may be incomplete."""


class TicketChange(BaseModel):
    """One change made to a ticket through the API: a new status or a new assignee."""

    at: datetime
    by: str
    """The name of the token (the integration) that made it."""
    status: TicketStatus | None = None
    assignee: str | None = None
    note: str | None = None


class TicketOut(Ticket):
    """A ticket as the API shows it: the stored ticket, its assignee and its API history."""

    assignee: str | None = None
    history: list[TicketChange] = Field(default_factory=list)

    @classmethod
    def of(cls, ticket: Ticket) -> TicketOut:
        history = [TicketChange.model_validate(h) for h in ticket.data.get("history", [])]
        return cls(**ticket.model_dump(), assignee=ticket.data.get("assignee"), history=history)


class TicketList(BaseModel):
    tickets: list[TicketOut]


class TicketPatch(BaseModel):
    """A status change, with an optional note kept in the ticket's history."""

    model_config = ConfigDict(extra="forbid")

    status: TicketStatus
    note: Annotated[str, StringConstraints(max_length=500)] | None = None


class TicketAssignment(BaseModel):
    """Who works on the ticket now (a staff id of the shop's own system); null: nobody."""

    model_config = ConfigDict(extra="forbid")

    assignee: Assignee | None


class OrderEventAccepted(BaseModel):
    """An order event stored (the order upserted) and queued for the proactive worker."""

    order_no: str
    queued: bool
    """False when the worker's queue is not configured: the scan picks the order up later."""
    duplicate: bool = False
    """True when this `Idempotency-Key` was seen before: nothing was stored again."""


class ChatReplies(BaseModel):
    """The bot's replies (and what arrived since the last request: staff, notices)."""

    replies: list[ReplyPart]
    language: str | None = None
    direction: str
    """The text direction of the reply's language: ltr, rtl, or auto."""


class ChatError(BaseModel):
    """The web chat's errors (its page reads `error`)."""

    error: str
