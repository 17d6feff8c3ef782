"""The `OrderHub`: one place to find an order, whichever source owns it."""

from __future__ import annotations

from collections.abc import Sequence

from core.order import Order
from core.sources.base import OrderSource


def number_variants(order_no: str) -> list[str]:
    """Spellings of one order number a customer may type ("#1043" and "1043")."""
    raw = order_no.strip()
    bare = raw.lstrip("#")
    return list(dict.fromkeys([raw, bare, f"#{bare}"]))


class OrderHub:
    """Aggregates several `OrderSource`s and knows which one owns an order number."""

    def __init__(self, sources: Sequence[OrderSource]) -> None:
        if not sources:
            raise ValueError("an OrderHub needs at least one source")
        self.sources = list(sources)

    def source_for(self, order: Order) -> OrderSource:
        return next((s for s in self.sources if s.owns(order.order_no)), self.sources[0])

    async def get_order(self, order_no: str) -> Order | None:
        for variant in number_variants(order_no):
            for source in self.sources:
                if source.owns(variant):
                    order = await source.get_order(variant)
                    if order is not None:
                        return order
        return None

    async def list_customer_orders(self, customer_id: str) -> list[Order]:
        found: dict[str, Order] = {}
        for source in self.sources:
            for order in await source.list_customer_orders(customer_id):
                found.setdefault(order.order_no, order)
        return sorted(found.values(), key=lambda o: o.placed_at, reverse=True)
