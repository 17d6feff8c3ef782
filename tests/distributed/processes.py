"""A deployment in miniature for the scale-out test and `bench/scale_out.py`: real `ordersupport
serve` and `ordersupport worker` processes (this checkout's code, `python3 -m bots`) on one Redis
and one PostgreSQL database, behind a real haproxy (Debian's, round-robin, health-checked),
every one on its own free port with its files in a temp dir.

Each web response carries `X-Served-By` (the haproxy server name, `web0`...), so a test can see
which process answered.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis as sync_redis

from tests.distributed.servers import Child, free_port, wait_for

REPO = Path(__file__).resolve().parents[2]
SESSION_KEY = "scale-out-test-session-key"
API_TOKEN = "scale-out-token"
WEBHOOK_SECRET = "scale-out-shop-secret"


def base_env(database_url: str, redis_url: str, redis_prefix: str) -> dict[str, str]:
    """The environment every process of the deployment shares (12-factor settings): one database,
    one Redis, one session key (so any process reads any conversation)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSUPPORT_")}
    env.update(
        {
            "ORDERSUPPORT_DATABASE_URL": database_url,
            "ORDERSUPPORT_REDIS_URL": redis_url,
            "ORDERSUPPORT_REDIS_PREFIX": redis_prefix,
            "ORDERSUPPORT_SESSION_KEY": SESSION_KEY,
            "ORDERSUPPORT_API_TOKEN": API_TOKEN,
            "ORDERSUPPORT_SHOP_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "ORDERSUPPORT_DEMO": "true",
            "ORDERSUPPORT_SEED_DEMO_IF_EMPTY": "false",
            "ORDERSUPPORT_DEFAULT_TIMEZONE": "Asia/Shanghai",
            "ORDERSUPPORT_RATE_LIMIT_CHAT_PER_MINUTE": "100000",
            "ORDERSUPPORT_RATE_LIMIT_IP_PER_MINUTE": "100000",
            "ORDERSUPPORT_RATE_LIMIT_WEBHOOK_PER_MINUTE": "100000",
            "ORDERSUPPORT_TRUSTED_PROXY_HOPS": "1",
            "ORDERSUPPORT_LOG_JSON": "true",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_cli(env: Mapping[str, str], *args: str, timeout: float = 120) -> str:
    """`ordersupport ARGS` to completion (a migration, an import); its output, or it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "bots", *args],
        cwd=REPO,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ordersupport {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


@dataclass
class Process(Child):
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    port: int | None = None

    stop_seconds = 15


def stop_all(processes: Iterable[Process]) -> None:
    running = [p for p in processes if p.alive()]
    for process in running:
        process.process.terminate()
    for process in running:
        process.stop()  # waits; kills what does not stop in time


def _spawn(name: str, command: list[str], env: Mapping[str, str], logs: Path) -> Process:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=dict(env), stdout=out, stderr=subprocess.STDOUT
        )
    return Process(name, process, log)


def start_web(name: str, env: Mapping[str, str], logs: Path) -> Process:
    port = free_port()
    command = [sys.executable, "-m", "bots", "serve", "--host", "127.0.0.1", "--port", str(port)]
    web = _spawn(name, command, env, logs)
    web.port = port
    return web


def start_worker(name: str, env: Mapping[str, str], logs: Path) -> Process:
    return _spawn(name, [sys.executable, "-m", "bots", "worker"], env, logs)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as res:
            return bool(res.status == 200)
    except OSError:
        return False


def up_or_dead(web: Process) -> bool:
    """Healthy, or exited (then waiting longer is pointless)."""
    return not web.alive() or (web.port is not None and healthy(web.port))


def warm(web: Process) -> None:
    """One chat turn straight to the process, so what it loads on first use (the sentence
    models) is loaded before the load balancer sends it customers."""
    body = json.dumps({"user": f"warm-up-{web.name}", "text": "我的包裹到哪里了"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{web.port}/api/chat",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as res:
        res.read()


def haproxy_config(port: int, backends: Iterable[Process]) -> str:
    """Round-robin over the web processes. A server is taken out at its first refused
    connection (`observe layer4`) or after three failed health checks; a busy server's slow
    check is not a failure (`timeout check`). A connection the dead server refuses is retried on
    another (`redispatch`): that request never reached a process. A request already sent to a
    process that dies gets 502."""
    servers = "\n".join(
        f"  server {b.name} 127.0.0.1:{b.port} check inter 500ms fall 3 rise 1"
        " observe layer4 error-limit 1 on-error mark-down"
        for b in backends
    )
    return f"""global
  maxconn 2000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout check 10s
  retries 2
  option redispatch
  option forwardfor

frontend chat
  bind 127.0.0.1:{port}
  default_backend web

backend web
  balance roundrobin
  option httpchk GET /healthz
  http-response set-header X-Served-By %[srv_name]
{servers}
"""


def start_haproxy(backends: list[Process], logs: Path) -> Process:
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        raise RuntimeError("haproxy is not installed (apt-get install haproxy)")
    port = free_port()
    config = logs / "haproxy.cfg"
    config.write_text(haproxy_config(port, backends))
    proxy = _spawn("haproxy", [binary, "-f", str(config), "-db"], os.environ, logs)
    proxy.port = port
    return proxy


@dataclass
class Deployment:
    """`webs` behind `proxy`, `workers` on the queue; `url` is the load balancer's."""

    env: dict[str, str]
    webs: list[Process]
    workers: list[Process]
    proxy: Process
    logs: Path
    prefix: str
    all: list[Process] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy.port}"

    def stop(self) -> None:
        """SIGTERM to every process at once (each shuts down gracefully), then wait for all."""
        stop_all([self.proxy, *self.webs, *self.workers])


def start_deployment(
    logs: Path, database_url: str, redis_url: str, *, webs: int = 3, workers: int = 2
) -> Deployment:
    """Migrate the database, then start `webs` web processes and `workers` workers at once
    (they load their models side by side), then haproxy in front once every web is healthy."""
    prefix = f"scale:{uuid.uuid4().hex[:10]}:"
    env = base_env(database_url, redis_url, prefix)
    run_cli(env, "db", "upgrade")
    started = [start_web(f"web{i}", env, logs) for i in range(webs)]
    running = [start_worker(f"worker{i}", env, logs) for i in range(workers)]
    deployment: Deployment | None = None
    try:
        for web in started:
            wait_for(lambda w=web: up_or_dead(w), web.name, seconds=180)  # type: ignore[misc]
            if not web.alive():
                raise RuntimeError(f"{web.name} died: {web.log.read_text()[-2000:]}")
        for web in started:
            warm(web)
        proxy = start_haproxy(started, logs)
        deployment = Deployment(env, started, running, proxy, logs, prefix)
        assert proxy.port is not None
        proxy_port = proxy.port
        wait_for(lambda: all_up(proxy_port, len(started)), "haproxy to see every web process")
    except BaseException:
        stop_all([*started, *running, *([deployment.proxy] if deployment else [])])
        raise
    return deployment


def all_up(proxy_port: int, count: int) -> bool:
    """Round-robin answers from `count` distinct web processes in `count` requests."""
    seen = set()
    for _ in range(count):
        with urllib.request.urlopen(f"http://127.0.0.1:{proxy_port}/healthz", timeout=2) as res:
            seen.add(res.headers.get("X-Served-By"))
    return len(seen) == count


async def eventually(check, what: str, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Await `check()` until it is true (the workers settle asynchronously)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"gave up waiting for {what}")


# --- the load: customers changing their address, shop webhooks, one web process killed --------

NEW_ADDRESS = "浙江省杭州市西湖区文三路100号 张三 13912345678"
TURNS = ("我要改地址", NEW_ADDRESS, "好的")
"""An address change in three turns: ask, give the address, confirm (changed at once: paid)."""


BUSY_TRIES = 5
"""Times a customer sends a turn that keeps getting the busy reply before giving up."""


def order_no(n: int) -> str:
    return f"77700000000{n:08d}"


def address_order(n: int) -> dict[str, Any]:
    """A paid order of customer n, tied to the web user `web-n`."""
    from tests.factories import order_doc

    doc = order_doc(order_no=order_no(n))
    doc["customer"] = {**doc["customer"], "id": f"C-{n}"}
    doc["customer"]["channels"] = [{"channel": "web", "user_id": f"web-{n}"}]
    return doc


def stock_out_no(n: int) -> str:
    return f"SO-{n:06d}"


def stock_out(n: int) -> dict[str, Any]:
    """A paid order whose mug is out of stock: a worker tells `shopper-n` and opens a ticket."""
    from tests.test_proactive_support import base_order, customer

    item = {
        "line_id": "L1",
        "sku": "MUG",
        "title": "Mug",
        "quantity": 2,
        "unit_price": "49.00",
        "backordered": True,
    }
    who = customer(f"C-SO-{n}", "zh_Hans", "Asia/Shanghai", "web", f"shopper-{n}")
    return base_order(stock_out_no(n), who, items=[item])


def import_orders(deployment: Deployment, customers: int) -> None:
    """The address-change customers' orders, through `ordersupport shop import`."""
    path = deployment.logs / "orders.json"
    path.write_text(json.dumps([address_order(n) for n in range(customers)]))
    run_cli(deployment.env, "shop", "import", str(path))


@dataclass
class LoadResult:
    statuses: Counter[int] = field(default_factory=Counter)
    """HTTP statuses seen through haproxy; 0 for a connection that broke."""
    turns_done: dict[int, int] = field(default_factory=dict)
    """Customer n: how many of the three turns were answered (a lost one ends the chat)."""
    busy: int = 0
    """Chat turns shed with the "busy, one moment" reply (200, `"busy": true`): no answer, the
    customer sends the message again, as the reply asks."""
    accepted: list[int] = field(default_factory=list)
    """Webhooks answered 2xx."""
    served: Counter[str] = field(default_factory=Counter)
    """Answers per web process (`X-Served-By`)."""
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def lost(self) -> list[int]:
        return [n for n, done in self.turns_done.items() if done < len(TURNS)]

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())


async def run_load(
    deployment: Deployment,
    *,
    customers: int,
    webhooks: int,
    concurrency: int,
    kill: Process | None = None,
    kill_after: int = 0,
    first: int = 0,
) -> LoadResult:
    """`customers` address changes and `webhooks` stock-out webhooks at once (numbered from
    `first`), at most `concurrency` requests in flight; `kill` is SIGKILLed once `kill_after`
    requests were answered (so it dies with requests in flight)."""
    import aiohttp

    from adapters import shop_webhooks
    from bots.admission import RETRY_AFTER_SECONDS

    result = LoadResult()
    answered = asyncio.Event()
    gate = asyncio.Semaphore(concurrency)

    async def post(http: aiohttp.ClientSession, path: str, **kwargs: Any) -> tuple[int, bool]:
        """The status, and whether it was the chat's busy reply (load shed, nothing done)."""
        busy = False
        async with gate:
            started = time.perf_counter()
            try:
                async with http.post(path, **kwargs) as res:
                    body = await res.read()
                    status = res.status
                    result.served[res.headers.get("X-Served-By", "?")] += 1
                    busy = status == 200 and path == "/api/chat" and json.loads(body).get("busy")
            except aiohttp.ClientError:
                status = 0
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] += 1
            if kill is not None and result.requests >= kill_after:
                answered.set()
            return status, bool(busy)

    async def say(http: aiohttp.ClientSession, n: int, text: str) -> bool:
        """One turn answered; a busy reply is followed as it asks (wait, send again)."""
        for _ in range(BUSY_TRIES):
            status, busy = await post(http, "/api/chat", json={"user": f"web-{n}", "text": text})
            if not busy:
                return status == 200
            result.busy += 1
            await asyncio.sleep(RETRY_AFTER_SECONDS)
        return False

    async def change_address(http: aiohttp.ClientSession, n: int) -> None:
        result.turns_done[n] = 0
        for text in TURNS:
            if not await say(http, n, text):
                return
            result.turns_done[n] += 1

    async def webhook(http: aiohttp.ClientSession, n: int) -> None:
        body = json.dumps(stock_out(n)).encode()
        headers = {
            "Content-Type": "application/json",
            shop_webhooks.SIGNATURE_HEADER: shop_webhooks.sign(body, WEBHOOK_SECRET),
        }
        status, _ = await post(http, "/webhooks/shop/canonical", data=body, headers=headers)
        if status in (200, 202):
            result.accepted.append(n)

    async def kill_when_due() -> None:
        if kill is None:
            return
        await answered.wait()
        await asyncio.to_thread(kill.kill)

    started = time.perf_counter()
    limits = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(deployment.url, connector=limits) as http:
        await asyncio.gather(
            kill_when_due(),
            *(change_address(http, n) for n in range(first, first + customers)),
            *(webhook(http, n) for n in range(first, first + webhooks)),
        )
    result.seconds = time.perf_counter() - started
    return result


async def counted(deployment: Deployment, query: Any) -> Counter[str]:
    """The first column of `query` on the deployment's database, counted."""
    from core.storage.database import create_engine

    engine = create_engine(deployment.env["ORDERSUPPORT_DATABASE_URL"])
    try:
        async with engine.connect() as conn:
            return Counter(row[0] for row in await conn.execute(query))
    finally:
        await engine.dispose()


def address_changes() -> Any:
    import sqlalchemy as sa

    from core.storage.tables import audit_log

    return sa.select(audit_log.c.order_no).where(audit_log.c.action == "order.address_changed")


def stock_out_tickets() -> Any:
    import sqlalchemy as sa

    from core.storage.tables import tickets

    return sa.select(tickets.c.order_no).where(tickets.c.kind == "proactive_stock_out")


@contextmanager
def deployed(
    logs: Path, redis_url: str, *, webs: int, workers: int, customers: int
) -> Iterator[Deployment]:
    """A fresh PostgreSQL database (dropped after), the deployment on it with the customers'
    orders imported; its Redis keys (under its own prefix) are removed after."""
    from tests.conftest import create_postgres_database, drop_postgres_database

    name, database_url = asyncio.run(create_postgres_database())
    started: Deployment | None = None
    try:
        started = start_deployment(logs, database_url, redis_url, webs=webs, workers=workers)
        import_orders(started, customers)
        yield started
    finally:
        if started is not None:
            started.stop()
            client = sync_redis.Redis.from_url(redis_url)
            stale = list(client.scan_iter(match=f"{started.prefix}*"))
            if stale:
                client.delete(*stale)
            client.close()
        asyncio.run(drop_postgres_database(name))
