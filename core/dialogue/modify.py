"""Changing size, colour or quantity of an order that has not shipped: a warehouse ticket."""

from __future__ import annotations

from core.dialogue.confirm import ask_confirmation
from core.dialogue.context import Context
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.state import DetailsStep, Modification
from core.dialogue.tickets import open_ticket
from core.masking import mask_text
from core.messages import Button
from core.order import Order, OrderStatus
from core.policies import Department, Priority
from core.understanding import Intent
from core.understanding.expect import Expectation, ExpectKind

router = Router()
CHANGEABLE = {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING}


@router.intent(Intent.MODIFY_ORDER)
async def ask_modify(ctx: Context) -> None:
    await run_with_order(ctx, "modify")


@router.order_flow("modify")
async def start_modify(ctx: Context, order: Order) -> None:
    number = order.order_no
    if order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        ctx.offer(
            ctx.loc._(
                "Order {order} has already shipped, so it can't be changed. Once it "
                "arrives you can return or exchange it.",
                order=number,
            ),
            [Button(label=ctx.loc._("Return or exchange"), payload="intent:return_request")],
        )
        return
    if order.status not in CHANGEABLE:
        ctx.say(ctx.loc._("Order {order} is already cancelled or closed.", order=number))
        return
    ctx.ask(
        DetailsStep(
            purpose="modify",
            order_no=order.order_no,
            prompt=ctx.loc._(
                "What would you like to change on order {order} (size, colour, quantity)?",
                order=number,
            ),
            expect=Expectation(kind=ExpectKind.FREE_TEXT, action=Intent.MODIFY_ORDER.value),
        )
    )


async def modify_details(ctx: Context, step: DetailsStep) -> None:
    request = ctx.inbound.text.strip()[:300]
    if not request:
        ctx.add(*step.parts())
        return
    ctx.flow = "modify"
    ask_confirmation(
        ctx,
        Modification(order_no=step.order_no, request=request),
        ctx.loc._(
            "Ask the warehouse to change order {order} as follows: “{request}”?",
            order=step.order_no,
            request=request,
        ),
    )


@router.confirmed("modify")
async def modify(ctx: Context, change: Modification) -> None:
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None or order.status not in CHANGEABLE:
        ctx.say(
            ctx.loc._(
                "Sorry, order {order} can no longer be changed.",
                order=change.order_no,
            )
        )
        return
    priority = Priority.HIGH if order.status is OrderStatus.PICKING else Priority.NORMAL
    ticket = await open_ticket(
        ctx,
        order,
        "modify_order",
        None,
        f"change request: {mask_text(change.request)}",
        {"request": change.request},
        department=Department.WAREHOUSE,
        priority=priority,
    )
    ctx.say(
        ctx.loc._(
            "I've sent your change to the warehouse (ticket {ticket}). I'll confirm here "
            "once it's done.",
            ticket=f"#{ticket.id}",
        )
    )
