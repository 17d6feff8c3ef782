"""Order status: where is my order, why hasn't it shipped, when will it arrive; and, asked
about all of them at once, how each of the customer's orders stands."""

from __future__ import annotations

from core.answers.labels import carrier_label
from core.answers.status import answer_status, order_choice_label
from core.dialogue.context import Context
from core.dialogue.followup import asks_when_it_comes, say_when
from core.dialogue.resolve import FINISHED, ORDER_PAGE, run_with_order
from core.dialogue.router import Router
from core.order import Order
from core.understanding import Intent, lexicon

router = Router()

OVERVIEW_LIMIT = 8
"""Orders listed at most in an answer about all of them: the open ones, else the newest."""


@router.intent(Intent.ORDER_STATUS)
async def ask_status(ctx: Context) -> None:
    if await _overview(ctx):
        return
    await run_with_order(ctx, "status")


@router.order_flow("status")
async def tell_status(ctx: Context, order: Order) -> None:
    if asks_when_it_comes(ctx.understanding.text):
        await say_when(ctx, order)  # "can it arrive by the weekend?": the status and how long
        return
    await answer_status(ctx, order)  # fresh tracking; a late parcel explained once


def asks_about_every_order(text: str) -> bool:
    """ "Check all my orders, which ones haven't come yet?", "所有订单都到哪了": every order of
    the customer's, not one of them."""
    return lexicon.EVERY_ORDER.search(lexicon.normalize(text)) is not None


async def _overview(ctx: Context) -> bool:
    """A tied customer who asks about every order of theirs gets one line for each order not
    yet delivered (its items, how it stands, its tracking numbers), or for their latest
    orders when none is open; no order is then the one in focus, so a follow-up that names
    one by its items ("and the tracking number of the rice cooker?") is about that one."""
    said = ctx.understanding
    if said.entities.order_numbers or not asks_about_every_order(said.text):
        return False
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return False
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    if len(orders) < 2:
        return False
    open_orders = [o for o in orders if o.status not in FINISHED]
    ctx.settle()
    if open_orders:
        ctx.say(ctx.loc._("These of your orders have not been delivered yet:"))
    else:
        ctx.say(ctx.loc._("All of your orders have been delivered or closed. Your latest ones:"))
    ctx.say("\n".join(_overview_line(ctx, o) for o in (open_orders or orders)[:OVERVIEW_LIMIT]))
    ctx.state.focus = None
    ctx.state.last_flow = "status"
    return True


def _overview_line(ctx: Context, order: Order) -> str:
    line = f"• {order_choice_label(ctx.loc, order)}"
    for shipment in order.shipments:
        carrier = carrier_label(ctx.loc, shipment.carrier, shipment.tracking_no)
        line += f" · {carrier}: {shipment.tracking_no}"
    return line
