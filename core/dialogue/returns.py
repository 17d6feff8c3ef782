"""Returns and exchanges, whole or partial: lines and quantities, reason, eligibility per line,
the refund worked out by the policy engine (shown before confirming), then the return itself
with the return address, refund method and time, and the notes for those items."""

from __future__ import annotations

from typing import Any

from core.answers.labels import address_text, reason_label
from core.answers.policy_text import note_sentence, refusal_sentence
from core.dialogue.confirm import ask_confirmation
from core.dialogue.context import Context
from core.dialogue.items import lines_mentioned
from core.dialogue.money import refund_sentence, threshold_sentence
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.tickets import open_ticket
from core.masking import mask_order_no
from core.messages import Button
from core.order import Order, OrderStatus, Return, ReturnLine, ReturnStatus
from core.policies import (
    Alternative,
    Department,
    Flag,
    Priority,
    ReturnReason,
    needs_approval,
    quote_refund,
    return_eligibility,
    return_guidance,
    returnable_units,
)
from core.understanding import Intent

router = Router()
DRAFT = "return_draft"


@router.intent(Intent.RETURN_REQUEST)
async def ask_return(ctx: Context) -> None:
    await run_with_order(ctx, "return")


@router.order_flow("return")
async def start_return(ctx: Context, order: Order) -> None:
    number = mask_order_no(order.order_no)
    if order.status is not OrderStatus.DELIVERED:
        _not_returnable_yet(ctx, order)
        return
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    if not left:
        ctx.say(ctx.loc._("Everything on order {order} has already been returned.", order=number))
        return
    lines = lines_mentioned(order, ctx.understanding.entities, left, ctx.inbound.text)
    draft: dict[str, Any] = {"order_no": order.order_no, "lines": lines, "flags": {}}
    if not lines and len(left) == 1:  # one line: no need to ask which, maybe how many
        [(line_id, units)] = left.items()
        draft["lines"] = {line_id: 1}
        if units > 1:
            draft["ask_qty"] = line_id
    ctx.session.state[DRAFT] = draft
    await _next_step(ctx, order)


def _not_returnable_yet(ctx: Context, order: Order) -> None:
    number = mask_order_no(order.order_no)
    if order.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING):
        ctx.offer(
            ctx.loc._("Order {order} hasn't shipped yet, so instead of a return you can simply "
                      "cancel it.", order=number),
            [Button(label=ctx.loc._("Cancel an order"), payload="intent:cancel_order")],
        )  # fmt: skip
    elif order.status is OrderStatus.SHIPPED:
        ctx.say(ctx.loc._("Order {order} is still on its way. Once it's delivered you can "
                          "return it here.", order=number))  # fmt: skip
    else:
        ctx.say(ctx.loc._("Order {order} is cancelled or closed, so there is nothing to return.",
                          order=number))  # fmt: skip


async def _draft_order(ctx: Context) -> tuple[dict[str, Any], Order] | None:
    draft = ctx.session.state.get(DRAFT)
    order = await ctx.services.hub.get_order(draft["order_no"]) if draft else None
    if draft is None or order is None:
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return None
    return draft, order


async def _next_step(ctx: Context, order: Order) -> None:
    draft = ctx.session.state[DRAFT]
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    intent = Intent.RETURN_REQUEST.value
    if not draft["lines"]:
        ctx.expect("return_lines", intent=intent)
        buttons = [Button(label=ctx.loc._("All items"), payload="return_line:all")] + [
            Button(label=f"{i.title} × {ctx.loc.number(left[i.line_id])}",
                   payload=f"return_line:{i.line_id}")
            for i in order.items if i.line_id in left
        ]  # fmt: skip
        ctx.offer(ctx.loc._("Which item would you like to return?"), buttons)
        return
    if draft.get("ask_qty"):
        line_id = draft["ask_qty"]
        ctx.expect("return_qty", intent=intent)
        ctx.offer(
            ctx.loc._("How many of them?"),
            [Button(label=ctx.loc.number(n), payload=f"return_qty:{n}")
             for n in range(1, min(left[line_id], 9) + 1)],
        )  # fmt: skip
        return
    if draft.get("reason") is None:
        ctx.expect("return_reason", intent=intent)
        ctx.offer(
            ctx.loc._("What is the reason for the return?"),
            [Button(label=reason_label(ctx.loc, r.value), payload=f"return_reason:{r.value}")
             for r in ReturnReason],
        )  # fmt: skip
        return
    await _check_and_quote(ctx, order, draft)


async def _check_and_quote(ctx: Context, order: Order, draft: dict[str, Any]) -> None:
    reason = ReturnReason(draft["reason"])
    flags = draft["flags"]
    eligible: dict[str, int] = {}
    for line_id, units in draft["lines"].items():
        item = order.item(line_id)
        assert item is not None
        verdict = return_eligibility(
            order, line_id, reason, ctx.now, policy=ctx.services.policy,
            opened=flags.get(f"{line_id}:opened"),
            has_photos=flags.get(f"{line_id}:has_photos"),
            original_packaging=flags.get(f"{line_id}:original_packaging"),
        )  # fmt: skip
        if not verdict.eligible and verdict.refusal is not None:
            deadline = ctx.loc.day(verdict.deadline) if verdict.deadline else ""
            ctx.say(refusal_sentence(ctx.loc, verdict.refusal, item.title, deadline))
            if verdict.alternative is Alternative.CANCEL_ORDER:
                ctx.offer("", [Button(label=ctx.loc._("Cancel an order"),
                                      payload="intent:cancel_order")])  # fmt: skip
            continue
        if verdict.missing:
            _ask_flag(ctx, line_id, item.title, verdict.missing[0])
            return
        eligible[line_id] = units
    if not eligible:
        ctx.settle()
        ctx.session.state.pop(DRAFT, None)
        return
    draft["lines"] = eligible
    quote = quote_refund(order, eligible, reason)
    names = ctx.loc._(", ").join(
        f"{order.item(lid).title} × {ctx.loc.number(n)}"  # type: ignore[union-attr]
        for lid, n in eligible.items()
    )
    text = [
        ctx.loc._("Return {items} from order {order} ({reason})?", items=names,
                  order=mask_order_no(order.order_no), reason=reason_label(ctx.loc, reason.value)),
        refund_sentence(ctx, order, quote.total),
    ]  # fmt: skip
    if quote.threshold_lost:
        text.append(threshold_sentence(ctx, order, quote.total_if_discount_kept, quote.total))
    if quote.shipping_refunded:
        text.append(ctx.loc._("The original shipping fee is included."))
    ask_confirmation(ctx, "return", "\n".join(text),
                     {"order_no": order.order_no, "lines": eligible, "reason": reason.value,
                      "total": str(quote.total)})  # fmt: skip


def _ask_flag(ctx: Context, line_id: str, title: str, flag: Flag) -> None:
    questions = {
        Flag.OPENED: ctx.loc._("Has {item} been opened?", item=title),
        Flag.HAS_PHOTOS: ctx.loc._("Can you send photos of the damage to {item}?", item=title),
        Flag.ORIGINAL_PACKAGING: ctx.loc._(
            "Do you still have the original packaging of {item}?", item=title),
    }  # fmt: skip
    ctx.expect("return_flag", flag=f"{line_id}:{flag.value}", intent=Intent.RETURN_REQUEST.value)
    ctx.offer(
        questions[flag],
        [Button(label=ctx.loc._("Yes"), payload="return_flag:yes"),
         Button(label=ctx.loc._("No"), payload="return_flag:no")],
    )  # fmt: skip


@router.payload("return_line")
async def line_chosen(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    if value == "all":
        draft["lines"] = left
    elif value in left:
        draft["lines"] = {value: 1}
        if left[value] > 1:
            draft["ask_qty"] = value
    await _next_step(ctx, order)


@router.payload("return_qty")
async def quantity_chosen(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    line_id = draft.pop("ask_qty", None)
    if line_id and value.isdigit():
        left = returnable_units(order).get(line_id, 0)
        draft["lines"] = {line_id: max(1, min(int(value), left))}
    await _next_step(ctx, order)


@router.payload("return_reason")
async def reason_chosen(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    if value in ReturnReason._value2member_map_:
        draft["reason"] = value
    await _next_step(ctx, order)


@router.payload("return_flag")
async def flag_answered(ctx: Context, value: str) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    flag = (ctx.pending or {}).get("flag")
    if flag:
        draft["flags"][flag] = value == "yes"
    await _next_step(ctx, order)


@router.step("return_qty")
async def quantity_typed(ctx: Context) -> None:
    numbers = ctx.understanding.entities.quantities
    await quantity_chosen(ctx, str(numbers[0]) if numbers else "")


@router.step("return_flag")
async def flag_typed(ctx: Context) -> None:
    if ctx.understanding.intent in (Intent.AFFIRM, Intent.DENY):
        await flag_answered(ctx, "yes" if ctx.understanding.intent is Intent.AFFIRM else "no")
    else:
        ctx.say(ctx.loc._("Please answer yes or no."))


@router.step("return_lines")
async def lines_typed(ctx: Context) -> None:
    found = await _draft_order(ctx)
    if found is None:
        return
    draft, order = found
    left = {k: v for k, v in returnable_units(order).items() if v > 0}
    draft["lines"] = lines_mentioned(order, ctx.understanding.entities, left, ctx.inbound.text)
    await _next_step(ctx, order)


@router.step("return_reason")
async def reason_typed(ctx: Context) -> None:
    found = await _draft_order(ctx)
    if found is not None:
        await _next_step(ctx, found[1])


@router.confirmed("return")
async def create_return(ctx: Context, data: dict[str, Any]) -> None:
    ctx.session.state.pop(DRAFT, None)
    order = await ctx.services.hub.get_order(data["order_no"])
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    reason = ReturnReason(data["reason"])
    lines: dict[str, int] = data["lines"]
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
            ctx, order, "refund_approval", None, f"return {ret.return_id}: refund above the limit",
            {"return_id": ret.return_id, "amount": str(quote.total), "currency": order.currency},
            department=Department.FINANCE, priority=Priority.NORMAL,
        )  # fmt: skip
        text.append(ctx.loc._("The refund needs a quick approval by a colleague (ticket {ticket}); "
                              "you'll hear from us here.", ticket=f"#{ticket.id}"))  # fmt: skip
    text.append(ctx.loc._("Please send the items to: {address}",
                          address=address_text(ctx.loc, guidance.return_address)))  # fmt: skip
    if reason.shop_at_fault:
        text.append(ctx.loc._("We pay the return shipping."))
    else:
        text.append(ctx.loc._("The return shipping is at your cost."))
    text.append(refund_sentence(ctx, order, quote.total))
    text.extend(note_sentence(ctx.loc, note) for note in guidance.notes)
    ctx.say("\n".join(text))


@router.payload("image")
async def photo_received(ctx: Context, media_id: str) -> None:
    """A photo (WeChat image, Telegram photo): evidence for the damage claim in progress."""
    pending = ctx.pending or {}
    if pending.get("kind") == "return_flag" and str(pending.get("flag", "")).endswith(
        ":has_photos"
    ):
        await flag_answered(ctx, "yes")
        return
    focus = ctx.session.state.get("focus")
    if focus:
        await ctx.services.audit.record(
            f"customer:{ctx.channel}", "claim.photo_received", order_no=focus,
            after={"media": media_id[:64]},
        )  # fmt: skip
        ctx.say(ctx.loc._("Thank you, I've added the photo to order {order}.",
                          order=mask_order_no(focus)))  # fmt: skip
    else:
        ctx.say(ctx.loc._("Thank you for the photo. Which order is it about?"))
        ctx.expect("order_no", flow="return")
