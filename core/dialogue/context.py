"""What a handler gets for one customer message, and how it answers and asks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from core.dialogue.state import ChoiceStep, ConversationState, Frame, PendingStep
from core.i18n import Localizer, shipped_languages
from core.messages import Button, ButtonsPart, Inbound, ReplyPart, TextPart
from core.services import Services
from core.sessions import Session
from core.understanding import Intent, Understander, Understanding
from core.understanding.expect import Answer, Expectation, ExpectedOption, ExpectKind

if TYPE_CHECKING:
    from core.dialogue.router import Router

#: The request each order flow serves (a reply asking for another one switches topic).
FLOW_INTENTS: dict[str, Intent] = {
    "status": Intent.ORDER_STATUS,
    "address": Intent.CHANGE_ADDRESS,
    "cancel": Intent.CANCEL_ORDER,
    "modify": Intent.MODIFY_ORDER,
    "return": Intent.RETURN_REQUEST,
    "refund": Intent.REFUND_STATUS,
    "payment": Intent.PAYMENT_ISSUE,
    "delivery": Intent.DELIVERY_ISSUE,
    "invoice": Intent.INVOICE,
    "price": Intent.COUPON_PRICE,
}


@cache
def _localizer(language: str) -> Localizer:
    return Localizer(language)


def in_every_language(label: Callable[[Localizer], str]) -> list[str]:
    """A label as every shipped catalog words it: a customer may type the label in another
    language than the one we detected ("Changed my mind" on a Chinese chat)."""
    seen: list[str] = []
    for language in shipped_languages():
        text = label(_localizer(language))
        if text and text not in seen:
            seen.append(text)
    return seen


def option(
    label: str,
    payload: str,
    *,
    words: Sequence[str] = (),
    meaning: str | None = None,
    units: int | None = None,
) -> ExpectedOption:
    return ExpectedOption(id=payload, label=label, words=list(words), meaning=meaning, units=units)


@dataclass
class Context:
    inbound: Inbound
    session: Session
    understanding: Understanding
    loc: Localizer
    services: Services
    now: datetime
    router: Router
    understander: Understander | None = None
    parts: list[ReplyPart] = field(default_factory=list)
    flow: str | None = None
    """The order flow running in this turn, once `start_flow` chose it."""

    async def read(self, expect: Expectation, text: str | None = None) -> Answer | None:
        """The message read as the answer to a question not asked yet: what the first message
        already says about the item, the order, the quantity ("return the silk pillowcase").
        `text` is the part of the message to read (by default all of it)."""
        text = self.understanding.text if text is None else text
        if self.understander is None or not text.strip():
            return None
        read = await self.understander.understand(
            text, previous_language=self.loc.language, expect=expect
        )
        return read.answer

    @property
    def channel(self) -> str:
        return self.inbound.channel

    @property
    def user_id(self) -> str:
        return self.inbound.user_id

    @property
    def state(self) -> ConversationState:
        return self.session.state

    @property
    def pending(self) -> PendingStep | None:
        return self.session.state.pending

    def request_frame(self) -> Frame:
        """The request being worked on: the one an earlier question interrupted, else this
        message."""
        pending = self.pending
        if pending is not None and pending.frame is not None:
            return pending.frame
        said = self.understanding
        return Frame(text=said.text, entities=said.entities, reason=said.reason, facts=said.facts)

    def take_up(self, frame: Frame | None) -> None:
        """Go on with an interrupted request: what it said, with what this message added (an
        order number, the item, how many)."""
        if frame is None:
            return
        now = self.understanding
        said = frame.entities
        entities = said.model_copy(
            update={
                "order_numbers": now.entities.order_numbers or said.order_numbers,
                "items": [*said.items, *now.entities.items],
                "quantities": [*said.quantities, *now.entities.quantities],
            }
        )
        self.understanding = now.model_copy(
            update={
                "text": f"{frame.text}\n{now.text}".strip(),  # "I want to return" + "the cup one"
                "entities": entities,
                "reason": frame.reason or now.reason,
                "facts": {**frame.facts, **now.facts},
                "answer": None,
            }
        )

    def expect(self, step: PendingStep) -> None:
        """Remember what the next message is expected to answer."""
        if step.flow is None:
            step.flow = self.flow
        if step.intent is None and step.flow in FLOW_INTENTS:
            step.intent = FLOW_INTENTS[step.flow]
        self.session.state.pending = step

    def ask(self, step: PendingStep) -> None:
        """Put the question to the customer and expect its answer next."""
        self.expect(step)
        self.add(*step.parts())

    def choose(
        self,
        text: str,
        options: Sequence[ExpectedOption],
        *,
        purpose: str,
        kind: ExpectKind = ExpectKind.CHOICE,
        order_no: str | None = None,
        flag: str | None = None,
        action: str | None = None,
    ) -> None:
        """Ask a question with options (buttons, or numbered text) and expect one of them."""
        served = FLOW_INTENTS.get(self.flow or "")
        self.ask(
            ChoiceStep(
                purpose=purpose,
                prompt=text,
                expect=Expectation(
                    kind=kind,
                    options=list(options),
                    action=action or (served.value if served else None),
                ),
                order_no=order_no,
                flag=flag,
            )
        )

    def settle(self) -> None:
        self.session.state.pending = None

    def say(self, text: str) -> None:
        self.parts.append(TextPart(text=text))

    def offer(self, text: str, buttons: list[Button]) -> None:
        self.parts.append(ButtonsPart(text=text, buttons=buttons))

    def add(self, *parts: ReplyPart) -> None:
        self.parts.extend(parts)
