"""The async SQL engine and schema migrations (Alembic), for SQLite and PostgreSQL alike.

Migrations are a deploy step (`ordersupport db upgrade`, the Procfile's `release:` process, or
`alembic upgrade head` from the repository); a process only checks at start that the schema is
the one its code was written for (`prepare_schema`). The one exception is the embedded default:
an SQLite database with no schema yet (the first start of a fresh checkout or test) is created
on the spot, so the demo needs no step of its own.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.resources import MIGRATIONS


class SchemaOutOfDate(RuntimeError):
    """The database's schema is not the code's: migrate before starting the process."""


def create_engine(url: str) -> AsyncEngine:
    """An async engine; for a file SQLite URL its folder is created first."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return create_async_engine(url, pool_pre_ping=parsed.get_backend_name() != "sqlite")


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
