"""The `TrackingSource` interface (DESIGN.md, "Contracts") and what it reports.

A source answers for one parcel (`track`), can be asked to push every change
(`subscribe`), and verifies and reads those pushes (`read_push`). What it reports is a
`TrackingReport` in canonical terms: our carrier code, canonical event statuses
(`core.tracking.status`), the carrier's own words kept as each event's description, and the
carrier's delivery estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import AwareDatetime, BaseModel

from core.order import TrackingEvent
from core.tracking.carriers import Carrier
from core.tracking.status import EventStatus


class TrackingReport(BaseModel):
    provider: str
    carrier: str
    """Our carrier code (`core.tracking.carriers`)."""
    tracking_no: str
    status: EventStatus
    """The parcel's status now (the newest event's, or the provider's summary)."""
    events: list[TrackingEvent] = []
    eta: AwareDatetime | None = None
    delivered_at: AwareDatetime | None = None

    @property
    def latest(self) -> TrackingEvent | None:
        return max(self.events, key=lambda e: e.at, default=None)


@dataclass(frozen=True)
class Parcel:
    """What a source needs to find one parcel."""

    carrier: Carrier
    tracking_no: str
    phone: str | None = None
    """The recipient's phone: SF Express and others answer Kuaidi100 only with its last digits."""
    destination: str | None = None
    """Destination country (ISO 3166-1 alpha-2)."""


class PushRefused(ValueError):
    """A push that is forged (signature) or not the provider's format."""

    def __init__(self, message: str, *, forged: bool = False) -> None:
        super().__init__(message)
        self.forged = forged


@dataclass(frozen=True)
class PushAnswer:
    """What the provider expects back from a push it sent (status, body, content type)."""

    status: int
    body: str
    content_type: str = "application/json"


class TrackingSource(Protocol):
    name: str

    def handles(self, carrier: Carrier) -> bool:
        """Whether this source can track that carrier."""
        ...

    async def track(self, parcel: Parcel) -> TrackingReport | None:
        """The parcel's tracking now; None when the provider knows nothing of it yet."""
        ...

    async def subscribe(self, parcel: Parcel, callback_url: str) -> bool:
        """Ask for every change to be pushed to `callback_url`; True when accepted."""
        ...

    def read_push(
        self, headers: Mapping[str, str], body: bytes
    ) -> tuple[str, list[TrackingReport]]:
        """Verify and read one push: (its idempotency key, the reports it carries);
        `PushRefused` when it is forged or malformed."""
        ...

    def push_answer(self, ok: bool) -> PushAnswer: ...

    async def aclose(self) -> None: ...


def parse_local(value: str | None, tz: str) -> datetime | None:
    """ "2026-11-20 14:03:11" in a provider's local time (Kuaidi100: Beijing time) -> aware."""
    if not value:
        return None
    from zoneinfo import ZoneInfo

    text = str(value).strip().replace("/", "-")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))
