"""What a handler gets for one customer message, and how it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.i18n import Localizer
from core.messages import Button, ButtonsPart, Inbound, ReplyPart, TextPart
from core.services import Services
from core.sessions import Session
from core.understanding import Understanding

if TYPE_CHECKING:
    from core.dialogue.router import Router


@dataclass
class Context:
    inbound: Inbound
    session: Session
    understanding: Understanding
    loc: Localizer
    services: Services
    now: datetime
    router: Router
    parts: list[ReplyPart] = field(default_factory=list)

    @property
    def channel(self) -> str:
        return self.inbound.channel

    @property
    def user_id(self) -> str:
        return self.inbound.user_id

    @property
    def pending(self) -> dict[str, Any] | None:
        return self.session.state.get("pending")

    def expect(self, kind: str, **data: Any) -> None:
        """Remember what the next message is expected to answer."""
        self.session.state["pending"] = {"kind": kind, **data}

    def ask(self, kind: str, prompt: str, **data: Any) -> None:
        """Say `prompt` and expect its answer next; the prompt is kept to ask again on resume."""
        self.say(prompt)
        self.expect(kind, prompt=prompt, **data)

    def settle(self) -> None:
        self.session.state.pop("pending", None)

    def say(self, text: str) -> None:
        self.parts.append(TextPart(text=text))

    def offer(self, text: str, buttons: list[Button]) -> None:
        self.parts.append(ButtonsPart(text=text, buttons=buttons))

    def add(self, *parts: ReplyPart) -> None:
        self.parts.extend(parts)
