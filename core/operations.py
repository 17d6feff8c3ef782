"""Changes to orders, each carried out in the owning source and written to the audit log (with
no personal data: an address is recorded masked, `core.personal.masked_address`; the order
itself holds the real one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.audit import AuditLog
from core.business_events import BusinessEvents
from core.masking import mask_text
from core.order import Address, Order, PaymentStatus, Return, ReturnStatus
from core.personal import masked_address
from core.sources import OrderHub

if TYPE_CHECKING:
    from core.outcomes.service import OutcomeService


class OrderOperations:
    """Each change is carried out, audited, and published to the shop's business systems."""

    def __init__(
        self,
        hub: OrderHub,
        audit: AuditLog,
        events: BusinessEvents | None = None,
        outcomes: OutcomeService | None = None,
    ) -> None:
        self._hub = hub
        self._audit = audit
        self._events = events
        self._outcomes = outcomes

    async def update_address(self, order: Order, address: Address, actor: str) -> Order:
        updated = await self._hub.source_for(order).update_address(order.order_no, address)
        await self._audit.record(
            actor,
            "order.address_changed",
            order_no=order.order_no,
            before=masked_address(order.shipping_address),
            after=masked_address(address),
        )
        if self._events:
            await self._events.address_changed(order, order.shipping_address, address, actor)
        if self._outcomes:
            await self._outcomes.order_changed(order, "address_changed", actor)
        return updated

    async def cancel(self, order: Order, actor: str) -> Order:
        updated = await self._hub.source_for(order).cancel(order.order_no)
        await self._audit.record(
            actor,
            "order.cancelled",
            order_no=order.order_no,
            before={"status": order.status.value},
            after={"status": updated.status.value},
        )
        if self._events:
            await self._events.order_cancelled(updated, actor)
        if self._outcomes:
            paid = order.payment.status is PaymentStatus.SUCCEEDED
            refund = order.payment.amount if paid else None
            await self._outcomes.order_changed(order, "cancelled", actor, refund)
        return updated

    async def create_return(self, order: Order, ret: Return, actor: str) -> Order:
        updated = await self._hub.source_for(order).create_return(order.order_no, ret)
        await self._audit.record(
            actor,
            "order.return_created",
            order_no=order.order_no,
            after={**ret.model_dump(mode="json"), "reason": mask_text(ret.reason)},
        )
        if self._events:
            await self._events.return_created(order, ret, actor)
        if self._outcomes:
            await self._outcomes.order_changed(order, "return_created", actor, ret.refund_amount)
        return updated

    async def set_return_status(
        self, order: Order, return_id: str, status: ReturnStatus, actor: str
    ) -> Order:
        before = next((r.status.value for r in order.returns if r.return_id == return_id), None)
        updated = await self._hub.source_for(order).update_return(order.order_no, return_id, status)
        await self._audit.record(
            actor,
            f"order.return_{status.value}",
            order_no=order.order_no,
            before={"return_id": return_id, "status": before},
            after={"return_id": return_id, "status": status.value},
        )
        return updated
