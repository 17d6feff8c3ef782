"""Alembic environment, for both ways in:

- `ordersupport db upgrade` (and the first start of an embedded SQLite) hands over its own
  connection in `config.attributes["connection"]`;
- `alembic upgrade head` from the repository (`alembic.ini`) connects to `sqlalchemy.url` when
  set there, else to the process's own `ORDERSUPPORT_DATABASE_URL` (the embedded default).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from core.storage.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    from core.settings import Settings

    return context.config.get_main_option("sqlalchemy.url") or Settings().database_url


async def _run_on_own_engine() -> None:
    from core.storage.database import create_engine

    engine = create_engine(_url())
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


handed_over = context.config.attributes.get("connection")
if handed_over is not None:
    _run(handed_over)
elif context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_on_own_engine())
