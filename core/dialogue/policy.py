"""General questions answered from the shop's knowledge base."""

from __future__ import annotations

from functools import partial

from core.dialogue.context import Context, in_every_language, option
from core.dialogue.router import Router
from core.knowledge import Topic, answer, topic_label, topic_of
from core.understanding import Intent

router = Router()


@router.intent(Intent.POLICY_QUESTION)
async def policy_question(ctx: Context) -> None:
    topic = topic_of(ctx.understanding.text)
    if topic is None:
        ctx.choose(
            ctx.loc._("Which of these would you like to know about?"),
            [
                option(
                    topic_label(ctx.loc, t),
                    f"topic:{t.value}",
                    words=in_every_language(partial(topic_label, topic=t)),
                )
                for t in Topic
            ],
            purpose="topic",
        )
        return
    _answer(ctx, topic)


@router.payload("topic")
async def topic_chosen(ctx: Context, value: str) -> None:
    ctx.settle()
    if value in Topic._value2member_map_:
        _answer(ctx, Topic(value))


def _answer(ctx: Context, topic: Topic) -> None:
    ctx.say(answer(ctx.loc, topic, ctx.services.policy, ctx.services.settings.knowledge_file))
