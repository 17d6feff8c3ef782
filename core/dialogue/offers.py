"""One follow-up action offered after an answer ("you can also return it right away"): the
offer is a question the next message may answer. A plain yes ("yes please, do that", "嗯 退吧",
"sí, hazlo") takes it, and the offered flow starts on the same order with everything the first
message said (the item named, how many, the reason), so it asks only what is still missing. A
reply that is no answer drops the offer and is handled as if nothing were pending.
"""

from __future__ import annotations

from collections.abc import Callable

from core.dialogue.context import FLOW_INTENTS, Context, in_every_language, option
from core.dialogue.resolve import start_flow
from core.dialogue.router import Router
from core.dialogue.state import ChoiceStep
from core.i18n import Localizer
from core.messages import Button
from core.order import Order
from core.understanding.expect import Expectation, ExpectKind

router = Router()

OFFER = "offer"
"""The purpose of the pending step an offer puts, and the prefix of its payloads."""


def offer_payload(flow: str, order: Order) -> str:
    return f"{OFFER}:{flow}:{order.order_no}"


def offer_flow(
    ctx: Context, text: str, label: Callable[[Localizer], str], flow: str, order: Order
) -> None:
    """Offer the customer to go on with `flow` on `order`, one button, and expect a yes or no:
    the request being answered is kept with the offer, for the flow to take up."""
    frame = ctx.request_frame()
    payload = offer_payload(flow, order)
    served = FLOW_INTENTS.get(flow)
    yes_words = [*in_every_language(lambda loc: loc._("Yes")), *in_every_language(label)]
    step = ChoiceStep(
        purpose=OFFER,
        flow=flow,
        prompt=text,
        order_no=order.order_no,
        optional=True,
        frame=frame,
        expect=Expectation(
            kind=ExpectKind.YES_NO,
            options=[
                option(label(ctx.loc), payload, meaning="yes", words=yes_words),
                option(
                    ctx.loc._("No"),
                    f"{OFFER}:no",
                    meaning="no",
                    words=in_every_language(lambda loc: loc._("No")),
                ),
            ],
            action=served.value if served else None,
        ),
    )
    ctx.expect(step)
    ctx.offer(text, [Button(label=label(ctx.loc), payload=payload)])


def pending_offer(ctx: Context) -> ChoiceStep | None:
    pending = ctx.pending
    if isinstance(pending, ChoiceStep) and pending.purpose == OFFER:
        return pending
    return None


@router.payload(OFFER)
async def offer_taken(ctx: Context, value: str) -> None:
    """The offer's button, or a yes or no typed to it."""
    flow, _, order_no = value.partition(":")
    pending = pending_offer(ctx)
    ctx.settle()
    if flow not in ctx.router.order_flows or not order_no:
        ctx.say(ctx.loc._("All right, I haven't changed anything."))
        return
    order = await ctx.services.hub.get_order(order_no)
    if order is None or not await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    if pending is not None and pending.order_no == order_no:
        ctx.take_up(pending.frame)  # the item, how many and why, as the first message said
    served = FLOW_INTENTS.get(flow)
    if served is not None:
        ctx.understanding = ctx.understanding.model_copy(update={"intent": served})
    await start_flow(ctx, flow, order)
