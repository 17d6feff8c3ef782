"""The interface every shop-platform connector implements (DESIGN.md, "Contracts")."""

from __future__ import annotations

from typing import Protocol

from core.order import Address, Order, Return, ReturnStatus


class OrderNotFound(LookupError):
    """The source has no order with that number."""


class SourceUnavailable(RuntimeError):
    """The shop system did not answer in time or answered with an error; try again later."""


class OrderSource(Protocol):
    name: str

    def owns(self, order_no: str) -> bool:
        """Whether an order number is in this source's format (a cheap routing hint)."""
        ...

    async def get_order(self, order_no: str) -> Order | None: ...

    async def list_customer_orders(self, customer_id: str) -> list[Order]: ...

    async def update_address(self, order_no: str, address: Address) -> Order: ...

    async def create_return(self, order_no: str, ret: Return) -> Order: ...

    async def cancel(self, order_no: str, line_ids: list[str] | None = None) -> Order: ...

    async def update_return(self, order_no: str, return_id: str, status: ReturnStatus) -> Order:
        """Move a return along (approved, received, refunded, rejected)."""
        ...
