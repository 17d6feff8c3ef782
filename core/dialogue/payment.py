"""Payment problems: why it failed in plain words, what to do, what else to pay with."""

from __future__ import annotations

from core.answers.labels import method_label
from core.answers.policy_text import payment_action_sentence, payment_reason_sentence
from core.dialogue.context import Context
from core.dialogue.refunds import explain_price
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.tickets import open_ticket
from core.order import Order, OrderStatus, PaymentStatus
from core.policies import PaymentReason, normalize_method, payment_guidance
from core.tickets import Department, TicketStatus
from core.understanding import Intent
from core.understanding.frame import bank_security_told, charged_twice, money_taken_told

router = Router()


@router.intent(Intent.PAYMENT_ISSUE)
async def ask_payment(ctx: Context) -> None:
    help_given = not ctx.understanding.entities.order_numbers and await _help_without_order(ctx)
    ask = ctx.loc._("For your order itself, send me its order number and I'll check it.")
    await run_with_order(ctx, "payment", ask=ask if help_given else None)


async def _help_without_order(ctx: Context) -> bool:
    """A visitor tied to no order who tells what went wrong ("my bank flagged it as
    suspicious", "the money left my account but the order is unpaid") is answered that at
    once; only what depends on the order waits for its number. True when something was said."""
    if await ctx.services.identity.customer_for(ctx.channel, ctx.user_id) is not None:
        return False
    loc, text = ctx.loc, ctx.understanding.text
    said: list[str] = []
    if bank_security_told(text):
        said.append(payment_reason_sentence(loc, PaymentReason.BLOCKED_FOR_SECURITY))
        said.append(
            loc._(
                "Once you have confirmed it was you (in your bank's app or by answering its "
                "message), you can simply try the payment again; if it is refused again, your "
                "bank can lift the block."
            )
        )
        methods = ctx.services.policy.payment_alternatives(_market(ctx))
        names = loc._(", ").join(method_label(loc, m) for m in methods)
        said.append(loc._("You can also pay with: {methods}.", methods=names))
    if money_taken_told(text):
        said.append(
            loc._(
                "If the money left your account but the order still shows as unpaid, the "
                "payment did not complete, and the money comes back to you automatically, "
                "usually within a few days."
            )
        )
        said.append(
            loc._(
                "Before you pay again, check that the order is still unpaid, so you don't pay "
                "twice; then try again in a few minutes, on a stable connection, or with "
                "another method."
            )
        )
    if said:
        ctx.say("\n".join(said))
    return bool(said)


def _market(ctx: Context) -> str:
    """The country whose payment methods fit a visitor whose order is not known yet: China
    for simplified Chinese, else the shop's default set."""
    return "CN" if ctx.loc.language == "zh_Hans" else ""


@router.order_flow("payment")
async def explain_payment(ctx: Context, order: Order) -> None:
    loc = ctx.loc
    number = order.order_no
    guidance = payment_guidance(order, ctx.services.policy)
    if guidance is None:
        if order.payment.status is PaymentStatus.SUCCEEDED and _charged_twice(ctx):
            await _check_second_charge(ctx, order)
        elif order.payment.status is PaymentStatus.SUCCEEDED:
            ctx.say(
                loc._(
                    "The payment of {amount} for order {order} went through with {method}.",
                    amount=loc.money(order.payment.amount, order.currency),
                    order=number,
                    method=method_label(loc, normalize_method(order.payment.method)),
                )
            )
            if _code_named(ctx, order):  # "I typed SPRING20 but was charged $44": did it work?
                await explain_price(ctx, order)
        elif order.status in (OrderStatus.CLOSED, OrderStatus.CANCELLED):
            ctx.say(
                loc._(
                    "Order {order} was closed because it wasn't paid in time; nothing was charged.",
                    order=number,
                )
            )
        else:
            ctx.say(loc._("Order {order} is waiting for payment.", order=number))
        return
    text = [payment_reason_sentence(loc, guidance.reason)]
    text.extend(payment_action_sentence(loc, action) for action in guidance.actions)
    if guidance.alternatives:
        names = loc._(", ").join(method_label(loc, m) for m in guidance.alternatives)
        text.append(loc._("You can also pay with: {methods}.", methods=names))
    ctx.say("\n".join(text))


def _charged_twice(ctx: Context) -> bool:
    """ "I see two charges of 38.80 on my card": the order shows one payment, which is no
    answer to a statement showing two."""
    return charged_twice(ctx.understanding.text)


async def _check_second_charge(ctx: Context, order: Order) -> None:
    """A second charge only the payment provider can see: finance checks it and refunds it;
    the order itself is left as it is."""
    loc = ctx.loc
    amount = loc.money(order.payment.amount, order.currency)
    opened = [
        t
        for t in await ctx.services.tickets.list(order_no=order.order_no)
        if t.kind == "double_charge" and t.status is not TicketStatus.RESOLVED
    ]
    ticket = (
        opened[0]
        if opened
        else await open_ticket(
            ctx,
            order,
            "double_charge",
            None,
            f"customer reports a second charge of {order.payment.amount} {order.currency}",
            department=Department.FINANCE,
        )
    )
    ctx.say(
        loc._(
            "Our records show one payment of {amount} for order {order}. I've asked our "
            "finance team to check for a second charge and refund it if there is one (ticket "
            "{ticket}); you'll hear from us here. Your order stays as it is.",
            amount=amount,
            order=order.order_no,
            ticket=f"#{ticket.id}",
        )
    )


def _code_named(ctx: Context, order: Order) -> bool:
    """Whether the message names one of the order's discount codes: whatever else it asks of
    the payment, it asks whether the code took effect, which the price worked out shows."""
    text = ctx.understanding.text.casefold()
    return any(d.code and d.code.casefold() in text for d in order.discounts)
