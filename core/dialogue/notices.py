"""The customer's answer to a proactive notice (`core.proactive`): wait, cancel, pay another way,
or take the compensation offered.

The worker leaves a `NoticeStep` pending when a notice is delivered. Buttons carry
`notice:{choice}:{order_no}`; typed answers are read by intent ("取消吧" → cancel_order → the
cancel flow; payment_issue → the payment flow; yes / "I'll wait" → thanks; a coupon →
recorded). Anything else leaves the notice and is answered normally.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from core.dialogue.context import Context
from core.dialogue.resolve import start_flow
from core.dialogue.router import Router
from core.dialogue.state import NoticeStep
from core.order import Order
from core.proactive.compose import CANCEL, CHOICES, COUPON, PAY, PRIORITY, WAIT
from core.proactive.config import ProactiveConfig
from core.proactive.decide import release_budget
from core.storage.tables import exception_decisions
from core.understanding import Intent

router = Router()

COMPENSATION = (COUPON, PRIORITY)

WAIT_WORDS = re.compile(
    r"\bwait|\bok\b|okay|fine|no problem|等|没关系|沒關係|可以|好的|espero|esperar|esperarei|"
    r"attend|warte|подожд|жду|подождать|待ち|待ちます|기다|انتظر|chờ|รอ|tunggu",
    re.IGNORECASE,
)
COUPON_WORDS = re.compile(
    r"coupon|voucher|优惠券|券|優惠券|cupón|cupom|gutschein|купон|クーポン|쿠폰|قسيمة|phiếu|คูปอง|kupon",
    re.IGNORECASE,
)
PRIORITY_WORDS = re.compile(
    r"priority|优先|優先|prioridad|prioritaire|приоритет|우선", re.IGNORECASE
)


@router.payload("notice")
async def notice_button(ctx: Context, value: str) -> None:
    choice, _, order_no = value.partition(":")
    pending = ctx.pending if isinstance(ctx.pending, NoticeStep) else None
    order_no = order_no or (pending.order_no if pending else "") or ctx.state.focus or ""
    await answer_notice(ctx, choice if choice in CHOICES else WAIT, order_no)


@router.step("notice")
async def notice_reply(ctx: Context) -> None:
    pending = ctx.pending
    assert isinstance(pending, NoticeStep)
    intent = ctx.understanding.intent
    text = ctx.inbound.text
    if intent is Intent.CANCEL_ORDER:
        choice = CANCEL
    elif intent is Intent.PAYMENT_ISSUE:
        choice = PAY
    elif COUPON_WORDS.search(text) or intent is Intent.COUPON_PRICE:
        choice = COUPON
    elif PRIORITY_WORDS.search(text):
        choice = PRIORITY
    elif intent is Intent.AFFIRM or WAIT_WORDS.search(text):
        choice = WAIT
    else:  # not an answer to the notice: leave it and answer as usual
        ctx.settle()
        await ctx.router.intents[intent](ctx)
        return
    await answer_notice(ctx, choice, pending.order_no)


async def _decision(ctx: Context, order_no: str) -> dict[str, Any] | None:
    """The newest decision about the order (the notice the customer answers)."""
    table = exception_decisions
    async with ctx.services.db.connect() as conn:
        row = (
            (
                await conn.execute(
                    sa.select(table)
                    .where(table.c.order_no == order_no)
                    .order_by(table.c.decided_at.desc(), table.c.id.desc())
                    .limit(1)
                )
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


async def _record_choice(
    ctx: Context, decision: dict[str, Any], choice: str
) -> tuple[bool, str | None]:
    """Store the customer's choice; a compensation once granted is never granted again.
    Returns (recorded, the choice that was there before)."""
    before = decision.get("choice")
    if before in COMPENSATION and choice in COMPENSATION:
        return False, before
    table = exception_decisions
    config = ProactiveConfig.from_settings(ctx.services.settings)
    async with ctx.services.db.begin() as conn:
        result = await conn.execute(
            sa.update(table)
            .where(
                table.c.id == decision["id"],
                table.c.choice.is_(None) if before is None else table.c.choice == before,
            )
            .values(choice=choice, choice_at=ctx.now)
        )
        if result.rowcount != 1:
            return False, before
        if choice != COUPON and before != COUPON:
            offer = dict(decision.get("offer") or {})
            await release_budget(conn, config, offer, decision["decided_at"])
    await ctx.services.outcomes.notice_choice(ctx, decision, choice, first=before is None)
    return True, before


async def _note_on_ticket(ctx: Context, decision: dict[str, Any], data: dict[str, Any]) -> None:
    for ticket in await ctx.services.tickets.list(order_no=decision["order_no"]):
        if (
            ticket.kind.startswith("proactive_")
            and ticket.data.get("decision_id") == decision["id"]
        ):
            await ctx.services.tickets.update(ticket.id, data=data)


async def answer_notice(ctx: Context, choice: str, order_no: str) -> None:
    order = await ctx.services.hub.get_order(order_no) if order_no else None
    if order is None or not await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    decision = await _decision(ctx, order.order_no)
    if choice == CANCEL:
        if decision is not None:
            await _record_choice(ctx, decision, CANCEL)
        await start_flow(ctx, "cancel", order)
        return
    if choice == PAY:
        if decision is not None:
            await _record_choice(ctx, decision, PAY)
        await start_flow(ctx, "payment", order)
        return
    ctx.settle()
    ctx.state.focus = order.order_no
    offer = dict((decision or {}).get("offer") or {})
    if choice == COUPON and "coupon" not in offer.get("options", []):
        choice = PRIORITY if "priority_shipping" in offer.get("options", []) else WAIT
    if choice == PRIORITY and "priority_shipping" not in offer.get("options", []):
        choice = WAIT
    if choice in COMPENSATION and decision is not None:
        await _compensate(ctx, order, decision, offer, choice)
        return
    if decision is not None and decision.get("choice") is None:
        await _record_choice(ctx, decision, WAIT)
        await _note_on_ticket(ctx, decision, {"customer_choice": WAIT})
    ctx.say(ctx.loc._("Thank you for your patience. We'll keep you posted here."))


async def _compensate(
    ctx: Context, order: Order, decision: dict[str, Any], offer: dict[str, Any], choice: str
) -> None:
    recorded, before = await _record_choice(ctx, decision, choice)
    granted = choice if recorded else before or choice
    if recorded:
        after: dict[str, Any] = {"option": granted, "exception": decision["kind"]}
        if granted == COUPON:
            after.update(amount=offer["coupon_amount"], currency=offer["currency"])
        await ctx.services.audit.record(
            f"customer:{ctx.channel}",
            "compensation.accepted",
            order_no=order.order_no,
            after=after,
        )
        amount = Decimal(str(after["amount"])) if "amount" in after else None
        await ctx.services.outcomes.compensation(order, granted, amount, ctx.channel, ctx.now)
        await _note_on_ticket(
            ctx,
            decision,
            {
                "customer_choice": granted,
                "compensation_accepted": after,
                "accepted_at": _iso(ctx.now),
            },
        )
    if granted == COUPON:
        worth = ctx.loc.money(Decimal(offer["coupon_amount"]), order.currency)
        ctx.say(
            ctx.loc._(
                "Done: a coupon worth {amount} is yours; it will be in your account shortly.",
                amount=worth,
            )
        )
    else:
        ctx.say(ctx.loc._("Done: your order will ship with priority as soon as it's ready."))


def _iso(moment: datetime) -> str:
    return moment.isoformat()
