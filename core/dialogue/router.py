"""Routing one message to its handler, in the spirit of aiogram's routers.

Handlers are small async functions registered for an intent (`@router.intent(...)`), for a
pending step (`@router.step("verify")`), for an order flow (`@router.order_flow("status")`,
run once the order is known and the user may see it), for a confirmed change
(`@router.confirmed("address")`) or for a button payload prefix (`@router.payload("line")`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from core.dialogue.context import Context
from core.order import Order
from core.understanding import Intent

Handler = Callable[[Context], Awaitable[None]]
OrderHandler = Callable[[Context, Order], Awaitable[None]]
ConfirmHandler = Callable[[Context, dict[str, Any]], Awaitable[None]]
PayloadHandler = Callable[[Context, str], Awaitable[None]]


class Router:
    def __init__(self) -> None:
        self.intents: dict[Intent, Handler] = {}
        self.steps: dict[str, Handler] = {}
        self.order_flows: dict[str, OrderHandler] = {}
        self.confirmations: dict[str, ConfirmHandler] = {}
        self.payloads: dict[str, PayloadHandler] = {}

    def intent(self, *labels: Intent) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for label in labels:
                self.intents[label] = handler
            return handler

        return register

    def step(self, kind: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.steps[kind] = handler
            return handler

        return register

    def order_flow(self, name: str) -> Callable[[OrderHandler], OrderHandler]:
        def register(handler: OrderHandler) -> OrderHandler:
            self.order_flows[name] = handler
            return handler

        return register

    def confirmed(self, action: str) -> Callable[[ConfirmHandler], ConfirmHandler]:
        """Run when the customer says yes to a pending confirmation of `action`."""

        def register(handler: ConfirmHandler) -> ConfirmHandler:
            self.confirmations[action] = handler
            return handler

        return register

    def payload(self, prefix: str) -> Callable[[PayloadHandler], PayloadHandler]:
        """Run for a button payload `prefix:value`; the handler gets `value`."""

        def register(handler: PayloadHandler) -> PayloadHandler:
            self.payloads[prefix] = handler
            return handler

        return register

    def include(self, other: Router) -> None:
        self.intents.update(other.intents)
        self.steps.update(other.steps)
        self.order_flows.update(other.order_flows)
        self.confirmations.update(other.confirmations)
        self.payloads.update(other.payloads)
