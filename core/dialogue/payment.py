"""Payment problems: why it failed in plain words, what to do, what else to pay with."""

from __future__ import annotations

from core.answers.labels import method_label
from core.answers.policy_text import payment_action_sentence, payment_reason_sentence
from core.dialogue.context import Context
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.order import Order, OrderStatus, PaymentStatus
from core.policies import normalize_method, payment_guidance
from core.understanding import Intent

router = Router()


@router.intent(Intent.PAYMENT_ISSUE)
async def ask_payment(ctx: Context) -> None:
    await run_with_order(ctx, "payment")


@router.order_flow("payment")
async def explain_payment(ctx: Context, order: Order) -> None:
    loc = ctx.loc
    number = order.order_no
    guidance = payment_guidance(order, ctx.services.policy)
    if guidance is None:
        if order.payment.status is PaymentStatus.SUCCEEDED:
            ctx.say(
                loc._(
                    "The payment of {amount} for order {order} went through with {method}.",
                    amount=loc.money(order.payment.amount, order.currency),
                    order=number,
                    method=method_label(loc, normalize_method(order.payment.method)),
                )
            )
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
