"""One WeChat message as the core sees it: text, recognised voice, an image (the claim in
progress), a menu click or a subscription; events that need no answer are None."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from wechatpy.events import ClickEvent, SubscribeEvent, SubscribeScanEvent
from wechatpy.messages import BaseMessage, ImageMessage, TextMessage, VoiceMessage

from core.messages import MAX_TEXT, Inbound

CHANNEL = "wechat"


class BadRequest(ValueError):
    """The body is not a WeChat message we can read."""


def to_inbound(message: BaseMessage, raw: Mapping[str, Any]) -> Inbound | None:
    """The core's view of one WeChat message, or None for events that need no answer."""
    openid = message.source
    if not openid:
        raise BadRequest("FromUserName is missing")
    msg_type = str(raw["MsgType"]).lower()
    text, payload = "", None
    if isinstance(message, TextMessage):
        text = message.content or ""
        menu_id = raw.get("bizmsgmenuid")
        if menu_id and str(menu_id).isdigit():
            text = str(menu_id)  # a msgmenu item: its id is the choice's number
    elif isinstance(message, VoiceMessage):
        text = (message.recognition or "").strip()
        payload = None if text else "unsupported:voice"
    elif isinstance(message, ImageMessage):
        payload = f"image:{message.media_id}"
    elif isinstance(message, SubscribeEvent | SubscribeScanEvent):
        payload = "event:subscribe"
    elif isinstance(message, ClickEvent):
        payload = message.key or None
        if payload is None:
            return None
    elif msg_type == "event" or msg_type.startswith("device_"):
        return None  # menu links, location reports, template receipts, unsubscribe, ...
    else:
        payload = f"unsupported:{msg_type[:64]}"
    return Inbound(
        channel=CHANNEL,
        user_id=openid,
        chat_id=openid,
        text=text[:MAX_TEXT],
        payload=payload,
        event_id=_event_id(message),
        locale_hint=None,
        timestamp=datetime.fromtimestamp(message.time, UTC) if message.time else datetime.now(UTC),
    )


def _event_id(message: BaseMessage) -> str:
    """The Official Account's own id and the message's, so the engine answers a retry once."""
    if message.id:
        return f"{message.target}:{message.id}"[:128]
    event = getattr(message, "event", "") or ""
    return f"{message.target}:{message.source}:{message.time}:{event}"[:128]
