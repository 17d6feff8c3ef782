"""Sending to a customer outside the request that asked: late replies, staff relays, notices.

Each chat adapter provides a `Sender` for its channel; the core picks one by channel name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from core.messages import Reply


class NoticeKind(StrEnum):
    REPLY = "reply"
    """A late answer to the customer's own message."""
    STAFF = "staff"
    """A message a staff member wrote or picked."""
    NOTICE = "notice"
    """A proactive notice (stock-out, late parcel, failed payment)."""


class DeliveryFailed(RuntimeError):
    """The platform refused or could not be reached; the caller keeps the message to retry."""


class Sender(Protocol):
    channel: str

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        """Deliver `reply` to one chat; raise `DeliveryFailed` when the platform says no."""
        ...


class Senders:
    """The senders of every mounted channel, by channel name."""

    def __init__(self) -> None:
        self._by_channel: dict[str, Sender] = {}

    def add(self, sender: Sender) -> None:
        self._by_channel[sender.channel] = sender

    def get(self, channel: str) -> Sender | None:
        return self._by_channel.get(channel)

    def __contains__(self, channel: object) -> bool:
        return channel in self._by_channel
