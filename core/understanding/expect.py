"""What the bot is waiting for, and the customer's reply read as an answer to it.

Every question the bot asks declares an `Expectation`: a yes/no, one of these options, an item
of this order, a quantity, a reason, an address, an order number, a verification answer or free
text. Understanding reads a reply against it *first* and returns an `Answer` (or none, when the
reply is not an answer but, say, a new question). Option ids are the payloads of the buttons the
question offered, so a typed answer does exactly what pressing that button would have done.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field


class ExpectKind(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    ITEM = "item"
    QUANTITY = "quantity"
    REASON = "reason"
    ADDRESS = "address"
    ORDER_NUMBER = "order_number"
    VERIFY = "verify"
    FREE_TEXT = "free_text"


class OptionFacts(BaseModel):
    """What an option (an order) is, for replies that name it by when or how it stands or what
    it cost: "the one from yesterday", "the one that has not shipped", "the Amazon one", "the
    cheaper one"."""

    placed_at: datetime | None = None
    stage: str | None = None
    """`unshipped`, `on_the_way` or `delivered`."""
    platform: str | None = None
    amount: Decimal | None = None
    """What the order cost, for "the $59 one" and "the cheaper one" (in `currency`)."""
    currency: str | None = None
    units: int | None = None
    """How many units the order holds, for "the one with just one in it"."""
    tracking: list[str] = []
    """Its shipments' tracking numbers, for "the one with tracking ending 4784"."""


class ExpectedOption(BaseModel):
    """One thing the customer may pick: `id` is the button payload it stands for."""

    id: str
    label: str
    """The label as shown, in the customer's language."""
    words: list[str] = []
    """More ways to name it: synonyms in every locale, item titles and SKUs, order numbers."""
    meaning: str | None = None
    """A language-neutral code the interpreter knows: `yes`/`no`, a return reason, `all`."""
    facts: OptionFacts | None = None
    units: int | None = None
    """For an item: the units on its line, what "all of them" comes to ("收纳盒全部")."""


class Expectation(BaseModel):
    kind: ExpectKind
    options: list[ExpectedOption] = []
    max_quantity: int | None = None
    """For QUANTITY: the units there are ("all of them" means this many)."""
    action: str | None = None
    """The request the question serves (an intent label): for YES_NO about a change, "cancel
    it" confirms a cancellation and "keep it" declines it; for any question, a reply that is
    plainly another request is not its answer."""
    fact: str | None = None
    """For YES_NO about a fact of a claim: `opened`, `original_packaging` or `has_photos`, so
    that "I threw the box away" answers no and "still sealed" answers yes."""
    quantity_payload: str | None = None
    """For QUANTITY: the payload prefix a number is sent with (`return_qty` -> `return_qty:2`)."""

    def option(self, meaning: str) -> ExpectedOption | None:
        return next((o for o in self.options if o.meaning == meaning), None)


class Answer(BaseModel):
    """A reply understood as an answer to the expectation."""

    kind: ExpectKind
    payload: str | None = None
    """The payload to act on (a chosen option's id, or `quantity_payload:n`); None for answers
    the pending step reads itself (address, order number, verification, free text)."""
    quantity: int | None = None
    """A quantity said alongside an item ("2 of the mugs") or the quantity asked for."""
    reason: str | None = None
    """A return reason given instead of a yes or no ("wrong size, actually")."""
    value: str | None = None
    """For ORDER_NUMBER: the number as the shop writes it, spaces the customer typed inside it
    left out ("3412 9087 6543 2198 765" -> "3412908765432198765")."""
    rest: str | None = None
    """For YES_NO: a question or request said after the answer ("да, оформляйте. деньги на ту
    же карту вернутся?"), to be taken up once the answer is acted on."""
    confidence: float = Field(ge=0, le=1)
    method: str
    """How it was read (`number`, `ordinal`, `label`, `fuzzy`, `semantic`, `lexicon`, ...):
    for the benchmarks and the logs."""
