"""Greetings, clarifying questions, hand-offs to staff, and the fallback answer."""

from __future__ import annotations

from core.dialogue.context import Context, in_every_language, option
from core.dialogue.resolve import (
    FINISHED,
    ORDER_PAGE,
    order_in_trouble,
    run_with_order,
    start_flow,
)
from core.dialogue.router import Router
from core.dialogue.tickets import open_ticket
from core.i18n import Localizer
from core.messages import Button
from core.order import Order
from core.tickets import Department, Priority
from core.understanding import Intent, lexicon
from core.understanding.expect import ExpectedOption
from core.understanding.replies import is_thanks

router = Router()


def intent_label(loc: Localizer, intent: Intent) -> str:
    labels = {
        Intent.ORDER_STATUS: loc._("Where is my order?"),
        Intent.CHANGE_ADDRESS: loc._("Change the address"),
        Intent.CANCEL_ORDER: loc._("Cancel an order"),
        Intent.MODIFY_ORDER: loc._("Change an order"),
        Intent.RETURN_REQUEST: loc._("Return or exchange"),
        Intent.REFUND_STATUS: loc._("Where is my refund?"),
        Intent.PAYMENT_ISSUE: loc._("Payment problem"),
        Intent.DELIVERY_ISSUE: loc._("Problem with the delivery"),
        Intent.INVOICE: loc._("Invoice"),
        Intent.COUPON_PRICE: loc._("Coupons and prices"),
        Intent.POLICY_QUESTION: loc._("Shipping and return policy"),
        Intent.HUMAN_AGENT: loc._("Talk to a person"),
        Intent.COMPLAINT: loc._("Make a complaint"),
    }
    return labels.get(intent, loc._("Something else"))


def main_menu(loc: Localizer) -> list[Button]:
    wanted = [Intent.ORDER_STATUS, Intent.RETURN_REQUEST, Intent.CHANGE_ADDRESS, Intent.HUMAN_AGENT]
    return [Button(label=intent_label(loc, i), payload=f"intent:{i.value}") for i in wanted]


@router.intent(Intent.GREETING)
async def greet(ctx: Context) -> None:
    if is_thanks(ctx.understanding.text):  # "thanks!" after an answer: no menu, no "hello"
        ctx.say(ctx.loc._("You're welcome!"))
        return
    ctx.offer(ctx.loc._("Hello! I'm the order assistant. How can I help?"), main_menu(ctx.loc))


async def clarify(ctx: Context) -> None:
    """Low confidence: ask, with the likely meanings as buttons, instead of guessing; unless
    the message speaks of trouble and one of the customer's orders plainly is in trouble."""
    troubled = await order_in_trouble(ctx)
    if troubled is not None:
        ctx.understanding = ctx.understanding.model_copy(update={"intent": Intent.ORDER_STATUS})
        await start_flow(ctx, "status", troubled)
        return
    options = [ctx.understanding.intent, *(i for i, _ in ctx.understanding.alternatives)]
    seen: list[Intent] = []
    for likely in options:
        if likely not in seen and likely not in (Intent.OTHER, Intent.AFFIRM, Intent.DENY):
            seen.append(likely)
    if not seen:
        await fallback(ctx)
        return
    ctx.state.frame = ctx.request_frame()
    ctx.choose(
        ctx.loc._("Sorry, I'm not sure I understood. Do you mean:"),
        [intent_option(ctx, i) for i in seen[:4]],
        purpose="intent",
    )


def intent_option(ctx: Context, intent: Intent) -> ExpectedOption:
    return option(
        intent_label(ctx.loc, intent),
        f"intent:{intent.value}",
        words=in_every_language(lambda loc: intent_label(loc, intent)),
        meaning=intent.value,
    )


async def fallback(ctx: Context) -> None:
    ctx.offer(
        ctx.loc._(
            "I can help with your orders: where they are, returns, address changes and more."
        ),
        main_menu(ctx.loc),
    )


async def hand_to_staff(
    ctx: Context, kind: str, department: Department, priority: Priority
) -> None:
    """Open a ticket with a masked summary so nothing the customer asked for is lost."""
    order = await order_in_question(ctx)
    ticket = await open_ticket(
        ctx,
        order,
        kind,
        None,
        ctx.understanding.text or kind,
        {"intent": ctx.understanding.intent.value},
        department=department,
        priority=priority,
    )
    ctx.say(
        ctx.loc._(
            "I've passed this to a colleague (ticket {ticket}). They will reply here as soon as "
            "possible.",
            ticket=f"#{ticket.id}",
        )
    )


async def order_in_question(ctx: Context) -> Order | None:
    """The order staff should see on the card: the one discussed, else a tied customer's one
    open order (or latest order); None for a stranger."""
    focus = ctx.state.focus
    if focus:
        order = await ctx.services.hub.get_order(focus)
        if order and await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
            return order
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    open_orders = [o for o in orders if o.status not in FINISHED]
    return open_orders[0] if len(open_orders) == 1 else (orders[0] if orders else None)


@router.intent(Intent.HUMAN_AGENT)
async def human(ctx: Context) -> None:
    await hand_to_staff(ctx, "human_agent", Department.SERVICE, Priority.NORMAL)


@router.intent(Intent.COMPLAINT)
async def complaint(ctx: Context) -> None:
    if _worried_about_a_named_parcel(ctx):
        # "tracking has been stuck in Incheon for two weeks, order KR2079, I'm so worried": where
        # the parcel is, and a stuck or late one handed to logistics (after verification)
        ctx.understanding = ctx.understanding.model_copy(update={"intent": Intent.ORDER_STATUS})
        await run_with_order(ctx, "status")
        return
    troubled = await order_in_trouble(ctx)
    if troubled is not None:
        ctx.understanding = ctx.understanding.model_copy(update={"intent": Intent.ORDER_STATUS})
        await start_flow(ctx, "status", troubled)
        return
    await hand_to_staff(ctx, "complaint", Department.SERVICE, Priority.HIGH)


def _worried_about_a_named_parcel(ctx: Context) -> bool:
    """A complaint that names an order and speaks of its parcel's trouble, where the order's
    status is among the likeliest readings: a question about that parcel, put with feeling."""
    said = ctx.understanding
    likely = {i for i, _ in said.alternatives[:2]}
    return (
        bool(said.entities.order_numbers)
        and bool(likely & {Intent.ORDER_STATUS, Intent.DELIVERY_ISSUE})
        and lexicon.TROUBLE.search(lexicon.normalize(said.text)) is not None
    )


@router.intent(Intent.AFFIRM, Intent.DENY, Intent.OTHER)
async def nothing_pending(ctx: Context) -> None:
    await fallback(ctx)


@router.payload("event")
async def platform_event(ctx: Context, value: str) -> None:
    """Someone opened the chat (Telegram /start, WeChat subscribe, a menu click): welcome."""
    await greet(ctx)


@router.payload("unsupported")
async def unsupported_message(ctx: Context, value: str) -> None:
    """A sticker, location, video...: say what we can read instead of ignoring it."""
    ctx.offer(
        ctx.loc._("Sorry, I can only read text messages and photos. Please type your question."),
        main_menu(ctx.loc),
    )
