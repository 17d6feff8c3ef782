"""Shared fixtures: real SQLite and PostgreSQL databases, a real Redis, and the engine."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from redis.asyncio import Redis

from core.audit import default_key_file
from core.engine import Engine
from core.services import Services, build_services
from core.settings import Settings

REDIS_URL = os.environ.get("ORDERSUPPORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
POSTGRES_DSN = os.environ.get(
    "ORDERSUPPORT_TEST_POSTGRES_DSN", "postgresql://postgres:postgres@127.0.0.1:5432"
)


@pytest.fixture
def redis_prefix() -> str:
    return f"test:{uuid.uuid4().hex[:12]}:"


@pytest.fixture
async def redis(redis_prefix: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL, decode_responses=True)
    yield client
    keys = [k async for k in client.scan_iter(match=f"{redis_prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def create_postgres_database() -> tuple[str, str]:
    """A fresh, empty PostgreSQL database: (its name, its SQLAlchemy URL)."""
    name = f"ordersupport_test_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(f"{POSTGRES_DSN}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name, f"{POSTGRES_DSN.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"


async def drop_postgres_database(name: str) -> None:
    admin = await asyncpg.connect(f"{POSTGRES_DSN}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
    url = f"{POSTGRES_DSN.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    default_key_file(url).unlink(missing_ok=True)  # the audit key generated for it, if any


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    name, url = await create_postgres_database()
    yield url
    await drop_postgres_database(name)


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=None,
        api_token="test-token",
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
    )


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    built = await build_services(settings)
    yield built
    await built.aclose()


@pytest.fixture
async def engine(services: Services) -> Engine:
    return Engine(services)
