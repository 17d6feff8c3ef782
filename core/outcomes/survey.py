"""The satisfaction question: one 1-5 question after a request the bot settled.

It goes out from the worker's sweep (`send_due_surveys`), `satisfaction_delay_minutes` after the
answer if the customer has said nothing since and no question of the bot is open (the choices
of a notice the answer left, "I'll wait", are none: `holds_back`), never during the customer's
night (it waits for the morning, as proactive notices do), at most once in
`satisfaction_every_hours` per customer across all their channels. It is a `ChoiceStep`
(purpose `satisfaction`): buttons where the channel has them, numbered text where it does not,
and a typed "5", "five", "very good" or "五" is read like the button (every option carries its
words in every shipped language). The answer (`core.dialogue.satisfaction`) joins the episode;
4 or 5 confirms it as resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache, partial
from typing import TYPE_CHECKING

import sqlalchemy as sa
import structlog

from core.dialogue.state import ChoiceStep
from core.i18n import Localizer, shipped_languages
from core.messages import Reply
from core.outbound import DeliveryFailed, NoticeKind
from core.outcomes.track import OutcomeTrack
from core.storage.tables import outcome_episodes, outcome_surveys
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind

if TYPE_CHECKING:
    from core.dialogue.state import PendingStep
    from core.outbound import Sender, Senders
    from core.outcomes.service import OutcomeService
    from core.sessions import Session

log = structlog.get_logger(__name__)

PREFIX = "csat"
SCORES = (1, 2, 3, 4, 5)
GOOD = 4
"""A score at or above it confirms the episode as resolved (hard)."""

THANKS = re.compile(
    r"\bthanks?\b|thank you|\bthx\b|\bty\b|cheers|appreciate|谢谢|谢啦|多谢|感谢|謝謝|多謝|感謝|"
    r"gracias|obrigad[oa]|\bmerci\b|danke|спасибо|благодарю|ありがとう|どうも|감사|고맙|شكر|"
    r"cảm ơn|cám ơn|ขอบคุณ|terima ?kasih|makasih|\bgrazie\b",
    re.IGNORECASE,
)

_NUMBER_WORDS: dict[int, list[str]] = {
    score: words.split("|")
    for score, words in (
        (
            1,
            "one|一|壹|uno|una|один|одна|ひとつ|하나|일|واحد|um|uma|un|une|eins|một|หนึ่ง|satu|"
            "terrible|awful",
        ),
        (2, "two|二|两|兩|dos|два|ふたつ|둘|이|اثنان|dois|deux|zwei|hai|สอง|dua|bad"),
        (3, "three|三|tres|три|みっつ|셋|삼|ثلاثة|três|trois|drei|ba|สาม|tiga|okay|so so|average"),
        (4, "four|四|cuatro|четыре|よっつ|넷|사|أربعة|quatro|quatre|vier|bốn|สี่|empat"),
        (
            5,
            "five|五|cinco|пять|いつつ|다섯|오|خمسة|cinq|fünf|năm|ห้า|lima|excellent|great|"
            "perfect|五星|满分|滿分",
        ),
    )
}
"""Number words (and a few plain verdicts) of each score, beside its label in every language."""


def is_thanks(text: str) -> bool:
    """The customer thanks the bot ("thanks!", "谢谢", "спасибо", "ありがとう")."""
    return bool(text) and THANKS.search(text) is not None


def score_label(loc: Localizer, score: int) -> str:
    words = {
        1: loc._("Very poor"),
        2: loc._("Poor"),
        3: loc._("Fair"),
        4: loc._("Good"),
        5: loc._("Very good"),
    }
    return words[score]


def question(loc: Localizer) -> str:
    return loc._("How would you rate the help you got? From 1 (very poor) to 5 (very good).")


def thanks_for_rating(loc: Localizer) -> str:
    return loc._("Thank you for your rating!")


def sorry_for_rating(loc: Localizer) -> str:
    return loc._(
        "Thank you for telling us, and sorry it wasn't better. A colleague can take a look if "
        "you like."
    )


@cache
def _localizer(language: str) -> Localizer:
    return Localizer(language)


def _label_of(score: int, loc: Localizer) -> str:
    return score_label(loc, score)


def _every_language(label: Callable[[Localizer], str]) -> list[str]:
    seen: list[str] = []
    for language in shipped_languages():
        text = label(_localizer(language))
        if text not in seen:
            seen.append(text)
    return seen


def payload(episode: str, score: int) -> str:
    return f"{PREFIX}:{episode}:{score}"


def survey_step(loc: Localizer, episode: str) -> ChoiceStep:
    """The question as a pending step: option n is score n, with its words in every language."""
    options = []
    for score in SCORES:
        words = [
            str(score),
            f"{score} stars",
            f"{score}星",
            f"{score}分",
            *_NUMBER_WORDS[score],
            *_every_language(partial(_label_of, score)),
        ]
        options.append(
            ExpectedOption(
                id=payload(episode, score),
                label=f"{'★' * score} {score_label(loc, score)}",
                words=words,
                meaning=f"score_{score}",
            )
        )
    return ChoiceStep(
        purpose="satisfaction",
        optional=True,
        prompt=question(loc),
        expect=Expectation(kind=ExpectKind.CHOICE, options=options),
    )


# --- sending -------------------------------------------------------------------------------


def _sender(service: OutcomeService, senders: Senders, channel: str) -> Sender | None:
    sender = senders.get(channel)
    if sender is None and channel == "web":
        from core.inbox import WebInbox  # the web channel's inbox, when no sender is mounted

        return WebInbox(service.sessions)
    return sender


def holds_back(step: PendingStep | None, queued_at: datetime | None = None) -> bool:
    """The pending step keeps the question back: a question the customer must answer first.

    A notice's choices ("I'll wait", cancel, the compensation offered) are not one: the status
    answer of a late parcel leaves them pending, and the customer may well leave them
    unanswered. Holding the question back for them would leave out of the figures exactly the
    customers whose parcel is late. Their buttons carry the order, so they still work once the
    question has taken the pending place. A notice that arrived after the question was queued
    (`queued_at`) is news the customer has not read yet: it holds it back."""
    if step is None:
        return False
    if step.kind != "notice":
        return True
    return queued_at is not None and step.asked_at > queued_at


def _busy(session: Session, queued_at: datetime) -> bool:
    """Something else is going on in the conversation: a question, staff, a newer message."""
    state = session.state
    track = state.outcomes
    newer = track is not None and track.last_turn_at is not None and track.last_turn_at > queued_at
    return holds_back(state.pending, queued_at) or state.takeover is not None or newer


async def send_due_surveys(service: OutcomeService, senders: Senders, now: datetime) -> int:
    """Send every satisfaction question due at `now`; returns how many went out."""
    from core.proactive.compose import quiet_until

    config = service.config
    episodes, queue = outcome_episodes, outcome_surveys
    async with service.db.connect() as conn:
        due = (
            (
                await conn.execute(
                    sa.select(queue)
                    .where(queue.c.due_at <= now)
                    .order_by(queue.c.due_at)
                    .limit(200)
                )
            )
            .mappings()
            .all()
        )
    sent = 0
    every = timedelta(hours=config.satisfaction_every_hours)
    for row in due:
        key = row["conversation"]
        async with service.db.connect() as conn:
            episode = (
                (await conn.execute(sa.select(episodes).where(episodes.c.id == row["episode_id"])))
                .mappings()
                .first()
            )
            recent: int | None = 0
            if row["customer_key"]:
                recent = await conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(episodes)
                    .where(
                        episodes.c.customer_key == row["customer_key"],
                        episodes.c.survey_asked_at > now - every,
                    )
                )
        eligible = (
            episode is not None
            and episode["outcome"] in ("answered", "resolved_hard", "resolved_soft")
            and episode["satisfaction"] is None
            and episode["survey_asked_at"] is None
            and not recent
        )
        session = await service.sessions.load(key)
        if not eligible or _busy(session, row["queued_at"]):
            await _drop(service, key)
            continue
        assert episode is not None
        timezone = session.state.tz or service.settings.default_timezone
        held = quiet_until(now, timezone, config.quiet_start_hour, config.quiet_end_hour)
        if held is not None:
            async with service.db.begin() as conn:
                await conn.execute(
                    sa.update(queue).where(queue.c.conversation == key).values(due_at=held)
                )
            continue
        channel, _, chat_id = key.partition(":")
        sender = _sender(service, senders, channel)
        if sender is None:
            await _drop(service, key)
            continue
        loc = Localizer(session.language or episode["language"], timezone)
        step = survey_step(loc, episode["id"])
        reply = Reply(parts=step.parts(), language=loc.language)
        try:
            await sender.send(chat_id, reply, kind=NoticeKind.REPLY)
        except DeliveryFailed:
            log.info("survey_undelivered", channel=channel)
            await _drop(service, key)
            continue
        await _remember(service, key, step, episode["id"], row["queued_at"])
        async with service.db.begin() as conn:
            await conn.execute(
                sa.update(episodes)
                .where(episodes.c.id == episode["id"])
                .values(survey_asked_at=now)
            )
            await conn.execute(sa.delete(queue).where(queue.c.conversation == key))
        service.metrics.satisfaction_asked.inc()
        sent += 1
    return sent


async def _drop(service: OutcomeService, key: str) -> None:
    async with service.db.begin() as conn:
        await conn.execute(sa.delete(outcome_surveys).where(outcome_surveys.c.conversation == key))


async def _remember(
    service: OutcomeService, key: str, step: ChoiceStep, episode: str, queued_at: datetime
) -> None:
    """Point the conversation at the question, so a typed "5" answers it (in the place of a
    notice's choices left pending before it was queued: see `holds_back`)."""
    from core.sessions import update_session

    def change(session: Session) -> None:
        state = session.state
        if holds_back(state.pending, queued_at) or state.takeover is not None:
            return  # the customer wrote meanwhile: their conversation wins
        session.state.pending = step
        session.state.choices = [o.id for o in step.expect.options]
        track = session.state.outcomes or OutcomeTrack()
        track.survey = episode
        session.state.outcomes = track

    async with service.sessions.lock(key):
        await update_session(service.sessions, key, change)
