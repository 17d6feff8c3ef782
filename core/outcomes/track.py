"""What a conversation remembers about its episodes between turns (one field of the session
state, `ConversationState.outcomes`). Typed, small, and free of personal data: ids, intent
labels, times and a pseudonymous order key."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

EpisodeStatus = Literal["open", "answered", "resolved_hard", "handed_off"]


class EpisodeMark(BaseModel):
    """An episode still live in this conversation (its row is in `outcome_episodes`)."""

    id: str
    topic: str | None = None
    """The request's intent label; None until the customer has asked for something."""
    order_key: str | None = None
    started_at: datetime
    last_at: datetime
    status: EpisodeStatus = "open"
    bot_done_at: datetime | None = None
    responded: bool = False
    """The first response has been recorded."""


class HandoffNote(BaseModel):
    """A ticket opened during the turn: the turn's episode is handed to staff."""

    ticket: int
    reason: str
    at: datetime


class RatingNote(BaseModel):
    """A satisfaction answer given during the turn."""

    episode: str
    score: int
    at: datetime


class OutcomeTrack(BaseModel):
    current: EpisodeMark | None = None
    """The episode the conversation is in (its question pending, or answered last)."""
    aside: EpisodeMark | None = None
    """The episode whose question was put aside while the customer asked something else."""
    handoffs: list[HandoffNote] = []
    rating: RatingNote | None = None
    notice_answered: bool = False
    """The turn answered a proactive notice (its choice is recorded apart)."""
    survey: str | None = None
    """The episode whose satisfaction question is out and unanswered."""
    last_turn_at: datetime | None = None
