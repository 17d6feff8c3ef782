"""What understanding returns for one message: language, one intent label, entities.

This is the contract between understanding and the rest of the core; dialogue reads only these
models. Language codes are the shipped locale ids (`zh_Hans`, `zh_Hant`, `en`, `es`, ...).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, Field

from core.understanding.expect import Answer, Expectation

LANGUAGES: tuple[str, ...] = (
    "zh_Hans",
    "zh_Hant",
    "en",
    "es",
    "ru",
    "ja",
    "ko",
    "ar",
    "pt",
    "fr",
    "de",
    "vi",
    "th",
    "id",
)


class Intent(StrEnum):
    ORDER_STATUS = "order_status"
    CHANGE_ADDRESS = "change_address"
    CANCEL_ORDER = "cancel_order"
    MODIFY_ORDER = "modify_order"
    RETURN_REQUEST = "return_request"
    REFUND_STATUS = "refund_status"
    PAYMENT_ISSUE = "payment_issue"
    DELIVERY_ISSUE = "delivery_issue"
    INVOICE = "invoice"
    COUPON_PRICE = "coupon_price"
    POLICY_QUESTION = "policy_question"
    HUMAN_AGENT = "human_agent"
    COMPLAINT = "complaint"
    GREETING = "greeting"
    AFFIRM = "affirm"
    DENY = "deny"
    OTHER = "other"


class ItemRef(BaseModel):
    """A reference to order lines in the customer's words: "2 of the mugs", "the blue one"."""

    text: str
    quantity: int | None = None
    words: list[str] = []
    out_of: int | None = None
    """The whole the quantity is part of: 3 in "2 of the 3 mugs" (never the quantity itself)."""
    all_units: bool = False
    """Every unit of the lines meant: "all of them", "全部", "todos"."""
    ordinal: int | None = None
    """A choice by position: 2 for "the second one", -1 for "the last one"."""


class ParsedAddress(BaseModel):
    """An address as typed, split into the canonical `Address` fields; nothing dropped.

    `line1` is the street and house number (for China and Japan the road/block part),
    `line2` everything below it: building, floor, unit ("Apt 2", "3º B", "B栋3单元1202室");
    `building`, `floor` and `unit` repeat the pieces of `line2` that could be told apart.
    `province` holds a state, prefecture or region ("NY", "東京都", "DKI Jakarta");
    `subdistrict` a ward or village below the district ("Phường Bến Nghé", "Kel. Senayan",
    "แขวงคลองเตยเหนือ"), which the canonical address has no field for: fold it into a line."""

    country: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    line1: str | None = None
    postal_code: str | None = None
    name: str | None = None
    phone: str | None = None
    line2: str | None = None
    building: str | None = None
    floor: str | None = None
    unit: str | None = None
    subdistrict: str | None = None


class Entities(BaseModel):
    order_numbers: list[str] = []
    tracking_numbers: list[str] = []
    phones: list[str] = []
    emails: list[str] = []
    quantities: list[int] = []
    items: list[ItemRef] = []
    products: list[ItemRef] = []
    """Every product word the message names ("the hoodie", "藍牙耳機", "الشاشة"), as written,
    counted when a number or "a"/"una" stands next to it. Kept apart from `items`, which choose
    order lines: "cancel the coffee, I keep the coffee maker" names both but means one."""
    address: ParsedAddress | None = None
    invoice_title: str | None = None
    """The company (or "个人") an invoice is made out to."""
    tax_id: str | None = None
    """The invoice's tax id as typed: 税号, USt-IdNr., NIF, ИНН, CNPJ, NPWP, ..."""
    invoice_address: ParsedAddress | None = None
    """The company's address written with its invoice data ("công ty …, MST …, địa chỉ 45 …"):
    the invoice's, not a new address to deliver to (`address` is None then)."""


class Understanding(BaseModel):
    text: str
    language: str
    intent: Intent
    confidence: float = Field(ge=0, le=1)
    alternatives: list[tuple[Intent, float]] = []
    """The next most likely labels, best first: the options of a clarifying question."""
    entities: Entities = Entities()
    reason: str | None = None
    """A return reason the message gives ("they arrived chipped" -> `damaged`), as a
    `ReturnReason` value."""
    also: list[Intent] = []
    """Further requests in the same message, in the order they were made."""
    also_said: list[str] = []
    """The clause of the message that makes each of `also`, so each is read on its own words."""
    main_said: str = ""
    """The clause that makes `intent`, when the message makes several requests."""
    facts: dict[str, bool] = {}
    """Facts of a return claim told in passing: `opened`, `original_packaging`, `has_photos`."""
    answer: Answer | None = None
    """The message read as the answer to the question the bot asked, when it is one."""


class Understander(Protocol):
    """Turns one customer message into an `Understanding`. Must not block the event loop.

    `expect` is what the bot is waiting for: the reply is read against it first."""

    async def understand(
        self,
        text: str,
        *,
        locale_hint: str | None = None,
        previous_language: str | None = None,
        expect: Expectation | None = None,
    ) -> Understanding: ...
