"""Where is my refund, and how a price or refund was worked out ("why only ¥87.50?")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from core.answers.labels import method_label, return_status_label
from core.dialogue.context import Context, option
from core.dialogue.items import (
    lines_by_meaning,
    lines_mentioned,
    whole_order_said,
    without_kept,
)
from core.dialogue.money import refund_sentence, threshold_sentence
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.tickets import open_ticket
from core.order import Order, OrderStatus, PaymentStatus, ReturnStatus
from core.policies import (
    applied_discounts,
    discount_shares,
    line_paid,
    normalize_method,
    quote_refund,
    returnable_units,
)
from core.tickets import Department, TicketStatus
from core.understanding import Intent
from core.understanding import lexicon as lx
from core.understanding.expect import ExpectedOption
from core.understanding.frame import price_asked_first

router = Router()


@router.intent(Intent.REFUND_STATUS)
async def ask_refund(ctx: Context) -> None:
    await run_with_order(ctx, "refund")


@router.order_flow("refund")
async def tell_refund(ctx: Context, order: Order) -> None:
    loc = ctx.loc
    number = order.order_no
    method = normalize_method(order.payment.method)
    days = ctx.services.policy.refund_time(method)
    lines: list[str] = []
    for ret in order.returns:
        amount = loc.money(ret.refund_amount, order.currency)
        status = return_status_label(loc, ret.status.value)
        if ret.status is ReturnStatus.REFUNDED and ret.refunded_at:
            lines.append(
                loc._(
                    "Return {id}: {amount} refunded to your {method} on {day}.",
                    id=ret.return_id,
                    amount=amount,
                    method=method_label(loc, method),
                    day=loc.day(ret.refunded_at),
                )
            )
        else:
            expected = ret.created_at + timedelta(days=days.max + 4)
            lines.append(
                loc._(
                    "Return {id}: {amount}, {status}; expected by {day}.",
                    id=ret.return_id,
                    amount=amount,
                    status=status,
                    day=loc.day(expected),
                )
            )
    if order.status in ENDED and not order.returns and not _captured(order):
        lines.append(
            loc._(
                "You were not charged for order {order}: its payment never went through, so "
                "there is nothing to refund.",
                order=number,
            )
        )
    elif order.status is OrderStatus.CANCELLED and _captured(order):
        refunded = any(r.status is ReturnStatus.REFUNDED for r in order.returns)
        if not refunded and _refund_overdue(ctx, order):
            lines.append(await _chase_cancellation_refund(ctx, order))
        else:
            lines.append(
                loc._(
                    "Order {order} was cancelled; {amount} goes back to your {method} "
                    "within {low}–{high} "
                    "business days of the cancellation.",
                    order=number,
                    amount=loc.money(order.payment.amount, order.currency),
                    method=method_label(loc, method),
                    low=days.min,
                    high=days.max,
                )
            )
        lines.extend(_whole_order_shares(ctx, order))
    if not lines:
        lines.append(loc._("There is no refund on order {order}.", order=number))
        lines.append(
            loc._(
                "A refund goes back to your {method}, usually within {low}–{high} business days "
                "of the return reaching us.",
                method=method_label(loc, method),
                low=days.min,
                high=days.max,
            )
        )
    ctx.say("\n".join(lines))


ENDED = (OrderStatus.CANCELLED, OrderStatus.CLOSED)


def _captured(order: Order) -> bool:
    return order.payment.status is PaymentStatus.SUCCEEDED


def _refund_overdue(ctx: Context, order: Order) -> bool:
    """The refund of a cancelled order should have arrived by now: longer ago than the refund
    takes (business days, counted as calendar days with the weekends and a margin) since the
    order was paid, the latest the cancellation can be known to follow."""
    days = ctx.services.policy.refund_time(normalize_method(order.payment.method))
    since = order.paid_at or order.placed_at
    return ctx.now - since > timedelta(days=days.max * 7 // 5 + 7)


async def _chase_cancellation_refund(ctx: Context, order: Order) -> str:
    """A cancelled order that was paid, and no refund recorded long after: the amount, and a
    ticket to finance to send it (one per order, not one per question)."""
    loc = ctx.loc
    opened = [
        t
        for t in await ctx.services.tickets.list(order_no=order.order_no)
        if t.kind == "cancellation_refund" and t.status is not TicketStatus.RESOLVED
    ]
    ticket = (
        opened[0]
        if opened
        else await open_ticket(
            ctx,
            order,
            "cancellation_refund",
            None,
            f"cancelled order paid {order.payment.amount} {order.currency}; no refund recorded",
            {"amount": str(order.payment.amount), "currency": order.currency},
            department=Department.FINANCE,
        )
    )
    return loc._(
        "Order {order} was cancelled after you paid {amount}, and I can't see that refund "
        "recorded yet. I've asked our finance team to check it and send the full {amount} "
        "back (ticket {ticket}); you'll hear from us here.",
        order=order.order_no,
        amount=loc.money(order.payment.amount, order.currency),
        ticket=f"#{ticket.id}",
    )


def _whole_order_shares(ctx: Context, order: Order) -> list[str]:
    """What each item of a cancelled order accounts for in the amount going back: the whole
    order is refunded, every item included ("all of it, or only the lamp?")."""
    if len(order.items) < 2:
        return []
    loc = ctx.loc
    paid = line_paid(order)
    shares = loc._(", ").join(
        f"{item.title} × {loc.number(item.quantity)}: "
        f"{loc.money(paid[item.line_id], order.currency)}"
        for item in order.items
    )
    if order.shipping_fee > 0:
        shipping = loc._("Shipping: {amount}", amount=loc.money(order.shipping_fee, order.currency))
        shares = loc._(", ").join([shares, shipping])
    return [loc._("That is every item of the order: {shares}.", shares=shares)]


@router.intent(Intent.COUPON_PRICE)
async def ask_price(ctx: Context) -> None:
    await run_with_order(ctx, "price")


@router.order_flow("price")
async def explain_price(ctx: Context, order: Order) -> None:
    """The sum from the goods to what was paid, line by line, and each refund's share."""
    loc = ctx.loc

    def money(amount: Decimal) -> str:
        return loc.money(amount, order.currency)

    shares = discount_shares(order)
    paid = line_paid(order)
    text = [
        loc._("How order {order} adds up:", order=order.order_no),
        loc._("Goods: {amount}", amount=money(order.goods_total)),
    ]
    for discount in applied_discounts(order):
        text.append(
            loc._("Discount {code}: −{amount}", code=discount.code, amount=money(discount.amount))
        )
    if order.discounts and not applied_discounts(order):
        text.append(
            loc._("The coupon was not applied because the goods did not reach its minimum amount.")
        )
    text.append(loc._("Shipping: {amount}", amount=money(order.shipping_fee)))
    text.append(loc._("Paid: {amount}", amount=money(order.payment.amount)))
    if any(shares.values()):
        text.append(loc._("The discount is shared over the items in proportion to their price:"))
        for item in order.items:
            text.append(
                loc._(
                    "{item} × {n}: {subtotal} − {share} = {paid}",
                    item=item.title,
                    n=loc.number(item.quantity),
                    subtotal=money(item.unit_price * item.quantity),
                    share=money(shares[item.line_id]),
                    paid=money(paid[item.line_id]),
                )
            )
    for ret in order.returns:
        if ret.status is ReturnStatus.REJECTED:
            continue
        items = loc._(", ").join(
            f"{order.item(line.line_id).title} × {loc.number(line.quantity)}"  # type: ignore[union-attr]
            for line in ret.lines
        )
        text.append(
            loc._(
                "Return {id} ({items}) refunds {amount}: the share of what you "
                "actually paid for those units.",
                id=ret.return_id,
                items=items,
                amount=money(ret.refund_amount),
            )
        )
    ctx.say("\n".join(text))
    if order.status is OrderStatus.CANCELLED:  # what it added up to is now what comes back
        await tell_refund(ctx, order)


@router.order_flow("quote")
async def quote_return(ctx: Context, order: Order) -> None:
    """ "If I send back just the dripper, how much would I get back?": what that return would
    refund, and whether the order's discount survives it, with nothing registered. Naming no
    item of the order, the price is explained line by line instead."""
    loc = ctx.loc
    if order.status is OrderStatus.CANCELLED:  # nothing to send back: its money is the answer
        await tell_refund(ctx, order)
        return
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    text_said = ctx.understanding.text
    everything = (
        whole_order_said(text_said)
        or lx.ALL.search(lx.normalize(without_kept(text_said))) is not None
    )
    if price_asked_first(text_said):
        await explain_price(ctx, order)  # "was the coupon applied right? and if I return…"
    lines = lines_mentioned(order, ctx.understanding.entities, left, text_said)
    if not lines and not everything and len(left) > 1:  # named in words of its own
        lines = await lines_by_meaning(ctx, _line_options(ctx, order, left), left)
    lines = {line_id: units or left[line_id] for line_id, units in lines.items()}
    if everything and left and (not lines or lines == left):
        lines = dict(left)  # "if I send everything back": the whole order's quote
    elif not lines or lines == left:
        if not price_asked_first(text_said):
            await explain_price(ctx, order)
        return
    quote = quote_refund(order, lines)
    names = loc._(", ").join(
        f"{item.title} × {loc.number(n)}"
        for line_id, n in lines.items()
        if (item := order.item(line_id)) is not None
    )
    text = [
        loc._("If you returned {items} from order {order}:", items=names, order=order.order_no),
        refund_sentence(ctx, order, quote.total),
    ]
    if lines == left and applied_discounts(order):
        text.append(
            loc._("That is all you paid for the goods: the discount is not taken off again.")
        )
    elif quote.threshold_lost:
        text.append(threshold_sentence(ctx, order, quote.total_if_discount_kept, quote.total))
    elif applied_discounts(order):
        text.append(loc._("The order's discount still applies to what you keep."))
    text.append(loc._("Nothing has been registered; just tell me if you want to go ahead."))
    ctx.say("\n".join(text))


def _line_options(ctx: Context, order: Order, left: dict[str, int]) -> list[ExpectedOption]:
    """The order's lines with units left, as the options a line named in other words is read
    against ("das Baumwollhandtuch" for "Cotton towel")."""
    return [
        option(
            f"{i.title} × {ctx.loc.number(left[i.line_id])}",
            f"quote_line:{i.line_id}",
            words=[i.title, i.sku],
            units=left[i.line_id],
        )
        for i in order.items
        if i.line_id in left
    ]
