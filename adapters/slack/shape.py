"""What reaches the Bolt app at `/slack/events` was signed by Slack, in Slack's exact form, and
has the shape Slack documents — checked before Bolt sees it, so that:

- an unsigned or badly signed request is answered 401 at once, and its body is never parsed,
  masked or logged (slack-bolt logs the whole body of such a request, and masking a 32 KB body
  stalled every other request);
- a signed but malformed body (`payload={`, `payload=[1]`, an `event` that is a string, a
  `user` that is not an object, a view without its `callback_id`) is answered 400 with a clear
  message, instead of raising inside Bolt's middleware or the desk's listeners.

The signature is compared in the form Slack sends: `v0=` and 64 lowercase hex digits of
HMAC-SHA256 over `v0:{timestamp}:{body}`, a timestamp within five minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from typing import Any
from urllib.parse import parse_qs

from pydantic import BaseModel, ConfigDict, ValidationError

MAX_AGE_SECONDS = 5 * 60
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_STAMP = re.compile(r"\d{1,12}")


def signed_by_slack(
    secret: str, body: bytes, stamp: str | None, signature: str | None, now: float | None = None
) -> bool:
    """True for Slack's own signature of `body`: exactly `v0=<lowercase hex>`, fresh."""
    if not (stamp and signature and _STAMP.fullmatch(stamp) and _SIGNATURE.fullmatch(signature)):
        return False
    if abs((time.time() if now is None else now) - int(stamp)) > MAX_AGE_SECONDS:
        return False
    mac = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(signature.encode(), f"v0={mac.hexdigest()}".encode())


class _Loose(BaseModel):
    """Slack sends many more fields than these; only the ones the desk reads are checked."""

    model_config = ConfigDict(extra="allow")


class _Id(_Loose):
    id: str


class _Action(_Loose):
    action_id: str
    value: str | None = None
    selected_option: dict[str, Any] | None = None


class _View(_Loose):
    callback_id: str = ""
    private_metadata: str = ""
    state: dict[str, Any] | None = None


class Interaction(_Loose):
    """An interactivity payload (`payload=` JSON): a button, a menu, a modal submission."""

    type: str
    user: _Id | None = None
    channel: _Id | None = None
    actions: list[_Action] | None = None
    view: _View | None = None
    trigger_id: str | None = None
    response_url: str | None = None


class _Message(_Loose):
    user: str | None = None
    text: str | None = None
    ts: str | None = None
    thread_ts: str | None = None
    bot_id: str | None = None
    subtype: str | None = None


class _Event(_Message):
    type: str
    channel: str | None = None
    message: _Message | None = None
    previous_message: _Message | None = None
    files: list[dict[str, Any]] | None = None


class EventEnvelope(_Loose):
    """The Events API envelope (`url_verification`, `event_callback`)."""

    type: str
    event_id: str | None = None
    event: _Event | None = None
    challenge: str | None = None


class Command(_Loose):
    """A slash command: form fields, all strings; Slack always sends where to answer."""

    command: str
    user_id: str
    channel_id: str
    response_url: str
    text: str = ""


def malformed(body: bytes, content_type: str) -> str | None:
    """Why a signed body cannot be handled (None when it can)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body must be UTF-8"
    try:
        if content_type == "application/json":
            EventEnvelope.model_validate(json.loads(text))
            return None
        if content_type != "application/x-www-form-urlencoded":
            return f"unexpected content type {content_type or '(none)'}"
        form = parse_qs(text, max_num_fields=100, strict_parsing=False)
        if "payload" in form:
            Interaction.model_validate(json.loads(form["payload"][0]))
        elif "command" in form:
            Command.model_validate({k: v[0] for k, v in form.items()})
        elif "ssl_check" not in form:
            return "neither an event, an interaction nor a command"
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            return f"malformed Slack request: {where}: {first['msg']}"
        return "malformed Slack request: not valid JSON"
    return None
