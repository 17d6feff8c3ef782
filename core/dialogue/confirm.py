"""Explicit confirmation of every change, with a 30-minute expiry, and coming back to a flow.

A flow asks with `ask_confirmation(ctx, change, text)`; the customer's yes (the button, or words:
"yes", "好的", "嗯 取消吧", "да, отменяйте") runs the handler registered with
`@router.confirmed(change.action)`, a no ("no", "先别取消", "keep it") backs out without changing
anything. A customer who asks something else mid-flow gets the answer, then the question they
left open again (`resume_suspended`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import TypeAdapter

from core.dialogue.context import FLOW_INTENTS, Context, in_every_language, option
from core.dialogue.router import Router
from core.dialogue.state import ConfirmAction, ConfirmStep
from core.messages import ReplyPart
from core.understanding.expect import Answer, Expectation, ExpectedOption, ExpectKind
from core.understanding.replies import yes_or_no

router = Router()

CONFIRM_TTL = timedelta(minutes=30)
_PART: TypeAdapter[ReplyPart] = TypeAdapter(ReplyPart)


def yes_no_options(
    ctx: Context, yes_label: str, no_label: str, prefix: str
) -> list[ExpectedOption]:
    return [
        option(
            yes_label,
            f"{prefix}:yes",
            meaning="yes",
            words=in_every_language(lambda loc: loc._("Yes")),
        ),
        option(
            no_label, f"{prefix}:no", meaning="no", words=in_every_language(lambda loc: loc._("No"))
        ),
    ]


def ask_confirmation(ctx: Context, change: ConfirmAction, text: str) -> None:
    intent = FLOW_INTENTS.get(ctx.flow or "")
    ctx.ask(
        ConfirmStep(
            change=change,
            expires=ctx.now + CONFIRM_TTL,
            prompt=text,
            expect=Expectation(
                kind=ExpectKind.YES_NO,
                options=yes_no_options(ctx, ctx.loc._("Yes, go ahead"), ctx.loc._("No"), "confirm"),
                action=intent.value if intent else None,
            ),
        )
    )


async def answer_confirmation(ctx: Context, yes: bool) -> None:
    pending = ctx.pending
    if not isinstance(pending, ConfirmStep):
        ctx.say(ctx.loc._("There is nothing waiting for your confirmation."))
        return
    ctx.settle()
    answer = ctx.understanding.answer
    amend = ctx.router.amendments.get(pending.change.action)
    if not yes and answer is not None and answer.method == "correction" and amend is not None:
        ctx.flow = pending.flow  # "no, it's flat 84, not 48": the change, put right, again
        await amend(ctx, pending.change, answer)
        return
    if not yes:
        ctx.say(ctx.loc._("All right, I haven't changed anything."))
        return
    if pending.expires < ctx.now:
        ctx.say(
            ctx.loc._(
                "That confirmation has expired, so nothing was changed. Tell me again what you "
                "would like to do."
            )
        )
        return
    ctx.flow = pending.flow
    await carry_out(ctx, pending.change)


async def carry_out(ctx: Context, change: ConfirmAction) -> None:
    """Run the confirmed change's handler once per offer (`core.ledger`): a "yes" read again
    from a session that was not saved, or by a second turn while the first still runs, gets
    the answer the first one gave instead of a second change."""
    handler = ctx.router.confirmations[change.action]
    key = f"{ctx.inbound.conversation_key}:{change.action}:{change.id}"
    start = len(ctx.parts)

    def said() -> dict[str, Any]:
        return {"parts": [p.model_dump(mode="json") for p in ctx.parts[start:]]}

    async def work() -> dict[str, Any]:
        await handler(ctx, change)
        return said()

    entry = await ctx.services.ledger.run(key, change.action, change.order_no, work, partial=said)
    if not entry.fresh:
        parts = (entry.outcome or {}).get("parts") or []
        ctx.add(*(_PART.validate_python(p) for p in parts))
        if not parts:
            ctx.say(ctx.loc._("That is already being taken care of."))


@router.payload("confirm")
async def confirm_button(ctx: Context, value: str) -> None:
    if await _rescoped(ctx):
        return
    if value == "no" and await _yes_beside_another_order(ctx):
        value = "yes"
    await answer_confirmation(ctx, value == "yes")


async def _yes_beside_another_order(ctx: Context) -> bool:
    """ "Yes, cancel that one. The air fryer order stays as it is": what a typed reply says
    of another of the customer's orders (named by its items) is no answer about the order
    asked about; the rest of the reply decides."""
    from core.dialogue.resolve import order_named_in
    from core.understanding import frame

    pending = ctx.pending
    if ctx.inbound.payload or not isinstance(pending, ConfirmStep):
        return False
    pieces = frame.phrases(ctx.understanding.text)
    if len(pieces) < 2:
        return False
    about_this = []
    for piece in pieces:
        other = await order_named_in(ctx, piece)
        if other is None or other.order_no == pending.change.order_no:
            about_this.append(piece)
    if len(about_this) == len(pieces) or not about_this:
        return False
    return yes_or_no(". ".join(about_this), pending.expect.action) == "yes"


async def _rescoped(ctx: Context) -> bool:
    """A typed reply that names other items than the ones asked about: asked again."""
    pending = ctx.pending
    if ctx.inbound.payload or not isinstance(pending, ConfirmStep):
        return False
    rescope = ctx.router.scopes.get(pending.change.action)
    if rescope is None:
        return False
    ctx.flow = pending.flow
    return await rescope(ctx, pending.change)


@router.step("confirm")
async def amend_confirmation(ctx: Context) -> None:
    """ "Then just one pair", "wrong size, actually": the change waiting for confirmation,
    changed as the customer says, and shown again; "yes, just the one" when one is what was
    asked is a yes."""
    pending, answer = ctx.pending, ctx.understanding.answer
    assert isinstance(pending, ConfirmStep)
    amend = ctx.router.amendments.get(pending.change.action)
    if amend is None or answer is None or not (answer.quantity or answer.reason):
        ctx.add(*pending.parts())
        return
    if await _rescoped(ctx):
        return
    if _changes_nothing(pending.change, answer) and (
        yes_or_no(ctx.understanding.text, pending.expect.action) == "yes"
    ):
        await answer_confirmation(ctx, True)
        return
    ctx.settle()
    ctx.flow = pending.flow
    await amend(ctx, pending.change, answer)


def _changes_nothing(change: ConfirmAction, answer: Answer) -> bool:
    """Whether an amendment repeats what is asked: the one line's units, the reason given."""
    if answer.reason and answer.reason != getattr(change, "reason", None):
        return False
    if answer.quantity:
        lines: dict[str, int] | None = getattr(change, "lines", None)
        return bool(lines) and list(lines.values()) == [answer.quantity]  # type: ignore[union-attr]
    return True


def suspend(ctx: Context) -> None:
    """Keep the pending step aside while the customer asks something else. A question already
    put aside stays: a detour from a detour drops the inner one, never the flow."""
    if ctx.pending is not None and ctx.state.suspended is None:
        ctx.state.suspended = ctx.pending
    ctx.settle()


def resume_suspended(ctx: Context) -> bool:
    """Ask the question put aside again, once nothing else is pending. True if it did."""
    suspended = ctx.state.suspended
    if suspended is None or ctx.pending is not None:
        return False
    ctx.state.suspended = None
    if isinstance(suspended, ConfirmStep):
        suspended.expires = ctx.now + CONFIRM_TTL
    suspended.retries = 0
    ctx.say(ctx.loc._("Now, back to where we were:"))
    ctx.ask(suspended)
    return True


@router.payload("resume")
async def resume(ctx: Context, value: str) -> None:
    """The "continue" / "drop it" buttons of earlier versions, still honoured."""
    if value != "yes" or ctx.state.suspended is None:
        ctx.state.suspended = None
        ctx.say(ctx.loc._("All right, I haven't changed anything."))
        return
    resume_suspended(ctx)
