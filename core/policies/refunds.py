"""Refund money: discounts spread over lines, partial returns, lost threshold discounts.

Every figure is a `Decimal` in the order currency's minor unit (Babel's precision); exact
intermediate values are `Fraction`s, never floats. The rules (DESIGN.md, "Refunds with
discounts"):

- Every applicable order-level discount is added up (never more than the goods total) and the
  total is spread over the lines in proportion to each line's subtotal, in minor units, by
  largest remainder (ties: earlier line first). A line's paid amount = subtotal - share.
- Returning k of a line's n units refunds round-half-up(k/n x line paid), never more than what
  is left of the line's paid amount; the return that takes the line's last units refunds
  exactly what is left. Earlier returns on `order.returns` count unless rejected.
- When goods are kept but no longer reach a threshold discount's threshold (at full price), the
  threshold discount is lost: refund = max(0, paid for goods - kept goods - refunds already
  made), where the kept goods are valued at full price less only the discounts still earned.
- When nothing is kept any more, the refund is whatever is left of the paid goods, and for a
  defective, damaged or wrong item the original shipping fee is refunded too.
- The refunds of an order never add up to more than what was paid for its goods.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from core.order import DiscountKind, Order, Return, ReturnStatus
from core.policies.codes import ReturnReason
from core.policies.errors import (
    InvalidQuantityError,
    QuantityExceedsReturnableError,
    UnknownLineError,
)
from core.policies.money import ZERO, allocate, quantum, round_money


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AppliedDiscount(_Frozen):
    """An order-level discount as it was actually granted on the order."""

    code: str
    kind: DiscountKind
    amount: Decimal
    threshold: Decimal | None = None


class RefundQuote(_Frozen):
    """What a return (or partial cancellation) refunds, to show the customer before confirming.

    `total` is what will be refunded. When the return makes the kept goods fall below a
    threshold discount's threshold, `threshold_lost` is set, `lost_discount_codes` names the
    discounts and `total_if_discount_kept` is the figure had the discount been kept.
    """

    currency: str
    units: dict[str, int]
    lines: dict[str, Decimal]
    """Goods refund per returned line; adds up to `goods_refund`."""
    goods_refund: Decimal
    shipping_refunded: bool
    shipping_refund: Decimal
    total: Decimal
    whole_order: bool
    """Nothing of the order is kept after this return."""
    threshold_lost: bool
    lost_discount_codes: tuple[str, ...]
    threshold_already_lost: bool
    """An earlier return already lost a threshold discount; goods now refund at kept value."""
    goods_refund_if_discount_kept: Decimal
    total_if_discount_kept: Decimal

    @property
    def discount_lost_amount(self) -> Decimal:
        """How much less the customer gets back because of the lost discount (never negative)."""
        return max(self.total_if_discount_kept - self.total, ZERO)


# --- discounts and paid amounts -----------------------------------------------------------


def line_subtotals(order: Order) -> dict[str, Decimal]:
    """unit_price x quantity per line, rounded to the currency's minor unit."""
    return {
        item.line_id: round_money(item.unit_price * item.quantity, order.currency)
        for item in order.items
    }


def goods_subtotal(order: Order) -> Decimal:
    """The goods at full price: the sum of the line subtotals."""
    return sum(line_subtotals(order).values(), ZERO)


def applied_discounts(order: Order) -> list[AppliedDiscount]:
    """The order-level discounts actually granted, in order, each in minor units.

    order_fixed: its amount; order_percent: percent of the goods at full price, half up;
    threshold: its amount if the goods at full price reach the threshold, else not granted.
    Together they never exceed the goods total: a discount that would is cut to what is left.
    """
    currency = order.currency
    goods = goods_subtotal(order)
    left = goods
    granted: list[AppliedDiscount] = []
    for discount in order.discounts:
        if discount.kind is DiscountKind.THRESHOLD:
            assert discount.threshold is not None and discount.amount is not None
            if goods < discount.threshold:
                continue
            amount = round_money(discount.amount, currency)
        elif discount.kind is DiscountKind.ORDER_PERCENT:
            assert discount.percent is not None
            amount = round_money(goods * discount.percent / 100, currency)
        else:
            assert discount.amount is not None
            amount = round_money(discount.amount, currency)
        amount = min(amount, left)
        left -= amount
        granted.append(
            AppliedDiscount(
                code=discount.code,
                kind=discount.kind,
                amount=amount,
                threshold=discount.threshold if discount.kind is DiscountKind.THRESHOLD else None,
            )
        )
    return granted


def total_discount(order: Order) -> Decimal:
    return sum((d.amount for d in applied_discounts(order)), ZERO)


def discount_shares(order: Order) -> dict[str, Decimal]:
    """Each line's share of the order-level discounts; the shares add up to the discount.

    Proportional to the line subtotals, in minor units, by largest remainder (ties: earlier
    line first). A share never exceeds its line's subtotal.
    """
    subtotals = line_subtotals(order)
    shares = allocate(total_discount(order), list(subtotals.values()), order.currency)
    return dict(zip(subtotals, shares, strict=True))


def line_paid(order: Order) -> dict[str, Decimal]:
    """What was paid for each line: subtotal - its discount share."""
    shares = discount_shares(order)
    return {line_id: sub - shares[line_id] for line_id, sub in line_subtotals(order).items()}


def goods_paid(order: Order) -> Decimal:
    """What was paid for the goods (shipping excluded)."""
    return sum(line_paid(order).values(), ZERO)


# --- earlier returns ----------------------------------------------------------------------


def counted_returns(order: Order) -> list[Return]:
    """Earlier returns that count (every status but rejected), oldest first."""
    active = [r for r in order.returns if r.status is not ReturnStatus.REJECTED]
    return sorted(active, key=lambda r: r.created_at)


def returned_units(order: Order) -> dict[str, int]:
    """Units already returned (or being returned) per line."""
    units = {item.line_id: 0 for item in order.items}
    for ret in counted_returns(order):
        for line in ret.lines:
            units[line.line_id] += line.quantity
    return units


def returnable_units(order: Order) -> dict[str, int]:
    """Units still returnable per line."""
    done = returned_units(order)
    return {item.line_id: max(item.quantity - done[item.line_id], 0) for item in order.items}


def refunded_so_far(order: Order) -> Decimal:
    """The refund amounts of the returns that count."""
    return sum((r.refund_amount for r in counted_returns(order)), ZERO)


def _line_refund(
    k: int, before: int, n: int, paid: Decimal, refunded: Decimal, currency: str
) -> Decimal:
    left = max(paid - refunded, ZERO)
    if before + k >= n:
        return left
    return min(round_money(Fraction(k, n) * Fraction(paid), currency), left)


def _replayed_line_refunds(order: Order, paid: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Per-line refunds of the earlier returns, replayed with the standard rule."""
    quantities = {item.line_id: item.quantity for item in order.items}
    units = dict.fromkeys(quantities, 0)
    refunded = dict.fromkeys(quantities, ZERO)
    for ret in counted_returns(order):
        for line in ret.lines:
            lid = line.line_id
            refunded[lid] += _line_refund(
                line.quantity, units[lid], quantities[lid], paid[lid], refunded[lid], order.currency
            )
            units[lid] += line.quantity
    return refunded


# --- the quote ----------------------------------------------------------------------------


def validate_return_lines(order: Order, lines: Mapping[str, int]) -> dict[str, int]:
    """Check a return request; returns it as a plain dict in the order's line order.

    Raises `UnknownLineError`, `InvalidQuantityError` (quantity < 1 or no lines at all) or
    `QuantityExceedsReturnableError`.
    """
    if not lines:
        raise InvalidQuantityError(None, 0)
    returnable = returnable_units(order)
    for line_id, quantity in lines.items():
        if line_id not in returnable:
            raise UnknownLineError(line_id)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise InvalidQuantityError(line_id, quantity)
        if quantity > returnable[line_id]:
            raise QuantityExceedsReturnableError(line_id, quantity, returnable[line_id])
    return {item.line_id: lines[item.line_id] for item in order.items if item.line_id in lines}


def quote_refund(
    order: Order,
    lines: Mapping[str, int],
    reason: ReturnReason = ReturnReason.NO_REASON,
) -> RefundQuote:
    """The refund for returning `lines` (line_id -> units) of `order` for `reason`."""
    request = validate_return_lines(order, lines)
    currency = order.currency
    items = {item.line_id: item for item in order.items}
    paid = line_paid(order)
    paid_total = sum(paid.values(), ZERO)
    before = returned_units(order)
    replayed = _replayed_line_refunds(order, paid)
    already = refunded_so_far(order)
    cap = max(paid_total - already, ZERO)

    standard = {
        lid: _line_refund(k, before[lid], items[lid].quantity, paid[lid], replayed[lid], currency)
        for lid, k in request.items()
    }
    standard_sum = sum(standard.values(), ZERO)

    kept_before = {lid: max(item.quantity - before[lid], 0) for lid, item in items.items()}
    kept_after = {lid: kept_before[lid] - request.get(lid, 0) for lid in items}
    full_before = sum((items[lid].unit_price * u for lid, u in kept_before.items()), ZERO)
    full_after = sum((items[lid].unit_price * u for lid, u in kept_after.items()), ZERO)
    whole_order = not any(kept_after.values())

    discounts = applied_discounts(order)
    thresholds = [d for d in discounts if d.kind is DiscountKind.THRESHOLD]
    lost = [d for d in thresholds if d.threshold is not None and full_after < d.threshold]
    lost_now = [d for d in lost if d.threshold is not None and full_before >= d.threshold]

    if whole_order:
        goods_refund = cap
        if_kept = cap
        lost, lost_now = [], []
    elif lost:
        retained = sum((d.amount for d in discounts), ZERO) - sum((d.amount for d in lost), ZERO)
        goods = goods_subtotal(order)
        kept_value = Fraction(full_after)
        if goods > 0:
            kept_value -= Fraction(retained) * Fraction(full_after) / Fraction(goods)
        goods_refund = max(paid_total - round_money(kept_value, currency) - already, ZERO)
        goods_refund = min(goods_refund, cap)
        if_kept = min(standard_sum, cap)
    else:
        goods_refund = min(standard_sum, cap)
        if_kept = goods_refund

    if goods_refund == standard_sum:
        per_line = standard
    else:
        weights = [items[lid].unit_price * k for lid, k in request.items()]
        per_line = dict(zip(request, allocate(goods_refund, weights, currency), strict=True))

    shipping_refunded = whole_order and reason.shop_at_fault and order.shipping_fee > 0
    shipping = round_money(order.shipping_fee, currency) if shipping_refunded else ZERO
    lost_before = [d for d in lost if d not in lost_now]

    def q(amount: Decimal) -> Decimal:
        return amount.quantize(quantum(currency))

    return RefundQuote(
        currency=currency,
        units=request,
        lines={lid: q(amount) for lid, amount in per_line.items()},
        goods_refund=q(goods_refund),
        shipping_refunded=shipping_refunded,
        shipping_refund=q(shipping),
        total=q(goods_refund + shipping),
        whole_order=whole_order,
        threshold_lost=bool(lost_now),
        lost_discount_codes=tuple(d.code for d in lost_now),
        threshold_already_lost=bool(lost_before),
        goods_refund_if_discount_kept=q(if_kept),
        total_if_discount_kept=q(if_kept + shipping),
    )
