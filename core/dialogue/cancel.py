"""Cancelling an order, or some of its lines, before it ships; after shipping, a return."""

from __future__ import annotations

from core.dialogue.confirm import ask_confirmation
from core.dialogue.context import Context, in_every_language, option
from core.dialogue.items import (
    describes_order,
    lines_by_meaning,
    lines_mentioned,
    whole_order_said,
    without_kept,
)
from core.dialogue.money import refund_sentence, threshold_sentence
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.state import Cancellation, ChoiceStep
from core.dialogue.tickets import open_ticket
from core.messages import Button
from core.order import Order, Return, ReturnLine, ReturnStatus
from core.policies import (
    CancelAction,
    CancelOutcome,
    CancelRefusal,
    Department,
    Priority,
    cancel_outcome,
    returnable_units,
)
from core.policies.codes import ReturnReason
from core.understanding import Intent, lexicon
from core.understanding.expect import Answer, ExpectedOption, ExpectKind
from core.understanding.frame import takes_off
from core.understanding.replies import says_only

router = Router()


@router.intent(Intent.CANCEL_ORDER)
async def ask_cancel(ctx: Context) -> None:
    await run_with_order(ctx, "cancel")


@router.order_flow("cancel")
async def start_cancel(ctx: Context, order: Order) -> None:
    number = order.order_no
    outcome = cancel_outcome(order, None, ctx.services.policy)
    if outcome.refusal is CancelRefusal.ALREADY_SHIPPED:
        ctx.offer(
            ctx.loc._(
                "Order {order} has already shipped, so it can't be cancelled any more. Once it "
                "arrives you can return it.",
                order=number,
            ),
            [Button(label=ctx.loc._("Return or exchange"), payload="intent:return_request")],
        )
        return
    if outcome.refusal is not None:
        ctx.say(ctx.loc._("Order {order} is already cancelled or closed.", order=number))
        return
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    text = ctx.understanding.text
    # "quita el café del pedido de la cafetera": an item taken off, whatever else names the order
    described = describes_order(text) and not takes_off(text)
    whole = described or whole_order_said(text) or ctx.understanding.answer is not None
    lines = {} if whole else lines_mentioned(order, ctx.understanding.entities, left, text)
    options = _line_options(ctx, order, left)
    if not lines and not whole and len(left) > 1:
        lines = await lines_by_meaning(ctx, options, left)
    lines = {line_id: units or left[line_id] for line_id, units in lines.items()}
    if lines and lines != left:
        _confirm(ctx, order, lines)
    elif len(left) > 1 and not lines and not whole:
        ctx.choose(
            ctx.loc._("Cancel the whole order {order}, or only one item?", order=number),
            options,
            purpose="cancel_line",
            kind=ExpectKind.ITEM,
            order_no=order.order_no,
        )
    else:
        _confirm(ctx, order, None)


def _line_options(ctx: Context, order: Order, left: dict[str, int]) -> list[ExpectedOption]:
    return [
        option(
            ctx.loc._("The whole order"),
            "cancel_line:all",
            meaning="all",
            words=in_every_language(lambda loc: loc._("The whole order")),
        ),
        *(
            option(
                f"{i.title} × {ctx.loc.number(left[i.line_id])}",
                f"cancel_line:{i.line_id}",
                words=[i.title, i.sku],
            )
            for i in order.items
            if i.line_id in left
        ),
    ]


@router.payload("cancel_line")
async def cancel_line_chosen(ctx: Context, value: str) -> None:
    pending = ctx.pending
    order_no = pending.order_no if isinstance(pending, ChoiceStep) else None
    order = await ctx.services.hub.get_order(order_no or ctx.state.focus or "")
    if order is None or not await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    ctx.flow = "cancel"
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    said = ctx.understanding.answer.quantity if ctx.understanding.answer else None
    if value == "all" or value not in left:
        _confirm(ctx, order, None)
    else:
        units = max(1, min(said or left[value], left[value]))
        whole = {value} == set(left) and units == left[value]
        _confirm(ctx, order, None if whole else {value: units})


def _confirm(ctx: Context, order: Order, lines: dict[str, int] | None) -> None:
    outcome = cancel_outcome(order, lines, ctx.services.policy)
    number = order.order_no
    if lines is None:
        text = ctx.loc._("Cancel the whole order {order}?", order=number)
    else:
        names = ctx.loc._(", ").join(
            f"{order.item(lid).title} × {ctx.loc.number(n)}"  # type: ignore[union-attr]
            for lid, n in lines.items()
        )
        text = ctx.loc._("Cancel {items} from order {order}?", items=names, order=number)
    parts = [text]
    if outcome.refund_amount > 0:
        parts.append(refund_sentence(ctx, order, outcome.refund_amount))
    else:
        parts.append(ctx.loc._("Nothing has been charged, so there is nothing to refund."))
    if outcome.quote and outcome.quote.threshold_lost:
        parts.append(
            threshold_sentence(
                ctx, order, outcome.quote.total_if_discount_kept, outcome.quote.total
            )
        )
    if outcome.action is CancelAction.INTERCEPT_TICKET:
        parts.append(ctx.loc._("It is already being packed, so I'll ask the warehouse to stop it."))
    ask_confirmation(ctx, Cancellation(order_no=order.order_no, lines=lines), "\n".join(parts))


@router.amended("cancel")
async def cancel_amended(ctx: Context, change: Cancellation, answer: Answer) -> None:
    """Asked to confirm, the customer changes how many: "cancel just one of them"."""
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    lines = change.lines or left
    if len(lines) != 1:
        _confirm(ctx, order, change.lines)
        return
    [line_id] = lines
    units = max(1, min(answer.quantity or left.get(line_id, 1), left.get(line_id, 1)))
    _confirm(ctx, order, None if {line_id: units} == left else {line_id: units})


@router.rescoped("cancel")
async def cancel_rescoped(ctx: Context, change: Cancellation) -> bool:
    """Asked to confirm, the customer names the items to cancel instead, keeping the others
    or saying "only" ("等一下，鼠标垫我还要的，就把键盘取消掉", "no, only the bottle"): the
    cancellation of those asked again. "Yes, the whole order" or a reply that names no other
    items than the ones asked about leaves the question as it is."""
    text = ctx.understanding.text
    keeps = without_kept(text) != text
    if not (keeps or says_only(text)) or whole_order_said(text):
        return False
    if not keeps and lexicon.ALL.search(lexicon.normalize(text)):
        return False
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        return False
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    lines = lines_mentioned(order, ctx.understanding.entities, left, text)
    lines = {line_id: units or left[line_id] for line_id, units in lines.items()}
    if not lines or lines == (change.lines or left):
        return False
    ctx.settle()
    _confirm(ctx, order, None if lines == left else lines)
    return True


@router.confirmed("cancel")
async def cancel(ctx: Context, change: Cancellation) -> None:
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    lines = change.lines
    outcome = cancel_outcome(order, lines, ctx.services.policy)
    number = order.order_no
    if outcome.action is CancelAction.OFFER_RETURN or outcome.refusal is not None:
        ctx.say(
            ctx.loc._(
                "Order {order} can't be cancelled any more: it has shipped or is already closed.",
                order=number,
            )
        )
        return
    if outcome.action is CancelAction.INTERCEPT_TICKET:
        ticket = await open_ticket(
            ctx, order, "cancel_intercept", outcome, "cancel before shipping", {"lines": lines}
        )
        ctx.say(
            ctx.loc._(
                "I've asked the warehouse to stop order {order} (ticket {ticket}). "
                "I'll confirm here "
                "as soon as they have; the refund follows then.",
                order=number,
                ticket=f"#{ticket.id}",
            )
        )
        return
    await _cancel_now(ctx, order, lines, outcome)


async def _cancel_now(
    ctx: Context, order: Order, lines: dict[str, int] | None, outcome: CancelOutcome
) -> None:
    actor = f"customer:{ctx.channel}"
    number = order.order_no
    if lines is None:
        await ctx.services.operations.cancel(order, actor)
    else:
        count = len(order.returns) + 1
        await ctx.services.operations.create_return(
            order,
            Return(
                return_id=f"C-{order.order_no.lstrip('#')[-6:]}-{count}",
                created_at=ctx.now,
                lines=[ReturnLine(line_id=lid, quantity=n) for lid, n in lines.items()],
                # A return's reason is one of the shop's codes (reports, refunds and platforms
                # read them); the "C-" id already says it is a cancellation.
                reason=ReturnReason.NO_REASON,
                refund_amount=outcome.refund_amount,
                status=ReturnStatus.APPROVED,
            ),
            actor,
        )
    ctx.say(
        ctx.loc._("Done: order {order} is cancelled.", order=number)
        if lines is None
        else ctx.loc._("Done: those items are cancelled from order {order}.", order=number)
    )
    if outcome.refund_amount <= 0:
        return
    if outcome.needs_approval:
        ticket = await open_ticket(
            ctx,
            order,
            "refund_approval",
            None,
            f"refund {outcome.refund_amount} {order.currency} after cancellation",
            {"amount": str(outcome.refund_amount), "currency": order.currency},
            department=Department.FINANCE,
            priority=Priority.NORMAL,
        )
        ctx.say(
            ctx.loc._(
                "The refund of {amount} needs a quick check by a colleague (ticket {ticket}); "
                "you'll hear from us here.",
                amount=ctx.loc.money(outcome.refund_amount, order.currency),
                ticket=f"#{ticket.id}",
            )
        )
    else:
        ctx.say(refund_sentence(ctx, order, outcome.refund_amount))
