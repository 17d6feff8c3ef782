"""The two contracts between the core and every adapter: `Inbound` in, `Reply` out.

A `Reply` is an ordered list of platform-neutral parts; each adapter renders them natively
(Telegram inline keyboard, Slack blocks, WeChat numbered text or msgmenu, the web page's cards).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_TEXT = 4000
"""Longest customer text the core reads; adapters cut longer text before building an Inbound."""


class Inbound(BaseModel):
    """One customer message (or button press) as the core sees it."""

    model_config = ConfigDict(frozen=True)

    channel: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    user_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    chat_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    payload: Annotated[str, StringConstraints(max_length=256)] | None = None
    event_id: Annotated[str, StringConstraints(max_length=128)] | None = None
    locale_hint: Annotated[str, StringConstraints(max_length=35)] | None = None
    timestamp: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @property
    def conversation_key(self) -> str:
        return f"{self.channel}:{self.chat_id}"


class Button(BaseModel):
    label: str
    payload: str


class TextPart(BaseModel):
    type: Literal["text"] = "text"
    text: str


class ButtonsPart(BaseModel):
    """Quick replies; WeChat and other text-only channels number them instead."""

    type: Literal["buttons"] = "buttons"
    text: str = ""
    buttons: list[Button]


class ConfirmPart(BaseModel):
    """A yes/no question about a change; rendered as two buttons."""

    type: Literal["confirm"] = "confirm"
    text: str
    yes: Button
    no: Button


class CardField(BaseModel):
    label: str
    value: str


class OrderCardPart(BaseModel):
    """A summary card of one order, already localized and masked where the rules say so."""

    type: Literal["order"] = "order"
    title: str
    status: str
    fields: list[CardField] = []
    lines: list[str] = []


ReplyPart = Annotated[
    TextPart | ButtonsPart | ConfirmPart | OrderCardPart, Field(discriminator="type")
]


class Reply(BaseModel):
    parts: list[ReplyPart] = []
    language: str = "en"
    silent: bool = False
    """True while staff have taken the conversation over: the adapter sends nothing."""

    def text(self) -> str:
        """All visible text, in order; used by text-only channels, transcripts and tests."""
        chunks: list[str] = []
        for part in self.parts:
            match part:
                case TextPart(text=t):
                    chunks.append(t)
                case ButtonsPart(text=t, buttons=bs):
                    chunks.extend([t, *(b.label for b in bs)] if t else [b.label for b in bs])
                case ConfirmPart(text=t, yes=y, no=n):
                    chunks.extend([t, y.label, n.label])
                case OrderCardPart():
                    chunks.append(part.title)
                    chunks.append(part.status)
                    chunks.extend(f"{f.label}: {f.value}" for f in part.fields)
                    chunks.extend(part.lines)
        return "\n".join(c for c in chunks if c)

    def buttons(self) -> list[Button]:
        found: list[Button] = []
        for part in self.parts:
            if isinstance(part, ButtonsPart):
                found.extend(part.buttons)
            elif isinstance(part, ConfirmPart):
                found.extend([part.yes, part.no])
        return found
