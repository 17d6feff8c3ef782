"""Messages for the `web` channel, which has no push: kept until the page next calls the API.

`WebInbox` is the channel's `Sender`: it appends each reply's parts to the conversation's
session (`session.state.inbox`), and `drain_inbox` hands them over, oldest first, with the
next `POST /api/chat` answer. Both change the session under the conversation's lock, the same
lock the engine holds while it handles a message, so neither write can overwrite the other.
"""

from __future__ import annotations

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
        taken.clear()
        taken.extend(
            {**queued.part.model_dump(mode="json"), "kind": queued.kind}
            for queued in session.state.inbox
        )
        session.state.inbox = []

    if not (await sessions.load(key)).state.inbox:
        return []  # the common case, one read: a part queued meanwhile waits for the next call
    async with sessions.lock(key):
        await update_session(sessions, key, take)
    return taken
