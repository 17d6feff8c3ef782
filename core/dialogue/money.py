"""Money sentences shared by flows: refund amount, method and time to arrive."""

from __future__ import annotations

from decimal import Decimal

from core.answers.labels import method_label
from core.dialogue.context import Context
from core.order import Order
from core.policies import normalize_method


def refund_sentence(ctx: Context, order: Order, amount: Decimal) -> str:
    method = normalize_method(order.payment.method)
    days = ctx.services.policy.refund_time(method)
    return ctx.loc._(
        "{amount} goes back to your {method}, usually within {low}–{high} business days.",
        amount=ctx.loc.money(amount, order.currency),
        method=method_label(ctx.loc, method),
        low=days.min,
        high=days.max,
    )


def threshold_sentence(ctx: Context, order: Order, kept: Decimal, actual: Decimal) -> str:
    return ctx.loc._(
        "Please note: without these items the rest of the order no longer reaches the minimum "
        "for its discount, so the discount no longer applies. You get {actual} back instead of "
        "{kept}.",
        actual=ctx.loc.money(actual, order.currency),
        kept=ctx.loc.money(kept, order.currency),
    )
