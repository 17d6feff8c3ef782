"""Where one request (an episode) starts and how it ends, decided turn by turn.

The planner is pure: it gets the conversation's live episodes (`OutcomeTrack`) and a typed
record of one turn (`TurnRecord`), and returns the new track and the changes to store. The
rules, in the words of the README ("Outcomes"):

- An episode starts with the customer's first message when none is live, and takes the topic
  (the intent of the request) of the first request made in it. A request on another topic
  starts another episode; asked in the middle of a flow (the flow's question put aside) it is a
  *detour*, and the flow's episode goes on once its question is asked again.
- It is *answered* when the bot has finished it: the turn left no question of it open, opened
  no ticket and did not fail. An answered episode is *resolved (hard)* when the customer then
  confirms (thanks, or a satisfaction score of 4 or 5); *resolved (soft)* when the customer
  does not come back on the same topic (same intent; same order, when both name one) within
  the soft window, on any channel; *returned* when they do.
- It is *handed off* when a ticket is opened in it (the ticket's kind is the reason).
- It is *abandoned* when its question is dropped unanswered (never mind, unclear replies, the
  question expired) or it stays idle past `abandon_after`; an episode in which no request was
  ever made ends as *no request* and counts in no rate.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from core.outcomes.config import OutcomeSettings
from core.outcomes.track import EpisodeMark, HandoffNote, OutcomeTrack, RatingNote

GENERIC = "*"
"""The topic of a question that belongs to no flow (which request did you mean?): it belongs to
the episode that asked it."""

LIVE = ("open", "answered", "resolved_hard", "handed_off")
FINAL = ("resolved_hard", "resolved_soft", "returned", "handed_off", "abandoned", "no_request")


class TurnRecord(BaseModel):
    """One turn of the engine, as the outcome planner needs it (no text, no personal data)."""

    channel: str
    language: str
    intent: str
    """The intent the turn was handled as (after clarification, buttons, the agenda)."""
    flow: str | None = None
    topic: str | None = None
    """The request the turn served (an intent label), or None: greeting, thanks, yes/no, an
    answer to a notice or to the satisfaction question, an unclear reply."""
    order_key: str | None = None
    asked: str | None = None
    """What the bot waits for after the turn: the pending step's kind (and purpose)."""
    pending_topic: str | None = None
    """The request the question left pending belongs to (`GENERIC` for a question of no
    flow), None when nothing that counts is pending."""
    suspended_topic: str | None = None
    replied: bool = True
    failed: bool = False
    thanks: bool = False
    notice_answer: bool = False
    sent_at: datetime
    """When the customer sent the message (the platform's time)."""
    at: datetime
    """When the reply was ready."""
    handoffs: list[HandoffNote] = []
    rating: RatingNote | None = None


@dataclass
class Change:
    """What to store about one episode after a turn."""

    mark: EpisodeMark
    new: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = None
    """The outcome it moves to (stored only if it is still live in SQL)."""
    check_return: bool = False
    """Its topic was just set: an answered episode of this customer on the same topic, within
    the soft window, is now *returned*."""
    first_response_s: float | None = None


@dataclass
class Plan:
    track: OutcomeTrack
    changes: list[Change]

    def change(self, mark: EpisodeMark) -> Change:
        for existing in self.changes:
            if existing.mark.id == mark.id:
                return existing
        created = Change(mark=mark)
        self.changes.append(created)
        return created


def new_id() -> str:
    return uuid.uuid4().hex


def same_topic(mark: EpisodeMark, topic: str, order_key: str | None) -> bool:
    return mark.topic == topic and (
        mark.order_key is None or order_key is None or mark.order_key == order_key
    )


def plan_turn(track: OutcomeTrack, turn: TurnRecord, settings: OutcomeSettings) -> Plan:
    """The episodes after `turn`; see the module docstring for the rules."""
    plan = Plan(track=OutcomeTrack(last_turn_at=turn.at, survey=track.survey), changes=[])
    abandon_after = timedelta(hours=settings.abandon_after_hours)
    gap = timedelta(minutes=settings.new_episode_after_minutes)
    soft = timedelta(hours=settings.soft_window_hours)

    def close(mark: EpisodeMark, outcome: str, ended: datetime) -> None:
        plan.change(mark).outcome = outcome
        plan.change(mark).values["ended_at"] = ended

    live: list[EpisodeMark] = []
    for mark in (track.current, track.aside):
        if mark is None:
            continue
        idle = turn.at - mark.last_at
        if mark.status == "open" and (idle > abandon_after or (mark.topic is None and idle > gap)):
            close(mark, "abandoned" if mark.topic else "no_request", mark.last_at)
        elif mark.status != "open" and idle > gap:
            continue  # done here; an answered one waits in SQL for its soft window
        else:
            live.append(mark)
    current = next((m for m in live if track.current and m.id == track.current.id), None)
    aside = next((m for m in live if track.aside and m.id == track.aside.id), None)

    if turn.rating is not None and turn.topic is None:
        plan.track.current, plan.track.aside = current, aside
        return plan  # an answer to the satisfaction question belongs to its own episode

    topic = turn.topic
    target: EpisodeMark | None = None
    if topic is None:
        if current is not None:
            target = current
        elif not (turn.thanks or turn.notice_answer):
            target = _new(plan, turn, None)
    else:
        same = [m for m in (current, aside) if m and same_topic(m, topic, turn.order_key)]
        if same and same[0].status in ("open", "handed_off"):
            target = same[0]
        elif current is not None and current.topic is None and current.status == "open":
            target = current
            target.topic = topic
            change = plan.change(target)
            change.values.update(intent=topic, flow=turn.flow)
            change.check_return = True
        else:
            detour = (
                current is not None
                and current.status == "open"
                and current.topic is not None
                and current.topic in (turn.pending_topic, turn.suspended_topic)
            )
            target = _new(plan, turn, topic, detour=detour)
            plan.change(target).check_return = True

    if target is not None:
        _activity(plan, target, turn)
        if topic is None and turn.thanks and target.status == "answered":
            if target.bot_done_at and turn.at - target.bot_done_at <= soft:
                target.status = "resolved_hard"
                change = plan.change(target)
                change.outcome = "resolved_hard"
                change.values.update(confirmed_at=turn.at, ended_at=turn.at)
        if turn.handoffs:
            note = turn.handoffs[-1]
            target.status = "handed_off"
            change = plan.change(target)
            change.outcome = "handed_off"
            change.values.update(
                handoff_reason=note.reason[:40],
                ticket_id=note.ticket,
                handed_off_at=note.at,
                ended_at=note.at,
            )
        elif topic is not None and target.status == "open" and _finished(target, turn):
            target.status = "answered"
            target.bot_done_at = turn.at
            change = plan.change(target)
            change.outcome = "answered"
            change.values["bot_done_at"] = turn.at

    # an unfinished request whose question is gone was dropped (a failed turn drops nothing:
    # the customer is likely to ask again)
    survivors: list[EpisodeMark] = []
    for mark in _unique([target, current, aside]):
        dropped = mark.topic is not None and not _owns_a_step(mark, turn, target)
        if mark.status == "open" and dropped and not turn.failed:
            close(mark, "abandoned", turn.at)
        else:
            survivors.append(mark)

    aside_owner = _pick(survivors, _owner(survivors, turn.suspended_topic, target))
    current_owner = (
        _pick(survivors, _owner(survivors, turn.pending_topic, target))
        or _pick(survivors, target)
        or next((m for m in survivors if m is not aside_owner), None)
    )
    plan.track.current = current_owner
    plan.track.aside = aside_owner if aside_owner is not current_owner else None
    return plan


def _new(plan: Plan, turn: TurnRecord, topic: str | None, *, detour: bool = False) -> EpisodeMark:
    started = min(turn.sent_at, turn.at)
    mark = EpisodeMark(id=new_id(), topic=topic, started_at=started, last_at=started)
    change = plan.change(mark)
    change.new = True
    change.values.update(
        channel=turn.channel,
        language=turn.language,
        intent=topic,
        flow=turn.flow,
        detour=detour,
        outcome="open",
        turns=0,
        started_at=started,
        last_at=started,
    )
    return mark


def _activity(plan: Plan, mark: EpisodeMark, turn: TurnRecord) -> None:
    change = plan.change(mark)
    mark.last_at = turn.at
    change.values["last_at"] = turn.at
    change.values["turns"] = change.values.get("turns", 0) + 1
    change.values["language"] = turn.language
    if turn.flow and mark.topic == turn.topic:
        change.values["flow"] = turn.flow
    if turn.order_key and mark.topic == turn.topic and mark.order_key is None:
        mark.order_key = turn.order_key
        change.values["order_key"] = turn.order_key
    if not mark.responded and turn.replied:
        mark.responded = True
        change.first_response_s = max(0.0, (turn.at - mark.started_at).total_seconds())
        change.values["first_response_s"] = change.first_response_s


def _finished(mark: EpisodeMark, turn: TurnRecord) -> bool:
    if turn.failed or not turn.replied:
        return False
    return mark.topic not in (turn.pending_topic, turn.suspended_topic) and not (
        GENERIC in (turn.pending_topic, turn.suspended_topic) and turn.topic == mark.topic
    )


def _owns_a_step(mark: EpisodeMark, turn: TurnRecord, target: EpisodeMark | None) -> bool:
    steps = (turn.pending_topic, turn.suspended_topic)
    return mark.topic in steps or (GENERIC in steps and mark is target)


def _owner(
    marks: list[EpisodeMark], topic: str | None, target: EpisodeMark | None
) -> EpisodeMark | None:
    if topic is None:
        return None
    if topic == GENERIC:
        return target
    return next((m for m in marks if m.topic == topic), None)


def _pick(marks: list[EpisodeMark], wanted: EpisodeMark | None) -> EpisodeMark | None:
    if wanted is None:
        return None
    return next((m for m in marks if m.id == wanted.id), None)


def _unique(marks: list[EpisodeMark | None]) -> list[EpisodeMark]:
    seen: list[EpisodeMark] = []
    for mark in marks:
        if mark is not None and all(mark.id != s.id for s in seen):
            seen.append(mark)
    return seen
