"""An event: "look at this order again". Carries only the order number — the worker always reads
the order as stored, so a late or repeated event can never act on stale data — and an
idempotency key, so the same event offered twice is queued once."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from pydantic import BaseModel, Field


class Event(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    """Idempotency key: the platform's event id, else a digest of the webhook body."""
    order_no: str = Field(min_length=1, max_length=40)
    source: str = "webhook"
    """webhook:{platform} | scan | manual"""
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def fields(self, attempt: int = 1) -> dict[str, str]:
        return {
            "id": self.id,
            "order_no": self.order_no,
            "source": self.source,
            "at": self.at.isoformat(),
            "attempt": str(attempt),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Event:
        return cls(
            id=fields["id"],
            order_no=fields["order_no"],
            source=fields.get("source", "webhook"),
            at=datetime.fromisoformat(fields["at"]),
        )


def body_digest(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def scan_event(order_no: str, watch_at: datetime | None, now: datetime) -> Event:
    """The scan's event for a due order: one per order and watch moment."""
    moment = (watch_at or now).isoformat()
    return Event(id=f"scan:{order_no}:{moment}", order_no=order_no, source="scan", at=now)
