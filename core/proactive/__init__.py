"""Proactive exception handling (DESIGN.md, "Proactive exceptions", "Scale").

Events (a shop webhook, the scheduled scan of `orders.watch_at`) go through a Redis Stream
with a consumer group (`queue`); a worker loads the order, runs the pure rules of
`core.policies.exceptions` and decides each finding once per order and kind (`decide`: the
decision, the budget reservation and the outbox rows in one transaction); the outbox is then
delivered through the customer's channel, or opens the staff tickets (`outbox`). `Proactive`
(in `core.proactive.service`) ties the parts together for the worker and the webhook.

Modules: `config`, `watch` (orders.watch_at), `events`, `queue`, `compose` (the localized
notice), `decide`, `outbox`, `scan`, `service`, `late` (a late parcel noticed in a
conversation, decided through the same decision row). Before deciding, the worker refreshes
shipped orders with live carrier tracking (`core.tracking`).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Event",
    "EventQueue",
    "Proactive",
    "ProactiveConfig",
    "RunReport",
    "dead_letters",
    "watch_at",
]


def __getattr__(name: str) -> Any:  # lazy: core.sources.sql imports core.proactive.watch
    if name in ("Proactive", "RunReport", "dead_letters"):
        from core.proactive import service

        return getattr(service, name)
    if name == "ProactiveConfig":
        from core.proactive.config import ProactiveConfig

        return ProactiveConfig
    if name == "Event":
        from core.proactive.events import Event

        return Event
    if name == "EventQueue":
        from core.proactive.queue import EventQueue

        return EventQueue
    if name == "watch_at":
        from core.proactive.watch import watch_at

        return watch_at
    raise AttributeError(name)
