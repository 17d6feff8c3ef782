"""The desk's two Bolt middlewares, run before any listener:

- `once`: Slack retries an event it thinks we missed (same `event_id`, `X-Slack-Retry-Num`); it
  is acted on once (claimed in the key store). A delivery whose handling failed (its listener
  raised: answered 500) gives its claim back (`give_back`), so Slack's retry is handled, not
  taken for a repeat;
- `staff_only`: the one place that decides who may act (`core.staff.StaffAccess`: a staff user,
  in a staff channel). A button or a modal from anyone else gets a refusal only they see, a
  slash command an ephemeral answer, a reply in a card's thread a note in that thread; messages
  elsewhere are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.config import REFUSAL, SlackConfig
from adapters.slack.desk import SlackDesk
from adapters.slack.threads import StaffThreads
from core.keys import KeyStore

log = structlog.get_logger(__name__)

DEDUP_SECONDS = 24 * 3600
STAFF_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message"})
"""`message` subtypes that are a staff member's own reply (files, "also send to channel", /me)."""
Next = Callable[[], Awaitable[BoltResponse | None]]
Middleware = Callable[..., Awaitable[BoltResponse | None]]
_ACKED = BoltResponse(status=200, body="")


def once(keys: KeyStore) -> Middleware:
    async def middleware(
        body: dict[str, Any], request: AsyncBoltRequest, next: Next
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await keys.claim(_claim_key(event_id), DEDUP_SECONDS):
            retries = request.headers.get("x-slack-retry-num") or []
            retry = retries[0] if retries else None
            log.info("slack_event_repeated", event_id=event_id, retry=retry)
            return BoltResponse(status=200, body="")
        return await next()

    return middleware


def _claim_key(event_id: str) -> str:
    return f"slack:event:{event_id}"


async def give_back(keys: KeyStore, body: dict[str, Any]) -> None:
    """The event's handling failed: forget that it was seen, so that Slack's retry of it is
    handled (`once` claimed it before the listener ran)."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not event_id:
        return
    try:
        await keys.clear(_claim_key(str(event_id)))
    except Exception:  # Redis is what failed: the claim was probably never stored
        log.warning("slack_event_claim_not_released")


def _who_and_where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    if "command" in body:
        return body.get("user_id"), body.get("channel_id")
    if body.get("type") == "view_submission":
        try:
            meta = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        channel = meta.get("channel") if isinstance(meta, dict) else None
        return (body.get("user") or {}).get("id"), channel
    return (body.get("user") or {}).get("id"), (body.get("channel") or {}).get("id")


def _is_thread_reply(event: dict[str, Any]) -> bool:
    return (
        event.get("subtype") in STAFF_SUBTYPES
        and not event.get("bot_id")
        and bool(event.get("thread_ts"))
        and event.get("thread_ts") != event.get("ts")
    )


def staff_only(config: SlackConfig, desk: SlackDesk, threads: StaffThreads) -> Middleware:
    async def middleware(body: dict[str, Any], next: Next) -> BoltResponse | None:
        if body.get("type") == "event_callback":
            return await _event(body.get("event") or {}, next)
        user, channel = _who_and_where(body)
        if config.may_act(user, channel):
            return await next()
        if "command" in body:
            return BoltResponse(status=200, body={"text": REFUSAL, "response_type": "ephemeral"})
        if body.get("type") == "view_submission":
            return BoltResponse(
                status=200, body={"response_action": "errors", "errors": {"reason": REFUSAL}}
            )
        if channel and user:
            await desk.later(desk.ephemeral(channel, user, REFUSAL))
        return _ACKED

    async def _event(event: dict[str, Any], next: Next) -> BoltResponse | None:
        if event.get("type") != "message":
            return await next()
        channel = event.get("channel")
        if channel not in config.channels.values():
            return _ACKED  # not a staff channel: nothing of ours
        subtype = event.get("subtype")
        if subtype == "message_deleted":
            return await next()  # the bot notes it; who deleted does not matter
        inner = event.get("message") if subtype == "message_changed" else event
        user = inner.get("user") if isinstance(inner, dict) else None
        if config.may_act(user, channel):
            return await next()
        if subtype != "message_changed" and user and _is_thread_reply(event):
            await desk.later(threads.refuse(str(channel), str(user), str(event["thread_ts"])))
        return _ACKED

    return middleware
