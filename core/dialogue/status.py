"""Order status: where is my order, why hasn't it shipped, when will it arrive."""

from __future__ import annotations

from core.answers.status import answer_status
from core.dialogue.context import Context
from core.dialogue.followup import asks_when_it_comes, say_when
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.order import Order
from core.understanding import Intent

router = Router()


@router.intent(Intent.ORDER_STATUS)
async def ask_status(ctx: Context) -> None:
    await run_with_order(ctx, "status")


@router.order_flow("status")
async def tell_status(ctx: Context, order: Order) -> None:
    if asks_when_it_comes(ctx.understanding.text):
        await say_when(ctx, order)  # "can it arrive by the weekend?": the status and how long
        return
    await answer_status(ctx, order)  # fresh tracking; a late parcel explained once
