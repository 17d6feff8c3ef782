"""A staff member's reply in a card's thread reaches the customer whatever shape Slack gives
it: a plain reply, one also sent to the channel (`thread_broadcast`), one with files (each file
a link the customer can open; without `public_url` the staff member is told it did not go).
Editing a relayed reply sends the customer a correction in their language; deleting one cannot
take it back, and the thread says so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.slack.config import REFUSAL
from adapters.slack.desk import SlackDesk
from adapters.slack.files import SlackFiles
from adapters.slack.mrkdwn import escape, plain, who

RELAYED_SECONDS = 30 * 24 * 3600
"""How long a relayed staff message is remembered, so an edit or delete of it is recognised."""
FILE_UNSENT = (
    "The file {name} did not reach the customer: set ORDERSUPPORT_PUBLIC_URL to the address "
    "customers can open, or paste a link instead."
)
DELETED_NOTE = (
    "{who} deleted a message here that had already reached the customer; deleting it in Slack "
    "does not take it back there. Reply in this thread with a correction if needed."
)
_GONE = ("tombstone", "hidden_by_limit")


def _relayed_key(channel: str, ts: str) -> str:
    return f"slack:relayed:{channel}:{ts}"


class StaffThreads:
    def __init__(self, desk: SlackDesk, files: SlackFiles) -> None:
        self.desk = desk
        self.files = files

    async def message(self, event: Mapping[str, Any]) -> None:
        """A staff reply in a card's thread: to the customer at once, files as links, then a
        ✓ reaction. (Who may reply is checked before, in the middleware.)"""
        desk = self.desk
        channel, user = str(event.get("channel")), str(event.get("user"))
        ticket = await desk.find_by_thread(channel, str(event.get("thread_ts")))
        if ticket is None:
            return
        lines = [plain(event.get("text") or "")]
        unsent: list[str] = []
        for file in event.get("files") or []:
            if not isinstance(file, Mapping) or file.get("mode") in _GONE:
                continue
            name = str(file.get("name") or file.get("title") or "file")[:120]
            link = await self.files.link(file)
            if link is None:
                unsent.append(name)
            else:
                lines.append(f"{name}: {link}")
        text = "\n".join(line for line in lines if line)
        for name in unsent:
            await desk.ephemeral(
                channel, user, FILE_UNSENT.format(name=escape(name)), str(event["thread_ts"])
            )
        if not text:
            return
        outcome = await desk.act("reply", ticket.id, user, channel, text)
        if outcome is not None:
            key = _relayed_key(channel, str(event["ts"]))
            await desk.keys.put(key, str(ticket.id), RELAYED_SECONDS)
            await desk.client.reactions_add(
                channel=channel, timestamp=str(event["ts"]), name="white_check_mark"
            )

    async def refuse(self, channel: str, user: str, thread_ts: str) -> None:
        """Someone who may not act replied in a card's thread: tell them, only them."""
        if await self.desk.find_by_thread(channel, thread_ts) is not None:
            await self.desk.ephemeral(channel, user, REFUSAL, thread_ts=thread_ts)

    async def edit(self, event: Mapping[str, Any]) -> None:
        """`message_changed` of a staff reply that reached the customer: send the correction."""
        desk = self.desk
        channel = str(event.get("channel"))
        message = event.get("message") or {}
        before = event.get("previous_message") or {}
        user = str(message.get("user"))
        ticket_id = await desk.keys.get(_relayed_key(channel, str(message.get("ts"))))
        if ticket_id is None:
            return
        text = plain(message.get("text") or "")
        if not text or text == plain(before.get("text") or ""):
            return  # an unfurl or a metadata change, not new words
        ticket = await desk.tickets.get(int(ticket_id))
        if ticket is None:
            return
        loc = await desk.staff.localizer(ticket)
        correction = loc._("Correction: {text}", text=text)
        outcome = await desk.act("reply", ticket.id, user, channel, correction)
        if outcome is not None:
            await desk.client.reactions_add(
                channel=channel, timestamp=str(message.get("ts")), name="pencil2"
            )

    async def delete(self, event: Mapping[str, Any]) -> None:
        """`message_deleted` of a relayed reply: it cannot be unsent; say so in the thread."""
        desk = self.desk
        channel = str(event.get("channel"))
        deleted = str(event.get("deleted_ts"))
        ticket_id = await desk.keys.get(_relayed_key(channel, deleted))
        if ticket_id is None:
            return
        ticket = await desk.tickets.get(int(ticket_id))
        if ticket is None:
            return
        before = event.get("previous_message") or {}
        deleter = f"slack:{before['user']}" if before.get("user") else None
        await desk.thread_note(ticket, DELETED_NOTE.format(who=who(deleter)))
        await desk.keys.clear(_relayed_key(channel, deleted))
