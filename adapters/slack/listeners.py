"""The desk's Bolt listeners: ticket buttons, the canned-reply menu, the reject modal, thread
messages, `/order` and `/tickets`. Each acks at once and leaves the work to the desk's
background; who may act was decided before, in `middleware.staff_only`."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp

from adapters.slack.desk import SlackDesk
from adapters.slack.middleware import STAFF_SUBTYPES, _is_thread_reply, give_back
from adapters.slack.threads import StaffThreads

log = structlog.get_logger(__name__)

BUTTONS = re.compile(r"^ticket_(take_over|hand_back|approve|resolve)$")
Ack = Callable[..., Awaitable[None]]
Respond = Callable[..., Awaitable[None]]


def _ticket_id(value: Any) -> int | None:
    try:
        return int(str(value).partition(":")[0])
    except ValueError:
        return None


def _user_and_channel(body: dict[str, Any]) -> tuple[str, str]:
    return body["user"]["id"], str((body.get("channel") or {}).get("id"))


def add_listeners(app: AsyncApp, desk: SlackDesk, threads: StaffThreads) -> None:
    async def on_button(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        user, channel = _user_and_channel(body)
        ticket_id = _ticket_id(action.get("value"))
        if ticket_id is not None:
            name = action["action_id"].removeprefix("ticket_")
            await desk.later(desk.act(name, ticket_id, user, channel))

    async def on_reject_button(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        user, channel = _user_and_channel(body)
        ticket_id = _ticket_id(action.get("value"))
        if ticket_id is not None:
            await desk.later(desk.open_reject_modal(ticket_id, channel, user, body["trigger_id"]))

    async def on_canned(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        user, channel = _user_and_channel(body)
        value = str((action.get("selected_option") or {}).get("value", ""))
        ticket_id, key = _ticket_id(value), value.partition(":")[2]
        if ticket_id is not None and key:
            await desk.later(desk.act("canned", ticket_id, user, channel, key))

    async def on_reject_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            ticket_id, channel = int(meta["ticket"]), str(meta["channel"])
        except (ValueError, KeyError, TypeError):
            await ack(response_action="errors", errors={"reason": "This form is out of date."})
            return
        values = (view.get("state") or {}).get("values") or {}
        reason = ((values.get("reason") or {}).get("reason") or {}).get("value") or ""
        if not reason.strip():
            await ack(response_action="errors", errors={"reason": "Please give a reason."})
            return
        await ack()
        await desk.later(desk.act("reject", ticket_id, body["user"]["id"], channel, reason))

    async def on_message(ack: Ack, event: dict[str, Any], body: dict[str, Any]) -> None:
        await ack()
        subtype = event.get("subtype")
        if subtype == "message_changed":
            inner = event.get("message") or {}
            if isinstance(inner, dict) and not inner.get("bot_id") and inner.get("user"):
                await desk.later(threads.edit(event))
            return
        if subtype == "message_deleted":
            await desk.later(threads.delete(event))
            return
        if subtype not in STAFF_SUBTYPES:
            log.info("slack_message_ignored", subtype=subtype)
            return
        if _is_thread_reply(event):  # handled before the answer: a failure is retried by Slack
            try:
                await desk.now_or_later(threads.message(event))
            except Exception:
                await give_back(desk.keys, body)
                raise

    async def on_order(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        await ack()

        async def answer() -> None:
            text = await desk.order_answer(command.get("text") or "", str(command.get("user_id")))
            await respond(text=text, response_type="ephemeral")

        await desk.later(answer())

    async def on_tickets(ack: Ack, respond: Respond) -> None:
        await ack()

        async def answer() -> None:
            await respond(text=await desk.tickets_answer(), response_type="ephemeral")

        await desk.later(answer())

    app.action(BUTTONS)(on_button)
    app.action("ticket_reject")(on_reject_button)
    app.action("ticket_canned")(on_canned)
    app.view("ticket_reject")(on_reject_submit)
    app.event("message")(on_message)
    app.command("/order")(on_order)
    app.command("/tickets")(on_tickets)
