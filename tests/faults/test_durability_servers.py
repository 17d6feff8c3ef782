"""The fault tests' own servers really go away and come back (the other fault tests rely on it)."""

from __future__ import annotations

import asyncpg
import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.faults.servers import PostgresServer, RedisServer


async def test_a_killed_redis_refuses_and_a_restarted_one_answers(own_redis: RedisServer) -> None:
    client = Redis.from_url(own_redis.url)
    assert await client.ping()
    own_redis.kill()
    with pytest.raises(RedisConnectionError):
        await client.ping()
    own_redis.start()
    assert await client.ping()
    await client.aclose()


async def test_a_stopped_postgres_refuses_and_a_restarted_one_answers(
    own_postgres: PostgresServer,
) -> None:
    conn = await asyncpg.connect(own_postgres.dsn + "/postgres")
    assert await conn.fetchval("SELECT 1") == 1
    await conn.close()
    own_postgres.stop()
    with pytest.raises(OSError):
        await asyncpg.connect(own_postgres.dsn + "/postgres")
    own_postgres.start()
    conn = await asyncpg.connect(own_postgres.dsn + "/postgres")
    assert await conn.fetchval("SELECT 1") == 1
    await conn.close()
