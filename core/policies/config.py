"""`ShopPolicy`: every number and table the policies use, with the DESIGN.md defaults.

One instance per shop; `DEFAULT_POLICY` holds the defaults the tests assume. All durations are
plain numbers (days or hours) so a shop's policy can be loaded from JSON or the database.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.order import Address

EU_COUNTRIES: frozenset[str] = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    }
)
"""The 27 EU member states, ISO 3166-1 alpha-2 (Greece is GR, not EL)."""

_METHOD_ALIASES = {
    "wechat": "wechat_pay",
    "wechatpay": "wechat_pay",
    "weixin": "wechat_pay",
    "weixin_pay": "wechat_pay",
    "union_pay": "unionpay",
    "creditcard": "credit_card",
    "debitcard": "debit_card",
    "applepay": "apple_pay",
    "googlepay": "google_pay",
    "ali_pay": "alipay",
}

CARD_METHODS = frozenset({"card", "credit_card", "debit_card", "unionpay"})
"""Methods that fail like a bank card (limits, expiry, 3-D Secure)."""


def normalize_method(method: str) -> str:
    """`"WeChat Pay"`, `"wechat-pay"`, `"wechatpay"` -> `"wechat_pay"`."""
    key = "_".join(method.strip().lower().replace("-", " ").split())
    return _METHOD_ALIASES.get(key, key)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BusinessDays(_Frozen):
    """A usual range of business days, both ends inclusive."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> BusinessDays:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


def _days(low: int, high: int) -> BusinessDays:
    return BusinessDays(min=low, max=high)


DEFAULT_RETURN_ADDRESS = Address(
    name="Returns Department",
    phone="+86 21 5000 0000",
    country="CN",
    province="Shanghai",
    city="Shanghai",
    district="Jiading",
    line1="88 Logistics Park Road, Returns Dock 3",
    postal_code="201800",
)


class ShopPolicy(_Frozen):
    # returns
    return_window_days_by_country: dict[str, int] = {"CN": 7}
    eu_countries: frozenset[str] = EU_COUNTRIES
    eu_return_window_days: int = Field(default=14, ge=0)
    default_return_window_days: int = Field(default=30, ge=0)
    defect_window_days: int = Field(default=30, ge=0)
    """Defective, damaged or wrong items: returnable this many days after delivery."""
    damage_claim_hours: int = Field(default=48, ge=0)
    """Perishable and fragile damage claims: photos within this many hours of delivery."""

    # approvals: refunds and compensation above these amounts need a staff approval
    approval_above: dict[str, Decimal] = {
        "CNY": Decimal("500"),
        "USD": Decimal("100"),
        "EUR": Decimal("100"),
        "GBP": Decimal("100"),
        "JPY": Decimal("15000"),
    }
    approval_above_default: Decimal | None = None
    """Limit for currencies missing from `approval_above`; None = always ask staff."""

    # proactive compensation
    compensation_percent: Decimal = Field(default=Decimal("5"), ge=0, le=100)
    compensation_minimum: Decimal = Field(default=Decimal("5"), ge=0)
    compensation_minimum_by_currency: dict[str, Decimal] = {}

    # proactive exceptions
    warehouse_late_hours: int = Field(default=48, ge=0)
    stall_domestic_hours: int = Field(default=72, ge=0)
    stall_cross_border_hours: int = Field(default=7 * 24, ge=0)
    shipment_exception_statuses: frozenset[str] = frozenset(
        {"address_problem", "customs_hold", "returned_to_sender", "lost", "damaged"}
    )

    # delivery, once a parcel has left the warehouse
    delivery_days_domestic: BusinessDays = _days(1, 3)
    delivery_days_cross_border: BusinessDays = _days(5, 12)
    """Days in transit, within the warehouse's country and to another one (`is_cross_border`)."""

    # warehouses
    warehouse_countries: dict[str, str] = {}
    default_warehouse_country: str = "CN"
    return_addresses: dict[str, Address] = {}
    default_return_address: Address = DEFAULT_RETURN_ADDRESS

    # refunds and payments
    refund_business_days: dict[str, BusinessDays] = {
        "alipay": _days(1, 3),
        "wechat_pay": _days(1, 3),
        "unionpay": _days(3, 7),
        "card": _days(5, 10),
        "credit_card": _days(5, 10),
        "debit_card": _days(5, 10),
        "paypal": _days(3, 5),
        "apple_pay": _days(5, 10),
        "google_pay": _days(5, 10),
        "bank_transfer": _days(3, 7),
    }
    default_refund_business_days: BusinessDays = _days(5, 10)
    payment_alternatives_by_country: dict[str, tuple[str, ...]] = {
        "CN": ("alipay", "wechat_pay", "unionpay"),
    }
    default_payment_alternatives: tuple[str, ...] = ("card", "paypal", "apple_pay")

    @field_validator(
        "return_window_days_by_country",
        "warehouse_countries",
        "return_addresses",
        "approval_above",
        "compensation_minimum_by_currency",
        "payment_alternatives_by_country",
    )
    @classmethod
    def _upper_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {str(k).strip().upper(): v for k, v in value.items()}

    @field_validator("refund_business_days")
    @classmethod
    def _method_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {normalize_method(k): v for k, v in value.items()}

    # --- lookups -------------------------------------------------------------------------

    def return_window(self, country: str) -> timedelta:
        """The no-reason return window for a shipping country (CN 7, EU 14, else 30 days)."""
        country = country.upper()
        if country in self.return_window_days_by_country:
            return timedelta(days=self.return_window_days_by_country[country])
        if country in self.eu_countries:
            return timedelta(days=self.eu_return_window_days)
        return timedelta(days=self.default_return_window_days)

    def warehouse_country(self, code: str | None) -> str:
        if code is None:
            return self.default_warehouse_country
        return self.warehouse_countries.get(code.strip().upper(), self.default_warehouse_country)

    def return_address(self, code: str | None) -> Address:
        if code is None:
            return self.default_return_address
        return self.return_addresses.get(code.strip().upper(), self.default_return_address)

    def refund_time(self, method: str) -> BusinessDays:
        return self.refund_business_days.get(
            normalize_method(method), self.default_refund_business_days
        )

    def payment_alternatives(self, country: str) -> tuple[str, ...]:
        return self.payment_alternatives_by_country.get(
            country.upper(), self.default_payment_alternatives
        )

    def approval_limit(self, currency: str) -> Decimal | None:
        return self.approval_above.get(currency.upper(), self.approval_above_default)

    def minimum_compensation(self, currency: str) -> Decimal:
        return self.compensation_minimum_by_currency.get(
            currency.upper(), self.compensation_minimum
        )


DEFAULT_POLICY = ShopPolicy()


def needs_approval(amount: Decimal, currency: str, policy: ShopPolicy = DEFAULT_POLICY) -> bool:
    """True when a refund or compensation of `amount` needs a staff approval.

    Strictly above the shop's limit for the currency; a currency without a limit (and no
    `approval_above_default`) always needs approval.
    """
    limit = policy.approval_limit(currency)
    return True if limit is None else amount > limit
