"""Routing one message to its handler, in the spirit of aiogram's routers.

Handlers are small async functions registered for an intent (`@router.intent(...)`), for a
pending step that reads free text (`@router.step("verify")`, by the step's `kind`), for an order
flow (`@router.order_flow("status")`, run once the order is known and the user may see it), for
a confirmed change (`@router.confirmed("address")`), for a change of quantity while it waits for
confirmation (`@router.amended("return")`), or for a button payload prefix
(`@router.payload("line")`). Registering the same name twice is an error: two handlers for one
thing would make the dispatch depend on import order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from core.dialogue.context import Context
from core.order import Order
from core.understanding import Intent

Handler = Callable[[Context], Awaitable[None]]
OrderHandler = Callable[[Context, Order], Awaitable[None]]
ConfirmHandler = Callable[[Context, Any], Awaitable[None]]
AmendHandler = Callable[[Context, Any, Any], Awaitable[None]]
ScopeHandler = Callable[[Context, Any], Awaitable[bool]]
PayloadHandler = Callable[[Context, str], Awaitable[None]]
K = TypeVar("K")
H = TypeVar("H")


class DuplicateHandler(ValueError):
    """Two handlers registered for the same intent, step, flow, change or payload."""


def _add(table: dict[K, H], key: K, handler: H, what: str) -> None:
    if key in table and table[key] is not handler:
        raise DuplicateHandler(f"a handler for {what} {key!r} is already registered")
    table[key] = handler


class Router:
    def __init__(self) -> None:
        self.intents: dict[Intent, Handler] = {}
        self.steps: dict[str, Handler] = {}
        self.order_flows: dict[str, OrderHandler] = {}
        self.confirmations: dict[str, ConfirmHandler] = {}
        self.amendments: dict[str, AmendHandler] = {}
        self.scopes: dict[str, ScopeHandler] = {}
        self.payloads: dict[str, PayloadHandler] = {}

    def intent(self, *labels: Intent) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for label in labels:
                _add(self.intents, label, handler, "intent")
            return handler

        return register

    def step(self, kind: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            _add(self.steps, kind, handler, "step")
            return handler

        return register

    def order_flow(self, name: str) -> Callable[[OrderHandler], OrderHandler]:
        def register(handler: OrderHandler) -> OrderHandler:
            _add(self.order_flows, name, handler, "order flow")
            return handler

        return register

    def confirmed(self, action: str) -> Callable[[ConfirmHandler], ConfirmHandler]:
        """Run when the customer says yes to a pending confirmation of `action`."""

        def register(handler: ConfirmHandler) -> ConfirmHandler:
            _add(self.confirmations, action, handler, "confirmed change")
            return handler

        return register

    def amended(self, action: str) -> Callable[[AmendHandler], AmendHandler]:
        """Run when, asked to confirm `action`, the customer changes it instead of answering
        ("just one", "wrong size, actually"): the handler gets the `Answer` with the change."""

        def register(handler: AmendHandler) -> AmendHandler:
            _add(self.amendments, action, handler, "amended change")
            return handler

        return register

    def rescoped(self, action: str) -> Callable[[ScopeHandler], ScopeHandler]:
        """Run first when, asked to confirm `action`, the customer types a reply: a reply that
        names other items of the order than the ones asked about ("wait, only the keyboard,
        I still want the mouse pad") asks again with those and returns True."""

        def register(handler: ScopeHandler) -> ScopeHandler:
            _add(self.scopes, action, handler, "rescoped change")
            return handler

        return register

    def payload(self, prefix: str) -> Callable[[PayloadHandler], PayloadHandler]:
        """Run for a button payload `prefix:value`; the handler gets `value`."""

        def register(handler: PayloadHandler) -> PayloadHandler:
            _add(self.payloads, prefix, handler, "payload")
            return handler

        return register

    def include(self, other: Router) -> None:
        for table, theirs, what in (
            (self.intents, other.intents, "intent"),
            (self.steps, other.steps, "step"),
            (self.order_flows, other.order_flows, "order flow"),
            (self.confirmations, other.confirmations, "confirmed change"),
            (self.amendments, other.amendments, "amended change"),
            (self.scopes, other.scopes, "rescoped change"),
            (self.payloads, other.payloads, "payload"),
        ):
            for key, handler in theirs.items():
                _add(cast(dict[object, object], table), key, handler, what)
