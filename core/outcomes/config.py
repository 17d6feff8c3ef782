"""The outcome settings: one nested model of `Settings` (`settings.outcomes`), read from
`ORDERSUPPORT_OUTCOMES_*` like every other group (`core.settings`)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, SecretStr


class OutcomeSettings(BaseModel):
    """What counts as resolved, when the satisfaction question goes out, what a contact costs.

    Flat environment names (`ORDERSUPPORT_OUTCOMES_SOFT_WINDOW_HOURS=24`), so that a nested
    `Settings` keeps the names deployments already use."""

    enabled: bool = True
    """Record outcome events at all (off: nothing is stored, the report is empty)."""
    key: SecretStr | None = None
    """Key of the pseudonymous customer, conversation and order keys (HMAC-SHA256). Unset:
    `AUDIT_HMAC_KEY`, else `SESSION_KEY`, else a fixed one (then anyone who can guess a
    customer id can recompute its key: set one in production)."""
    write_delay_seconds: float = 0.05
    """A turn's record is written after its reply, batched with the turns of this long
    (`core.outcomes.writer`); a process killed outright loses at most about this much."""
    retention_days: int = 400
    """Episodes and events older than this are deleted by the worker's sweep."""

    soft_window_hours: float = 24.0
    """An answered request with no return on the same topic for this long is resolved (soft)."""
    abandon_after_hours: float = 12.0
    """An unfinished request idle this long is abandoned (the bot forgets its question then)."""
    new_episode_after_minutes: float = 30.0
    """A message this long after an answered request, and not about it, starts a new one."""

    satisfaction: bool = True
    """Ask one 1-5 question after a request the bot settled."""
    satisfaction_delay_minutes: float = 10.0
    """Quiet time after the answer before the question goes out."""
    satisfaction_every_hours: float = 24.0
    """At most one question per customer (all channels together) in this many hours."""
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    """The customer's night, in their time zone: questions wait for the morning."""

    cost_per_human_contact: Decimal = Decimal("4.00")
    """What one contact handled by a person costs the shop (salary, tools, overhead)."""
    currency: str = "USD"
    minutes_per_human_contact: float = 8.0
    """Agent time one such contact takes, for "agent hours saved"."""
