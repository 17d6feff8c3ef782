"""The customer's answer to the satisfaction question (`core.outcomes.survey`): a button
`csat:{episode}:{score}`, or the score typed ("5", "five", "very good", "五"), read by the
question's own options. The score joins the episode it was asked about."""

from __future__ import annotations

from core.dialogue.context import Context
from core.dialogue.router import Router
from core.messages import Button
from core.outcomes.survey import SCORES, sorry_for_rating, thanks_for_rating

LOW = 2
"""A score at or below it offers a person."""

router = Router()


@router.payload("csat")
async def rated(ctx: Context, value: str) -> None:
    episode, _, raw = value.rpartition(":")
    pending = ctx.pending
    if pending is not None and getattr(pending, "purpose", None) == "satisfaction":
        ctx.settle()
    score = int(raw) if raw.isdigit() else 0
    if not episode or score not in SCORES:
        ctx.say(thanks_for_rating(ctx.loc))
        return
    ctx.services.outcomes.note_rating(ctx, episode, score)
    if score > LOW:
        ctx.say(thanks_for_rating(ctx.loc))
        return
    ctx.offer(
        sorry_for_rating(ctx.loc),
        [Button(label=ctx.loc._("Talk to a person"), payload="intent:human_agent")],
    )
