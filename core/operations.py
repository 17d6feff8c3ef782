"""Changes to orders, each carried out in the owning source and written to the audit log."""

from __future__ import annotations

from core.audit import AuditLog
from core.order import Address, Order, Return
from core.sources import OrderHub


class OrderOperations:
    def __init__(self, hub: OrderHub, audit: AuditLog) -> None:
        self._hub = hub
        self._audit = audit

    async def update_address(self, order: Order, address: Address, actor: str) -> Order:
        updated = await self._hub.source_for(order).update_address(order.order_no, address)
        await self._audit.record(
            actor, "order.address_changed", order_no=order.order_no,
            before=order.shipping_address.model_dump(mode="json"),
            after=address.model_dump(mode="json"),
        )  # fmt: skip
        return updated

    async def cancel(self, order: Order, actor: str) -> Order:
        updated = await self._hub.source_for(order).cancel(order.order_no)
        await self._audit.record(
            actor, "order.cancelled", order_no=order.order_no,
            before={"status": order.status.value}, after={"status": updated.status.value},
        )  # fmt: skip
        return updated

    async def create_return(self, order: Order, ret: Return, actor: str) -> Order:
        updated = await self._hub.source_for(order).create_return(order.order_no, ret)
        await self._audit.record(
            actor, "order.return_created", order_no=order.order_no,
            after=ret.model_dump(mode="json"),
        )  # fmt: skip
        return updated
