"""The contract between the core and the staff's workspace (Slack): what the core tells staff."""

from __future__ import annotations

from typing import Protocol


class StaffDesk(Protocol):
    async def customer_message(self, ticket_id: int, text: str, language: str | None) -> None:
        """A customer wrote while staff have the conversation (relay it to the ticket's thread).

        The text goes to staff unmasked: they are serving this customer."""
        ...
