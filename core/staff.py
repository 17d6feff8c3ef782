"""What staff do with a ticket, whatever workspace they use (Slack today): platform-neutral.

`StaffActions` takes a conversation over and hands it back, sends a staff member's words or a
canned reply to the customer at once, approves or rejects what waits for approval, and resolves.
Every action is written to the audit log (actor `staff:{staff_id}`, e.g. `staff:slack:U024BE7LH`)
and to the ticket's own `data["history"]` (who, what, when).

Whatever the customer reads is rendered in the customer's language (the conversation's, else the
ticket's) with `Localizer`, so a staff member never needs to speak it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import structlog

from core.dialogue.state import Takeover
from core.i18n import Localizer, best_language
from core.masking import mask_text
from core.messages import MAX_TEXT, Reply, TextPart
from core.order import Address, Order, ReturnStatus
from core.outbound import DeliveryFailed, NoticeKind, Senders
from core.personal import SEALED_ADDRESS, open_address
from core.services import Foundation
from core.sessions import Session, Turn, update_session
from core.tickets import Ticket, TicketStatus

log = structlog.get_logger(__name__)

REFUND_APPROVAL = "refund_approval"
APPROVAL_KINDS: frozenset[str] = frozenset({REFUND_APPROVAL})
CANNED_KEYS: tuple[str, ...] = ("greeting", "looking_into_it", "apology", "resolved")


def canned_text(loc: Localizer, key: str) -> str | None:
    """A canned reply in `loc`'s language; None for an unknown key. Each is a literal msgid."""
    texts = {
        "greeting": loc._(
            "Hello, I'm from the customer service team and I'm taking care of your request now."
        ),
        "looking_into_it": loc._(
            "Thank you for waiting. I'm looking into it and will get back to you here shortly."
        ),
        "apology": loc._("I'm very sorry for the trouble this has caused you."),
        "resolved": loc._("This is now resolved. Is there anything else I can help you with?"),
    }
    return texts.get(key)


class StaffError(Exception):
    """An action that cannot be done; `code` says why, `detail` adds the who or what.

    Codes: not_found, resolved, no_conversation, taken, not_taken, not_approval, decided,
    order_missing, return_missing, unsupported, empty, unknown_canned, no_sender, undelivered."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class Outcome:
    ticket: Ticket
    customer_told: bool = True
    """False when the customer could not be reached (no sender, platform refused): the action
    itself stands; staff should reach the customer another way."""
    text: str = ""
    """What the customer was sent, in their language (empty when nothing was sent)."""


def split_conversation(conversation: str) -> tuple[str, str]:
    """`"telegram:12345"` -> `("telegram", "12345")`."""
    channel, _, chat_id = conversation.partition(":")
    return channel, chat_id


@dataclass(frozen=True)
class StaffAccess:
    """Who may act on tickets, where, and who may see personal data unmasked: the rules every
    staff workspace applies (the Slack adapter checks them in one middleware)."""

    staff: frozenset[str]
    """User ids allowed to act; empty = nobody."""
    places: frozenset[str]
    """Where they may act (the staff channels); nowhere else."""
    unmask: frozenset[str] = frozenset()
    """User ids who see an order's personal data unmasked when they look it up."""

    def may_act(self, user: str | None, place: str | None) -> bool:
        return bool(user) and user in self.staff and place in self.places

    def may_unmask(self, user: str) -> bool:
        return user in self.unmask


class StaffActions:
    def __init__(
        self,
        foundation: Foundation,
        senders: Senders,
        *,
        approval_kinds: Iterable[str] = APPROVAL_KINDS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.services = foundation
        self.tickets = foundation.ticket_store
        self.senders = senders
        self.approval_kinds = frozenset(approval_kinds)
        self._now = clock

    # --- looking things up ---------------------------------------------------------------

    async def view_order(self, order_no: str, staff_id: str, *, unmasked: bool) -> Order | None:
        """An order as a staff member asked for it; every look is audited (who, masked or not,
        from which workspace: the platform part of `staff_id`, e.g. `slack:U024BE7LH`)."""
        order = await self.services.hub.get_order(order_no)
        if order is None:
            return None
        await self.services.audit.record(
            _actor(staff_id),
            "order.viewed",
            order_no=order.order_no,
            after={"unmasked": unmasked, "via": staff_id.partition(":")[0]},
        )
        return order

    async def reveal_address(self, ticket_id: int, staff_id: str) -> Address | None:
        """The new address an address ticket keeps sealed (`core.personal`), for a staff
        member the adapter has found allowed to see personal data; audited. None when the
        ticket has none, or it cannot be opened here (no `session_key`)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or SEALED_ADDRESS not in ticket.data:
            return None
        address = open_address(
            self.services.settings.session_key, ticket.data[SEALED_ADDRESS], f"ticket:{ticket.id}"
        )
        await self.services.audit.record(
            _actor(staff_id),
            "ticket.address_revealed",
            order_no=ticket.order_no,
            after={"ticket": ticket.id, "opened": address is not None},
        )
        return address

    async def card_facts(
        self, ticket: Ticket
    ) -> tuple[Order | None, list[Turn], dict[str, Any] | None]:
        """What a staff card shows besides the ticket: its order, the conversation's last turns
        (masked when they were stored), and the CRM's view of the customer."""
        order = await self.services.hub.get_order(ticket.order_no) if ticket.order_no else None
        turns: list[Turn] = []
        if ticket.conversation:
            turns = (await self.services.sessions.load(ticket.conversation)).history
        crm = await self.services.events.crm_profile(order.customer) if order else None
        return order, turns, crm

    async def localizer(self, ticket: Ticket) -> Localizer:
        """The customer's language and time zone: the conversation's, else the ticket's."""
        return await self._localizer(ticket)

    async def waiting(self) -> list[Ticket]:
        """Every ticket not resolved yet (open first, then in progress)."""
        return [
            *await self.tickets.list(status=TicketStatus.OPEN.value),
            *await self.tickets.list(status=TicketStatus.IN_PROGRESS.value),
        ]

    # --- the actions ---------------------------------------------------------------------

    async def take_over(self, ticket_id: int, staff_id: str) -> Outcome:
        """The bot falls silent in this conversation; customer messages go to staff."""
        ticket = await self._unresolved(ticket_id)
        conversation = self._conversation(ticket)
        wanted = Takeover(ticket=ticket.id, by=staff_id)
        already = False

        def claim(session: Session) -> None:
            nonlocal already
            held = session.state.takeover
            if held is not None and held != wanted:
                raise StaffError("taken", held.by)
            already = held == wanted
            session.state.takeover = wanted

        await self._change_session(conversation, claim)
        if already:
            return Outcome(ticket, customer_told=False)
        ticket = await self._record(
            ticket,
            staff_id,
            "take_over",
            status=TicketStatus.IN_PROGRESS,
            data={"takeover": {"by": staff_id, "at": self._stamp()}},
        )
        loc = await self._localizer(ticket)
        text = loc._(
            "A colleague from our team has joined the conversation and will answer you here."
        )
        return await self._tell_quietly(ticket, loc, text)

    async def hand_back(self, ticket_id: int, staff_id: str) -> Outcome:
        """The bot answers again; the customer is told so in their language."""
        ticket = await self._existing(ticket_id)
        released = await self._release(ticket)
        if not released and not ticket.data.get("takeover"):
            raise StaffError("not_taken")
        ticket = await self._record(ticket, staff_id, "hand_back", data={"takeover": None})
        if not released:  # the session had expired: the bot is answering already
            return Outcome(ticket, customer_told=False)
        loc = await self._localizer(ticket)
        return await self._tell_quietly(ticket, loc, _assistant_back(loc))

    async def staff_reply(self, ticket_id: int, staff_id: str, text: str) -> Outcome:
        """Deliver a staff member's own words to the customer now (raises if that fails)."""
        text = text.strip()[:MAX_TEXT]
        if not text:
            raise StaffError("empty")
        ticket = await self._unresolved(ticket_id)
        loc = await self._localizer(ticket)
        await self._deliver(ticket, loc, text)
        ticket = await self._record(
            ticket,
            staff_id,
            "reply",
            status=_working(ticket),
            audit={"text": mask_text(text)[:300]},
        )
        return Outcome(ticket, text=text)

    async def canned_reply(self, ticket_id: int, staff_id: str, key: str) -> Outcome:
        """Send a canned reply rendered in the customer's language (raises if that fails)."""
        ticket = await self._unresolved(ticket_id)
        loc = await self._localizer(ticket)
        text = canned_text(loc, key)
        if text is None:
            raise StaffError("unknown_canned", key)
        await self._deliver(ticket, loc, text)
        ticket = await self._record(
            ticket,
            staff_id,
            "canned_reply",
            status=_working(ticket),
            detail=key,
            audit={"canned": key, "language": loc.language},
        )
        return Outcome(ticket, text=text)

    async def approve(self, ticket_id: int, staff_id: str) -> Outcome:
        """Approve what waits (a refund above the limit): carry it out, tell, resolve."""
        ticket = await self._unresolved(ticket_id)
        if ticket.kind not in self.approval_kinds:
            raise StaffError("not_approval", ticket.kind)
        if ticket.data.get("decision"):
            raise StaffError("decided", str(ticket.data["decision"].get("what", "")))
        loc = await self._localizer(ticket)
        actor = _actor(staff_id)
        if ticket.kind == REFUND_APPROVAL:
            amount, currency = _refund(ticket)
            if ticket.data.get("return_id"):
                await self._decide_return(ticket, ReturnStatus.APPROVED, actor)
            else:  # a cancellation: the order is cancelled already; the refund is what waited
                await self.services.audit.record(
                    actor,
                    "order.refund_approved",
                    order_no=ticket.order_no,
                    after={"ticket": ticket.id, "amount": str(amount), "currency": currency},
                )
            text = loc._(
                "Good news: your refund of {amount} has been approved. It goes back to your "
                "original payment method.",
                amount=loc.money(amount, currency),
            )
        else:
            text = loc._(
                "Good news: your request (ticket {ticket}) has been approved.",
                ticket=f"#{ticket.id}",
            )
        return await self._close(ticket, staff_id, "approve", loc, text)

    async def reject(self, ticket_id: int, staff_id: str, reason: str) -> Outcome:
        """Say no, with the staff member's reason; a waiting return becomes rejected."""
        reason = reason.strip()[:1000]
        if not reason:
            raise StaffError("empty")
        ticket = await self._unresolved(ticket_id)
        if ticket.data.get("decision"):
            raise StaffError("decided", str(ticket.data["decision"].get("what", "")))
        if ticket.kind == REFUND_APPROVAL and ticket.data.get("return_id"):
            await self._decide_return(ticket, ReturnStatus.REJECTED, _actor(staff_id))
        loc = await self._localizer(ticket)
        text = loc._(
            "We're sorry, we can't go ahead with your request (ticket {ticket}). The reason: "
            "{reason}",
            ticket=f"#{ticket.id}",
            reason=reason,
        )
        return await self._close(ticket, staff_id, "reject", loc, text, detail=reason)

    async def resolve(self, ticket_id: int, staff_id: str) -> Outcome:
        """Close the ticket; a conversation still taken over goes back to the bot."""
        ticket = await self._unresolved(ticket_id)
        released = await self._release(ticket)
        ticket = await self._record(
            ticket, staff_id, "resolve", status=TicketStatus.RESOLVED, data={"takeover": None}
        )
        if not released:
            return Outcome(ticket, customer_told=False)
        loc = await self._localizer(ticket)
        return await self._tell_quietly(ticket, loc, _assistant_back(loc))

    # --- tickets, sessions, orders ---------------------------------------------------------

    async def _existing(self, ticket_id: int) -> Ticket:
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            raise StaffError("not_found", str(ticket_id))
        return ticket

    async def _unresolved(self, ticket_id: int) -> Ticket:
        ticket = await self._existing(ticket_id)
        if ticket.status is TicketStatus.RESOLVED:
            raise StaffError("resolved", str(ticket_id))
        return ticket

    @staticmethod
    def _conversation(ticket: Ticket) -> str:
        if not ticket.conversation or ":" not in ticket.conversation:
            raise StaffError("no_conversation", str(ticket.id))
        return ticket.conversation

    async def _change_session(self, key: str, change: Callable[[Session], None]) -> Session:
        """Under the conversation's lock, so the engine's own save never overwrites the change."""
        async with self.services.sessions.lock(key):
            return await update_session(self.services.sessions, key, change)

    async def _release(self, ticket: Ticket) -> bool:
        """Clear the conversation's takeover if it is this ticket's; True when it was."""
        if not ticket.conversation:
            return False
        released = False

        def clear(session: Session) -> None:
            nonlocal released
            held = session.state.takeover
            if held is not None and held.ticket == ticket.id:
                session.state.takeover = None
                released = True

        async with self.services.sessions.lock(ticket.conversation):
            current = await self.services.sessions.load(ticket.conversation)
            if current.state.takeover is None:
                return False
            await update_session(self.services.sessions, ticket.conversation, clear)
        return released

    async def _record(
        self,
        ticket: Ticket,
        staff_id: str,
        what: str,
        *,
        status: TicketStatus | None = None,
        data: dict[str, Any] | None = None,
        detail: str | None = None,
        audit: dict[str, Any] | None = None,
    ) -> Ticket:
        entry: dict[str, Any] = {"who": staff_id, "what": what, "when": self._stamp()}
        if detail:
            entry["detail"] = mask_text(detail)[:300]
        history = [*ticket.data.get("history", []), entry]
        await self.services.audit.record(
            _actor(staff_id),
            f"ticket.{what}",
            order_no=ticket.order_no,
            before={"status": ticket.status.value},
            after={"ticket": ticket.id, "status": (status or ticket.status).value, **(audit or {})},
        )
        updated = await self.tickets.update(
            ticket.id, status=status, data={**(data or {}), "history": history}
        )
        assert updated is not None
        await self.services.outcomes.staff_action(ticket, what, self._now())
        log.info("staff_action", ticket=ticket.id, action=what, staff=staff_id)
        return updated

    async def _close(
        self,
        ticket: Ticket,
        staff_id: str,
        what: str,
        loc: Localizer,
        text: str,
        *,
        detail: str | None = None,
    ) -> Outcome:
        """Approve/reject: record the decision, resolve, give the conversation back, tell."""
        released = await self._release(ticket)
        decision = {"what": what, "by": staff_id, "at": self._stamp()}
        ticket = await self._record(
            ticket,
            staff_id,
            what,
            status=TicketStatus.RESOLVED,
            detail=detail,
            data={"decision": decision, "takeover": None},
        )
        if released:
            text = f"{text}\n{_assistant_back(loc)}"
        return await self._tell_quietly(ticket, loc, text)

    async def _decide_return(self, ticket: Ticket, status: ReturnStatus, actor: str) -> None:
        """Set a requested return to approved/rejected in the source that owns the order."""
        return_id = str(ticket.data["return_id"])
        order = await self.services.hub.get_order(ticket.order_no) if ticket.order_no else None
        if order is None:
            raise StaffError("order_missing", str(ticket.order_no or ""))
        ret = next((r for r in order.returns if r.return_id == return_id), None)
        if ret is None:
            raise StaffError("return_missing", return_id)
        if ret.status is not ReturnStatus.REQUESTED:
            raise StaffError("decided", ret.status.value)
        await self.services.operations.set_return_status(order, return_id, status, actor)

    # --- talking to the customer -----------------------------------------------------------

    async def _localizer(self, ticket: Ticket) -> Localizer:
        settings = self.services.settings
        language, timezone = ticket.language, settings.default_timezone
        if ticket.conversation:
            session = await self.services.sessions.load(ticket.conversation)
            language = session.language or language
            timezone = session.state.tz or timezone
        return Localizer(best_language(language, settings.default_locale), timezone)

    async def _deliver(self, ticket: Ticket, loc: Localizer, text: str) -> None:
        conversation = self._conversation(ticket)
        channel, chat_id = split_conversation(conversation)
        sender = self.senders.get(channel)
        if sender is None:
            raise StaffError("no_sender", channel)
        reply = Reply(parts=[TextPart(text=text)], language=loc.language)
        try:
            await sender.send(chat_id, reply, kind=NoticeKind.STAFF)
        except DeliveryFailed as exc:
            raise StaffError("undelivered", str(exc)[:200]) from exc
        await self._change_session(
            conversation, lambda session: session.remember("staff", mask_text(text)[:1000])
        )

    async def _tell_quietly(self, ticket: Ticket, loc: Localizer, text: str) -> Outcome:
        """Tell the customer; if that fails the action still stands (staff are told instead)."""
        try:
            await self._deliver(ticket, loc, text)
        except StaffError as exc:
            log.warning("staff_notice_undelivered", ticket=ticket.id, reason=exc.code)
            return Outcome(ticket, customer_told=False, text=text)
        return Outcome(ticket, text=text)

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")


def _actor(staff_id: str) -> str:
    return f"staff:{staff_id}"


def _working(ticket: Ticket) -> TicketStatus | None:
    return TicketStatus.IN_PROGRESS if ticket.status is TicketStatus.OPEN else None


def _assistant_back(loc: Localizer) -> str:
    return loc._(
        "You're chatting with our automatic assistant again. Write here any time if you need "
        "anything else."
    )


def _refund(ticket: Ticket) -> tuple[Decimal, str]:
    try:
        return Decimal(str(ticket.data["amount"])), str(ticket.data["currency"])
    except (KeyError, InvalidOperation) as exc:
        raise StaffError("unsupported", "refund ticket without amount/currency") from exc
