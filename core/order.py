"""The canonical order: every shop platform's order, mapped into one validated shape.

The same model is the `shop import` file format, the body of `GET /api/orders/{order_no}` and what
every `OrderSource` connector produces (DESIGN.md, "The canonical order"). Money is a `Decimal`
(a decimal string in JSON) in the order's currency; every time carries an offset.

Two optional fields go beyond DESIGN.md because the flows need them and the design has no other
place for them: `items[].backordered` (a stock-out, which the status answer and the exception
monitor must see) and `returns` (returns already made, needed for refund status and for the
"refunds already made" term of the threshold-discount rule). Both default to empty, so every
document in the design's format is still valid.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import get_currency_name
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    PICKING = "picking"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    CLOSED = "closed"


class Category(StrEnum):
    GENERAL = "general"
    FRAGILE = "fragile"
    CUSTOM = "custom"
    PERISHABLE = "perishable"
    DIGITAL = "digital"
    HYGIENE = "hygiene"


class DiscountKind(StrEnum):
    ORDER_FIXED = "order_fixed"
    ORDER_PERCENT = "order_percent"
    THRESHOLD = "threshold"


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class FailureCode(StrEnum):
    INSUFFICIENT_FUNDS = "insufficient_funds"
    CARD_LIMIT_EXCEEDED = "card_limit_exceeded"
    RISK_BLOCKED = "risk_blocked"
    EXPIRED_CARD = "expired_card"
    AUTHENTICATION_FAILED = "authentication_failed"
    BANK_DECLINED = "bank_declined"
    NETWORK_ERROR = "network_error"


class ReturnStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    RECEIVED = "received"
    REFUNDED = "refunded"
    REJECTED = "rejected"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class ChannelBinding(_Strict):
    channel: NonEmpty
    user_id: NonEmpty


class Customer(_Strict):
    id: NonEmpty
    name: NonEmpty
    phone: NonEmpty | None = None
    email: NonEmpty | None = None
    locale: NonEmpty | None = None
    timezone: NonEmpty | None = None
    channels: list[ChannelBinding] = []

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("email")
    @classmethod
    def _plausible_email(cls, value: str | None) -> str | None:
        if value is not None and ("@" not in value or value.startswith("@")):
            raise ValueError("not an e-mail address")
        return value


class Item(_Strict):
    line_id: NonEmpty
    sku: NonEmpty
    title: NonEmpty
    category: Category = Category.GENERAL
    quantity: int = Field(ge=1, le=100_000)
    unit_price: Money
    backordered: bool = False


class Discount(_Strict):
    code: NonEmpty
    kind: DiscountKind
    amount: Money | None = None
    percent: Decimal | None = Field(default=None, gt=0, le=100)
    threshold: Money | None = None

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Self:
        if self.kind is DiscountKind.ORDER_PERCENT and self.percent is None:
            raise ValueError("an order_percent discount needs 'percent'")
        if self.kind is DiscountKind.ORDER_FIXED and self.amount is None:
            raise ValueError("an order_fixed discount needs 'amount'")
        if self.kind is DiscountKind.THRESHOLD and (self.amount is None or self.threshold is None):
            raise ValueError("a threshold discount needs 'amount' and 'threshold'")
        return self


class Address(_Strict):
    name: NonEmpty
    phone: NonEmpty
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    province: NonEmpty | None = None
    city: NonEmpty
    district: NonEmpty | None = None
    line1: NonEmpty
    line2: NonEmpty | None = None
    postal_code: NonEmpty | None = None


class Warehouse(_Strict):
    code: NonEmpty
    outbound_at: AwareDatetime | None = None


class TrackingEvent(_Strict):
    at: AwareDatetime
    status: NonEmpty
    description: NonEmpty


class Shipment(_Strict):
    carrier: NonEmpty
    tracking_no: NonEmpty
    picked_up_at: AwareDatetime | None = None
    eta: AwareDatetime | None = None
    events: list[TrackingEvent] = []

    def latest_event(self) -> TrackingEvent | None:
        return max(self.events, key=lambda e: e.at, default=None)


class Payment(_Strict):
    method: NonEmpty
    status: PaymentStatus
    failure_code: FailureCode | None = None
    amount: Money

    @model_validator(mode="after")
    def _failure_code_only_when_failed(self) -> Self:
        if self.failure_code is not None and self.status is not PaymentStatus.FAILED:
            raise ValueError("failure_code is only allowed when status is 'failed'")
        return self


class ReturnLine(_Strict):
    line_id: NonEmpty
    quantity: int = Field(ge=1)


class Return(_Strict):
    return_id: NonEmpty
    created_at: AwareDatetime
    lines: list[ReturnLine] = []
    """Empty only for money refunded without goods (shipping, a goodwill refund): shop
    platforms record those as refunds without line items."""
    reason: NonEmpty
    refund_amount: Money
    status: ReturnStatus = ReturnStatus.REQUESTED
    refunded_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _goods_or_money(self) -> Self:
        if not self.lines and (self.status is not ReturnStatus.REFUNDED or self.refund_amount <= 0):
            raise ValueError("a return needs lines unless it is money already refunded")
        return self


ORDER_NO = re.compile(r"[A-Za-z0-9#\-_/]{3,64}")
"""What an order number is, on every platform (DESIGN.md, "The canonical order")."""


def is_order_no(value: str) -> bool:
    """True for a string that can be an order number: a NUL byte, a space or a 10,000-character
    string never reaches a database as one."""
    return ORDER_NO.fullmatch(value) is not None


@lru_cache(maxsize=512)
def _known(currency: str) -> bool:
    """An ISO 4217 code Babel can name (asked once per code: every order read checks it)."""
    return get_currency_name(currency, locale="en") != currency


class Order(_Strict):
    order_no: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9#\-_/]{3,64}$")]
    platform: NonEmpty
    status: OrderStatus
    placed_at: AwareDatetime
    paid_at: AwareDatetime | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    customer: Customer
    items: list[Item] = Field(min_length=1)
    discounts: list[Discount] = []
    shipping_fee: Money = Decimal("0")
    shipping_address: Address
    warehouse: Warehouse | None = None
    shipments: list[Shipment] = []
    payment: Payment
    delivered_at: AwareDatetime | None = None
    presale_ship_by: AwareDatetime | None = None
    returns: list[Return] = []

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if not _known(value):
            raise ValueError(f"unknown currency {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        line_ids = [item.line_id for item in self.items]
        if len(set(line_ids)) != len(line_ids):
            raise ValueError("items: line_id values must be unique")
        for ret in self.returns:
            for line in ret.lines:
                if line.line_id not in line_ids:
                    raise ValueError(f"returns: unknown line_id {line.line_id!r}")
        if self.paid_at is not None and self.paid_at < self.placed_at:
            raise ValueError("paid_at is before placed_at")
        if self.status is OrderStatus.DELIVERED and self.delivered_at is None:
            raise ValueError("a delivered order needs 'delivered_at'")
        return self

    @property
    def goods_total(self) -> Decimal:
        return sum((i.unit_price * i.quantity for i in self.items), Decimal("0"))

    def item(self, line_id: str) -> Item | None:
        return next((i for i in self.items if i.line_id == line_id), None)

    def is_tied_to(self, channel: str, user_id: str) -> bool:
        return any(b.channel == channel and b.user_id == user_id for b in self.customer.channels)
