"""What a private-chat message is, from its Bot API fields (text, a photo, a voice note, a
sticker, a service message, ...), so both SDKs answer every kind alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What the channel does with a private-chat message."""

    TEXT = "text"
    """Read as the customer's words."""
    PHOTO = "photo"
    """Joins the claim in progress (`image:<file id>`); its caption is read as text first."""
    ASK_FOR_TEXT = "ask_for_text"
    """Voice, audio, video: the customer is asked, politely, to type instead."""
    UNSUPPORTED = "unsupported"
    """Stickers, documents, places, polls, ...: a clear answer of what the bot can read."""
    SERVICE = "service"
    """Telegram's own notes (pinned, payments, web app data, ...): logged, not answered."""
    UNKNOWN = "unknown"
    """A field this code does not know yet (a newer Bot API): logged, not answered."""


ASK_FOR_TEXT: tuple[str, ...] = ("voice", "audio", "video", "video_note")
UNSUPPORTED: tuple[str, ...] = (
    "sticker",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
    "checklist",
    "paid_media",
    "live_photo",
    "giveaway",
    "giveaway_winners",
    "invoice",
    "rich_message",
)
SERVICE: tuple[str, ...] = (
    "new_chat_members",
    "left_chat_member",
    "new_chat_title",
    "new_chat_photo",
    "delete_chat_photo",
    "group_chat_created",
    "supergroup_chat_created",
    "channel_chat_created",
    "message_auto_delete_timer_changed",
    "migrate_to_chat_id",
    "migrate_from_chat_id",
    "pinned_message",
    "successful_payment",
    "refunded_payment",
    "users_shared",
    "user_shared",
    "chat_shared",
    "gift",
    "unique_gift",
    "gift_upgrade_sent",
    "connected_website",
    "write_access_allowed",
    "passport_data",
    "proximity_alert_triggered",
    "boost_added",
    "chat_background_set",
    "checklist_tasks_done",
    "checklist_tasks_added",
    "direct_message_price_changed",
    "forum_topic_created",
    "forum_topic_edited",
    "forum_topic_closed",
    "forum_topic_reopened",
    "general_forum_topic_hidden",
    "general_forum_topic_unhidden",
    "giveaway_created",
    "giveaway_completed",
    "managed_bot_created",
    "paid_message_price_changed",
    "poll_option_added",
    "poll_option_deleted",
    "suggested_post_approved",
    "suggested_post_approval_failed",
    "suggested_post_declined",
    "suggested_post_paid",
    "suggested_post_refunded",
    "video_chat_scheduled",
    "video_chat_started",
    "video_chat_ended",
    "video_chat_participants_invited",
    "web_app_data",
    "chat_owner_left",
    "chat_owner_changed",
    "community_chat_added",
    "community_chat_removed",
    "community_chat_joined",
)
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
"""Documents of these types are photos sent "as a file" (uncompressed): treated as photos."""


@dataclass(frozen=True)
class Classified:
    kind: Kind
    field: str
    """The Bot API field that decided it ("text", "photo", "voice", "pinned_message", ...)."""
    text: str = ""
    """The text, or the caption of a media message."""
    file_id: str | None = None
    """For a photo: the largest size's file id."""


def _largest_photo(sizes: Any) -> str | None:
    if not isinstance(sizes, list) or not sizes:
        return None
    best = max(
        (s for s in sizes if isinstance(s, Mapping) and s.get("file_id")),
        key=lambda s: (int(s.get("width") or 0) * int(s.get("height") or 0), s.get("file_size")),
        default=None,
    )
    return str(best["file_id"]) if best else None


def classify(message: Mapping[str, Any]) -> Classified:
    """What a message is, from its Bot API fields (`Message.to_dict()` in python-telegram-bot,
    `Message.model_dump(by_alias=True)` in aiogram: the same names either way)."""
    caption = str(message.get("caption") or "")
    if message.get("photo"):
        return Classified(Kind.PHOTO, "photo", caption, _largest_photo(message["photo"]))
    document = message.get("document")
    if isinstance(document, Mapping) and str(document.get("mime_type", "")) in IMAGE_TYPES:
        file_id = document.get("file_id")
        return Classified(Kind.PHOTO, "document", caption, str(file_id) if file_id else None)
    if message.get("text"):
        return Classified(Kind.TEXT, "text", str(message["text"]))
    for name in ASK_FOR_TEXT:
        if message.get(name):
            return Classified(Kind.ASK_FOR_TEXT, name, caption)
    for name in UNSUPPORTED:
        if message.get(name):
            return Classified(Kind.UNSUPPORTED, name, caption)
    for name in SERVICE:
        if message.get(name) not in (None, False, [], ""):
            return Classified(Kind.SERVICE, name)
    return Classified(Kind.UNKNOWN, "", caption)
