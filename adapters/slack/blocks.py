"""Block Kit through `slack_sdk.models`: the ticket card (everything staff need, personal data
masked, the buttons that apply), the controls under a takeover note, the reject modal."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from adapters.slack.mrkdwn import (
    PRIORITY_MARK,
    crm_line,
    cut,
    escape,
    history_line,
    order_summary,
    proposal,
    status_line,
)
from core.i18n import Localizer
from core.masking import mask_name, mask_order_no, mask_text
from core.order import Order
from core.sessions import Turn
from core.staff import APPROVAL_KINDS, CANNED_KEYS, canned_text
from core.tickets import Ticket, TicketStatus

RECENT_TURNS = 5


def plain_text(text: str, limit: int = 75) -> PlainTextObject:
    return PlainTextObject(text=cut(text, limit), emoji=True)


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=cut(text, 2900) or " ")


def button(action: str, text: str, ticket: Ticket, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        action_id=f"ticket_{action}", text=plain_text(text), value=str(ticket.id), style=style
    )


def _approve(ticket: Ticket) -> ButtonElement:
    return ButtonElement(
        action_id="ticket_approve",
        text=plain_text("Approve"),
        value=str(ticket.id),
        style="primary",
        confirm=ConfirmObject(
            title=plain_text("Approve?"),
            text=plain_text("This carries the change out and tells the customer.", 300),
            confirm=plain_text("Approve"),
            deny=plain_text("Cancel"),
        ),
    )


def ticket_blocks(
    ticket: Ticket,
    order: Order | None,
    turns: Iterable[Turn],
    approval_kinds: frozenset[str] = APPROVAL_KINDS,
    crm: Mapping[str, Any] | None = None,
) -> list[Block]:
    """The card: everything staff need, personal data masked, and the buttons that apply."""
    priority = ticket.priority.value
    channel = (ticket.conversation or "").partition(":")[0] or str(ticket.data.get("channel", "?"))
    customer = "unknown"
    if order is not None:
        customer = f"{mask_name(order.customer.name)} ({escape(order.customer.id)})"
    elif ticket.customer_id:
        customer = escape(ticket.customer_id)
    fields = [
        f"*Priority*\n{PRIORITY_MARK.get(priority, '')} {priority}",
        f"*Status*\n{status_line(ticket)}",
        f"*Customer*\n{customer}",
        f"*Channel · language*\n{escape(channel)} · {escape(ticket.language or '?')}",
        f"*Department*\n{ticket.department.value}",
        f"*Order*\n{mask_order_no(ticket.order_no) if ticket.order_no else '-'}",
    ]
    if ticket.data.get("assignee"):
        fields.append(f"*Assignee*\n{escape(str(ticket.data['assignee']))}")
    title = f"Ticket #{ticket.id} · {ticket.kind.replace('_', ' ')}"
    blocks: list[Block] = [
        HeaderBlock(text=plain_text(title, 150)),
        SectionBlock(fields=[mrkdwn(f) for f in fields]),
        SectionBlock(text=mrkdwn(f"*Summary*\n{escape(ticket.summary)}")),
    ]
    if order is not None:
        blocks.append(SectionBlock(text=mrkdwn(order_summary(order))))
    if crm:
        blocks.append(SectionBlock(text=mrkdwn(crm_line(crm))))
    recent = [t for t in turns if t.role in ("customer", "bot", "staff")][-RECENT_TURNS:]
    if recent:
        said = "\n".join(
            f"> *{t.role}*: {escape(mask_text(cut(t.text.replace(chr(10), ' '), 280)))}"
            for t in recent
        )
        blocks.append(SectionBlock(text=mrkdwn(f"*Last messages*\n{said}")))
    blocks.append(SectionBlock(text=mrkdwn(f"*Bot*\n{proposal(ticket)}")))
    history = ticket.data.get("history") or []
    if history:
        lines = "\n".join(history_line(e) for e in history[-6:])
        blocks.append(ContextBlock(elements=[mrkdwn(lines)]))
    if ticket.status is not TicketStatus.RESOLVED:
        buttons = [
            button("hand_back", "Hand back", ticket)
            if ticket.data.get("takeover")
            else button("take_over", "Take over", ticket, "primary")
        ]
        if ticket.kind in approval_kinds and not ticket.data.get("decision"):
            buttons.append(_approve(ticket))
        buttons += [
            button("reject", "Reject", ticket, "danger"),
            button("resolve", "Resolve", ticket),
        ]
        blocks.append(ActionsBlock(block_id=f"ticket:{ticket.id}", elements=buttons))
    return blocks


def thread_controls(ticket: Ticket, language: str) -> list[Block]:
    """Under a takeover note: canned replies (shown in English, sent in the customer's
    language) and "Hand back"."""
    english = Localizer("en")
    options = [
        Option(text=plain_text(canned_text(english, key) or key), value=f"{ticket.id}:{key}")
        for key in CANNED_KEYS
    ]
    canned = StaticSelectElement(
        action_id="ticket_canned",
        placeholder=plain_text(f"Canned reply (sent in {language})"),
        options=options,
    )
    return [
        ActionsBlock(
            block_id=f"thread:{ticket.id}",
            elements=[canned, button("hand_back", "Hand back", ticket)],
        )
    ]


def takeover_note(mention: str, ticket: Ticket) -> list[Block]:
    language = ticket.language or "?"
    return [
        SectionBlock(
            text=mrkdwn(
                f"{mention} took over the conversation. Customer messages appear here; replies "
                f"in this thread go to the customer (language: {escape(language)})."
            )
        ),
        *thread_controls(ticket, language),
    ]


def reject_modal(ticket: Ticket, channel: str) -> View:
    return View(
        type="modal",
        callback_id="ticket_reject",
        private_metadata=json.dumps({"ticket": ticket.id, "channel": channel}),
        title=plain_text(f"Reject #{ticket.id}", 24),
        submit=plain_text("Reject"),
        close=plain_text("Cancel"),
        blocks=[
            InputBlock(
                block_id="reason",
                label=plain_text("Reason, sent to the customer as written"),
                element=PlainTextInputElement(action_id="reason", multiline=True, max_length=1000),
            )
        ],
    )
