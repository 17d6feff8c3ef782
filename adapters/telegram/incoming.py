"""The parts of a message or button-press update the channel uses (`Incoming`), read the same
from either SDK's objects; service messages and member changes are only logged, never by
content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import structlog

from adapters.telegram.kinds import Kind, classify

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Incoming:
    """The parts of a message or callback query update that the channel uses."""

    update_id: int
    user_id: int
    chat_id: int
    text: str = ""
    language_code: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    message_id: int | None = None
    """For a callback query: the message whose keyboard was pressed."""
    photo_id: str | None = None
    """A photo's file id: it joins the claim in progress after the caption (`text`) is read."""
    media: str | None = None
    """A kind the bot cannot read (voice, sticker, ...): answered with what it can read."""
    edited: bool = False


def incoming_message(
    update_id: int, message: Mapping[str, Any], *, edited: bool = False
) -> Incoming | None:
    """The channel's view of a private-chat message, or None (logged) for a service message,
    a kind this code does not know, or a message without a sender. Never logs its content."""
    sender, chat = message.get("from"), message.get("chat")
    if not isinstance(sender, Mapping) or not isinstance(chat, Mapping):
        log.info("telegram_message_ignored", update_id=update_id, reason="no sender")
        return None
    found = classify(message)
    if found.kind in (Kind.SERVICE, Kind.UNKNOWN):
        fields = sorted(k for k in message if k not in ("from", "chat", "date", "message_id"))
        log.info(
            "telegram_message_ignored",
            update_id=update_id,
            kind=found.kind.value,
            field=found.field or None,
            fields=None if found.field else fields[:12],
        )
        return None
    if edited and found.kind is not Kind.TEXT and not found.text:
        log.info("telegram_edit_ignored", update_id=update_id, field=found.field)
        return None  # a re-cropped photo or swapped file: the first one was answered
    media = None
    if found.kind in (Kind.ASK_FOR_TEXT, Kind.UNSUPPORTED) and not edited:
        media = found.field
    log.info(
        "telegram_message",
        update_id=update_id,
        kind=found.kind.value,
        field=found.field,
        captioned=bool(found.text) and found.kind is not Kind.TEXT,
        edited=edited,
    )
    return Incoming(
        update_id=update_id,
        user_id=int(sender["id"]),
        chat_id=int(chat["id"]),
        text=found.text,
        language_code=sender.get("language_code") or None,
        photo_id=found.file_id if found.kind is Kind.PHOTO and not edited else None,
        media=media,
        edited=edited,
    )


def member_update(update_id: int, change: Mapping[str, Any]) -> None:
    """`my_chat_member`: the customer blocked (`kicked`) or restarted the bot; logged only."""
    new = change.get("new_chat_member")
    status = new.get("status") if isinstance(new, Mapping) else None
    log.info("telegram_member_update_ignored", update_id=update_id, status=status)


def start_argument(text: str) -> str | None:
    """`"/start"` -> "", `"/start@ShopBot abc"` -> "abc"; None when not a /start command."""
    head, _, rest = text.strip().partition(" ")
    if head.split("@", 1)[0].lower() != "/start":
        return None
    return rest.strip()
