"""The async SQL engine and schema migrations (Alembic), for SQLite and PostgreSQL alike.

Migrations are a deploy step (`ordersupport db upgrade`, the Procfile's `release:` process, or
`alembic upgrade head` from the repository); a process only checks at start that the schema is
the one its code was written for (`prepare_schema`). The one exception is the embedded default:
an SQLite database with no schema yet (the first start of a fresh checkout or test) is created
on the spot, so the demo needs no step of its own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Select, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.resources import MIGRATIONS


class SchemaOutOfDate(RuntimeError):
    """The database's schema is not the code's: migrate before starting the process."""


PING_AFTER_IDLE_SECONDS = 1.0
"""A pooled server connection idle longer than this is pinged before it is handed out. One
reused sooner is not: under load a checkout then costs no round trip (SQLAlchemy's
`pool_pre_ping` pings every checkout, and on asyncpg a ping is BEGIN, SELECT, ROLLBACK), and a
server restarted meanwhile cannot have been restarted in less than that. A connection that
dies in use is still caught: its error invalidates the pool and the next checkout connects
afresh."""

_CHECKED_IN = "checked_in_at"

POOL_SIZE = 20
"""Server connections a process keeps once opened (opened as needed, never ahead). Enough for
every turn the web process runs at once (`max_in_flight`) plus the background writers, so a
connection is opened once and reused: one that only overflows the pool is closed at its
checkin, and opening one costs more than a whole status turn's reads (TLS negotiation, the
driver's type set-up)."""
POOL_OVERFLOW = 20
"""Beyond `POOL_SIZE`, connections opened for a burst and closed when returned."""


def _ping_idle_connections(engine: AsyncEngine) -> None:
    """Ping on checkout only what sat idle; a dead one is replaced (the pool's retry)."""

    @event.listens_for(engine.sync_engine.pool, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.pop(_CHECKED_IN, None)
        if since is None or time.monotonic() - since <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise exc.DisconnectionError() from error


def create_engine(
    url: str, *, pool_size: int = POOL_SIZE, max_overflow: int = POOL_OVERFLOW
) -> AsyncEngine:
    """An async engine; for a file SQLite URL its folder is created first. A server database
    keeps up to `pool_size` connections open (`POOL_SIZE`), pinged only after sitting idle
    (`PING_AFTER_IDLE_SECONDS`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return create_async_engine(url)
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=max_overflow)
    _ping_idle_connections(engine)
    return engine


def read_only(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool for single reads outside a transaction: on PostgreSQL each
    statement in READ COMMITTED sees its own snapshot anyway, so a read in AUTOCOMMIT sees what
    it would in a transaction, without the BEGIN and ROLLBACK round trips around it."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


class SingleRead:
    """A prebuilt single read of one column (each row's first value), outside a transaction
    (`read_only`). On PostgreSQL its SQL is compiled once and the text goes to asyncpg itself
    on the pooled connection (its own statement cache: one round trip once prepared): no
    compile-cache lookup, bind or result processing, cursor or result objects per call. That
    is a quarter of a millisecond of CPU a read through SQLAlchemy, about 0.1 ms this way (the
    two hot reads of a status turn). A read that fails there is run again through SQLAlchemy
    on a fresh connection (the failed one is invalidated), so a caller sees SQLAlchemy's
    errors as before, and a connection that died in the pool costs no failed turn. A statement
    whose values the dialect processes, or that is rendered per call (an expanding IN), and
    every other database, run through SQLAlchemy as usual. Same SQL, same round trips."""

    def __init__(self, engine: AsyncEngine, statement: Select[Any]) -> None:
        self._engine = read_only(engine)
        self._statement = statement
        self._text: str | None = None
        self._names: tuple[str, ...] = ()
        self._fixed: dict[str, Any] = {}
        dialect = engine.dialect
        if dialect.name != "postgresql":
            return
        compiled = statement.compile(dialect=dialect)
        plain_result = all(
            column.type._cached_result_processor(dialect, None) is None
            for column in statement.selected_columns
        )
        if compiled.post_compile_params or compiled._bind_processors or not plain_result:
            return
        self._text = compiled.string
        self._names = tuple(compiled.positiontup or ())
        self._fixed = {
            name: bind.value for name, bind in compiled.binds.items() if not bind.required
        }

    async def values(self, params: Mapping[str, Any]) -> list[Any]:
        if self._text is None:
            async with self._engine.connect() as conn:
                return list((await conn.scalars(self._statement, params)).all())
        fixed = self._fixed
        args = tuple(fixed[name] if name in fixed else params[name] for name in self._names)
        async with self._engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            if driver is not None:
                try:
                    return [row[0] for row in await driver.fetch(self._text, *args)]
                except Exception:  # never returned to the pool: it may be dead
                    await conn.invalidate()
            else:
                return [row[0] for row in await conn.exec_driver_sql(self._text, args)]
        async with self._engine.connect() as conn:  # again, through SQLAlchemy: its errors
            result = await conn.exec_driver_sql(self._text, args)
            return [row[0] for row in result]

    async def value(self, params: Mapping[str, Any]) -> Any:
        """The first row's value, or None."""
        found = await self.values(params)
        return found[0] if found else None


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest migration this code ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision` (Alembic records its version, so a second run is a no-op)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


async def schema_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None when it has no schema yet."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


async def prepare_schema(engine: AsyncEngine, *, upgrade: bool = False) -> None:
    """Check the schema at start; migrate only when asked to or for a fresh embedded SQLite."""
    current, head = await schema_revision(engine), head_revision()
    if current == head:
        return
    if upgrade or (current is None and engine.dialect.name == "sqlite"):
        await migrate(engine)
        return
    found = f"at revision {current}" if current else "empty"
    raise SchemaOutOfDate(
        f"the database schema is {found}, this code needs {head}: run `ordersupport db upgrade` "
        "(the Procfile's release step) before starting"
    )
