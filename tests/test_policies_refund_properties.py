"""Refund invariants over random orders and random sequences of partial returns."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.order import Order, Return
from core.policies import discount_shares, goods_paid, line_paid, quote_refund
from core.policies.money import precision
from core.policies.refunds import applied_discounts
from tests.test_policies_helpers import T0, fixed, item, make_order, percent, threshold

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CURRENCIES = ["CNY", "JPY", "KWD", "USD"]


def _money(units: int, currency: str) -> str:
    return str(Decimal(units).scaleb(-precision(currency)))


@st.composite
def orders(draw, *, with_thresholds: bool = True) -> Order:
    currency = draw(st.sampled_from(CURRENCIES))
    n_lines = draw(st.integers(1, 4))
    items = [
        item(f"L{i}", draw(st.integers(1, 6)), _money(draw(st.integers(0, 50_000)), currency))
        for i in range(n_lines)
    ]
    kinds = ["fixed", "percent", "threshold"] if with_thresholds else ["fixed", "percent"]
    discounts = []
    for i, kind in enumerate(draw(st.lists(st.sampled_from(kinds), max_size=3))):
        amount = _money(draw(st.integers(0, 80_000)), currency)
        if kind == "fixed":
            discounts.append(fixed(amount, code=f"F{i}"))
        elif kind == "percent":
            pct = draw(st.decimals(min_value="0.1", max_value="100", places=1))
            discounts.append(percent(str(pct), code=f"P{i}"))
        else:
            spend = _money(draw(st.integers(0, 200_000)), currency)
            discounts.append(threshold(spend, amount, code=f"T{i}"))
    return make_order(currency=currency, items=items, discounts=discounts)


def _record(order: Order, lines: dict[str, int], refund: Decimal, n: int, status="refunded"):
    order.returns.append(
        Return.model_validate(
            {
                "return_id": f"R{n}",
                "created_at": T0 + timedelta(hours=n + 1),
                "lines": [{"line_id": k, "quantity": v} for k, v in lines.items()],
                "reason": "no_reason",
                "refund_amount": refund,
                "status": status,
            }
        )
    )


def _return_everything(order: Order, data) -> tuple[list, Decimal]:
    """Draw partial returns until every unit is back; record each; return the quotes."""
    left = {i.line_id: i.quantity for i in order.items}
    quotes = []
    total = Decimal(0)
    while any(left.values()):
        open_lines = [k for k, v in left.items() if v]
        chosen = data.draw(st.sets(st.sampled_from(open_lines), min_size=1, max_size=2))
        lines = {k: data.draw(st.integers(1, left[k])) for k in sorted(chosen)}
        quote = quote_refund(order, lines)
        assert quote.total >= 0
        total += quote.total
        assert total <= goods_paid(order)
        quotes.append(quote)
        _record(order, lines, quote.total, len(quotes))
        for line_id, k in lines.items():
            left[line_id] -= k
    return quotes, total


@SETTINGS
@given(orders())
def test_shares_add_up_exactly_to_the_discount(order):
    shares = discount_shares(order)
    assert sum(shares.values()) == sum(d.amount for d in applied_discounts(order))
    q = Decimal(1).scaleb(-precision(order.currency))
    for line_id, share in shares.items():
        assert share % q == 0
        assert 0 <= share <= order.item(line_id).unit_price * order.item(line_id).quantity


@SETTINGS
@given(orders())
def test_a_discount_never_exceeds_the_goods(order):
    assert all(paid >= 0 for paid in line_paid(order).values())
    assert sum(d.amount for d in applied_discounts(order)) <= order.goods_total


@SETTINGS
@given(orders(), st.data())
def test_refunds_never_exceed_what_was_paid_for_goods(order, data):
    # Any sequence of partial returns, stopped anywhere.
    left = {i.line_id: i.quantity for i in order.items}
    paid = goods_paid(order)
    refunded = Decimal(0)
    for n in range(data.draw(st.integers(1, 6))):
        open_lines = sorted(k for k, v in left.items() if v)
        if not open_lines:
            break
        line_id = data.draw(st.sampled_from(open_lines))
        k = data.draw(st.integers(1, left[line_id]))
        quote = quote_refund(order, {line_id: k})
        assert 0 <= quote.total
        refunded += quote.total
        assert refunded <= paid
        _record(order, {line_id: k}, quote.total, n)
        left[line_id] -= k


@SETTINGS
@given(orders(with_thresholds=False), st.data())
def test_returning_all_units_in_any_steps_refunds_exactly_what_was_paid(order, data):
    paid = line_paid(order)
    quotes, total = _return_everything(order, data)
    assert total == goods_paid(order)
    per_line = dict.fromkeys(paid, Decimal(0))
    for quote in quotes:
        assert not quote.threshold_lost
        for line_id, amount in quote.lines.items():
            per_line[line_id] += amount
    assert per_line == paid


@SETTINGS
@given(orders(), st.data())
def test_returning_everything_refunds_what_was_paid_even_if_a_threshold_was_lost(order, data):
    _, total = _return_everything(order, data)
    assert total == goods_paid(order)


@SETTINGS
@given(orders(), st.data())
def test_a_rejected_return_changes_nothing(order, data):
    line = data.draw(st.sampled_from([i.line_id for i in order.items]))
    k = data.draw(st.integers(1, order.item(line).quantity))
    before = quote_refund(order, {line: k})
    _record(order, {line: k}, before.total, 0, status="rejected")
    assert quote_refund(order, {line: k}) == before
