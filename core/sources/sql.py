"""The SQL-backed order source: the embedded demo shop and `shop import` data live here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.order import Address, Order, OrderStatus, Return, ReturnStatus
from core.policies import DEFAULT_POLICY, ShopPolicy
from core.proactive.watch import watch_at
from core.sources.base import OrderNotFound
from core.storage.bindings import replace_binding
from core.storage.database import SingleRead, read_only
from core.storage.tables import orders
from core.storage.upsert import upsert


class ImportRejected(ValueError):
    """An import file was rejected as a whole; the message names the order and the field."""


def validate_import(documents: object) -> list[Order]:
    """Validate a `shop import` document (a JSON list of orders) completely, or raise."""
    if not isinstance(documents, list):
        raise ImportRejected("the file must hold a JSON list of orders")
    parsed: list[Order] = []
    seen: set[str] = set()
    for index, doc in enumerate(documents):
        label = f"order #{index + 1}"
        if isinstance(doc, dict) and isinstance(doc.get("order_no"), str):
            label += f" ({doc['order_no']})"
        try:
            order = Order.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(order)"
            raise ImportRejected(f"{label}: field '{field}': {first['msg']}") from exc
        if order.order_no in seen:
            raise ImportRejected(f"{label}: field 'order_no': duplicate order number in the file")
        seen.add(order.order_no)
        parsed.append(order)
    return parsed


def _row(order: Order, policy: ShopPolicy = DEFAULT_POLICY) -> dict[str, object]:
    return {
        "order_no": order.order_no,
        "platform": order.platform,
        "status": order.status.value,
        "customer_id": order.customer.id,
        "placed_at": order.placed_at,
        "paid_at": order.paid_at,
        "updated_at": datetime.now(UTC),
        "doc": order.model_dump(mode="json"),
        "watch_at": watch_at(order, policy),
    }


_FINISHED = ("delivered", "cancelled", "closed")
# The document as its JSON text: pydantic parses and validates it in one pass
# (`model_validate_json`, a third cheaper than decoding it to a dict and validating that).
_DOC_TEXT = sa.cast(orders.c.doc, sa.Text)
# Statements built once: each call only binds its values (SQLAlchemy caches the compiled form).
_ONE_ORDER = sa.select(_DOC_TEXT).where(orders.c.order_no == sa.bindparam("order_no"))
_ALL_ORDERS = (
    sa.select(_DOC_TEXT)
    .where(orders.c.customer_id == sa.bindparam("customer_id"))
    .order_by(orders.c.placed_at.desc())
)
_PAGE = (
    sa.select(orders.c.order_no)
    .where(orders.c.customer_id == sa.bindparam("customer_id"))
    .order_by(
        # one comparison a status, not an IN list: the statement's text is then fixed, not
        # rendered again on every call (`SingleRead`)
        sa.case((sa.or_(*(orders.c.status == status for status in _FINISHED)), 1), else_=0),
        orders.c.placed_at.desc(),
    )
    .limit(sa.bindparam("limit", type_=sa.Integer))
    .scalar_subquery()
)
# The page is chosen on the narrow columns; only its rows' documents are read.
_OPEN_FIRST = sa.select(_DOC_TEXT).where(orders.c.order_no.in_(_PAGE))


_CUSTOMER_EMAIL = orders.c.doc[("customer", "email")].as_string()
_CUSTOMER_PHONE = orders.c.doc[("customer", "phone")].as_string()
_SHIPPING_PHONE = orders.c.doc[("shipping_address", "phone")].as_string()


class SqlOrderSource:
    """Orders stored as canonical documents in the `orders` table."""

    name = "sql"

    def __init__(self, engine: AsyncEngine, policy: ShopPolicy | None = None) -> None:
        self._engine = engine
        self._reads = read_only(engine)  # single reads: no BEGIN/ROLLBACK
        self._one_order = SingleRead(engine, _ONE_ORDER)
        self._all_orders = SingleRead(engine, _ALL_ORDERS)
        self._open_first = SingleRead(engine, _OPEN_FIRST)
        self.policy = policy or DEFAULT_POLICY
        """The shop's policy, for each written order's `watch_at` (`core.proactive.watch`)."""

    def owns(self, order_no: str) -> bool:
        return True

    pages = True
    """`list_customer_orders` takes a `limit` and returns the open orders first (the hub asks)."""

    async def get_order(self, order_no: str) -> Order | None:
        doc = await self._one_order.value({"order_no": order_no})
        return Order.model_validate_json(doc) if doc is not None else None

    async def version_of(self, order_no: str) -> datetime | None:
        """The shop platform's time of the stored copy (None: not from a platform webhook)."""
        async with self._reads.connect() as conn:
            found: datetime | None = await conn.scalar(
                sa.select(orders.c.source_version).where(orders.c.order_no == order_no)
            )
        return found

    async def list_customer_orders(self, customer_id: str, limit: int | None = None) -> list[Order]:
        """The customer's orders, newest first; with a `limit`, that many at most, the open
        ones first, so a customer with thousands of orders costs what one with four does
        (only the rows read are validated)."""
        if limit is None:
            docs = await self._all_orders.values({"customer_id": customer_id})
        else:
            docs = await self._open_first.values({"customer_id": customer_id, "limit": limit})
        found = [Order.model_validate_json(doc) for doc in docs]
        if limit is not None:
            found.sort(key=lambda o: o.placed_at, reverse=True)
        return found

    async def orders_by_contact(
        self, *, email: str | None = None, last_digits: str | None = None, limit: int = 200
    ) -> list[Order]:
        """Orders whose customer has this e-mail (any case), or whose phone (the customer's
        or the shipping address's) ends in these four digits, however it is spaced; newest
        first. The hub checks each against the contact again."""
        if email:
            condition = sa.func.lower(_CUSTOMER_EMAIL) == email.strip().lower()
        elif last_digits and last_digits.isdigit():
            pattern = "%" + "%".join(last_digits)  # "+33 6 12 34 56 78" ends in 5678 too
            condition = sa.or_(_CUSTOMER_PHONE.like(pattern), _SHIPPING_PHONE.like(pattern))
        else:
            return []
        statement = (
            sa.select(_DOC_TEXT).where(condition).order_by(orders.c.placed_at.desc()).limit(limit)
        )
        async with self._reads.connect() as conn:
            docs = (await conn.execute(statement)).scalars().all()
        return [Order.model_validate_json(doc) for doc in docs]

    async def save(self, order: Order, *, version: datetime | None = None) -> bool:
        """Store the order. `version` is the shop platform's own time of this copy: a copy
        older than the one stored is not written (False), whatever order deliveries arrive in."""
        async with self._engine.begin() as conn:
            return await self._upsert(conn, [order], version=version)

    async def replace_all(self, new_orders: Sequence[Order]) -> None:
        """Import: all orders in one transaction, so a failure imports none."""
        async with self._engine.begin() as conn:
            await self._upsert(conn, new_orders)

    async def _upsert(
        self, conn: AsyncConnection, new_orders: Iterable[Order], version: datetime | None = None
    ) -> bool:
        batch = list(new_orders)
        if not batch:
            return False
        rows = [{**_row(o, self.policy), "source_version": version} for o in batch]

        def newer(excluded: Any) -> Any:  # a copy without a version is ours: always applied
            stored = orders.c.source_version
            return (
                stored.is_(None)
                | excluded.source_version.is_(None)
                | (excluded.source_version >= stored)
            )

        def keep_version(excluded: Any) -> dict[str, Any]:
            return {
                "source_version": sa.func.coalesce(excluded.source_version, orders.c.source_version)
            }

        written = await upsert(conn, orders, rows, ("order_no",), set_=keep_version, where=newer)
        if written == 0 and len(batch) == 1:
            return False
        await _bind_channels(conn, batch)
        return True

    async def _modify(self, order_no: str, change: Callable[[Order], Order]) -> Order:
        order = await self.get_order(order_no)
        if order is None:
            raise OrderNotFound(order_no)
        updated = Order.model_validate(change(order.model_copy(deep=True)).model_dump())
        await self.save(updated)
        return updated

    async def update_address(self, order_no: str, address: Address) -> Order:
        def change(order: Order) -> Order:
            order.shipping_address = address
            return order

        return await self._modify(order_no, change)

    async def create_return(self, order_no: str, ret: Return) -> Order:
        def change(order: Order) -> Order:
            order.returns.append(ret)
            return order

        return await self._modify(order_no, change)

    async def cancel(self, order_no: str, line_ids: list[str] | None = None) -> Order:
        """Cancel the whole order. Part of an order is cancelled as a return of those units
        (`create_return`), so that refunds of the remaining lines stay right."""
        if line_ids:
            raise ValueError("cancel some lines through create_return")

        def change(order: Order) -> Order:
            order.status = OrderStatus.CANCELLED
            return order

        return await self._modify(order_no, change)

    async def update_return(self, order_no: str, return_id: str, status: ReturnStatus) -> Order:
        def change(order: Order) -> Order:
            found = [r for r in order.returns if r.return_id == return_id]
            if not found:
                raise OrderNotFound(f"{order_no}/{return_id}")
            found[0].status = status
            if status is ReturnStatus.REFUNDED and found[0].refunded_at is None:
                found[0].refunded_at = datetime.now(UTC)
            return order

        return await self._modify(order_no, change)

    async def count(self) -> int:
        async with self._reads.connect() as conn:
            return int(await conn.scalar(sa.select(sa.func.count()).select_from(orders)) or 0)


async def _bind_channels(conn: AsyncConnection, batch: Iterable[Order]) -> None:
    """Tie the chat identities listed on each order's customer to that customer."""
    pairs = {(b.channel, b.user_id): o.customer.id for o in batch for b in o.customer.channels}
    if not pairs:
        return
    for (channel, user_id), customer_id in pairs.items():
        await replace_binding(conn, channel, user_id, customer_id, how="order")
