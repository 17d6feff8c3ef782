"""What a conversation remembers between messages, as typed models (sealed in the session).

The heart of it is the pending step: every question the bot asks is one of the `PendingStep`
models, a discriminated union on `kind`, and carries the `Expectation` understanding reads the
next reply against. A step can render itself again (`parts()`), so any question can be asked
again after a topic switch or an unclear answer without the flow that asked it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from core.messages import Button, ButtonsPart, ConfirmPart, ReplyPart, TextPart
from core.order import Address
from core.outcomes.track import OutcomeTrack
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.types import Entities, Intent, ParsedAddress


def _now() -> datetime:
    return datetime.now(UTC)


class Frame(BaseModel):
    """What a request said (its words, order number, items, reason, facts), kept while the bot
    asks something first: what it meant, which order, who the customer is."""

    text: str
    entities: Entities
    reason: str | None = None
    facts: dict[str, bool] = {}


class _Step(BaseModel):
    flow: str | None = None
    """The order flow the question belongs to (`return`, `address`, ...), if any."""
    intent: Intent | None = None
    """The request the question serves: a reply asking for another one is a topic switch."""
    prompt: str = ""
    """The question as it was asked, in the customer's language, to ask it again."""
    expect: Expectation
    asked_at: datetime = Field(default_factory=_now)
    retries: int = 0
    """Replies so far that did not answer it."""
    frame: Frame | None = None
    """The request this question interrupts, to be taken up again once it is answered."""
    optional: bool = False
    """A question the customer may leave unanswered (how satisfied are you?): a reply that does
    not answer it drops it, and is handled as if nothing were pending."""

    def parts(self) -> list[ReplyPart]:
        """The question again, as it was first put."""
        if self.expect.options:
            buttons = [Button(label=o.label, payload=o.id) for o in self.expect.options]
            return [ButtonsPart(text=self.prompt, buttons=buttons)]
        return [TextPart(text=self.prompt)] if self.prompt else []


class ChoiceStep(_Step):
    """A question with options (buttons, numbered on text-only channels): which order, which
    item, how many, why, yes/no about a fact, go on or drop it."""

    kind: Literal["choice"] = "choice"
    purpose: str
    """What is being chosen (`order`, `return_line`, `return_qty`, `return_reason`,
    `return_flag`, `cancel_line`, `resume`, `intent`, `topic`, `notice`)."""
    order_no: str | None = None
    flag: str | None = None
    """For `return_flag`: which fact about which line (`{line_id}:{flag}`)."""


def _action_id() -> str:
    return uuid.uuid4().hex


class _Change(BaseModel):
    id: str = Field(default_factory=_action_id)
    """Made when the change is offered for confirmation and kept with it: the change's
    idempotency key in the action ledger (`core.ledger`), so one offer is carried out once."""


class AddressChange(_Change):
    action: Literal["address"] = "address"
    order_no: str
    address: Address


class Cancellation(_Change):
    action: Literal["cancel"] = "cancel"
    order_no: str
    lines: dict[str, int] | None = None
    """None cancels the whole order."""


class ReturnRequest(_Change):
    action: Literal["return"] = "return"
    order_no: str
    lines: dict[str, int]
    reason: str
    total: Decimal


class Modification(_Change):
    action: Literal["modify"] = "modify"
    order_no: str
    request: str


ConfirmAction = Annotated[
    AddressChange | Cancellation | ReturnRequest | Modification, Field(discriminator="action")
]


class ConfirmStep(_Step):
    """A change shown back to the customer, waiting for yes or no; expires."""

    kind: Literal["confirm"] = "confirm"
    change: ConfirmAction
    expires: datetime

    def parts(self) -> list[ReplyPart]:
        yes, no = self.expect.option("yes"), self.expect.option("no")
        if yes is None or no is None:
            return super().parts()
        return [
            ConfirmPart(
                text=self.prompt,
                yes=Button(label=yes.label, payload=yes.id),
                no=Button(label=no.label, payload=no.id),
            )
        ]


class AddressStep(_Step):
    kind: Literal["address"] = "address"
    order_no: str
    partial: ParsedAddress | None = None
    """What the customer already gave of the new address, completed by the next reply."""


class OrderNumberStep(_Step):
    kind: Literal["order_number"] = "order_number"
    verification: str | None = None
    """The verification answer given before the number ("the last 4 digits of my phone:
    5678"): used when the order it names must be verified."""


class VerifyStep(_Step):
    kind: Literal["verify"] = "verify"
    order_no: str


class DetailsStep(_Step):
    """Free text the flow needs: the invoice title and tax id, what to change on an order."""

    kind: Literal["details"] = "details"
    purpose: Literal["invoice", "modify"]
    order_no: str


class NoticeStep(_Step):
    """A proactive notice the customer may answer (wait, cancel, pay otherwise, compensation)."""

    kind: Literal["notice"] = "notice"
    order_no: str
    exception: str

    @classmethod
    def of(
        cls, parts: list[ReplyPart], order_no: str, exception: str, intent: Intent | None = None
    ) -> NoticeStep:
        """The notice's reply parts as the question the customer's next message may answer."""
        asked = next((p for p in parts if isinstance(p, ButtonsPart)), None)
        text = asked.text if asked else "\n".join(p.text for p in parts if isinstance(p, TextPart))
        options = (
            [ExpectedOption(id=b.payload, label=b.label) for b in asked.buttons] if asked else []
        )
        return cls(
            order_no=order_no,
            exception=exception,
            intent=intent,
            prompt=text,
            expect=Expectation(kind=ExpectKind.CHOICE, options=options),
        )


PendingStep = Annotated[
    ChoiceStep
    | ConfirmStep
    | AddressStep
    | OrderNumberStep
    | VerifyStep
    | DetailsStep
    | NoticeStep,
    Field(discriminator="kind"),
]

TEXT_STEPS: dict[str, ExpectKind] = {
    "address": ExpectKind.ADDRESS,
    "order_number": ExpectKind.ORDER_NUMBER,
    "verify": ExpectKind.VERIFY,
    "details": ExpectKind.FREE_TEXT,
}


class ReturnDraft(BaseModel):
    """A return being put together, one question at a time."""

    order_no: str
    lines: dict[str, int] = {}
    ask_qty: str | None = None
    """The line whose quantity is still to be asked."""
    reason: str | None = None
    flags: dict[str, bool] = {}
    """`{line_id}:{flag}` -> the customer's answer (opened, has photos, original packaging)."""
    facts: dict[str, bool] = {}
    """Flag -> what the customer said of the items before being asked ("still sealed")."""


class Takeover(BaseModel):
    ticket: int
    by: str


class QueuedPart(BaseModel):
    """A reply part waiting in the web chat's inbox (the page fetches it)."""

    kind: str
    """`staff` (a staff member wrote or picked it), `reply` or `notice`."""
    part: ReplyPart


class ConversationState(BaseModel):
    pending: PendingStep | None = None
    suspended: PendingStep | None = None
    """The question put aside while the customer asked something else."""
    choices: list[str] = []
    """Payloads of the buttons last offered: "2" typed on a text-only channel means the second."""
    focus: str | None = None
    """The order being discussed."""
    last_flow: str | None = None
    tz: str | None = None
    """The customer's time zone, once an order of theirs has told it."""
    takeover: Takeover | None = None
    inbox: list[QueuedPart] = []
    return_draft: ReturnDraft | None = None
    agenda: list[Intent] = []
    """Further requests the customer made in the same message, handled in turn."""
    agenda_said: list[str] = []
    """The clause that made each request of `agenda`: it is read again when its turn comes, so
    "…, and where is the speaker order?" asks about the speaker, not the order cancelled."""
    last_said: str = ""
    """The clause of the first of those requests: its order number is not a later one's."""
    frame: Frame | None = None
    """What the message behind a clarifying question said (its words, order number, items,
    address, reason), so that picking the meaning keeps it."""
    reason: str | None = None
    """A return reason said before the return flow asked for it."""
    outcomes: OutcomeTrack | None = None
    """The conversation's live episodes, for the outcome report (`core.outcomes`)."""
