"""What one verified shop webhook changes: the order to upsert, per platform. A platform's
copy is merged with the stored order (`core.sources.merge`), an older copy than the one
applied is ignored, and a platform customer linked to ours carries our customer id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from core.order import Order, OrderStatus
from core.services import Services
from core.sources import refs
from core.sources import shopify as shopify_source
from core.sources import woocommerce as woo_source
from core.sources.merge import apply_return, apply_shipments, merge_platform_copy
from core.sources.resilience import MalformedPayload


@dataclass
class Change:
    """What one verified webhook changes: the order to upsert (None: nothing to store)."""

    order: Order | None
    note: str = ""
    version: datetime | None = None
    """The platform's own time of this copy of the order (`updated_at`; WooCommerce:
    `date_modified_gmt`): the store keeps the newest copy whatever order deliveries come in."""


class Rejected(Exception):
    """A body that is not what its topic says: 400 with this message."""


async def _stored(services: Services, order_no: str) -> Order | None:
    return await services.orders.get_order(order_no)


def moment_of(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _is_older(services: Services, order_no: str, version: datetime | None) -> bool:
    """Platforms do not deliver in order: a copy older than the one stored is not merged
    (the store's upsert refuses it too, should an older one race a newer one)."""
    if version is None:
        return False
    stored = await services.orders.version_of(order_no)
    return stored is not None and version < stored


async def _linked(services: Services, source: str, order: Order) -> Order:
    """A platform customer already linked to one of ours carries our customer id."""
    links = services.hub.links
    ours = await links.canonical(source, order.customer.id) if links is not None else None
    if not ours or ours == order.customer.id:
        return order
    customer = order.customer.model_copy(update={"id": ours})
    return order.model_copy(update={"customer": customer})


# ----------------------------------------------------------------------------- Shopify


async def shopify_change(services: Services, topic: str, doc: Any) -> Change:
    country = services.settings.shopify.shop_country or "US"
    try:
        hook = shopify_source.parse_webhook(topic, doc, shop_country=country)
    except MalformedPayload as exc:
        raise Rejected(str(exc)) from exc
    number = await refs.order_no_for(services.db, "shopify", hook.order_id)
    if hook.order is not None:
        version = moment_of(doc.get("updated_at"))
        if await _is_older(services, hook.order.order_no, version):
            return Change(None, "older than the copy already applied")
        await refs.remember(services.db, "shopify", hook.order_id, hook.order.order_no)
        incoming = await _linked(services, "shopify", hook.order)
        stored = await _stored(services, incoming.order_no)
        return Change(merge_platform_copy(stored, incoming), version=version)
    stored = await _stored(services, number) if number else None
    if stored is None:
        return Change(None, "order not known yet (its orders/* webhook brings it)")
    if hook.deleted:
        closed = stored.model_copy(update={"status": OrderStatus.CLOSED})
        return Change(Order.model_validate(closed.model_dump()))
    if hook.ret is not None:
        return Change(apply_return(stored, hook.ret))
    if hook.shipments or hook.cancelled_tracking:
        changed = apply_shipments(
            stored,
            hook.shipments,
            cancelled=hook.cancelled_tracking,
            delivered_at=hook.delivered_at,
        )
        return Change(changed)
    return Change(None, "nothing to change")


# ----------------------------------------------------------------------------- WooCommerce


async def woocommerce_change(services: Services, topic: str, doc: Any) -> Change:
    means = services.settings.woocommerce.completed_means
    try:
        order = woo_source.parse_webhook(topic, doc, completed_means=means)
    except MalformedPayload as exc:
        raise Rejected(str(exc)) from exc
    external = str(doc["id"])
    if order is None:  # order.deleted: the body is only the id
        number = await refs.order_no_for(services.db, "woocommerce", external)
        stored = await _stored(services, number or external)
        if stored is None:
            return Change(None, "order not known")
        closed = stored.model_copy(update={"status": OrderStatus.CLOSED})
        return Change(Order.model_validate(closed.model_dump()))
    version = moment_of(doc.get("date_modified_gmt"))
    if await _is_older(services, order.order_no, version):
        return Change(None, "older than the copy already applied")
    await refs.remember(services.db, "woocommerce", external, order.order_no)
    incoming = await _linked(services, "woocommerce", order)
    merged = merge_platform_copy(await _stored(services, order.order_no), incoming)
    return Change(merged, version=version)


# ----------------------------------------------------------------------------- canonical


async def canonical_change(services: Services, _: str, doc: Any) -> Change:
    if not isinstance(doc, dict):
        raise Rejected("the body must be a JSON object: one canonical order")
    try:
        order = Order.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "order"
        raise Rejected(f"{field}: {first['msg']}") from exc
    return Change(order)
