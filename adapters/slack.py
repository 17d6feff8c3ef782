"""The staff side in Slack (slack-bolt): ticket cards, takeover threads, approvals, commands.

- `register(app, services, engine, settings)` plugs the listeners into any `AsyncApp` (a shop's
  own Bolt app) and returns the `SlackDesk`, which is also the engine's `StaffDesk`.
- `mount(web_app, services, engine, settings)` builds the `AsyncApp` from settings and serves it
  at `POST /slack/events` (events, interactivity and slash commands share the URL); it mounts
  nothing when the bot token or the signing secret is unset.

Every new ticket becomes a Block Kit card in its department's channel (`slack_channels`), updated
in place as it moves open -> in_progress -> resolved. Buttons: Take over / Approve (approval
kinds only) / Reject (asks for a reason in a modal) / Resolve; taking over opens the card's
thread, where customer messages appear and where staff replies (and canned replies) go to the
customer at once; "Hand back" returns the conversation to the bot. `/order <no>` and `/tickets`
answer ephemerally.

A staff reply reaches the customer whatever shape Slack gives it: a plain thread reply, one
also sent to the channel (`thread_broadcast`), one with files (`file_share`: each file becomes a
link the customer can open, `GET /files/{token}/{name}`, served from Slack with the bot token
for `file_link_ttl_seconds`; without `public_url` the staff member is told the file did not go).
Editing a relayed reply (`message_changed`) sends the customer a correction in their language;
deleting one (`message_deleted`) cannot take it back, and the thread says so.

Only users in `slack_staff_users`, in a configured channel, may act (empty list = nobody); others
get an ephemeral refusal. Bolt checks every request's signature; a retried event (same event_id,
`X-Slack-Retry-Num`) is claimed once in the key store; every handler acks at once and does the
work in a tracked task (`SlackDesk.drain()` waits for them).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Coroutine, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import structlog
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.engine import Engine
from core.i18n import Localizer, best_language
from core.inbox import WebInbox
from core.masking import mask_address, mask_email, mask_name, mask_order_no, mask_phone, mask_text
from core.order import Order
from core.outbound import Senders
from core.services import Services
from core.sessions import Turn
from core.settings import Settings
from core.staff import (
    APPROVAL_KINDS,
    CANNED_KEYS,
    REFUND_APPROVAL,
    Outcome,
    StaffActions,
    StaffError,
    canned_text,
)
from core.tickets import Ticket, TicketStatus

log = structlog.get_logger(__name__)

PATH = "/slack/events"
FILES_PATH = "/files/{token}/{name}"
DEDUP_SECONDS = 24 * 3600
RELAYED_SECONDS = 30 * 24 * 3600
"""How long a relayed staff message is remembered, so an edit or delete of it is recognised."""
FILE_LINK_SECONDS = 7 * 24 * 3600
MAX_FILE_BYTES = 50 * 1024 * 1024
_GONE = ("tombstone", "hidden_by_limit")
STAFF_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message"})
"""`message` subtypes that are a staff member's own reply (files, "also send to channel", /me)."""
FILE_UNSENT = (
    "The file {name} did not reach the customer: set ORDERSUPPORT_PUBLIC_URL to the address "
    "customers can open, or paste a link instead."
)
DELETED_NOTE = (
    "{who} deleted a message here that had already reached the customer; deleting it in Slack "
    "does not take it back there. Reply in this thread with a correction if needed."
)
RECENT_TURNS = 5
MAX_LISTED = 40
_ORDER_NO = re.compile(r"^[A-Za-z0-9#\-_]{3,40}$")
_BUTTONS = re.compile(r"^ticket_(take_over|hand_back|approve|resolve)$")
_PRIORITY_MARK = {
    "high": ":red_circle:",
    "normal": ":large_yellow_circle:",
    "low": ":white_circle:",
}
_PRIORITY_RANK = {"high": 0, "normal": 1, "low": 2}
_VERBS = {
    "hand_back": "handed the conversation back to the bot",
    "approve": "approved",
    "reject": "rejected",
    "resolve": "resolved",
}
_DONE = {
    "take_over": "took over",
    "hand_back": "handed back",
    "reply": "replied",
    "canned_reply": "sent a canned reply",
    "approve": "approved",
    "reject": "rejected",
    "resolve": "resolved",
}
REFUSAL = "Sorry, you are not allowed to act on order-support tickets here."
_ERRORS = {
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


# --- configuration -------------------------------------------------------------------------


def _listed(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else value.split(",")
    return frozenset(str(v).strip() for v in (value or []) if str(v).strip())


@dataclass(frozen=True)
class SlackConfig:
    channels: Mapping[str, str]
    """Department -> channel id; the key "default" serves every department not listed."""
    staff_users: frozenset[str]
    """Slack user ids allowed to act; empty = nobody."""
    unmask_users: frozenset[str]
    """Slack user ids who see `/order` unmasked."""
    approval_kinds: frozenset[str] = APPROVAL_KINDS
    public_url: str | None = None
    """Where customers reach this service: the base of links to files staff send."""
    file_link_seconds: int = FILE_LINK_SECONDS

    @classmethod
    def from_settings(
        cls, settings: Settings, channels: Mapping[str, str] | None = None
    ) -> SlackConfig:
        slack = settings.slack
        return cls(
            channels=dict(channels if channels is not None else slack.channels),
            staff_users=_listed(slack.staff_users),
            unmask_users=_listed(slack.unmask_users),
            approval_kinds=_listed(slack.approval_kinds),
            public_url=settings.public_url or None,
            file_link_seconds=settings.file_link_ttl_seconds,
        )

    def channel_for(self, department: str) -> str | None:
        return self.channels.get(department) or self.channels.get("default")

    def may_act(self, user: str | None, channel: str | None) -> bool:
        return bool(user) and user in self.staff_users and channel in self.channels.values()


# --- text helpers --------------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack mrkdwn control characters, so customer text can never ping or link anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]+))?>")


def plain(text: str) -> str:
    """A staff member's Slack message as the customer should read it: links and entities."""

    def link(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("@", "#", "!")):
            return label or ""
        return f"{label} ({target})" if label and label != target else target

    text = _LINK.sub(link, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def who(staff_id: str | None) -> str:
    """`slack:U024BE7LH` -> a Slack mention; other workspaces' ids as they are."""
    if not staff_id:
        return "someone"
    platform, _, user = staff_id.partition(":")
    return f"<@{user}>" if platform == "slack" and user else escape(staff_id)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _money(amount: Decimal | str, currency: str) -> str:
    return Localizer("en").money(Decimal(str(amount)), currency)


def _plain_text(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": _cut(text, limit), "emoji": True}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": _cut(text, 2900) or " "}


def _button(action: str, text: str, ticket: Ticket, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": f"ticket_{action}",
        "text": _plain_text(text),
        "value": str(ticket.id),
    }
    if style:
        button["style"] = style
    return button


# --- the ticket card -----------------------------------------------------------------------


def _status_line(ticket: Ticket) -> str:
    takeover = ticket.data.get("takeover")
    decision = ticket.data.get("decision")
    if ticket.status is TicketStatus.RESOLVED:
        last = (ticket.data.get("history") or [{}])[-1]
        verb = {"approve": "Approved", "reject": "Rejected"}.get(
            (decision or {}).get("what", ""), "Resolved"
        )
        return (
            f":white_check_mark: {verb} by {who((decision or last).get('by') or last.get('who'))}"
        )
    if takeover:
        return f":speech_balloon: In progress: taken over by {who(takeover.get('by'))}"
    if ticket.status is TicketStatus.IN_PROGRESS:
        return ":hourglass_flowing_sand: In progress"
    return ":new: Open"


def _proposal(ticket: Ticket) -> str:
    data = ticket.data
    if ticket.kind == REFUND_APPROVAL and "amount" in data and "currency" in data:
        money = _money(data["amount"], str(data["currency"]))
        what = (
            f"return {escape(mask_text(str(data['return_id'])))}"
            if data.get("return_id")
            else "a cancellation"
        )
        return f"Refund of *{money}* for {what}: above the approval limit, waiting for approval."
    hidden = {"history", "slack", "takeover", "decision", "channel"}
    shown = ", ".join(
        f"{escape(k)}: {escape(mask_text(str(v)))[:120]}"
        for k, v in data.items()
        if k not in hidden and v is not None
    )
    return f"Opened `{escape(ticket.kind)}`" + (f" ({shown})" if shown else "") + "; needs staff."


def _order_summary(order: Order) -> str:
    lines = [
        f"*Order* {mask_order_no(order.order_no)} · {order.status.value} · {escape(order.platform)}"
    ]
    for item in order.items[:6]:
        money = _money(item.unit_price * item.quantity, order.currency)
        lines.append(f"• {escape(item.title)} × {item.quantity}: {money}")
    if len(order.items) > 6:
        lines.append(f"• … and {len(order.items) - 6} more")
    payment = order.payment
    lines.append(
        f"Paid {_money(payment.amount, order.currency)} ({escape(payment.method)}, "
        f"{payment.status.value}) · ship to {escape(mask_address(order.shipping_address))}"
    )
    for ret in order.returns[-3:]:
        lines.append(
            f"Return {escape(mask_text(ret.return_id))}: {ret.status.value}, "
            f"{_money(ret.refund_amount, order.currency)}"
        )
    return "\n".join(lines)


def _history_line(entry: Mapping[str, Any]) -> str:
    what = _DONE.get(str(entry.get("what")), str(entry.get("what", "")).replace("_", " "))
    detail = f" ({escape(str(entry['detail']))[:80]})" if entry.get("detail") else ""
    when = str(entry.get("when", ""))[:16].replace("T", " ")
    return f"{who(entry.get('who'))} {what}{detail} · {when} UTC"


def ticket_blocks(
    ticket: Ticket,
    order: Order | None,
    turns: Iterable[Turn],
    approval_kinds: frozenset[str] = APPROVAL_KINDS,
    crm: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The card: everything staff need, personal data masked, and the buttons that apply."""
    priority = ticket.priority.value
    channel = (ticket.conversation or "").partition(":")[0] or str(ticket.data.get("channel", "?"))
    customer = "unknown"
    if order is not None:
        customer = f"{mask_name(order.customer.name)} ({escape(order.customer.id)})"
    elif ticket.customer_id:
        customer = escape(ticket.customer_id)
    fields = [
        f"*Priority*\n{_PRIORITY_MARK.get(priority, '')} {priority}",
        f"*Status*\n{_status_line(ticket)}",
        f"*Customer*\n{customer}",
        f"*Channel · language*\n{escape(channel)} · {escape(ticket.language or '?')}",
        f"*Department*\n{ticket.department.value}",
        f"*Order*\n{mask_order_no(ticket.order_no) if ticket.order_no else '-'}",
    ]
    title = f"Ticket #{ticket.id} · {ticket.kind.replace('_', ' ')}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain_text(title, 150)},
        {"type": "section", "fields": [_mrkdwn(f) for f in fields]},
        {"type": "section", "text": _mrkdwn(f"*Summary*\n{escape(ticket.summary)}")},
    ]
    if order is not None:
        blocks.append({"type": "section", "text": _mrkdwn(_order_summary(order))})
    if crm:
        blocks.append({"type": "section", "text": _mrkdwn(_crm_line(crm))})
    recent = [t for t in turns if t.role in ("customer", "bot", "staff")][-RECENT_TURNS:]
    if recent:
        said = "\n".join(
            f"> *{t.role}*: {escape(mask_text(_cut(t.text.replace(chr(10), ' '), 280)))}"
            for t in recent
        )
        blocks.append({"type": "section", "text": _mrkdwn(f"*Last messages*\n{said}")})
    blocks.append({"type": "section", "text": _mrkdwn(f"*Bot*\n{_proposal(ticket)}")})
    history = ticket.data.get("history") or []
    if history:
        lines = "\n".join(_history_line(e) for e in history[-6:])
        blocks.append({"type": "context", "elements": [_mrkdwn(lines)]})
    if ticket.status is not TicketStatus.RESOLVED:
        buttons = [
            _button("hand_back", "Hand back", ticket)
            if ticket.data.get("takeover")
            else _button("take_over", "Take over", ticket, "primary")
        ]
        if ticket.kind in approval_kinds and not ticket.data.get("decision"):
            approve = _button("approve", "Approve", ticket, "primary")
            approve["confirm"] = {
                "title": _plain_text("Approve?"),
                "text": _plain_text("This carries the change out and tells the customer.", 300),
                "confirm": _plain_text("Approve"),
                "deny": _plain_text("Cancel"),
            }
            buttons.append(approve)
        buttons += [
            _button("reject", "Reject", ticket, "danger"),
            _button("resolve", "Resolve", ticket),
        ]
        blocks.append({"type": "actions", "block_id": f"ticket:{ticket.id}", "elements": buttons})
    return blocks


def _crm_line(crm: Mapping[str, Any]) -> str:
    """The CRM's view of the customer: how many purchases, and its tags."""
    purchases = crm.get("purchases") or []
    tags = ", ".join(escape(str(t)) for t in (crm.get("tags") or [])[:8]) or "-"
    return f"*CRM*\n{len(purchases)} earlier purchases · tags: {tags}"


def _fallback(ticket: Ticket) -> str:
    summary = escape(ticket.summary)
    return f"Ticket #{ticket.id} ({ticket.priority.value}, {ticket.kind}): {summary}"[:300]


def thread_controls(ticket: Ticket, language: str) -> list[dict[str, Any]]:
    """Under a takeover note: canned replies (shown in English, sent in the customer's
    language) and "Hand back"."""
    english = Localizer("en")
    options = [
        {"text": _plain_text(canned_text(english, key) or key), "value": f"{ticket.id}:{key}"}
        for key in CANNED_KEYS
    ]
    return [
        {
            "type": "actions",
            "block_id": f"thread:{ticket.id}",
            "elements": [
                {
                    "type": "static_select",
                    "action_id": "ticket_canned",
                    "placeholder": _plain_text(f"Canned reply (sent in {language})"),
                    "options": options,
                },
                _button("hand_back", "Hand back", ticket),
            ],
        }
    ]


# --- /order --------------------------------------------------------------------------------


def order_text(order: Order, *, unmasked: bool) -> str:
    """What `/order` shows; personal data masked unless the asker may see it."""
    c, a = order.customer, order.shipping_address
    if unmasked:
        number, name = order.order_no, c.name
        phone, email = c.phone or "-", c.email or "-"
        address = ", ".join(
            p
            for p in [
                a.name,
                a.phone,
                a.line1,
                a.line2,
                a.district,
                a.city,
                a.province,
                a.postal_code,
                a.country,
            ]
            if p
        )
    else:
        number, name = mask_order_no(order.order_no), mask_name(c.name)
        phone = mask_phone(c.phone) if c.phone else "-"
        email = mask_email(c.email) if c.email else "-"
        address = mask_address(a)
    lines = [
        f"*Order {escape(number)}* · {order.status.value} · {escape(order.platform)} · "
        f"placed {order.placed_at.isoformat(timespec='minutes')}",
        f"Customer: {escape(name)} ({escape(c.id)}) · phone {escape(phone)} · "
        f"e-mail {escape(email)}",
        f"Ship to: {escape(address)}",
    ]
    for item in order.items:
        lines.append(
            f"• {escape(item.title)} × {item.quantity} ({item.category.value}): "
            f"{_money(item.unit_price * item.quantity, order.currency)}"
        )
    lines.append(
        f"Payment: {_money(order.payment.amount, order.currency)} "
        f"{escape(order.payment.method)} {order.payment.status.value}"
    )
    for shipment in order.shipments:
        tracking = shipment.tracking_no if unmasked else mask_text(shipment.tracking_no)
        latest = shipment.latest_event()
        status = f": {escape(latest.status)}" if latest else ""
        lines.append(f"Shipment {escape(shipment.carrier)} {escape(tracking)}{status}")
    for ret in order.returns:
        return_id = ret.return_id if unmasked else mask_text(ret.return_id)
        lines.append(
            f"Return {escape(return_id)}: {ret.status.value}, "
            f"{_money(ret.refund_amount, order.currency)}"
        )
    if not unmasked:
        lines.append("_Personal data masked._")
    return "\n".join(lines)


def _permalink(ticket: Ticket) -> str:
    slack = ticket.data.get("slack") or {}
    if not slack.get("channel") or not slack.get("ts"):
        return ""
    return (
        f" · <https://slack.com/archives/{slack['channel']}/p{slack['ts'].replace('.', '')}|card>"
    )


def tickets_text(tickets: list[Ticket]) -> str:
    if not tickets:
        return "No open tickets."
    ordered = sorted(tickets, key=lambda t: (_PRIORITY_RANK.get(t.priority.value, 9), t.id))
    lines = [f"*Open tickets* ({len(ordered)}), by priority:"]
    for t in ordered[:MAX_LISTED]:
        taken = (
            f" · {who((t.data.get('takeover') or {}).get('by'))}" if t.data.get("takeover") else ""
        )
        lines.append(
            f"{_PRIORITY_MARK.get(t.priority.value, '')} *#{t.id}* {t.priority.value} · "
            f"{escape(t.kind)} · {t.department.value} · {t.status.value}{taken} · "
            f"{escape(_cut(t.summary, 80))}{_permalink(t)}"
        )
    if len(ordered) > MAX_LISTED:
        lines.append(f"… and {len(ordered) - MAX_LISTED} more")
    return "\n".join(lines)


# --- the desk ------------------------------------------------------------------------------


class SlackDesk:
    """Posts and updates ticket cards, relays customer messages, runs staff actions.

    Implements `core.staff_desk.StaffDesk` (the engine's `desk`)."""

    def __init__(
        self,
        services: Services,
        client: AsyncWebClient,
        config: SlackConfig,
        senders: Senders,
    ) -> None:
        self.services = services
        self.client = client
        self.config = config
        self.staff = StaffActions(services, senders, approval_kinds=config.approval_kinds)
        self._pending: set[asyncio.Task[None]] = set()
        self._thread_locks: dict[int, asyncio.Lock] = {}

    # background work: every handler acks first, then the work runs here

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._guarded(work))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:  # one failed post must not take the process down; it is logged
            log.exception("slack_work_failed")

    async def drain(self) -> None:
        """Wait until every piece of work started so far (and what it started) is done."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    # StaffDesk

    async def customer_message(self, ticket_id: int, text: str, language: str | None) -> None:
        """Relay to the card's thread, in order, without keeping the customer waiting."""
        lock = self._thread_locks.setdefault(ticket_id, asyncio.Lock())

        async def relay() -> None:
            async with lock:
                ticket = await self.services.tickets.get(ticket_id)
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

        self.later(relay())

    # tickets -> cards

    async def ticket_opened(self, ticket: Ticket) -> None:
        """A `TicketService` listener: the card is posted in the background."""
        self.later(self.post_ticket(ticket))

    async def post_ticket(self, ticket: Ticket) -> None:
        channel = self.config.channel_for(ticket.department.value)
        if channel is None:
            log.warning("slack_no_channel", ticket=ticket.id, department=ticket.department.value)
            return
        blocks = await self._blocks(ticket)
        answer = await self.client.chat_postMessage(
            channel=channel, text=_fallback(ticket), blocks=blocks, unfurl_links=False
        )
        await self.services.tickets.update(
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
            text=_fallback(ticket),
            blocks=await self._blocks(ticket),
        )

    async def _blocks(self, ticket: Ticket) -> list[dict[str, Any]]:
        order = await self.services.hub.get_order(ticket.order_no) if ticket.order_no else None
        turns: list[Turn] = []
        if ticket.conversation:
            turns = (await self.services.sessions.load(ticket.conversation)).history
        crm = await self.services.events.crm_profile(order.customer) if order else None
        return ticket_blocks(ticket, order, turns, self.config.approval_kinds, crm)

    async def find_by_thread(self, channel: str, thread_ts: str) -> Ticket | None:
        """The unresolved ticket whose card starts this thread."""
        for status in (TicketStatus.IN_PROGRESS, TicketStatus.OPEN):
            for ticket in await self.services.tickets.list(status=status.value):
                slack = ticket.data.get("slack") or {}
                if slack.get("channel") == channel and slack.get("ts") == thread_ts:
                    return ticket
        return None

    # staff actions

    async def ephemeral(
        self, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> None:
        kwargs: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        await self.client.chat_postEphemeral(**kwargs)

    async def _thread_note(
        self, ticket: Ticket, text: str, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        slack = ticket.data.get("slack") or {}
        if slack.get("ts"):
            kwargs: dict[str, Any] = {"blocks": blocks} if blocks else {}
            await self.client.chat_postMessage(
                channel=slack["channel"], thread_ts=slack["ts"], text=text, **kwargs
            )

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
            message = _ERRORS.get(exc.code, exc.code).format(who=who(exc.detail), detail=exc.detail)
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
            await self._thread_note(
                ticket,
                f"{mention} took over the conversation ({language}). Replies in this thread go "
                "to the customer.",
                blocks=[
                    {
                        "type": "section",
                        "text": _mrkdwn(
                            f"{mention} took over the conversation. Customer messages appear here; "
                            f"replies in this thread go to the customer (language: "
                            f"{escape(language)})."
                        ),
                    },
                    *thread_controls(ticket, language),
                ],
            )
        elif action == "canned":
            await self._thread_note(ticket, f"{mention} sent a canned reply{sent}")
        elif action in ("hand_back", "approve", "reject", "resolve"):
            verb = _VERBS[action]
            await self._thread_note(ticket, f"{mention} {verb}{sent}")

    async def staff_message(self, event: Mapping[str, Any]) -> None:
        """A staff reply in a card's thread (plain, "also send to channel" or with files): to the
        customer at once, files as links, then a ✓ reaction."""
        channel, user = str(event.get("channel")), str(event.get("user"))
        ticket = await self.find_by_thread(channel, str(event.get("thread_ts")))
        if ticket is None:
            return
        if not self.config.may_act(user, channel):
            await self.ephemeral(channel, user, REFUSAL, thread_ts=str(event["thread_ts"]))
            return
        lines = [plain(event.get("text") or "")]
        unsent: list[str] = []
        for file in event.get("files") or []:
            if not isinstance(file, Mapping) or file.get("mode") in (
                "tombstone",
                "hidden_by_limit",
            ):
                continue
            name = str(file.get("name") or file.get("title") or "file")[:120]
            link = await self.file_link(file)
            if link is None:
                unsent.append(name)
            else:
                lines.append(f"{name}: {link}")
        text = "\n".join(line for line in lines if line)
        for name in unsent:
            await self.ephemeral(
                channel,
                user,
                FILE_UNSENT.format(name=escape(name)),
                thread_ts=str(event["thread_ts"]),
            )
        if not text:
            return
        outcome = await self.act("reply", ticket.id, user, channel, text)
        if outcome is not None:
            await self.services.keys.put(
                self._relayed_key(channel, str(event["ts"])), str(ticket.id), RELAYED_SECONDS
            )
            await self.client.reactions_add(
                channel=channel, timestamp=str(event["ts"]), name="white_check_mark"
            )

    @staticmethod
    def _relayed_key(channel: str, ts: str) -> str:
        return f"slack:relayed:{channel}:{ts}"

    async def staff_edit(self, event: Mapping[str, Any]) -> None:
        """`message_changed` of a staff reply that reached the customer: send the correction."""
        channel = str(event.get("channel"))
        message = event.get("message") or {}
        before = event.get("previous_message") or {}
        user = str(message.get("user"))
        ticket_id = await self.services.keys.get(self._relayed_key(channel, str(message.get("ts"))))
        if ticket_id is None or not self.config.may_act(user, channel):
            return
        text = plain(message.get("text") or "")
        if not text or text == plain(before.get("text") or ""):
            return  # an unfurl or a metadata change, not new words
        ticket = await self.services.tickets.get(int(ticket_id))
        if ticket is None:
            return
        loc = Localizer(best_language(ticket.language, self.services.settings.default_locale))
        correction = loc._("Correction: {text}", text=text)
        outcome = await self.act("reply", ticket.id, user, channel, correction)
        if outcome is not None:
            await self.client.reactions_add(
                channel=channel, timestamp=str(message.get("ts")), name="pencil2"
            )

    async def staff_delete(self, event: Mapping[str, Any]) -> None:
        """`message_deleted` of a relayed reply: it cannot be unsent; say so in the thread."""
        channel = str(event.get("channel"))
        deleted = str(event.get("deleted_ts"))
        ticket_id = await self.services.keys.get(self._relayed_key(channel, deleted))
        if ticket_id is None:
            return
        ticket = await self.services.tickets.get(int(ticket_id))
        if ticket is None:
            return
        before = event.get("previous_message") or {}
        deleter = f"slack:{before['user']}" if before.get("user") else None
        await self._thread_note(ticket, DELETED_NOTE.format(who=who(deleter)))
        await self.services.keys.clear(self._relayed_key(channel, deleted))

    # files

    async def file_link(self, file: Mapping[str, Any]) -> str | None:
        """A link the customer can open for a Slack file, or None without `public_url`."""
        base = self.config.public_url
        if not base or not file.get("id"):
            return None
        token = secrets.token_urlsafe(18)
        record = {
            "id": str(file["id"]),
            "name": str(file.get("name") or "file")[:200],
            "mimetype": str(file.get("mimetype") or "application/octet-stream")[:100],
            "url": file.get("url_private_download") or file.get("url_private"),
        }
        ttl = self.config.file_link_seconds
        await self.services.keys.put(f"slack:file:{token}", json.dumps(record), ttl)
        return f"{str(base).rstrip('/')}/files/{token}/{quote(record['name'])}"

    async def file_source(self, token: str) -> dict[str, Any] | None:
        """Where a file link's bytes are: the stored record with its download URL."""
        raw = await self.services.keys.get(f"slack:file:{token}")
        if raw is None:
            return None
        record: dict[str, Any] = json.loads(raw)
        if not record.get("url"):  # Slack Connect files carry no URL: ask files.info
            try:
                info = await self.client.files_info(file=record["id"])
            except SlackApiError as exc:
                log.warning("slack_file_info_failed", error=str(exc.response.get("error")))
                return None
            found = info.get("file") or {}
            record["url"] = found.get("url_private_download") or found.get("url_private")
        return record

    async def open_reject_modal(
        self, ticket_id: int, channel: str, user: str, trigger: str
    ) -> None:
        ticket = await self.services.tickets.get(ticket_id)
        if ticket is None or ticket.status is TicketStatus.RESOLVED:
            await self.ephemeral(channel, user, _ERRORS["resolved" if ticket else "not_found"])
            return
        await self.client.views_open(trigger_id=trigger, view=reject_modal(ticket, channel))

    async def order_answer(self, order_no: str, user: str) -> str:
        number = order_no.strip()
        if not _ORDER_NO.match(number):
            return "Usage: `/order <order number>`"
        order = await self.services.hub.get_order(number)
        if order is None:
            return f"No order {mask_order_no(number)}."
        unmasked = user in self.config.unmask_users
        await self.services.audit.record(
            f"staff:slack:{user}",
            "order.viewed",
            order_no=order.order_no,
            after={"unmasked": unmasked, "via": "slack"},
        )
        return order_text(order, unmasked=unmasked)

    async def tickets_answer(self) -> str:
        waiting = [
            *await self.services.tickets.list(status=TicketStatus.OPEN.value),
            *await self.services.tickets.list(status=TicketStatus.IN_PROGRESS.value),
        ]
        return tickets_text(waiting)


def reject_modal(ticket: Ticket, channel: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "ticket_reject",
        "private_metadata": json.dumps({"ticket": ticket.id, "channel": channel}),
        "title": _plain_text(f"Reject #{ticket.id}", 24),
        "submit": _plain_text("Reject"),
        "close": _plain_text("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": "reason",
                "label": _plain_text("Reason, sent to the customer as written"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "reason",
                    "multiline": True,
                    "max_length": 1000,
                },
            }
        ],
    }


# --- wiring --------------------------------------------------------------------------------


def _ticket_id(value: Any) -> int | None:
    try:
        return int(str(value).partition(":")[0])
    except ValueError:
        return None


def register(
    app: AsyncApp,
    services: Services,
    engine: Engine | None,
    settings: Settings,
    *,
    senders: Senders | None = None,
    channels: Mapping[str, str] | None = None,
) -> SlackDesk:
    """Plug the desk's listeners into `app`; make it the engine's desk and a ticket listener.

    `senders` reach customers (the web channel's `WebInbox` is added when missing);
    `channels` (department -> channel id) overrides the `slack_channels` setting."""
    config = SlackConfig.from_settings(settings, channels)
    senders = senders if senders is not None else Senders()
    if senders.get("web") is None:
        senders.add(WebInbox(services.sessions))
    desk = SlackDesk(services, app.client, config, senders)
    if engine is not None:
        engine.desk = desk
    services.tickets.listeners.append(desk.ticket_opened)

    async def dedup_retries(body: dict, request: Any, next: Any) -> BoltResponse | None:
        """Slack retries an event it thinks we missed (X-Slack-Retry-Num); act once per id."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await services.keys.claim(f"slack:event:{event_id}", DEDUP_SECONDS):
            retry = (request.headers.get("x-slack-retry-num") or [None])[0]
            log.info("slack_event_repeated", event_id=event_id, retry=retry)
            return BoltResponse(status=200, body="")
        return await next()

    app.middleware(dedup_retries)

    async def on_button(ack: Any, body: dict, action: dict) -> None:
        await ack()
        user, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
        ticket_id = _ticket_id(action.get("value"))
        if not config.may_act(user, channel):
            if channel:
                desk.later(desk.ephemeral(channel, user, REFUSAL))
            return
        if ticket_id is not None:
            name = action["action_id"].removeprefix("ticket_")
            desk.later(_discard(desk.act(name, ticket_id, user, channel)))

    async def on_reject_button(ack: Any, body: dict, action: dict) -> None:
        await ack()
        user, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
        ticket_id = _ticket_id(action.get("value"))
        if not config.may_act(user, channel):
            if channel:
                desk.later(desk.ephemeral(channel, user, REFUSAL))
            return
        if ticket_id is not None:
            desk.later(desk.open_reject_modal(ticket_id, channel, user, body["trigger_id"]))

    async def on_canned(ack: Any, body: dict, action: dict) -> None:
        await ack()
        user, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
        if not config.may_act(user, channel):
            if channel:
                desk.later(desk.ephemeral(channel, user, REFUSAL))
            return
        value = str((action.get("selected_option") or {}).get("value", ""))
        ticket_id, key = _ticket_id(value), value.partition(":")[2]
        if ticket_id is not None and key:
            desk.later(_discard(desk.act("canned", ticket_id, user, channel, key)))

    async def on_reject_submit(ack: Any, body: dict, view: dict) -> None:
        user = body["user"]["id"]
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            ticket_id, channel = int(meta["ticket"]), str(meta["channel"])
        except (ValueError, KeyError, TypeError):
            await ack(response_action="errors", errors={"reason": "This form is out of date."})
            return
        reason = (((view.get("state") or {}).get("values") or {}).get("reason") or {}).get(
            "reason", {}
        ).get("value") or ""
        if not config.may_act(user, channel):
            await ack(response_action="errors", errors={"reason": REFUSAL})
            return
        if not reason.strip():
            await ack(response_action="errors", errors={"reason": "Please give a reason."})
            return
        await ack()
        desk.later(_discard(desk.act("reject", ticket_id, user, channel, reason)))

    async def on_message(ack: Any, event: dict) -> None:
        await ack()
        subtype = event.get("subtype")
        if event.get("channel") not in config.channels.values():
            return
        if subtype == "message_changed":
            inner = event.get("message") or {}
            if isinstance(inner, dict) and not inner.get("bot_id") and inner.get("user"):
                desk.later(desk.staff_edit(event))
            return
        if subtype == "message_deleted":
            desk.later(desk.staff_delete(event))
            return
        if (
            subtype not in STAFF_SUBTYPES
            or event.get("bot_id")
            or not event.get("thread_ts")
            or event.get("thread_ts") == event.get("ts")
        ):
            if subtype not in STAFF_SUBTYPES:
                log.info("slack_message_ignored", subtype=subtype)
            return
        desk.later(desk.staff_message(event))

    async def on_order(ack: Any, command: dict, respond: Any) -> None:
        user, channel = command.get("user_id"), command.get("channel_id")
        if not config.may_act(user, channel):
            await ack(text=REFUSAL, response_type="ephemeral")
            return
        await ack()

        async def answer() -> None:
            text = await desk.order_answer(command.get("text") or "", str(user))
            await respond(text=text, response_type="ephemeral")

        desk.later(answer())

    async def on_tickets(ack: Any, command: dict, respond: Any) -> None:
        if not config.may_act(command.get("user_id"), command.get("channel_id")):
            await ack(text=REFUSAL, response_type="ephemeral")
            return
        await ack()

        async def answer() -> None:
            await respond(text=await desk.tickets_answer(), response_type="ephemeral")

        desk.later(answer())

    app.action(_BUTTONS)(on_button)
    app.action("ticket_reject")(on_reject_button)
    app.action("ticket_canned")(on_canned)
    app.view("ticket_reject")(on_reject_submit)
    app.event("message")(on_message)
    app.command("/order")(on_order)
    app.command("/tickets")(on_tickets)
    return desk


async def _discard(work: Coroutine[Any, Any, Any]) -> None:
    await work


def _readable(body: bytes, content_type: str) -> bool:
    """What slack-bolt can parse without raising: UTF-8, and a JSON body must be an object."""
    try:
        text = body.decode("utf-8")
        if content_type == "application/json":
            return isinstance(json.loads(text), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


def _secret(value: SecretStr | str | None) -> str | None:
    if value is None:
        return None
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def _trusted_file_host(url: str, api_base: str) -> bool:
    """Only Slack's own hosts (or the configured API host, for a gateway) get the bot token."""
    host = (urlsplit(url).hostname or "").lower()
    api_host = (urlsplit(api_base).hostname or "").lower()
    return bool(host) and (
        host == api_host or host.endswith((".slack.com", ".slack-edge.com")) or host == "slack.com"
    )


async def serve_file(
    request: web.Request, desk: SlackDesk, token: str, api_base: str
) -> web.StreamResponse:
    """`GET /files/{token}/{name}`: a file a staff member sent, fetched from Slack with the bot
    token. Anything but an image is a download, and nothing it holds can run on this origin."""
    record = await desk.file_source(request.match_info["token"][:64])
    if record is None or not record.get("url"):
        return web.json_response({"error": "this link has expired"}, status=404)
    url = str(record["url"])
    if not _trusted_file_host(url, api_base):
        log.warning("slack_file_host_refused")
        return web.json_response({"error": "this link cannot be opened"}, status=404)
    timeout = aiohttp.ClientTimeout(total=30)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(url, headers={"Authorization": f"Bearer {token}"}) as upstream,
    ):
        if upstream.status != 200:
            log.warning("slack_file_unavailable", status=upstream.status)
            return web.json_response({"error": "the file is no longer available"}, status=404)
        mimetype = str(record.get("mimetype") or "application/octet-stream")
        inline = mimetype in ("image/png", "image/jpeg", "image/gif", "image/webp")
        disposition = "inline" if inline else "attachment"
        response = web.StreamResponse(
            headers={
                "Content-Type": mimetype if inline else "application/octet-stream",
                "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(record['name'])}",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "sandbox; default-src 'none'",
                "Cache-Control": "private, max-age=3600",
            }
        )
        await response.prepare(request)
        sent = 0
        async for chunk in upstream.content.iter_chunked(64 * 1024):
            sent += len(chunk)
            if sent > MAX_FILE_BYTES:
                break
            await response.write(chunk)
        await response.write_eof()
        return response


DESK_KEY = web.AppKey("slack_desk", SlackDesk)
APP_KEY = web.AppKey("slack_app", AsyncApp)


def mount(
    web_app: web.Application,
    services: Services,
    engine: Engine | None,
    settings: Settings,
    *,
    senders: Senders | None = None,
    channels: Mapping[str, str] | None = None,
) -> SlackDesk | None:
    """Serve the desk at `POST /slack/events` when the bot token and signing secret are set."""
    token = _secret(settings.slack.bot_token)
    secret = _secret(settings.slack.signing_secret)
    if not token or not secret:
        return None
    base = settings.slack.api_base or "https://slack.com/api/"
    client = AsyncWebClient(token=token, base_url=base.rstrip("/") + "/")
    app = AsyncApp(client=client, signing_secret=secret, process_before_response=True)
    desk = register(app, services, engine, settings, senders=senders, channels=channels)
    web_app[DESK_KEY] = desk
    web_app[APP_KEY] = app

    async def events(request: web.Request) -> web.Response:
        body = await request.read()
        if not _readable(body, request.content_type):
            return web.json_response({"error": "malformed request body"}, status=400)
        answer = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(answer)

    async def finish(_: web.Application) -> None:
        await desk.drain()

    async def file(request: web.Request) -> web.StreamResponse:
        return await serve_file(request, desk, token, base)

    web_app.router.add_post(PATH, events)
    web_app.router.add_get(FILES_PATH, file)
    web_app.on_shutdown.append(finish)
    log.info("slack_mounted", path=PATH, channels=len(desk.config.channels))
    return desk
