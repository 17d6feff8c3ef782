"""Messages for the `web` channel, which has no push: kept until the page next calls the API.

`WebInbox` is the channel's `Sender`: it appends each reply's parts to the conversation's
session (`session.state.inbox`), and `drain_inbox` hands them over, oldest first, with the
next `POST /api/chat` answer. Both change the session under the conversation's lock, the same
lock the engine holds while it handles a message, so neither write can overwrite the other.

With a chat answer the drain costs nothing of its own: the adapter opens `handed_over(chat_id)`
around `Engine.handle`, and the turn, which holds the lock and has the session loaded, takes
the waiting parts out in the save it does anyway (`take_waiting`). Only when the turn did not
(a repeated event, staff holding the conversation, a failure) does the adapter drain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from core.dialogue.state import QueuedPart
from core.messages import Reply
from core.outbound import NoticeKind
from core.sessions import Session, SessionStore, update_session

CHANNEL = "web"
MAX_WAITING = 50
"""Parts kept per conversation; older ones are dropped when nobody comes to read them."""


def _key(chat_id: str) -> str:
    return f"{CHANNEL}:{chat_id}"


def _dumped(queued: list[QueuedPart]) -> list[dict[str, Any]]:
    return [{**q.part.model_dump(mode="json"), "kind": q.kind} for q in queued]


@dataclass
class Handover:
    """What a turn took out of the web inbox for the answer; `parts` None: it took nothing."""

    key: str
    parts: list[dict[str, Any]] | None = None


_HANDOVER: ContextVar[Handover | None] = ContextVar("inbox_handover", default=None)


@contextmanager
def handed_over(chat_id: str) -> Iterator[Handover]:
    """Ask the turn run inside to hand this web user's waiting parts over with its answer."""
    handover = Handover(_key(chat_id))
    token = _HANDOVER.set(handover)
    try:
        yield handover
    finally:
        _HANDOVER.reset(token)


def take_waiting(session: Session) -> list[QueuedPart] | None:
    """Take the waiting parts out of a session about to be saved, when the adapter asked for
    them (`handed_over`); None when it did not. `delivered` once the save succeeded."""
    handover = _HANDOVER.get()
    if handover is None or handover.key != session.key or handover.parts is not None:
        return None
    taken, session.state.inbox = session.state.inbox, []
    return taken


def delivered(taken: list[QueuedPart]) -> None:
    """The session without the parts `take_waiting` took is saved: they go with the answer."""
    handover = _HANDOVER.get()
    if handover is not None:
        handover.parts = _dumped(taken)


class WebInbox:
    """The `Sender` of the web channel (register it in `core.outbound.Senders`)."""

    channel = CHANNEL

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        parts = [QueuedPart(kind=kind.value, part=part) for part in reply.parts]
        if not parts:
            return

        def append(session: Session) -> None:
            session.state.inbox = [*session.state.inbox, *parts][-MAX_WAITING:]

        key = _key(chat_id)
        async with self._sessions.lock(key):
            await update_session(self._sessions, key, append)

    async def drain(self, chat_id: str) -> list[dict[str, Any]]:
        """What waits for this web user, oldest first (`drain_inbox`)."""
        return await drain_inbox(self._sessions, chat_id)


async def drain_inbox(sessions: SessionStore, chat_id: str) -> list[dict[str, Any]]:
    """Take the parts waiting for a web user (the `user` of `/api/chat`), oldest first.

    Each is a reply part as `/api/chat` returns it (`{"type": "text", "text": ...}`) plus
    `"kind"`: "staff" for a message a staff member wrote or picked, "reply" or "notice"."""
    key = _key(chat_id)
    taken: list[dict[str, Any]] = []

    def take(session: Session) -> None:
        taken[:] = _dumped(session.state.inbox)
        session.state.inbox = []

    if not (await sessions.load(key)).state.inbox:
        return []  # the common case, one read: a part queued meanwhile waits for the next call
    async with sessions.lock(key):
        await update_session(sessions, key, take)
    return taken
