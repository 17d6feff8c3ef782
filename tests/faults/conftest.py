"""Servers the fault tests own: one PostgreSQL cluster for the session (a fresh database per
test), and one Redis per test; both may be killed and started again by the test."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.servers import PostgresServer, RedisServer


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="faults-pg-")))
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def own_postgres(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """The session's cluster, running at the start of the test (a test may stop it)."""
    postgres_server.start()
    yield postgres_server
    postgres_server.start()


@pytest.fixture
def own_postgres_url(own_postgres: PostgresServer) -> str:
    """A fresh database on the test's own cluster."""
    return own_postgres.create_database(f"faults_{uuid.uuid4().hex[:10]}")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()
