"""The desk: posts and updates ticket cards, relays customer messages to a card's thread, and
runs staff actions (`core.staff.StaffActions`) for a Slack user, answering refusals and failures
ephemerally. It is the engine's `core.staff_desk.StaffDesk` and a ticket listener.

Every Slack handler acks at once; the work runs in `background` (`desk.drain()` waits for it).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Coroutine, Sequence
from typing import Any

import structlog
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import reject_modal, takeover_note, ticket_blocks
from adapters.slack.config import SlackConfig
from adapters.slack.mrkdwn import (
    VERBS,
    change_line,
    escape,
    fallback,
    order_text,
    tickets_text,
    who,
)
from core.background import Background
from core.keys import KeyStore
from core.masking import mask_order_no
from core.staff import Outcome, StaffActions, StaffError
from core.tickets import Ticket, TicketChange, TicketStatus

log = structlog.get_logger(__name__)

ERRORS = {
    "not_found": "That ticket no longer exists.",
    "resolved": "That ticket is already resolved.",
    "no_conversation": "That ticket has no customer conversation to act on.",
    "taken": "The conversation is already taken over by {who}.",
    "not_taken": "The conversation is not taken over.",
    "not_approval": "That ticket has nothing to approve.",
    "decided": "That has already been decided ({detail}).",
    "order_missing": "The order of that ticket can no longer be found.",
    "return_missing": "The return of that ticket can no longer be found.",
    "unsupported": "The shop system cannot do that here ({detail}).",
    "empty": "There is nothing to send.",
    "unknown_canned": "Unknown canned reply.",
    "no_sender": "The customer's channel ({detail}) cannot be reached from here.",
    "undelivered": "The customer's platform refused the message: {detail}",
}
_ORDER_NO = re.compile(r"^[A-Za-z0-9#\-_]{3,40}$")


async def _finish(task: asyncio.Future[object]) -> None:
    await task


NOW_BUDGET_SECONDS = 2.0
"""How long an event's work may delay Slack's answer (Slack waits 3 s)."""


class SlackDesk:
    def __init__(
        self, client: AsyncWebClient, config: SlackConfig, staff: StaffActions, keys: KeyStore
    ) -> None:
        self.client = client
        self.config = config
        self.staff = staff
        self.tickets = staff.tickets
        self.keys = keys
        self.background = Background("slack_desk")
        self._thread_locks: dict[int, asyncio.Lock] = {}

    async def later(self, work: Coroutine[Any, Any, object]) -> None:
        await self.background.spawn(work)

    async def now_or_later(
        self, work: Coroutine[Any, Any, object], budget: float = NOW_BUDGET_SECONDS
    ) -> None:
        """Do `work` before Slack is answered, so that a failure (the database down) answers
        500 and Slack delivers the event again; work still running after `budget` seconds
        goes on in the background (Slack's 3 s) and is not retried."""
        task = asyncio.ensure_future(work)
        try:
            await asyncio.wait_for(asyncio.shield(task), budget)
        except TimeoutError:
            await self.background.spawn(_finish(task))

    async def drain(self) -> None:
        """Wait until every piece of work started so far (and what it started) is done."""
        await self.background.drain()

    # StaffDesk

    async def customer_message(self, ticket_id: int, text: str, language: str | None) -> None:
        """Relay to the card's thread, in order, without keeping the customer waiting."""
        lock = self._thread_locks.setdefault(ticket_id, asyncio.Lock())

        async def relay() -> None:
            async with lock:
                ticket = await self.tickets.get(ticket_id)
                slack = (ticket.data.get("slack") if ticket else None) or {}
                if not slack.get("ts"):
                    log.warning("slack_relay_without_card", ticket=ticket_id)
                    return
                await self.client.chat_postMessage(
                    channel=slack["channel"],
                    thread_ts=slack["ts"],
                    text=f":bust_in_silhouette: *Customer* ({escape(language or '?')}): "
                    f"{escape(text)}",
                )

        await self.later(relay())

    # tickets -> cards

    async def ticket_opened(self, ticket: Ticket) -> None:
        """A `TicketService` listener: the card is posted in the background."""
        await self.later(self.post_ticket(ticket))

    async def ticket_changed(self, ticket: Ticket, change: TicketChange) -> None:
        """A `TicketService` change listener (a business system changed the ticket through
        the REST API): the card shows it and its thread says who did what."""

        async def show() -> None:
            await self.refresh_card(ticket)
            await self.thread_note(ticket, change_line(change))

        await self.later(show())

    async def post_ticket(self, ticket: Ticket) -> None:
        channel = self.config.channel_for(ticket.department.value)
        if channel is None:
            log.warning("slack_no_channel", ticket=ticket.id, department=ticket.department.value)
            return
        answer = await self.client.chat_postMessage(
            channel=channel,
            text=fallback(ticket),
            blocks=await self._blocks(ticket),
            unfurl_links=False,
        )
        await self.tickets.update(
            ticket.id, data={"slack": {"channel": answer["channel"], "ts": answer["ts"]}}
        )
        log.info("slack_card_posted", ticket=ticket.id, channel=answer["channel"])

    async def refresh_card(self, ticket: Ticket) -> None:
        slack = ticket.data.get("slack") or {}
        if not slack.get("ts"):
            return
        await self.client.chat_update(
            channel=slack["channel"],
            ts=slack["ts"],
            text=fallback(ticket),
            blocks=await self._blocks(ticket),
        )

    async def _blocks(self, ticket: Ticket) -> list[Block]:
        order, turns, crm = await self.staff.card_facts(ticket)
        return ticket_blocks(ticket, order, turns, self.config.approval_kinds, crm)

    async def find_by_thread(self, channel: str, thread_ts: str) -> Ticket | None:
        """The unresolved ticket whose card starts this thread."""
        for ticket in await self.staff.waiting():
            slack = ticket.data.get("slack") or {}
            if slack.get("channel") == channel and slack.get("ts") == thread_ts:
                return ticket
        return None

    # talking to staff

    async def ephemeral(
        self, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> None:
        kwargs: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        await self.client.chat_postEphemeral(**kwargs)

    async def thread_note(
        self, ticket: Ticket, text: str, blocks: Sequence[Block] | None = None
    ) -> None:
        slack = ticket.data.get("slack") or {}
        if slack.get("ts"):
            kwargs: dict[str, Any] = {"blocks": list(blocks)} if blocks else {}
            await self.client.chat_postMessage(
                channel=slack["channel"], thread_ts=slack["ts"], text=text, **kwargs
            )

    # staff actions

    async def act(
        self, action: str, ticket_id: int, user: str, channel: str, argument: str = ""
    ) -> Outcome | None:
        """Run one staff action for a Slack user; refusals and failures answer ephemerally."""
        staff_id = f"slack:{user}"
        try:
            match action:
                case "take_over":
                    outcome = await self.staff.take_over(ticket_id, staff_id)
                case "hand_back":
                    outcome = await self.staff.hand_back(ticket_id, staff_id)
                case "approve":
                    outcome = await self.staff.approve(ticket_id, staff_id)
                case "reject":
                    outcome = await self.staff.reject(ticket_id, staff_id, argument)
                case "resolve":
                    outcome = await self.staff.resolve(ticket_id, staff_id)
                case "canned":
                    outcome = await self.staff.canned_reply(ticket_id, staff_id, argument)
                case "reply":
                    outcome = await self.staff.staff_reply(ticket_id, staff_id, argument)
                case _:
                    return None
        except StaffError as exc:
            message = ERRORS.get(exc.code, exc.code).format(who=who(exc.detail), detail=exc.detail)
            await self.ephemeral(channel, user, message)
            return None
        await self.refresh_card(outcome.ticket)
        await self._after(action, outcome, user)
        if not outcome.customer_told and outcome.text:
            await self.ephemeral(
                channel, user, f"Done, but the customer could not be told: {escape(outcome.text)}"
            )
        return outcome

    async def _after(self, action: str, outcome: Outcome, user: str) -> None:
        ticket = outcome.ticket
        mention = f"<@{user}>"
        sent = f": _{escape(outcome.text)}_" if outcome.text and outcome.customer_told else ""
        if action == "take_over":
            language = ticket.language or "?"
            await self.thread_note(
                ticket,
                f"{mention} took over the conversation ({language}). Replies in this thread go "
                "to the customer.",
                blocks=takeover_note(mention, ticket),
            )
        elif action == "canned":
            await self.thread_note(ticket, f"{mention} sent a canned reply{sent}")
        elif action in VERBS:
            await self.thread_note(ticket, f"{mention} {VERBS[action]}{sent}")

    async def open_reject_modal(
        self, ticket_id: int, channel: str, user: str, trigger: str
    ) -> None:
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.status is TicketStatus.RESOLVED:
            await self.ephemeral(channel, user, ERRORS["resolved" if ticket else "not_found"])
            return
        await self.client.views_open(trigger_id=trigger, view=reject_modal(ticket, channel))

    # lookups

    async def order_answer(self, order_no: str, user: str) -> str:
        number = order_no.strip()
        if number.startswith("reveal"):
            return await self.reveal_answer(number.removeprefix("reveal").strip(), user)
        if not _ORDER_NO.match(number):
            return "Usage: `/order <order number>`"
        unmasked = self.config.access.may_unmask(user)
        order = await self.staff.view_order(number, f"slack:{user}", unmasked=unmasked)
        if order is None:
            return f"No order {mask_order_no(number)}."
        return order_text(order, unmasked=unmasked)

    async def reveal_answer(self, ticket: str, user: str) -> str:
        """`/order reveal <ticket>`: the new address of an address ticket, for staff allowed
        to see personal data (the look is audited); everyone else is refused."""
        if not ticket.lstrip("#").isdigit():
            return "Usage: `/order reveal <ticket number>`"
        if not self.config.access.may_unmask(user):
            return "Only staff allowed to see personal data may reveal an address."
        address = await self.staff.reveal_address(int(ticket.lstrip("#")), f"slack:{user}")
        if address is None:
            return f"Ticket #{int(ticket.lstrip('#'))} keeps no address that can be opened here."
        parts = [address.name, address.phone, address.line1, address.line2, address.district]
        parts += [address.city, address.province, address.postal_code, address.country]
        return "New address: " + escape(", ".join(p for p in parts if p))

    async def tickets_answer(self) -> str:
        return tickets_text(await self.staff.waiting())
