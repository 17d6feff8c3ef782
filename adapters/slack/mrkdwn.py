"""Text as staff read it in Slack (mrkdwn): customer text escaped so it can never ping or link
anyone, staff text made plain for the customer, mentions, money, what a ticket card says and
what `/order` and `/tickets` answer. Personal data is masked unless the asker may see it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.i18n import Localizer
from core.masking import mask_address, mask_email, mask_name, mask_order_no, mask_phone, mask_text
from core.order import Order
from core.personal import SEALED_ADDRESS
from core.staff import REFUND_APPROVAL
from core.tickets import Ticket, TicketChange, TicketStatus

MAX_LISTED = 40
PRIORITY_MARK = {
    "high": ":red_circle:",
    "normal": ":large_yellow_circle:",
    "low": ":white_circle:",
}
PRIORITY_RANK = {"high": 0, "normal": 1, "low": 2}
VERBS = {
    "hand_back": "handed the conversation back to the bot",
    "approve": "approved",
    "reject": "rejected",
    "resolve": "resolved",
}
DONE = {
    "take_over": "took over",
    "hand_back": "handed back",
    "reply": "replied",
    "canned_reply": "sent a canned reply",
    "approve": "approved",
    "reject": "rejected",
    "resolve": "resolved",
}


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


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def money(amount: Decimal | str, currency: str) -> str:
    return Localizer("en").money(Decimal(str(amount)), currency)


def status_line(ticket: Ticket) -> str:
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


def proposal(ticket: Ticket) -> str:
    data = ticket.data
    if ticket.kind == REFUND_APPROVAL and "amount" in data and "currency" in data:
        amount = money(data["amount"], str(data["currency"]))
        what = (
            f"return {escape(mask_text(str(data['return_id'])))}"
            if data.get("return_id")
            else "a cancellation"
        )
        return f"Refund of *{amount}* for {what}: above the approval limit, waiting for approval."
    if isinstance(data.get("address"), dict):  # masked when stored (core.personal)
        where = ", ".join(str(v) for v in data["address"].values() if v)
        reveal = (
            f" Staff allowed to: `/order reveal {ticket.id}`." if SEALED_ADDRESS in data else ""
        )
        return f"Opened `{escape(ticket.kind)}` to: {escape(where)}; needs staff.{reveal}"
    hidden = {"history", "slack", "takeover", "decision", "channel", SEALED_ADDRESS}
    shown = ", ".join(
        f"{escape(k)}: {escape(mask_text(str(v)))[:120]}"
        for k, v in data.items()
        if k not in hidden and v is not None
    )
    return f"Opened `{escape(ticket.kind)}`" + (f" ({shown})" if shown else "") + "; needs staff."


def order_summary(order: Order) -> str:
    lines = [
        f"*Order* {mask_order_no(order.order_no)} · {order.status.value} · {escape(order.platform)}"
    ]
    for item in order.items[:6]:
        total = money(item.unit_price * item.quantity, order.currency)
        lines.append(f"• {escape(item.title)} × {item.quantity}: {total}")
    if len(order.items) > 6:
        lines.append(f"• … and {len(order.items) - 6} more")
    payment = order.payment
    lines.append(
        f"Paid {money(payment.amount, order.currency)} ({escape(payment.method)}, "
        f"{payment.status.value}) · ship to {escape(mask_address(order.shipping_address))}"
    )
    for ret in order.returns[-3:]:
        lines.append(
            f"Return {escape(mask_text(ret.return_id))}: {ret.status.value}, "
            f"{money(ret.refund_amount, order.currency)}"
        )
    return "\n".join(lines)


def history_line(entry: Mapping[str, Any]) -> str:
    what = DONE.get(str(entry.get("what")), str(entry.get("what", "")).replace("_", " "))
    detail = f" ({escape(str(entry['detail']))[:80]})" if entry.get("detail") else ""
    when = str(entry.get("when", ""))[:16].replace("T", " ")
    return f"{who(entry.get('who'))} {what}{detail} · {when} UTC"


def change_line(change: TicketChange) -> str:
    """A change a business system made through the REST API, for the card's thread."""
    parts = []
    if change.status is not None:
        parts.append(f"set the status to *{change.status.value.replace('_', ' ')}*")
    if change.assignment:
        parts.append(
            f"assigned it to *{escape(change.assignee)}*" if change.assignee else "unassigned it"
        )
    said = " and ".join(parts) or "noted"
    note = f": {escape(cut(change.note, 300))}" if change.note else ""
    return f":gear: `{escape(change.by)}` (API) {said}{note}"


def crm_line(crm: Mapping[str, Any]) -> str:
    """The CRM's view of the customer: how many purchases, and its tags."""
    purchases = crm.get("purchases") or []
    tags = ", ".join(escape(str(t)) for t in (crm.get("tags") or [])[:8]) or "-"
    return f"*CRM*\n{len(purchases)} earlier purchases · tags: {tags}"


def fallback(ticket: Ticket) -> str:
    summary = escape(ticket.summary)
    return f"Ticket #{ticket.id} ({ticket.priority.value}, {ticket.kind}): {summary}"[:300]


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
            f"{money(item.unit_price * item.quantity, order.currency)}"
        )
    lines.append(
        f"Payment: {money(order.payment.amount, order.currency)} "
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
            f"{money(ret.refund_amount, order.currency)}"
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
    ordered = sorted(tickets, key=lambda t: (PRIORITY_RANK.get(t.priority.value, 9), t.id))
    lines = [f"*Open tickets* ({len(ordered)}), by priority:"]
    for t in ordered[:MAX_LISTED]:
        taken = (
            f" · {who((t.data.get('takeover') or {}).get('by'))}" if t.data.get("takeover") else ""
        )
        lines.append(
            f"{PRIORITY_MARK.get(t.priority.value, '')} *#{t.id}* {t.priority.value} · "
            f"{escape(t.kind)} · {t.department.value} · {t.status.value}{taken} · "
            f"{escape(cut(t.summary, 80))}{_permalink(t)}"
        )
    if len(ordered) > MAX_LISTED:
        lines.append(f"… and {len(ordered) - MAX_LISTED} more")
    return "\n".join(lines)
