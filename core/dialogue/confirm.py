"""Explicit confirmation of every change, with a 30-minute expiry, and resuming a flow.

A flow asks with `ask_confirmation(ctx, action, text, data)`; the customer's yes (button or
words like "yes", "好的") runs the handler registered with `@router.confirmed(action)`, a no backs
out without changing anything. A customer who switches topic mid-flow can come back to it: the
pending step is kept aside and offered again with a "continue" button.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.dialogue.context import Context
from core.dialogue.router import Router
from core.messages import Button, ButtonsPart, ConfirmPart
from core.understanding import Intent

router = Router()

CONFIRM_TTL = timedelta(minutes=30)


def ask_confirmation(ctx: Context, action: str, text: str, data: dict[str, Any]) -> None:
    ctx.expect(
        "confirm",
        action=action,
        data=data,
        expires=(ctx.now + CONFIRM_TTL).isoformat(),
        intent=ctx.understanding.intent.value,
        text=text,
    )
    ctx.add(
        ConfirmPart(
            text=text,
            yes=Button(label=ctx.loc._("Yes, go ahead"), payload="confirm:yes"),
            no=Button(label=ctx.loc._("No"), payload="confirm:no"),
        )
    )


async def answer_confirmation(ctx: Context, yes: bool) -> None:
    pending = ctx.pending or {}
    if pending.get("kind") != "confirm":
        ctx.say(ctx.loc._("There is nothing waiting for your confirmation."))
        return
    ctx.settle()
    if not yes:
        ctx.say(ctx.loc._("All right, I haven't changed anything."))
        return
    if datetime.fromisoformat(pending["expires"]) < ctx.now:
        ctx.say(
            ctx.loc._(
                "That confirmation has expired, so nothing was changed. Tell me again what you "
                "would like to do."
            )
        )
        return
    await ctx.router.confirmations[pending["action"]](ctx, pending["data"])


@router.step("confirm")
async def confirm_step(ctx: Context) -> None:
    intent = ctx.understanding.intent
    if intent is Intent.AFFIRM:
        await answer_confirmation(ctx, True)
    elif intent is Intent.DENY:
        await answer_confirmation(ctx, False)
    else:
        ctx.say(ctx.loc._("Please answer yes or no."))


@router.payload("confirm")
async def confirm_button(ctx: Context, value: str) -> None:
    await answer_confirmation(ctx, value == "yes")


def suspend(ctx: Context) -> None:
    """Keep the pending step aside while the customer asks something else."""
    if ctx.pending:
        ctx.session.state["suspended"] = ctx.pending
    ctx.settle()


def offer_resume(ctx: Context) -> None:
    suspended = ctx.session.state.get("suspended")
    if not suspended or ctx.pending:
        return
    ctx.add(
        ButtonsPart(
            text=ctx.loc._("Shall we go back to what we were doing before?"),
            buttons=[
                Button(label=ctx.loc._("Yes, continue"), payload="resume:yes"),
                Button(label=ctx.loc._("No, drop it"), payload="resume:no"),
            ],
        )
    )


@router.payload("resume")
async def resume(ctx: Context, value: str) -> None:
    suspended = ctx.session.state.pop("suspended", None)
    if not suspended or value != "yes":
        ctx.say(ctx.loc._("All right, I haven't changed anything."))
        return
    ctx.session.state["pending"] = suspended
    if suspended.get("kind") == "confirm":
        suspended["expires"] = (ctx.now + CONFIRM_TTL).isoformat()
        ctx.add(
            ConfirmPart(
                text=suspended.get("text", ""),
                yes=Button(label=ctx.loc._("Yes, go ahead"), payload="confirm:yes"),
                no=Button(label=ctx.loc._("No"), payload="confirm:no"),
            )
        )
    else:
        ctx.say(suspended.get("prompt") or ctx.loc._("Let's continue."))
