"""Sending to a customer outside the request that asked: late replies, staff relays, notices.

Each chat adapter provides a `Sender` for its channel; the core picks one by channel name.

Also the WeChat template mapping (settings `wechat_templates`): outside the 48-hour window an
Official Account may only send template messages, whose keys are typed by their name's prefix
(`thing1`, `time2`, `character_string3`, `amount4`, `phrase5`, ...) and each type has its own
rule: `thing` 20 characters of anything but line breaks, `character_string` 32 letters, digits
or symbols (no Chinese), `phrase` 5 Chinese characters, `amount` a currency symbol and up to 10
digits, `time` a 24-hour time with its date, and so on (`KEY_RULES`). A `WeChatTemplate` names,
per key, what fills it (`FIELD_SOURCES`), and `template_data` fits each value to its key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, field_validator

from core.messages import Reply


class NoticeKind(StrEnum):
    REPLY = "reply"
    """A late answer to the customer's own message."""
    STAFF = "staff"
    """A message a staff member wrote or picked."""
    NOTICE = "notice"
    """A proactive notice (stock-out, late parcel, failed payment)."""


class DeliveryFailed(RuntimeError):
    """The platform refused or could not be reached; the caller keeps the message to retry."""


class Sender(Protocol):
    channel: str

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        """Deliver `reply` to one chat; raise `DeliveryFailed` when the platform says no."""
        ...


class Senders:
    """The senders of every mounted channel, by channel name; fixed when built."""

    def __init__(self, senders: Iterable[Sender] = ()) -> None:
        self._by_channel: dict[str, Sender] = {}
        for sender in senders:
            if sender.channel in self._by_channel:
                raise ValueError(f"two senders for the {sender.channel} channel")
            self._by_channel[sender.channel] = sender

    def get(self, channel: str) -> Sender | None:
        return self._by_channel.get(channel)

    def __contains__(self, channel: object) -> bool:
        return channel in self._by_channel


# --- WeChat template messages ---------------------------------------------------------------


@dataclass(frozen=True)
class KeyRule:
    """What one template key type accepts (WeChat's "参数值内容限制")."""

    limit: int
    keep: Callable[[str], bool] = lambda _: True
    """Characters the type allows; others are dropped."""
    ellipsis: bool = False
    """Mark a cut value with "…" (for free text, where a cut is visible to the reader)."""


def _is_han(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "")


def _ascii_printable(ch: str) -> bool:
    return ch.isascii() and ch.isprintable()


def _symbol(ch: str) -> bool:
    return ch.isprintable() and not ch.isalnum() and not ch.isspace() and not _is_han(ch)


KEY_RULES: dict[str, KeyRule] = {
    "thing": KeyRule(20, ellipsis=True),
    "short_thing": KeyRule(5),
    "character_string": KeyRule(32, _ascii_printable),
    "number": KeyRule(32, lambda ch: ch.isdigit() or ch == "."),
    "letter": KeyRule(32, lambda ch: ch.isascii() and ch.isalpha()),
    "symbol": KeyRule(5, _symbol),
    "phone_number": KeyRule(17, lambda ch: ch.isdigit() or ch in "+-() "),
    "car_number": KeyRule(8, lambda ch: ch.isalnum()),
    "name": KeyRule(20),
    "phrase": KeyRule(5, _is_han),
    "const": KeyRule(20),
    "time": KeyRule(40),
    "date": KeyRule(40),
    "amount": KeyRule(14),
}
LEGACY_LIMIT = 200
"""Keys of the older free-form templates (`first`, `keyword1`, `remark`, `content`): WeChat
shows at most about 200 characters."""

FIELD_SOURCES = ("text", "summary", "line2", "line3", "order", "amount", "time", "date", "shop")
"""What may fill a key: the whole reply as one line, its first line, its second or third line,
the first order number in it, the first sum of money in it, the time and date of sending (in
the shop's time zone), the shop's name; or "=..." for a fixed text."""

_ORDER = re.compile(r"\*{2,}[\w-]+|#[\w-]{3,}|\b[A-Z]{0,4}\d[\w-]{3,}\b")
_AMOUNT = re.compile(r"([¥￥$€£₩₽฿])\s?(\d{1,10}(?:[.,]\d{1,2})?)")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


class WeChatTemplate(BaseModel):
    """One notice kind's template: its id, and what fills each of its keys."""

    template_id: str = Field(min_length=1, max_length=128)
    fields: dict[str, str] = Field(default_factory=lambda: {"content": "text"})
    url: str | None = None
    """Where tapping the message leads (the web chat, an order page)."""

    @field_validator("fields")
    @classmethod
    def _known_sources(cls, value: dict[str, str]) -> dict[str, str]:
        for key, source in value.items():
            if not source.startswith("=") and source not in FIELD_SOURCES:
                raise ValueError(f"{key}: unknown source {source!r}; use one of {FIELD_SOURCES}")
        return value


def as_template(value: str | WeChatTemplate | dict[str, Any]) -> WeChatTemplate:
    """A setting's value: a bare id means the old one-key (`content`) template."""
    if isinstance(value, WeChatTemplate):
        return value
    if isinstance(value, str):
        return WeChatTemplate(template_id=value)
    return WeChatTemplate.model_validate(value)


def key_type(key: str) -> str:
    """`thing1` -> "thing", `character_string12` -> "character_string"."""
    return key.rstrip("0123456789").rstrip("_")


def fit(key: str, value: str) -> str:
    """`value` made acceptable to a key of that type: one line, allowed characters only, cut
    to the type's length (free text with an ellipsis)."""
    text = _LINE_BREAKS.sub(" ", value).strip()
    text = "".join(ch for ch in text if ch.isprintable())
    rule = KEY_RULES.get(key_type(key))
    if rule is None:
        return text if len(text) <= LEGACY_LIMIT else text[: LEGACY_LIMIT - 1] + "…"
    text = "".join(ch for ch in text if rule.keep(ch)).strip()
    if key_type(key) == "name" and any(_is_han(ch) for ch in text):
        limit = 10  # a Chinese (or mixed) name: 10 characters
    else:
        limit = rule.limit
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…" if rule.ellipsis else text[:limit]


def _lines(reply: Reply) -> list[str]:
    return [line.strip() for line in reply.text().split("\n") if line.strip()]


def _source_value(source: str, reply: Reply, now: datetime, shop: str) -> str:
    if source.startswith("="):
        return source[1:]
    lines = _lines(reply)
    match source:
        case "text":
            return " ".join(lines)
        case "summary":
            return lines[0] if lines else ""
        case "line2" | "line3":
            index = int(source[-1]) - 1
            return lines[index] if len(lines) > index else ""
        case "order":
            found = _ORDER.search(reply.text())
            return found.group(0) if found else ""
        case "amount":
            money = _AMOUNT.search(reply.text())
            return f"{money.group(1)}{money.group(2).replace(',', '.')}" if money else ""
        case "time":
            return f"{now.year}年{now.month}月{now.day}日 {now:%H:%M}"
        case "date":
            return f"{now.year}年{now.month}月{now.day}日"
        case "shop":
            return shop
    return ""


def template_data(
    template: WeChatTemplate,
    reply: Reply,
    *,
    now: datetime,
    timezone: str = "Asia/Shanghai",
    shop: str = "",
) -> dict[str, dict[str, str]]:
    """The `data` of a `message/template/send` call: every key filled and fitted to its type."""
    local = now.astimezone(ZoneInfo(timezone))
    return {
        key: {"value": fit(key, _source_value(source, reply, local, shop))}
        for key, source in template.fields.items()
    }
