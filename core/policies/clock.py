"""`now` is always a parameter; these helpers only check and measure it."""

from __future__ import annotations

from datetime import datetime


def require_aware(now: datetime) -> datetime:
    """Reject a naive `now`: every time in an order carries an offset."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("`now` must carry a time zone offset")
    return now
