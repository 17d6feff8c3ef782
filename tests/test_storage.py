"""The SQL order source and the audit chain on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from core.order import Address, Order
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import audit_log
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.factories import order_doc


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_services(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[Services]:  # type: ignore[no-untyped-def]
    name = None
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"
    else:
        name, url = await create_postgres_database()
    built = await build_services(Settings(database_url=url, demo=True), upgrade_schema=True)
    yield built
    await built.aclose()
    if name:
        await drop_postgres_database(name)


async def test_migrations_create_the_schema_and_can_run_twice(db_services: Services) -> None:
    from core.storage.database import migrate

    await migrate(db_services.db)
    async with db_services.db.connect() as conn:
        names = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    assert {"orders", "channel_bindings", "tickets", "audit_log", "alembic_version"} <= names


async def test_an_order_round_trips_unchanged(db_services: Services) -> None:
    original = Order.model_validate(order_doc())
    await db_services.orders.replace_all([original])
    assert await db_services.orders.get_order(original.order_no) == original


async def test_a_customers_orders_are_listed_newest_first(db_services: Services) -> None:
    older = order_doc(
        order_no="OLD-1", placed_at="2026-01-01T10:00:00+08:00", paid_at="2026-01-01T10:01:00+08:00"
    )
    newer = order_doc(
        order_no="NEW-2", placed_at="2026-02-01T10:00:00+08:00", paid_at="2026-02-01T10:01:00+08:00"
    )
    await db_services.orders.replace_all([Order.model_validate(d) for d in (older, newer)])
    listed = await db_services.hub.list_customer_orders("C-LI")
    assert [o.order_no for o in listed] == ["NEW-2", "OLD-1"]


async def test_channel_bindings_from_orders_tie_the_chat_user(db_services: Services) -> None:
    await db_services.orders.replace_all([Order.model_validate(order_doc())])
    assert await db_services.identity.customer_for("web", "web-li") == "C-LI"
    assert await db_services.identity.customer_for("web", "someone") is None


async def test_an_address_update_is_stored(db_services: Services) -> None:
    order = Order.model_validate(order_doc())
    await db_services.orders.replace_all([order])
    new = Address(name="李娜", phone="13900001111", country="CN", city="上海市", line1="南京路1号")
    await db_services.orders.update_address(order.order_no, new)
    stored = await db_services.orders.get_order(order.order_no)
    assert stored is not None and stored.shipping_address.city == "上海市"


async def test_the_audit_chain_verifies_and_names_an_edited_entry(db_services: Services) -> None:
    for n in range(3):
        await db_services.audit.record("bot", "test.entry", after={"n": n})
    assert (await db_services.audit.verify()).ok
    async with db_services.db.begin() as conn:
        ids = (await conn.scalars(sa.select(audit_log.c.id).order_by(audit_log.c.id))).all()
        await conn.execute(
            sa.update(audit_log).where(audit_log.c.id == ids[1]).values(actor="evil")
        )
    assert (await db_services.audit.verify()).first_bad_id == ids[1]


async def test_a_hash_prefixed_shop_number_is_found_either_way(db_services: Services) -> None:
    await db_services.orders.replace_all([Order.model_validate(order_doc(order_no="#1043"))])
    found = await db_services.hub.get_order("1043")
    assert found is not None and found.order_no == "#1043"


async def test_a_64_character_order_number_with_slashes_is_stored_whole(
    db_services: Services,
) -> None:
    long_no = "INV/20241106/MPL/" + "3819204756" * 4 + "1234567"
    assert len(long_no) == 64
    await db_services.orders.replace_all([Order.model_validate(order_doc(order_no=long_no))])
    stored = await db_services.orders.get_order(long_no)
    assert stored is not None and stored.order_no == long_no
