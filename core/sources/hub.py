"""The `OrderHub`: one place to find an order, whichever source owns it.

- Routing: an order number goes to the sources whose `owns()` claims one of its spellings
  ("#1043", "1043"), which are then asked in turn; the source that answered is remembered, so
  writes (`source_for`) go back to it.
- A customer's orders are merged across sources: by our customer id, by the platform customer
  ids linked to it, and by the customer's e-mail and phone in sources that can search
  (`search_orders`). A platform customer found that way is linked to our customer (table
  `customer_links`), and its orders carry our customer id, so the identity checks that compare
  `order.customer.id` with a chat user's binding hold for every source.
- Resilience: every call into a remote source has a timeout and a circuit breaker
  (`resilience`); the local SQL store is called directly, never behind a breaker. In a
  listing a down source is skipped and named in `CustomerOrders.unavailable`; a direct lookup
  that only a down source could answer raises `SourceUnavailable`.
- Reads from remote sources are cached in Redis for a few seconds (`cache`); every write
  through the hub invalidates them.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core import turn_memo
from core.ledger import note_effect
from core.order import Address, Customer, Order, Return, ReturnStatus, is_order_no
from core.sources.base import OrderSource, SourceUnavailable
from core.sources.cache import OrderCache
from core.sources.resilience import CircuitBreaker, Guard
from core.storage.database import read_only
from core.storage.tables import customer_links

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from core.settings import Settings
    from core.tracking.service import TrackingHub

log = structlog.get_logger(__name__)


def number_variants(order_no: str) -> list[str]:
    """Spellings of one order number a customer may type ("#1043" and "1043")."""
    raw = order_no.strip()
    bare = raw.lstrip("#")
    return list(dict.fromkeys([raw, bare, f"#{bare}"]))


def phone_key(phone: str | None) -> str | None:
    """The last ten digits of a phone number (country codes and spacing vary), or None."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-10:] if len(digits) >= 7 else None


def email_key(email: str | None) -> str | None:
    return email.strip().lower() if email and "@" in email else None


SERVED_MEMORY = 50_000
"""How many order numbers the hub remembers the source of (least recently used go first)."""


class ServedBy(OrderedDict[str, str]):
    """Which source served an order number, for the writes that follow; bounded (LRU), so a
    long-running process does not grow with every order number it has ever served."""

    def __init__(self, limit: int = SERVED_MEMORY) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)

    def setdefault(self, key: str, default: str) -> str:
        if key in self:
            self.move_to_end(key)
            return self[key]
        self[key] = default
        return default


class CustomerOrders(list[Order]):
    """A customer's orders, newest first; `unavailable` names sources that could not be asked
    (down or slow): the dialogue may say "some of your orders can't be seen right now"."""

    def __init__(self, orders: Iterable[Order] = (), unavailable: Iterable[str] = ()) -> None:
        super().__init__(orders)
        self.unavailable: tuple[str, ...] = tuple(unavailable)

    @property
    def partial(self) -> bool:
        return bool(self.unavailable)


class CustomerLinks:
    """Platform customers known to be one of our customers (SQL, durable)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._reads = read_only(engine)  # single reads: no BEGIN/ROLLBACK
        self._memo: dict[tuple[str, str], str] = {}

    async def canonical(self, source: str, external_id: str) -> str | None:
        key = (source, external_id)
        if key not in self._memo:
            query = sa.select(customer_links.c.customer_id).where(
                customer_links.c.source == source, customer_links.c.external_id == external_id
            )
            async with self._reads.connect() as conn:
                found = await conn.scalar(query)
            if found is None:
                return None
            self._memo[key] = found
        return self._memo[key]

    async def external_ids(self, customer_id: str) -> list[tuple[str, str]]:
        query = sa.select(customer_links.c.source, customer_links.c.external_id).where(
            customer_links.c.customer_id == customer_id
        )
        async with self._reads.connect() as conn:
            return [(r.source, r.external_id) for r in await conn.execute(query)]

    async def link(self, source: str, external_id: str, customer_id: str, how: str) -> None:
        """Tie a platform customer to ours; an existing tie is kept (first match wins)."""
        if await self.canonical(source, external_id) is not None:
            return
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    sa.insert(customer_links).values(
                        source=source,
                        external_id=external_id,
                        customer_id=customer_id,
                        how=how,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            pass  # linked concurrently
        self._memo.pop((source, external_id), None)
        log.info("customer_linked", source=source, how=how)


class GuardedSource:
    """One source as the hub uses it: timeouts, circuit breaker, cache, canonical customer."""

    def __init__(
        self,
        source: OrderSource,
        guard: Guard,
        cache: OrderCache,
        hub: OrderHub,
        *,
        write_timeout: float,
    ) -> None:
        self.source = source
        self.name = source.name
        self.guard = guard
        self.remote = bool(getattr(source, "remote", False))
        self._cache = cache if self.remote else OrderCache(None)
        self._hub = hub
        self._write_timeout = write_timeout

    async def _call(self, make: Callable[[], Any], seconds: float | None = None) -> Any:
        """A remote source through its guard (timeout, circuit breaker); the local database
        directly: a busy CPU must never open a breaker in front of our own store."""
        if not self.remote:
            return await make()
        return await self.guard.call(make, seconds=seconds)

    @property
    def can_search(self) -> bool:
        return hasattr(self.source, "search_orders")

    def owns(self, order_no: str) -> bool:
        return self.source.owns(order_no)

    async def get_order(self, order_no: str) -> Order | None:
        cached = await self._cache.get_order(self.name, order_no)
        if cached is not None:
            return await self._hub._canonical(self, cached)
        order = await self._call(lambda: self.source.get_order(order_no))
        if order is None:
            return None
        await self._cache.put_order(self.name, order)
        return await self._hub._canonical(self, order)

    async def _listing(self, key: str, fetch: Callable[[], Any]) -> list[Order]:
        cached = await self._cache.get_list(self.name, key)
        if cached is not None:
            return cached
        found: list[Order] = await self._call(fetch)
        await self._cache.put_list(self.name, key, found)
        return found

    async def list_customer_orders(self, customer_id: str, limit: int | None = None) -> list[Order]:
        """A source that pages (`pages = True`, the SQL store) reads at most `limit`, open
        orders first; others list everything and are cut here."""
        if limit is not None and getattr(self.source, "pages", False):
            list_page = self.source.list_customer_orders
            return await self._listing(
                f"id:{customer_id}:{limit}",
                lambda: list_page(customer_id, limit),  # type: ignore[call-arg]
            )
        return await self._listing(
            f"id:{customer_id}", lambda: self.source.list_customer_orders(customer_id)
        )

    async def search_orders(self, *, email: str | None, phone: str | None) -> list[Order]:
        search = self.source.search_orders  # type: ignore[attr-defined]
        return await self._listing(
            f"search:{email or ''}|{phone or ''}", lambda: search(email=email, phone=phone)
        )

    async def _write(self, order_no: str, make: Callable[[], Any]) -> Order:
        turn_memo.forget_orders()
        try:
            order = await self._call(make, seconds=self._write_timeout)
            await note_effect()  # before the cache: a Redis failure there must not hide the change
        finally:
            await self._cache.invalidate(self.name, order_no)
        self._hub._served[order.order_no] = self.name
        written = await self._hub._canonical(self, order)
        turn_memo.remember_read(written)
        return written

    async def update_address(self, order_no: str, address: Address) -> Order:
        return await self._write(order_no, lambda: self.source.update_address(order_no, address))

    async def create_return(self, order_no: str, ret: Return) -> Order:
        return await self._write(order_no, lambda: self.source.create_return(order_no, ret))

    async def cancel(self, order_no: str, line_ids: list[str] | None = None) -> Order:
        return await self._write(order_no, lambda: self.source.cancel(order_no, line_ids))

    async def update_return(self, order_no: str, return_id: str, status: ReturnStatus) -> Order:
        update = self.source.update_return
        return await self._write(order_no, lambda: update(order_no, return_id, status))


class OrderHub:
    """Aggregates several `OrderSource`s and knows which one owns an order number."""

    def __init__(
        self,
        sources: Sequence[OrderSource],
        *,
        cache: OrderCache | None = None,
        links: CustomerLinks | None = None,
        timeouts: Mapping[str, float] | None = None,
        default_timeout: float = 3.0,
        write_timeout: float = 15.0,
        breaker_failures: int = 3,
        breaker_reset_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        tracking: TrackingHub | None = None,
    ) -> None:
        if not sources:
            raise ValueError("an OrderHub needs at least one source")
        self.sources = list(sources)
        self.cache = cache or OrderCache(None)
        self.links = links
        self._served = ServedBy()
        self.guarded = [
            GuardedSource(
                source,
                Guard(
                    source.name,
                    timeout=(timeouts or {}).get(source.name, default_timeout),
                    breaker=CircuitBreaker(
                        source.name,
                        failure_threshold=breaker_failures,
                        reset_seconds=breaker_reset_seconds,
                        clock=clock,
                    ),
                ),
                self.cache,
                self,
                write_timeout=write_timeout,
            )
            for source in self.sources
        ]
        self._by_name = {g.name: g for g in self.guarded}
        if tracking is None:
            from core.tracking.service import TrackingHub  # core.tracking reads core.sources

            tracking = TrackingHub()
        self.tracking = tracking
        """Live carrier tracking (`core.tracking`); empty unless providers are configured."""

    def source(self, name: str) -> GuardedSource:
        return self._by_name[name]

    def status(self) -> dict[str, str]:
        """Each source's circuit: "closed" (fine), "open" (skipped) or "half_open" (trying)."""
        return {g.name: g.guard.breaker.state.value for g in self.guarded}

    def source_for(self, order: Order) -> GuardedSource:
        """The source that served this order; else one of its platform that owns the number."""
        served = self._served.get(order.order_no)
        if served in self._by_name:
            return self._by_name[served]
        owners = [g for g in self.guarded if g.owns(order.order_no)]
        same_platform = [g for g in owners if getattr(g.source, "platform", None) == order.platform]
        return (same_platform or owners or self.guarded)[0]

    async def _canonical(self, guarded: GuardedSource, order: Order) -> Order:
        """An order of a remote source, carrying our customer id if its customer is linked."""
        self._served.setdefault(order.order_no, guarded.name)
        if self.links is None or not guarded.remote:
            return order
        ours = await self.links.canonical(guarded.name, order.customer.id)
        return _with_customer_id(order, ours) if ours else order

    async def get_order(self, order_no: str) -> Order | None:
        memo = turn_memo.current()
        if memo is not None and order_no in memo.orders:
            return memo.orders[order_no]  # read already in this turn
        order = await self._get_order(order_no)
        if memo is not None and order is not None:
            memo.orders[order_no] = memo.orders[order.order_no] = order
            memo.read[order.order_no] = order
        return order

    async def _get_order(self, order_no: str) -> Order | None:
        down: list[str] = []
        for variant in number_variants(order_no):
            if not is_order_no(variant):
                continue  # no source holds it; a NUL byte would only make a database raise
            for guarded in self.guarded:
                if guarded.name in down or not guarded.owns(variant):
                    continue
                try:
                    order = await guarded.get_order(variant)
                except SourceUnavailable:
                    down.append(guarded.name)
                    continue
                if order is not None:
                    self._served[order.order_no] = guarded.name
                    return order
        if down:
            raise SourceUnavailable(f"order lookup: {', '.join(down)} not answering")
        return None

    async def orders_by_contact(
        self, *, email: str | None = None, last_digits: str | None = None, limit: int = 200
    ) -> list[Order]:
        """The orders whose customer has this e-mail, or whose phone (the customer's or the
        shipping address's) ends in these digits, across the sources that can look them up
        (a source with `orders_by_contact`; for an e-mail also one that `search_orders`): what
        a visitor who names no order is matched against. Newest first, at most `limit`."""
        mail = email_key(email)
        digits = re.sub(r"\D", "", last_digits or "")
        if mail is None and len(digits) != 4:
            return []
        found: dict[str, Order] = {}
        for guarded in self.guarded:
            finder = getattr(guarded.source, "orders_by_contact", None)
            try:
                if finder is not None:
                    orders: list[Order] = await guarded._call(
                        partial(finder, email=mail, last_digits=digits or None, limit=limit)
                    )
                elif mail is not None and guarded.can_search:
                    orders = await guarded.search_orders(email=mail, phone=None)
                else:
                    continue
            except SourceUnavailable:
                continue
            for order in orders:
                if _has_contact(order, mail, digits):
                    found.setdefault(order.order_no, await self._canonical(guarded, order))
        return sorted(found.values(), key=lambda o: o.placed_at, reverse=True)[:limit]

    async def list_customer_orders(
        self, customer_id: str, limit: int | None = None
    ) -> CustomerOrders:
        """Every order of the customer; with a `limit`, at most that many, the open ones
        first (what a status answer needs), newest first within them."""
        return await self.orders_for(customer_id=customer_id, limit=limit)

    async def orders_for(
        self,
        customer: Customer | None = None,
        *,
        customer_id: str | None = None,
        emails: Iterable[str] = (),
        phones: Iterable[str] = (),
        limit: int | None = None,
    ) -> CustomerOrders:
        """Every order of one customer across all sources, newest first.

        Matched by our customer id (and the platform customers linked to it), then by the
        customer's e-mails and phones — given, or read from the orders found by id.
        """
        cid = customer_id or (customer.id if customer else None)
        mails = {k for k in map(email_key, [*emails, customer.email if customer else None]) if k}
        tels = {k for k in map(phone_key, [*phones, customer.phone if customer else None]) if k}
        raw_phones = {p for p in [*phones, customer.phone if customer else None] if p}
        down: set[str] = set()
        found: dict[str, tuple[GuardedSource, Order]] = {}

        async def ask(guarded: GuardedSource, make: Callable[[], Any]) -> list[Order]:
            if guarded.name in down:
                return []
            try:
                orders: list[Order] = await make()
                return orders
            except SourceUnavailable:
                down.add(guarded.name)
                return []

        # 1. by id: ours, and the platform customers linked to it (links are made for remote
        # sources only, so with none there is nothing to look up)
        linked: list[tuple[str, str]] = []
        if cid and self.links and any(g.remote for g in self.guarded):
            linked = await self.links.external_ids(cid)
        jobs = []
        for guarded in self.guarded:
            ids = [cid] if cid else []
            ids += [ext for source, ext in linked if source == guarded.name and ext != cid]
            for one in ids:
                listing = partial(guarded.list_customer_orders, one, limit)
                jobs.append((guarded, ask(guarded, listing)))
        results = await asyncio.gather(*(job for _, job in jobs))
        for (guarded, _), orders in zip(jobs, results, strict=True):
            for order in orders:
                _keep(found, guarded, order)
                mails.update(k for k in [email_key(order.customer.email)] if k)
                if order.customer.phone:
                    raw_phones.add(order.customer.phone)
                    tels.update(k for k in [phone_key(order.customer.phone)] if k)

        # 2. by e-mail and phone, in sources that can search
        contacts = [(m, None) for m in sorted(mails)[:3]] + [
            (None, p) for p in sorted(raw_phones)[:3]
        ]
        jobs = []
        for guarded in self.guarded:
            if not guarded.can_search or guarded.name in down:
                continue
            for mail, tel in contacts:
                search = lambda g=guarded, m=mail, t=tel: g.search_orders(email=m, phone=t)  # noqa: E731
                jobs.append((guarded, ask(guarded, search)))
        results = await asyncio.gather(*(job for _, job in jobs))
        for (guarded, _), orders in zip(jobs, results, strict=True):
            for order in orders:
                if email_key(order.customer.email) not in mails and (
                    phone_key(order.customer.phone) not in tels
                ):
                    continue  # a loose search hit, not this customer
                _keep(found, guarded, order)

        # 3. our customer id on every order found, and links for next time
        merged: list[Order] = []
        for guarded, order in found.values():
            if cid and order.customer.id != cid and self.links is not None and guarded.remote:
                how = "email" if email_key(order.customer.email) in mails else "phone"
                await self.links.link(guarded.name, order.customer.id, cid, how)
            if cid and guarded.remote and order.customer.id != cid:
                ours = (
                    await self.links.canonical(guarded.name, order.customer.id)
                    if self.links
                    else cid
                )
                order = _with_customer_id(order, ours or cid)
            self._served.setdefault(order.order_no, guarded.name)
            merged.append(order)
        if down and len(down) == len(self.guarded):
            raise SourceUnavailable("no order source is answering")
        if down:
            log.warning("orders_partial", unavailable=sorted(down))
        merged.sort(key=lambda o: o.placed_at, reverse=True)
        if limit is not None and len(merged) > limit:
            finished = {"delivered", "cancelled", "closed"}
            merged.sort(key=lambda o: o.status.value in finished)  # stable: open first
            merged = sorted(merged[:limit], key=lambda o: o.placed_at, reverse=True)
        turn_memo.remember_orders(merged)
        return CustomerOrders(merged, unavailable=sorted(down))


def _has_contact(order: Order, mail: str | None, digits: str) -> bool:
    if mail is not None:
        return email_key(order.customer.email) == mail
    phones = (order.customer.phone, order.shipping_address.phone)
    return any(p and re.sub(r"\D", "", p).endswith(digits) for p in phones)


def _keep(
    found: dict[str, tuple[GuardedSource, Order]], guarded: GuardedSource, order: Order
) -> None:
    """First answer wins, except that the platform's own copy beats a local (synced) one."""
    known = found.get(order.order_no)
    if known is None or (guarded.remote and not known[0].remote):
        found[order.order_no] = (guarded, order)


def _with_customer_id(order: Order, customer_id: str) -> Order:
    if order.customer.id == customer_id:
        return order
    customer = order.customer.model_copy(update={"id": customer_id})
    return order.model_copy(update={"customer": customer})


def build_hub(
    settings: Settings, *, sql: OrderSource, db: AsyncEngine, redis: Redis | None = None
) -> OrderHub:
    """The hub from settings: Shopify, WooCommerce and configured REST sources first (they claim
    their own number formats), the SQL source last (it claims every number)."""
    from core.sources.rest import RestOrderSource, RestSourceConfig
    from core.sources.shopify import ShopifyConfig, ShopifySource
    from core.sources.woocommerce import WooCommerceConfig, WooCommerceSource

    sources: list[OrderSource] = []
    shopify, woo = settings.shopify, settings.woocommerce
    if shopify.base_url and shopify.access_token:
        sources.append(
            ShopifySource(
                ShopifyConfig(
                    base_url=shopify.base_url,
                    access_token=shopify.access_token,
                    api_version=shopify.api_version,
                    shop_country=shopify.shop_country,
                )
            )
        )
    if woo.base_url and woo.consumer_key and woo.consumer_secret:
        sources.append(
            WooCommerceSource(
                WooCommerceConfig(
                    base_url=woo.base_url,
                    consumer_key=woo.consumer_key,
                    consumer_secret=woo.consumer_secret,
                    completed_means=woo.completed_means,
                    api_refund=woo.api_refund,
                )
            )
        )
    from core.sources.presets import expand
    from core.tracking.service import build_tracking

    for raw in settings.rest_sources:
        sources.append(RestOrderSource(RestSourceConfig.model_validate(expand(raw))))
    sources.append(sql)
    return OrderHub(
        sources,
        cache=OrderCache(redis, settings.redis_prefix, settings.order_cache_ttl_seconds),
        links=CustomerLinks(db),
        timeouts=settings.source_timeouts,
        default_timeout=settings.source_timeout_seconds,
        write_timeout=settings.source_write_timeout_seconds,
        breaker_failures=settings.source_breaker_failures,
        breaker_reset_seconds=settings.source_breaker_reset_seconds,
        tracking=build_tracking(settings, redis=redis, engine=db),
    )


async def close_sources(hub: OrderHub) -> None:
    """Close the HTTP sessions of the hub's remote sources and tracking providers (call from
    Services.aclose)."""
    for source in hub.sources:
        closer = getattr(source, "aclose", None)
        if closer is not None:
            await closer()
    await hub.tracking.aclose()
