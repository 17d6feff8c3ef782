"""The proactive worker's knobs, read from `Settings` (each with a default, so a deployment
that sets none of them gets sensible behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings


@dataclass(frozen=True)
class ProactiveConfig:
    daily_budget: dict[str, Decimal] = field(default_factory=dict)
    """Coupon compensation per day and currency (shop's day, `default_timezone`); a currency
    missing here has no limit. Over budget: priority shipping only, and the ticket says so."""
    scan_interval_seconds: float = 60.0
    scan_page_size: int = 1000
    visibility_timeout_ms: int = 60_000
    """An event read by a consumer and not acknowledged for this long is taken over."""
    retry_base_seconds: float = 5.0
    """A failed event is retried after base × 2^(tries-1) seconds."""
    max_deliveries: int = 5
    """Tries of one event (failures plus take-overs) before it goes to the dead letters."""
    outbox_max_attempts: int = 6
    outbox_retry_base_seconds: float = 30.0
    outbox_lease_seconds: float = 300.0
    """A row claimed for sending and not marked for this long is sent again (crash recovery)."""
    outbox_batch: int = 100
    event_batch: int = 200
    stream_maxlen: int = 1_000_000
    event_dedup_seconds: int = 7 * 24 * 3600
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    shop_timezone: str = "Asia/Shanghai"
    default_locale: str = "en"

    @classmethod
    def from_settings(cls, settings: Settings) -> ProactiveConfig:
        budget = settings.proactive_daily_budget
        return cls(
            daily_budget={str(k).upper(): Decimal(str(v)) for k, v in budget.items()},
            scan_interval_seconds=settings.proactive_scan_interval_seconds,
            visibility_timeout_ms=int(settings.proactive_visibility_timeout_seconds * 1000),
            retry_base_seconds=settings.proactive_retry_base_seconds,
            max_deliveries=settings.proactive_max_deliveries,
            outbox_max_attempts=settings.outbox_max_attempts,
            outbox_lease_seconds=settings.outbox_lease_seconds,
            shop_timezone=settings.default_timezone,
            default_locale=settings.default_locale,
        )
