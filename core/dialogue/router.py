"""Routing one message to its handler, in the spirit of aiogram's routers.

Handlers are small async functions registered for an intent (`@router.intent(...)`), for a
pending step (`@router.step("verify")`) or for an order flow (`@router.order_flow("status")`,
run once the order is known and the user may see it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.dialogue.context import Context
from core.order import Order
from core.understanding import Intent

Handler = Callable[[Context], Awaitable[None]]
OrderHandler = Callable[[Context, Order], Awaitable[None]]


class Router:
    def __init__(self) -> None:
        self.intents: dict[Intent, Handler] = {}
        self.steps: dict[str, Handler] = {}
        self.order_flows: dict[str, OrderHandler] = {}

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

    def include(self, other: Router) -> None:
        self.intents.update(other.intents)
        self.steps.update(other.steps)
        self.order_flows.update(other.order_flows)
