"""Round trips and disk reads of one steady-state status turn through the web chat route.

    PYTHONPATH=. python3 bench/round_trips.py [--turns 50]

The real app (`bots.serve.create_app`: admission, rate limits, the web chat handler) on a
PostgreSQL shop and the shared Redis, each reached through a counting TCP proxy on 127.0.0.1:
a round trip is one burst the client sends before the server's answer (a pipeline is one).
Also counted, per turn: files the process opens or lists (Python's audit hooks) and full
collections of the cyclic garbage collector. Turns run one at a time, after a warm-up, so the
counts are per turn and exact; the time is not measured here (`bench/load.py --turn` does).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402 (the checkout's root on the path first)
    POSTGRES_DSN,
    REDIS_URL,
    _drop_postgres,
    _fresh_postgres,
    drop_prefix,
    seed,
)


class CountingProxy:
    """A TCP proxy to `host:port` counting request bursts (round trips) per connection."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.round_trips = 0
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        waiting = [False]  # the client has sent and the server has not answered yet

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, client: bool) -> None:
            try:
                while data := await src.read(65536):
                    if client and not waiting[0]:
                        self.round_trips += 1
                        waiting[0] = True
                    elif not client:
                        waiting[0] = False
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer, True), pump(up_reader, writer, False))


def _record_commands(client: Any) -> Counter[str]:
    """What the app's Redis client sends from now on, by command (a pipeline as one)."""
    sent: Counter[str] = Counter()
    command, pipeline = client.execute_command, client.pipeline

    async def counted(*args: Any, **options: Any) -> Any:
        sent[str(args[0])] += 1
        return await command(*args, **options)

    def counted_pipeline(*args: Any, **options: Any) -> Any:
        pipe = pipeline(*args, **options)
        run = pipe.execute

        async def execute(*a: Any, **k: Any) -> Any:
            sent["PIPELINE(" + ",".join(str(c[0][0]) for c in pipe.command_stack) + ")"] += 1
            return await run(*a, **k)

        pipe.execute = execute
        return pipe

    client.execute_command, client.pipeline = counted, counted_pipeline
    return sent


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    return parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host).geturl()


async def run(turns: int) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bots.serve import SERVICES, create_app
    from core.settings import Settings

    redis_target, pg_target = urlsplit(REDIS_URL), urlsplit(POSTGRES_DSN)
    redis_proxy = CountingProxy(redis_target.hostname or "127.0.0.1", redis_target.port or 6379)
    pg_proxy = CountingProxy(pg_target.hostname or "127.0.0.1", pg_target.port or 5432)
    await redis_proxy.start()
    await pg_proxy.start()
    pg_name, url = await _fresh_postgres()
    prefix = f"bench:{uuid.uuid4().hex[:10]}:"
    opened: Counter[str] = Counter()
    counting = [False]

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if counting[0] and event in ("open", "os.listdir", "os.scandir", "glob.glob"):
            opened[event] += 1

    full_collections = [0]

    def collected(phase: str, info: dict[str, Any]) -> None:
        if counting[0] and phase == "start" and info.get("generation") == 2:
            full_collections[0] += 1

    sys.addaudithook(audit)
    gc.callbacks.append(collected)
    try:
        users = await seed(url, 50, 4)
        settings = Settings(
            database_url=_with_port(url, pg_proxy.port),
            redis_url=_with_port(REDIS_URL, redis_proxy.port),
            redis_prefix=prefix,
            seed_demo_if_empty=False,
            demo=True,
            demo_users=True,
            session_key="bench-round-trips",
            rate_limit_ip_per_minute=1_000_000,  # every turn from one address, and counted
        )
        settings.outcomes.enabled = False
        app = await create_app(settings)
        async with TestClient(TestServer(app)) as client:

            async def turn(n: int) -> None:
                user = users[n % len(users)]
                res = await client.post(
                    "/api/chat", json={"user": user, "text": "where is my order?"}
                )
                body = await res.json()
                assert res.status == 200 and "1Z" in str(body), body

            for n in range(2 * len(users)):  # warm: scripts loaded, pools filled, sessions made
                await turn(n)
            names = _record_commands(app[SERVICES].redis)
            redis_before, pg_before = redis_proxy.round_trips, pg_proxy.round_trips
            connections = redis_proxy.connections + pg_proxy.connections
            counting[0] = True
            for n in range(turns):
                await turn(n)
            counting[0] = False
            redis = (redis_proxy.round_trips - redis_before) / turns
            pg = (pg_proxy.round_trips - pg_before) / turns
            opened_now = redis_proxy.connections + pg_proxy.connections - connections
    finally:
        gc.callbacks.remove(collected)
        await redis_proxy.stop()
        await pg_proxy.stop()
        drop_prefix(prefix)
        await _drop_postgres(pg_name)
    print()
    print(f"== round trips per status turn (POST /api/chat, {turns} turns, one at a time)")
    print(f"{'Redis':<28} {redis:.2f}")
    print(f"{'  the app client sent':<28} {dict(names)} in {turns} turns")
    print(f"{'PostgreSQL':<28} {pg:.2f}")
    print(f"{'connections opened':<28} {opened_now}")
    print(f"{'files opened or listed':<28} {sum(opened.values()) / turns:.2f} {dict(opened)}")
    print(f"{'full collections':<28} {full_collections[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=50)
    asyncio.run(run(parser.parse_args().turns))


if __name__ == "__main__":
    main()
