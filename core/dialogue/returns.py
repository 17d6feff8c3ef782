"""Returns and exchanges, whole or partial: lines and quantities, reason, eligibility per line,
the refund worked out by the policy engine (shown before confirming), then the return itself
with the return address, refund method and time, and the notes for those items.

Whatever the first message already said (the order, "2 of the 3 mugs", "they arrived chipped")
fills the draft; only what is still missing is asked, and every question takes a typed answer
as well as a button.
"""

from __future__ import annotations

from functools import partial

from core.answers.labels import address_text, reason_label
from core.answers.policy_text import note_sentence, refusal_sentence
from core.dialogue.confirm import ask_confirmation, yes_no_options
from core.dialogue.context import Context, in_every_language, option
from core.dialogue.items import (
    everything_meant,
    line_named_in,
    lines_by_meaning,
    lines_mentioned,
)
from core.dialogue.money import refund_sentence, threshold_sentence
from core.dialogue.refunds import tell_refund
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.state import ChoiceStep, ConfirmStep, ReturnDraft, ReturnRequest
from core.dialogue.tickets import open_ticket
from core.messages import Button
from core.order import Order, OrderStatus, PaymentStatus, Return, ReturnLine, ReturnStatus
from core.policies import (
    Alternative,
    Department,
    Flag,
    Priority,
    Refusal,
    ReturnReason,
    needs_approval,
    quote_refund,
    return_eligibility,
    return_guidance,
    returnable_units,
)
from core.policies.returns import ShippingPayer, shipping_payer
from core.understanding import Intent
from core.understanding.expect import Answer, ExpectedOption, ExpectKind

router = Router()


@router.intent(Intent.RETURN_REQUEST)
async def ask_return(ctx: Context) -> None:
    if ctx.understanding.reason:
        ctx.state.reason = ctx.understanding.reason
    await run_with_order(ctx, "return")


def _left(order: Order) -> dict[str, int]:
    return {k: v for k, v in returnable_units(order).items() if v > 0}


@router.order_flow("return")
async def start_return(ctx: Context, order: Order) -> None:
    number = order.order_no
    if order.status is OrderStatus.CANCELLED or (
        order.status is OrderStatus.CLOSED and order.payment.status is not PaymentStatus.SUCCEEDED
    ):  # nothing came to send back: "did you return my money?", answered with its refund
        ctx.flow = ctx.state.last_flow = "refund"
        await tell_refund(ctx, order)
        return
    if order.status is not OrderStatus.DELIVERED:
        _not_returnable_yet(ctx, order)
        return
    left = _left(order)
    if not left:
        ctx.say(ctx.loc._("Everything on order {order} has already been returned.", order=number))
        return
    lines = lines_mentioned(order, ctx.understanding.entities, left, ctx.understanding.text)
    if everything_meant(order, ctx.understanding.text, left):
        lines = dict(left)  # "return everything": every line, all its units
    if not lines and _names_a_returned_line(ctx, order, left):
        return
    if not lines and len(left) > 1:  # named in other words ("الثوب", "the silk one")?
        lines = await lines_by_meaning(ctx, _line_options(ctx, order, left), left)
    reason = ctx.understanding.reason or ctx.state.reason
    draft = ReturnDraft(
        order_no=order.order_no, lines=lines, reason=reason, facts=ctx.understanding.facts
    )
    ctx.state.reason = None
    unsaid = [line_id for line_id, units in lines.items() if units == 0]
    if unsaid:  # the line is named, its quantity is not
        draft.lines = {unsaid[0]: 1}
        draft.ask_qty = unsaid[0]
    elif not lines and len(left) == 1:  # one line: no need to ask which, maybe how many
        [(line_id, units)] = left.items()
        draft.lines = {line_id: 1}
        if units > 1:
            draft.ask_qty = line_id
    ctx.state.return_draft = draft
    await _next_step(ctx, order)


def _line_options(ctx: Context, order: Order, left: dict[str, int]) -> list[ExpectedOption]:
    return [
        option(
            ctx.loc._("All items"),
            "return_line:all",
            meaning="all",
            words=in_every_language(lambda loc: loc._("All items")),
        ),
        *(
            option(
                f"{i.title} × {ctx.loc.number(left[i.line_id])}",
                f"return_line:{i.line_id}",
                words=[i.title, i.sku],
                units=left[i.line_id],
            )
            for i in order.items
            if i.line_id in left
        ),
    ]


def _names_a_returned_line(ctx: Context, order: Order, left: dict[str, int]) -> bool:
    """ "I want to return the dress" when the dress is already on its way back: say so, rather
    than quietly offering the other items."""
    every = {i.line_id: i.quantity for i in order.items}
    named = line_named_in(order, ctx.understanding.text, every)
    if named is None or named in left:
        return False
    item = order.item(named)
    assert item is not None
    ctx.say(
        ctx.loc._(
            "{item} from order {order} is already returned or on its way back to us.",
            item=item.title,
            order=order.order_no,
        )
    )
    return True


def _not_returnable_yet(ctx: Context, order: Order) -> None:
    number = order.order_no
    if order.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING):
        ctx.offer(
            ctx.loc._(
                "Order {order} hasn't shipped yet, so instead of a return you can simply "
                "cancel it.",
                order=number,
            ),
            [Button(label=ctx.loc._("Cancel an order"), payload="intent:cancel_order")],
        )
    elif order.status is OrderStatus.SHIPPED:
        ctx.say(
            ctx.loc._(
                "Order {order} is still on its way. Once it's delivered you can return it here.",
                order=number,
            )
        )
    else:
        ctx.say(
            ctx.loc._(
                "Order {order} is cancelled or closed, so there is nothing to return.",
                order=number,
            )
        )


async def _draft_order(ctx: Context) -> tuple[ReturnDraft, Order] | None:
    draft = ctx.state.return_draft
    order = await ctx.services.hub.get_order(draft.order_no) if draft else None
    if draft is None or order is None:
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return None
    ctx.flow = "return"
    draft.facts = {**draft.facts, **ctx.understanding.facts}  # "it's still sealed", said now
    return draft, order


async def _next_step(ctx: Context, order: Order) -> None:
    draft = ctx.state.return_draft
    assert draft is not None
    ctx.flow = "return"
    left = _left(order)
    if not draft.lines:
        ctx.choose(
            ctx.loc._("Which item would you like to return?"),
            _line_options(ctx, order, left),
            purpose="return_line",
            kind=ExpectKind.ITEM,
            order_no=order.order_no,
        )
        return
    if draft.ask_qty:
        units = left.get(draft.ask_qty, 1)
        ctx.choose(
            ctx.loc._("How many of them?"),
            [option(ctx.loc.number(n), f"return_qty:{n}") for n in range(1, min(units, 9) + 1)],
            purpose="return_qty",
            kind=ExpectKind.QUANTITY,
            order_no=order.order_no,
        )
        pending = ctx.pending
        assert isinstance(pending, ChoiceStep)
        pending.expect.max_quantity = units
        pending.expect.quantity_payload = "return_qty"
        return
    if draft.reason is None:
        ctx.choose(
            ctx.loc._("What is the reason for the return?"),
            [
                option(
                    reason_label(ctx.loc, r.value),
                    f"return_reason:{r.value}",
                    meaning=r.value,
                    words=in_every_language(partial(reason_label, reason=r.value)),
                )
                for r in ReturnReason
            ],
            purpose="return_reason",
            kind=ExpectKind.REASON,
            order_no=order.order_no,
        )
        return
    await _check_and_quote(ctx, order, draft)


async def _check_and_quote(ctx: Context, order: Order, draft: ReturnDraft) -> None:
    assert draft.reason is not None
    reason = ReturnReason(draft.reason)
    eligible: dict[str, int] = {}
    for line_id, units in draft.lines.items():
        item = order.item(line_id)
        assert item is not None
        verdict = return_eligibility(
            order,
            line_id,
            reason,
            ctx.now,
            policy=ctx.services.policy,
            opened=draft.flags.get(f"{line_id}:opened", draft.facts.get("opened")),
            has_photos=draft.flags.get(f"{line_id}:has_photos", draft.facts.get("has_photos")),
            original_packaging=draft.flags.get(
                f"{line_id}:original_packaging", draft.facts.get("original_packaging")
            ),
        )
        if not verdict.eligible and verdict.refusal is not None:
            deadline = ctx.loc.day(verdict.deadline) if verdict.deadline else ""
            ctx.say(refusal_sentence(ctx.loc, verdict.refusal, item.title, deadline))
            if (
                verdict.refusal is Refusal.WINDOW_EXPIRED
                and verdict.deadline
                and order.delivered_at
            ):
                # the date alone doesn't tell the customer the rule they ran into
                days = round((verdict.deadline - order.delivered_at).total_seconds() / 86400)
                ctx.say(
                    ctx.loc._("Items can be returned within {days} days of delivery.", days=days)
                )
            if verdict.alternative is Alternative.CANCEL_ORDER:
                ctx.offer(
                    "",
                    [Button(label=ctx.loc._("Cancel an order"), payload="intent:cancel_order")],
                )
            continue
        if verdict.missing:
            _ask_flag(ctx, order, line_id, item.title, verdict.missing[0])
            return
        eligible[line_id] = units
    if not eligible:
        ctx.settle()
        ctx.state.return_draft = None
        return
    draft.lines = eligible
    quote = quote_refund(order, eligible, reason)
    names = ctx.loc._(", ").join(
        f"{item.title} × {ctx.loc.number(n)}"
        for lid, n in eligible.items()
        if (item := order.item(lid)) is not None
    )
    text = [
        ctx.loc._(
            "Return {items} from order {order} ({reason})?",
            items=names,
            order=order.order_no,
            reason=reason_label(ctx.loc, reason.value),
        ),
        refund_sentence(ctx, order, quote.total),
    ]
    if quote.threshold_lost:
        text.append(threshold_sentence(ctx, order, quote.total_if_discount_kept, quote.total))
    if quote.shipping_refunded:
        text.append(ctx.loc._("The original shipping fee is included."))
    change = ReturnRequest(
        order_no=order.order_no, lines=eligible, reason=reason.value, total=quote.total
    )
    ask_confirmation(ctx, change, "\n".join(text))


def _ask_flag(ctx: Context, order: Order, line_id: str, title: str, flag: Flag) -> None:
    questions = {
        Flag.OPENED: ctx.loc._("Has {item} been opened?", item=title),
        Flag.HAS_PHOTOS: ctx.loc._("Can you send photos of the damage to {item}?", item=title),
        Flag.ORIGINAL_PACKAGING: ctx.loc._(
            "Do you still have the original packaging of {item}?", item=title
        ),
    }
    ctx.choose(
        questions[flag],
        yes_no_options(ctx, ctx.loc._("Yes"), ctx.loc._("No"), "return_flag"),
        purpose="return_flag",
        kind=ExpectKind.YES_NO,
        order_no=order.order_no,
        flag=f"{line_id}:{flag.value}",
    )
    pending = ctx.pending
    if isinstance(pending, ChoiceStep):
        pending.expect.fact = flag.value  # "盒子早扔了" answers the question in words


@router.payload("return_line")
async def line_chosen(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    left = _left(order)
    said = ctx.understanding.answer.quantity if ctx.understanding.answer else None
    if draft.reason is None and ctx.understanding.reason:
        draft.reason = ctx.understanding.reason  # "the t-shirts, just one, it doesn't fit"
    if value == "all":
        draft.lines = left
        draft.ask_qty = None
    elif value in left:
        if said:
            draft.lines = {value: max(1, min(said, left[value]))}
            draft.ask_qty = None
        else:
            draft.lines = {value: 1}
            draft.ask_qty = value if left[value] > 1 else None
    await _next_step(ctx, order)


@router.payload("return_qty")
async def quantity_chosen(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    line_id, draft.ask_qty = draft.ask_qty, None
    if line_id and value.isdigit():
        left = returnable_units(order).get(line_id, 0)
        draft.lines = {line_id: max(1, min(int(value), left))}
    await _next_step(ctx, order)


@router.payload("return_reason")
async def reason_chosen(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    if value in ReturnReason._value2member_map_:
        draft.reason = value
    await _next_step(ctx, order)


@router.payload("return_flag")
async def flag_answered(ctx: Context, value: str) -> None:
    pending = ctx.pending
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    if isinstance(pending, ChoiceStep) and pending.flag:
        draft.flags[pending.flag] = value == "yes"
    await _next_step(ctx, order)


@router.amended("return")
async def return_amended(ctx: Context, change: ReturnRequest, answer: Answer) -> None:
    """Asked to confirm, the customer changes how many or why: the return, quoted again."""
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    draft = ctx.state.return_draft or ReturnDraft(order_no=order.order_no, reason=change.reason)
    draft.lines = dict(change.lines)
    if answer.quantity and len(change.lines) == 1:
        [line_id] = change.lines
        draft.lines = {line_id: max(1, min(answer.quantity, _left(order).get(line_id, 1)))}
    draft.reason = answer.reason or change.reason
    ctx.state.return_draft = draft
    await _next_step(ctx, order)


@router.confirmed("return")
async def create_return(ctx: Context, change: ReturnRequest) -> None:
    ctx.state.return_draft = None
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    reason = ReturnReason(change.reason)
    lines = change.lines
    quote = quote_refund(order, lines, reason)
    approval = needs_approval(quote.total, order.currency, ctx.services.policy)
    ret = Return(
        return_id=f"R-{order.order_no.lstrip('#')[-6:]}-{len(order.returns) + 1}",
        created_at=ctx.now,
        lines=[ReturnLine(line_id=lid, quantity=n) for lid, n in lines.items()],
        reason=reason.value,
        refund_amount=quote.total,
        status=ReturnStatus.REQUESTED if approval else ReturnStatus.APPROVED,
    )
    await ctx.services.operations.create_return(order, ret, f"customer:{ctx.channel}")
    guidance = return_guidance(order, lines, ctx.services.policy, reason)
    text = [ctx.loc._("Your return {id} is registered.", id=ret.return_id)]
    if approval:
        ticket = await open_ticket(
            ctx,
            order,
            "refund_approval",
            None,
            f"return {ret.return_id}: refund above the limit",
            {"return_id": ret.return_id, "amount": str(quote.total), "currency": order.currency},
            department=Department.FINANCE,
            priority=Priority.NORMAL,
        )
        text.append(
            ctx.loc._(
                "The refund needs a quick approval by a colleague (ticket {ticket}); "
                "you'll hear from us here.",
                ticket=f"#{ticket.id}",
            )
        )
    text.append(
        ctx.loc._(
            "Please send the items to: {address}",
            address=address_text(ctx.loc, guidance.return_address),
        )
    )
    text.append(return_shipping_sentence(ctx, reason))
    text.append(refund_sentence(ctx, order, quote.total))
    text.extend(note_sentence(ctx.loc, note) for note in guidance.notes)
    ctx.say("\n".join(text))


@router.payload("image")
async def photo_received(ctx: Context, media_id: str) -> None:
    """A photo (WeChat image, Telegram photo): evidence for the damage claim in progress."""
    pending = ctx.pending
    if (
        isinstance(pending, ChoiceStep)
        and pending.purpose == "return_flag"
        and (pending.flag or "").endswith(":has_photos")
    ):
        await flag_answered(ctx, "yes")
        return
    focus = ctx.state.focus
    if focus:
        await ctx.services.audit.record(
            f"customer:{ctx.channel}",
            "claim.photo_received",
            order_no=focus,
            after={"media": media_id[:64]},
        )
        ctx.say(ctx.loc._("Thank you, I've added the photo to order {order}.", order=focus))
    else:
        from core.dialogue.resolve import ask_order_number

        ask_order_number(
            ctx, "return", ctx.loc._("Thank you for the photo. Which order is it about?")
        )


def reason_in_play(ctx: Context) -> ReturnReason | None:
    """The reason of the return being put together or waiting for a yes: the one the change
    shown carries, else the draft's, else the one the first message said."""
    for step in (ctx.pending, ctx.state.suspended):
        if isinstance(step, ConfirmStep) and isinstance(step.change, ReturnRequest):
            return ReturnReason(step.change.reason)
    draft = ctx.state.return_draft
    for said in (draft.reason if draft else None, ctx.state.reason):
        if said is not None and said in ReturnReason._value2member_map_:
            return ReturnReason(said)
    return None


def return_shipping_sentence(ctx: Context, reason: ReturnReason) -> str:
    """Who pays for sending this return back, by its reason (`core.policies.shipping_payer`)."""
    if shipping_payer(reason) is ShippingPayer.SHOP:
        return ctx.loc._("We pay the return shipping.")
    return ctx.loc._("The return shipping is at your cost.")
