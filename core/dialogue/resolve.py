"""Finding the order a customer means, and making sure they may see it.

Tied users need not repeat the order number: one open order is used, several are offered as
buttons. Anyone else who names an order must verify (last four digits of its phone, or its
e-mail) before any detail is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.answers.status import order_choice_label
from core.dialogue.context import Context
from core.dialogue.router import Router
from core.i18n import Localizer
from core.identity import Verdict
from core.masking import mask_order_no
from core.messages import Button
from core.order import Order, OrderStatus, PaymentStatus

router = Router()

FINISHED = {OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.CLOSED}
UNSHIPPED = {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING}

RELEVANT: dict[str, Callable[[Order], bool]] = {
    "payment": lambda o: o.payment.status is not PaymentStatus.SUCCEEDED,
    "return": lambda o: o.status is OrderStatus.DELIVERED,
    "refund": lambda o: bool(o.returns) or o.status is OrderStatus.CANCELLED,
    "cancel": lambda o: o.status in UNSHIPPED,
    "modify": lambda o: o.status in UNSHIPPED,
    "address": lambda o: o.status not in FINISHED,
    "delivery": lambda o: o.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
}
"""Which of a customer's orders a flow is most likely about, before asking which one."""

OTHER_ONE = re.compile(
    r"\b(the )?other( one)?\b|另一个|另外一个|那个呢|另一单|otro|otra|другой|другую|другом|"
    r"もう一つ|もうひとつ|다른|الآخر|outro|outra|l'autre|autre|andere|cái kia|อีกอัน|yang lain",
    re.IGNORECASE,
)
_ANSWER = re.compile(r"^\s*(\d{4}|\S+@\S+\.\S+)\s*$")


async def run_with_order(ctx: Context, flow: str) -> None:
    """Resolve the order for `flow`, then run it; or ask what is missing."""
    order = await resolve_order(ctx, flow)
    if order is not None:
        await start_flow(ctx, flow, order)


async def start_flow(ctx: Context, flow: str, order: Order) -> None:
    ctx.settle()
    ctx.session.state["focus"] = order.order_no
    ctx.session.state["last_flow"] = flow
    if order.customer.timezone:
        ctx.session.state["tz"] = order.customer.timezone
        if str(ctx.loc.tz) != order.customer.timezone:  # from now on, the customer's clock
            ctx.loc = Localizer(ctx.loc.language, order.customer.timezone)
    await ctx.router.order_flows[flow](ctx, order)


async def resolve_order(ctx: Context, flow: str) -> Order | None:
    numbers = ctx.understanding.entities.order_numbers
    if numbers:
        return await _named_order(ctx, flow, numbers[0])
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        ctx.expect("order_no", flow=flow)
        ctx.say(ctx.loc._("Please send me your order number and I'll look it up."))
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id)
    if not orders:
        ctx.expect("order_no", flow=flow)
        ctx.say(ctx.loc._("I can't find any orders for you. What is your order number?"))
        return None
    focus = ctx.session.state.get("focus")
    if focus and OTHER_ONE.search(ctx.inbound.text):
        others = [o for o in orders if o.order_no != focus and o.status not in FINISHED]
        others = others or [o for o in orders if o.order_no != focus]
        if others:
            return others[0]
    relevant = [o for o in orders if RELEVANT.get(flow, lambda _: False)(o)]
    if len(relevant) == 1:
        return relevant[0]
    open_orders = relevant or [o for o in orders if o.status not in FINISHED]
    if len(open_orders) == 1:
        return open_orders[0]
    if len(open_orders) > 1:
        ctx.expect("pick_order", flow=flow)
        ctx.offer(
            ctx.loc._("You have several open orders. Which one do you mean?"),
            [
                Button(label=order_choice_label(ctx.loc, o), payload=f"order:{o.order_no}")
                for o in open_orders[:8]
            ],
        )
        return None
    return orders[0]


async def _named_order(ctx: Context, flow: str, order_no: str) -> Order | None:
    order = await ctx.services.hub.get_order(order_no)
    if order is None:
        ctx.expect("order_no", flow=flow)
        ctx.say(
            ctx.loc._(
                "I couldn't find an order with the number {order}. Please check the number and "
                "send it again.",
                order=mask_order_no(order_no),
            )
        )
        return None
    if await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        return order
    await _ask_verification(ctx, flow, order)
    return None


async def _ask_verification(ctx: Context, flow: str, order: Order) -> None:
    if await _say_if_locked(ctx):
        return
    ctx.expect("verify", flow=flow, order_no=order.order_no)
    ctx.say(
        ctx.loc._(
            "To protect your privacy, please confirm order {order}: send the last four digits "
            "of the phone number on the order, or its e-mail address.",
            order=mask_order_no(order.order_no),
        )
    )


async def _say_if_locked(ctx: Context) -> bool:
    seconds = await ctx.services.identity.locked_seconds(ctx.channel, ctx.user_id)
    if not seconds:
        return False
    ctx.settle()
    minutes = max(1, -(-seconds // 60))
    ctx.say(
        ctx.loc.n_(
            "Too many wrong answers. For your security, please try again in {n} minute.",
            "Too many wrong answers. For your security, please try again in {n} minutes.",
            minutes,
        )
    )
    return True


@router.step("verify")
async def verify_step(ctx: Context) -> None:
    pending = ctx.pending or {}
    answer = ctx.inbound.text
    if not _ANSWER.match(answer):
        if ctx.understanding.entities.order_numbers:
            await run_with_order(ctx, pending.get("flow", "status"))
            return
        ctx.say(
            ctx.loc._(
                "Please send the last four digits of the phone number on the order, or its "
                "e-mail address."
            )
        )
        return
    order = await ctx.services.hub.get_order(pending["order_no"])
    if order is None:
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    verdict = await ctx.services.identity.verify(order, ctx.channel, ctx.user_id, answer)
    if verdict is Verdict.OK:
        ctx.say(ctx.loc._("Thank you, you're verified."))
        await start_flow(ctx, pending.get("flow", "status"), order)
    elif verdict is Verdict.LOCKED:
        await _say_if_locked(ctx)
    else:
        ctx.say(ctx.loc._("That doesn't match our records. Please try again."))


@router.step("order_no")
async def order_number_step(ctx: Context) -> None:
    pending = ctx.pending or {}
    if ctx.understanding.entities.order_numbers:
        await run_with_order(ctx, pending.get("flow", "status"))
    else:
        ctx.say(ctx.loc._("Please send me your order number and I'll look it up."))


@router.payload("order")
async def pick_order(ctx: Context, order_no: str) -> None:
    """A button press (or its number on a text-only channel) naming one order."""
    flow = (ctx.pending or {}).get("flow", "status")
    order = await ctx.services.hub.get_order(order_no)
    if order is None or not await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    await start_flow(ctx, flow, order)
