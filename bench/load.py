"""End-to-end chat throughput and latency of `serve` against a ceiling, on this machine.

    python3 bench/load.py                 # the chat table (~3 minutes)
    python3 bench/load.py --orders        # status answers: table size and orders per customer
    python3 bench/load.py --turn          # CPU ms per status turn in-process (--profile FILE)

The chat table: `ordersupport serve` (the real app: web chat route, Redis sessions, an SQLite
shop of `--customers` customers with 4 orders each, one of them open) is pinned to core 0, the
load generators to core 1. The ceiling is `bench/ceiling.py`, a bare aiohttp handler doing one
Redis GET + SET on the same Redis, answering the same requests. Peaks are measured closed-loop
by `wrk` (Debian's, with a Lua script picking a random customer per request), ceiling and app
alternating; latencies open-loop at a constant rate (50% and 80% of the app's peak) by an
asyncio generator in its own process, timed from when each request was due (no coordinated
omission); overload at 1.5x the peak counts 5xx, "busy" answers (load shed) and goodput.
The semantic tier is measured the same way with messages the n-gram model is unsure of.

Redis is the shared one (127.0.0.1:6379, db 14) under a unique prefix, removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
POSTGRES_DSN = os.environ.get("BENCH_POSTGRES_DSN", "postgresql://postgres:postgres@127.0.0.1:5432")
SERVER_CORE = "0"
LOAD_CORE = "1"

FAST_TEXTS = [
    "where is my order?",
    "Where is my parcel",
    "when will my order arrive?",
    "track my order",
    "has my order shipped?",
]
"""Status questions the n-gram model settles alone (the fast path)."""

SEMANTIC_TEXTS = [
    "I ordered something last week and I have been waiting ever since, any news about it?",
    "my sweater still hasn't shown up at my door and my sister's birthday is on saturday",
    "could you tell me what is going on with the package you were supposed to send me",
    "hey, it has been days and nothing came, is the thing I bought actually on its way?",
]
"""Long, loosely worded status questions: the semantic tier (E5 + USE) is asked."""


# --- the shop ---------------------------------------------------------------------------------


def _templates() -> tuple[dict[str, Any], dict[str, Any]]:
    """An open (shipped) and a delivered order document, from the demo shop's #1043."""
    from demo import generate_demo_orders

    order = next(o for o in generate_demo_orders() if o.order_no == "#1043")
    shipped = order.model_dump(mode="json")
    shipped["platform"] = "web"
    delivered = json.loads(json.dumps(shipped))
    delivered["status"] = "delivered"
    delivered["delivered_at"] = shipped["shipments"][0]["eta"]
    return shipped, delivered


def _doc(template: dict[str, Any], order_no: str, customer: str, user: str) -> dict[str, Any]:
    doc = dict(template)
    doc["order_no"] = order_no
    doc["customer"] = {
        **template["customer"],
        "id": customer,
        "channels": [{"channel": "web", "user_id": user}],
    }
    return doc


async def seed(database_url: str, customers: int, per_customer: int, filler: int = 0) -> list[str]:
    """An SQLite shop: `customers` customers (web users bench-N) with `per_customer` orders each
    (the newest open, the rest delivered), plus `filler` orders of other customers. Rows are
    inserted in bulk (the canonical documents, the indexed columns and the web bindings)."""
    import sqlalchemy as sa

    from core.settings import Settings
    from core.storage.database import create_engine, prepare_schema
    from core.storage.tables import channel_bindings, orders

    shipped, delivered = _templates()
    engine = create_engine(database_url)
    await prepare_schema(engine, upgrade=False)
    now = datetime.now(UTC)
    placed_at = datetime.fromisoformat(shipped["placed_at"])  # paid, shipped... after it
    users: list[str] = []

    def row(doc: dict[str, Any], placed: datetime) -> dict[str, Any]:
        doc["placed_at"] = placed.isoformat()
        return {
            "order_no": doc["order_no"],
            "platform": doc["platform"],
            "status": doc["status"],
            "customer_id": doc["customer"]["id"],
            "placed_at": placed,
            "paid_at": placed,
            "updated_at": now,
            "doc": doc,
            "watch_at": None,
        }

    batch: list[dict[str, Any]] = []

    async def flush(conn: Any) -> None:
        if batch:
            await conn.execute(sa.insert(orders), batch)
            batch.clear()

    async with engine.begin() as conn:
        for c in range(customers):
            customer, user = f"BENCH-{c:06d}", f"bench-{c}"
            users.append(user)
            await conn.execute(
                sa.insert(channel_bindings).values(
                    channel="web", user_id=user, customer_id=customer, how="order", created_at=now
                )
            )
            for k in range(per_customer):
                template = shipped if k == 0 else delivered
                doc = _doc(template, f"B{c:06d}-{k:05d}", customer, user)
                batch.append(row(doc, placed_at - timedelta(days=k)))
                if len(batch) >= 5000:
                    await flush(conn)
        await flush(conn)
        if filler:  # other customers' orders, fast: one JSON text patched per row
            await _fill(conn, delivered, filler, placed_at, now)
    await engine.dispose()
    del Settings
    return users


async def _fill(
    conn: Any, template: dict[str, Any], count: int, placed_at: datetime, now: datetime
) -> None:
    """`count` delivered orders of other customers (four each), inserted in bulk by the
    driver with the canonical document as JSON text (PostgreSQL casts it to JSONB)."""
    doc = _doc(template, "@@NO@@", "@@CUST@@", "@@USER@@")
    text = json.dumps(doc, separators=(",", ":"))
    sqlite = conn.dialect.name == "sqlite"
    cast = "" if sqlite else "::jsonb"
    mark = "?" if sqlite else "$"
    if sqlite:
        sql = (
            "INSERT INTO orders (order_no, platform, status, customer_id, placed_at, paid_at, "
            "updated_at, doc, watch_at) VALUES (?, 'web', 'delivered', ?, ?, ?, ?, ?, NULL)"
        )
    else:
        sql = (
            "INSERT INTO orders (order_no, platform, status, customer_id, placed_at, paid_at, "
            "updated_at, doc, watch_at) VALUES ($1, 'web', 'delivered', $2, $3, $4, $5, "
            f"$6{cast}, NULL)"
        )
    del mark

    def stamp(moment: datetime) -> Any:
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment

    rows = []
    for f in range(count):
        number, customer = f"F{f:08d}", f"FILL-{f // 4:07d}"
        placed = placed_at - timedelta(days=1 + f % 300)
        body = text.replace("@@NO@@", number).replace("@@CUST@@", customer)
        body = body.replace("@@USER@@", f"fill-{f // 4}")
        rows.append((number, customer, stamp(placed), stamp(placed), stamp(now), body))
        if len(rows) >= 20_000:
            await conn.exec_driver_sql(sql, rows)
            rows.clear()
    if rows:
        await conn.exec_driver_sql(sql, rows)


# --- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return float("nan")
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_until_up(server: Server, timeout: float = 120.0) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    body = json.dumps({"user": "bench-0", "text": "hi"}).encode()
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise SystemExit(f"{server.name} exited with {server.proc.returncode}")
        try:
            request = urllib.request.Request(
                server.url + "/api/chat", body, {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"{server.name} did not come up")


def start_ceiling(prefix: str) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [
            "taskset",
            "-c",
            SERVER_CORE,
            sys.executable,
            str(ROOT / "bench" / "ceiling.py"),
            "--port",
            str(port),
            "--redis",
            REDIS_URL,
            "--prefix",
            prefix,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server("ceiling", proc, port)
    wait_until_up(server)
    return server


def start_serve(database_url: str, prefix: str, log_path: Path, extra: dict[str, str]) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSUPPORT_")} | {
        "ORDERSUPPORT_DATABASE_URL": database_url,
        "ORDERSUPPORT_REDIS_URL": REDIS_URL,
        "ORDERSUPPORT_REDIS_PREFIX": prefix,
        "ORDERSUPPORT_DEMO": "true",
        "ORDERSUPPORT_SEED_DEMO_IF_EMPTY": "false",
        "ORDERSUPPORT_SESSION_KEY": "bench-session-key-" + prefix,
        "ORDERSUPPORT_API_TOKEN": "bench-token",
        "ORDERSUPPORT_RATE_LIMIT_CHAT_PER_MINUTE": "100000000",
        "ORDERSUPPORT_RATE_LIMIT_IP_PER_MINUTE": "100000000",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    log = log_path.open("ab")
    proc = subprocess.Popen(
        ["taskset", "-c", SERVER_CORE, sys.executable, "-m", "bots", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    server = Server("serve", proc, port)
    wait_until_up(server)
    return server


# --- load: closed-loop peak by wrk, open-loop rates by an asyncio generator -------------------

WRK_SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time())
  busy = 0
end
local users = tonumber(os.getenv("BENCH_USERS"))
local texts = {%s}
request = function()
  local body = string.format('{"user":"bench-%%d","text":"%%s"}',
    math.random(0, users - 1), texts[math.random(1, #texts)])
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end
response = function(status, headers, body)
  if string.find(body, '"busy": true', 1, true) then busy = busy + 1 end
end
function done(summary, latency, requests)
  local shed = 0
  for _, thread in ipairs(threads) do shed = shed + thread:get("busy") end
  io.write(string.format("busy replies: %%d\\n", shed))
end
"""


def wrk_peak(server: Server, users: int, texts: list[str], seconds: int, conns: int) -> dict:
    """Requests per second settled by `server` with `conns` connections kept busy."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(t) for t in texts))
    cpu0 = server.cpu_seconds()
    out = subprocess.run(
        [
            "taskset",
            "-c",
            LOAD_CORE,
            "wrk",
            "-t1",
            f"-c{conns}",
            f"-d{int(seconds)}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            server.url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_USERS": str(users)},
        check=True,
    ).stdout
    cpu = server.cpu_seconds() - cpu0
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    busy = int(re.search(r"busy replies: (\d+)", out).group(1))  # type: ignore[union-attr]
    seconds_run = total / rps if rps else 1.0
    return {
        "rps": (total - busy) / seconds_run,  # answers, not "busy, one moment"
        "busy": busy,
        "requests": total,
        "non2xx": int(bad.group(1)) if bad else 0,
        "cpu_ms_per_request": 1000 * cpu / max(1, total),
    }


async def _open_loop(url: str, rate: float, seconds: float, users: int, texts: list[str]) -> dict:
    import aiohttp

    count = int(rate * seconds)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    busy = 0
    rng = random.Random(7)
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=15)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:

        async def one(due: float, body: dict[str, str]) -> None:
            nonlocal busy
            try:
                async with client.post(url + "/api/chat", json=body) as response:
                    data = await response.read()
                    key = str(response.status)
                    if response.status == 200 and b'"busy": true' in data:
                        busy += 1
                        key = "200-busy"
            except (aiohttp.ClientError, TimeoutError) as exc:
                key = type(exc).__name__
            statuses[key] = statuses.get(key, 0) + 1
            if key == "200":
                latencies.append(time.perf_counter() - due)

        start = time.perf_counter() + 0.05
        tasks = []
        for i in range(count):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            body = {"user": f"bench-{rng.randrange(users)}", "text": rng.choice(texts)}
            tasks.append(asyncio.create_task(one(due, body)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return (
            1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]
            if latencies
            else float("nan")
        )

    return {
        "rate": rate,
        "sent": count,
        "statuses": statuses,
        "busy": busy,
        "goodput": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p90": pct(0.90),
        "p99": pct(0.99),
    }


def open_loop(server: Server, rate: float, seconds: float, users: int, texts: list[str]) -> dict:
    """One constant-rate run from a generator process pinned to the load core."""
    out = subprocess.run(
        [
            "taskset",
            "-c",
            LOAD_CORE,
            sys.executable,
            __file__,
            "--generate",
            server.url,
            "--rate",
            str(rate),
            "--seconds",
            str(seconds),
            "--users",
            str(users),
            "--texts",
            json.dumps(texts),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- the chat table ---------------------------------------------------------------------------


def session_bytes(prefix: str) -> tuple[float, int, int]:
    """Mean and largest sealed session record, and how many there are."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    sizes = []
    for key in client.scan_iter(match=f"{prefix}*session*", count=1000):
        sizes.append(int(client.strlen(key)))
    client.close()
    return (statistics.mean(sizes) if sizes else 0.0, max(sizes, default=0), len(sizes))


def drop_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    batch = []
    for key in client.scan_iter(match=f"{prefix}*", count=1000):
        batch.append(key)
        if len(batch) >= 1000:
            client.delete(*batch)
            batch.clear()
    if batch:
        client.delete(*batch)
    client.close()


def runs(found: list[dict]) -> str:
    return " / ".join(f"{r['rps']:.0f}" for r in found)


def fmt_run(run: dict) -> str:
    s = run["statuses"]
    total = max(1, run["sent"])
    fivexx = sum(v for k, v in s.items() if k.startswith("5"))
    failed = sum(v for k, v in s.items() if not k[0].isdigit())
    return (
        f"{run['rate']:5.0f}/s: p50 {run['p50']:.0f} p90 {run['p90']:.0f} p99 {run['p99']:.0f} ms"
        f", goodput {run['goodput']:.0f}/s, 5xx {100 * fivexx / total:.1f}%, busy "
        f"{100 * run['busy'] / total:.1f}%, failed {failed}"
    )


async def _fresh_postgres() -> tuple[str, str]:
    """A new PostgreSQL database with the schema at head: (its name, its URL)."""
    import asyncpg

    from core.storage.database import create_engine, prepare_schema

    name = f"ordersupport_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(f"{POSTGRES_DSN}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = f"{POSTGRES_DSN.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    engine = create_engine(url)
    await prepare_schema(engine, upgrade=True)
    await engine.dispose()
    return name, url


async def _drop_postgres(name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(f"{POSTGRES_DSN}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def chat_table(args: argparse.Namespace) -> None:
    prefix = f"bench:{uuid.uuid4().hex[:10]}:"
    work = Path(tempfile.mkdtemp(prefix="ordersupport-bench-"))
    pg_name = None
    if args.db == "postgres":
        pg_name, database_url = asyncio.run(_fresh_postgres())
    else:
        database_url = f"sqlite+aiosqlite:///{work / 'shop.sqlite3'}"
    print(f"seeding {args.customers} customers x 4 orders ({args.db}) ...", flush=True)
    asyncio.run(seed(database_url, args.customers, 4))
    users = args.customers
    ceiling = serve = None
    try:
        ceiling = start_ceiling(prefix)
        serve = start_serve(database_url, prefix, work / "serve.log", {})
        # warm up: every code path run, caches and pools filled
        wrk_peak(serve, users, FAST_TEXTS, 3, args.conns)
        wrk_peak(ceiling, users, FAST_TEXTS, 2, args.conns)
        ceil_runs, app_runs = [], []
        for _ in range(args.rounds):  # alternating runs
            ceil_runs.append(wrk_peak(ceiling, users, FAST_TEXTS, args.seconds, args.conns))
            app_runs.append(wrk_peak(serve, users, FAST_TEXTS, args.seconds, args.conns))
        ceiling.stop()
        ceil = max(r["rps"] for r in ceil_runs)
        peak = max(r["rps"] for r in app_runs)
        app_cpu = statistics.median(r["cpu_ms_per_request"] for r in app_runs)
        ceil_cpu = statistics.median(r["cpu_ms_per_request"] for r in ceil_runs)
        at50 = open_loop(serve, 0.5 * peak, args.seconds, users, FAST_TEXTS)
        at80 = open_loop(serve, 0.8 * peak, args.seconds, users, FAST_TEXTS)
        over = open_loop(serve, 1.5 * peak, args.seconds, users, FAST_TEXTS)
        rss_fast = serve.rss_mb()
        sem = wrk_peak(serve, users, SEMANTIC_TEXTS, args.seconds, args.conns)
        sem80 = open_loop(serve, 0.8 * sem["rps"], args.seconds, users, SEMANTIC_TEXTS)
        rss = serve.rss_mb()
        mean_bytes, max_bytes, sessions = session_bytes(prefix)
        non2xx = sum(r["non2xx"] for r in app_runs + ceil_runs)
        sem_cpu = sem["cpu_ms_per_request"]
        rows = [
            ("ceiling peak", f"{ceil:.0f} req/s ({runs(ceil_runs)}), CPU {ceil_cpu:.2f} ms/req"),
            ("serve peak, fast path", f"{peak:.0f} req/s ({runs(app_runs)}), {app_cpu:.2f} ms/req"),
            ("non-2xx in the peak runs", str(non2xx)),
            ("ratio by throughput", f"{100 * peak / ceil:.1f}% of the ceiling (target >= 25%)"),
            ("ratio by CPU per request", f"{100 * ceil_cpu / app_cpu:.1f}%"),
            ("open loop at 50% of peak", fmt_run(at50)),
            ("open loop at 80% of peak", fmt_run(at80)),
            ("open loop at 150% of peak", fmt_run(over)),
            ("goodput at 150%", f"{100 * over['goodput'] / peak:.0f}% of peak (target >= 90%)"),
            ("semantic tier peak", f"{sem['rps']:.0f} req/s, CPU {sem_cpu:.2f} ms/req"),
            ("semantic tier cost", f"+{sem_cpu - app_cpu:.1f} ms CPU per message"),
            ("semantic at 80% of its peak", fmt_run(sem80)),
            ("session bytes", f"mean {mean_bytes:.0f}, max {max_bytes} ({sessions} sessions)"),
            ("serve RSS", f"{rss_fast:.0f} MB after the fast runs, {rss:.0f} MB at the end"),
        ]
        print()
        print(
            f"== bench/load.py: serve (web chat, Redis sessions, {args.db} shop of {users} "
            "customers x 4 orders) vs ceiling (aiohttp + one Redis GET/SET)"
        )
        print(
            f"server on core {SERVER_CORE}, load on core {LOAD_CORE}; {args.rounds} alternating "
            f"{args.seconds:.0f}s closed-loop runs (wrk, {args.conns} connections); open-loop "
            "runs at a constant rate, latency from when each request was due"
        )
        for label, value in rows:
            print(f"{label:<28} {value}")
    finally:
        for server in (ceiling, serve):
            if server is not None:
                server.stop()
        drop_prefix(prefix)
        if pg_name is not None:
            asyncio.run(_drop_postgres(pg_name))
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# --- status answers by table size and orders per customer -------------------------------------


def orders_table(args: argparse.Namespace) -> None:
    """In one process: the status answer of one customer, timed through `Engine.handle`."""

    async def run() -> None:
        from core.engine import Engine
        from core.messages import Inbound
        from core.services import build_services
        from core.settings import Settings

        rows = []
        for filler, per_customer in (
            (1_000, 4),
            (args.table, 4),
            (1_000, 2_000),
        ):
            work = Path(tempfile.mkdtemp(prefix="ordersupport-bench-orders-"))
            url = f"sqlite+aiosqlite:///{work / 'shop.sqlite3'}"
            started = time.perf_counter()
            users = await seed(url, 20, per_customer, filler)
            seeded = time.perf_counter() - started
            settings = Settings(
                database_url=url, redis_url=None, seed_demo_if_empty=False, demo=True
            )
            services = await build_services(settings)
            engine = Engine(services)
            times = []
            for i in range(args.repeat):
                user = users[i % len(users)]
                inbound = Inbound(
                    channel="web", user_id=user, chat_id=user, text="where is my order?"
                )
                t = time.perf_counter()
                reply = await engine.handle(inbound)
                times.append(1000 * (time.perf_counter() - t))
                assert "UPS" in reply.text() or "1Z" in reply.text(), reply.text()
            await services.aclose()
            shutil.rmtree(work, ignore_errors=True)
            times.sort()
            rows.append((filler + 20 * per_customer, per_customer, times, seeded))
        print()
        print("== status answers (Engine.handle, in-process, SQLite, memory sessions)")
        print(
            f"{'orders in table':>16} {'per customer':>13} {'p50 ms':>8} {'p99 ms':>8}  seeded in"
        )
        for total, per, times, seeded in rows:
            p50 = times[len(times) // 2]
            p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
            print(f"{total:>16,} {per:>13,} {p50:8.1f} {p99:8.1f}  {seeded:.0f}s")

    asyncio.run(run())


# --- CPU per turn, in-process -----------------------------------------------------------------


def turn_table(args: argparse.Namespace) -> None:
    """CPU milliseconds of one status turn through `Engine.handle` in this process (PostgreSQL
    shop, Redis sessions, `--conns` customers at once), with outcome records on and off, the
    two alternating in `--rounds` x 2 blocks; `--profile FILE` writes a cProfile (CPU time) of
    one more block of turns with records on, run after the measured ones (profiling a measured
    block made "with outcome records" cost ~4x: the profiler's overhead, not the records').
    Counts the process's own CPU (`time.process_time`), so the
    figure holds on a busy machine; what the turns left to write is counted too."""
    import cProfile

    from core.engine import Engine
    from core.messages import Inbound
    from core.services import Services, build_services
    from core.settings import Settings

    async def setup(url: str, outcomes: bool) -> tuple[Services, Engine, str]:
        prefix = f"bench:{uuid.uuid4().hex[:10]}:"
        settings = Settings(
            database_url=url,
            redis_url=REDIS_URL,
            redis_prefix=prefix,
            seed_demo_if_empty=False,
            demo=True,
            session_key="bench-turn-key",
            database_pool_size=args.conns + 8,  # every turn at once, and the outcome writer
        )
        settings.outcomes.enabled = outcomes
        services = await build_services(settings)
        return services, Engine(services), prefix

    async def flushed(services: Services) -> None:
        flush = getattr(services.outcomes, "flush", None)  # older code wrote in the turn
        if flush is not None:
            await flush()

    async def turns(engine: Engine, users: list[str], count: int, rng: random.Random) -> None:
        async def one() -> None:
            user = rng.choice(users)
            text = rng.choice(FAST_TEXTS)
            inbound = Inbound(channel="web", user_id=user, chat_id=user, text=text)
            reply = await engine.handle(inbound)
            assert "UPS" in reply.text() or "1Z" in reply.text(), reply.text()

        for start in range(0, count, args.conns):
            await asyncio.gather(*(one() for _ in range(min(args.conns, count - start))))

    async def run() -> None:
        pg_name, url = await _fresh_postgres()
        built = []
        try:
            users = await seed(url, args.customers, 4)
            built = [await setup(url, True), await setup(url, False)]
            rng = random.Random(3)
            for services, engine, _ in built:  # warm: caches, pools, first sessions
                await turns(engine, users, 100, rng)
                await flushed(services)
            cpu = [0.0, 0.0]
            block = max(1, args.repeat // args.rounds)
            for _ in range(args.rounds):
                for i, (services, engine, _) in enumerate(built):
                    started = time.process_time()
                    await turns(engine, users, block, rng)
                    await flushed(services)
                    cpu[i] += time.process_time() - started
            if args.profile:
                # A block of its own, after the measured ones: the profiler's own cost (it
                # multiplies a turn's CPU) must not land in one side of the comparison.
                services, engine, _ = built[0]
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                await turns(engine, users, block, rng)
                await flushed(services)
                profiler.disable()
                profiler.dump_stats(args.profile)
            on, off = (1000 * c / (block * args.rounds) for c in cpu)
        finally:
            for services, _, prefix in built:
                await services.aclose()
                drop_prefix(prefix)
            await _drop_postgres(pg_name)
        print()
        print(
            f"== CPU per status turn, in-process (Engine.handle, {block * args.rounds} turns "
            f"each, {args.conns} customers at a time, alternating in {args.rounds} x 2 blocks)"
        )
        print(f"{'with outcome records':<28} {on:.2f} ms")
        print(f"{'without':<28} {off:.2f} ms")
        print(f"{'outcome records cost':<28} {on - off:.2f} ms per turn")

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", action="store_true", help="the status-answer table")
    parser.add_argument("--turn", action="store_true", help="CPU per status turn, in-process")
    parser.add_argument("--profile", help="with --turn: write a cProfile of the turns here")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--conns", type=int, default=32)
    parser.add_argument("--table", type=int, default=1_000_000, help="orders in the big table")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the temporary shop and log")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--users", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        result = asyncio.run(
            _open_loop(args.generate, args.rate, args.seconds, args.users, json.loads(args.texts))
        )
        print(json.dumps(result))
    elif args.orders:
        orders_table(args)
    elif args.turn:
        turn_table(args)
    else:
        if shutil.which("wrk") is None:
            raise SystemExit("wrk is needed: apt-get install wrk")
        chat_table(args)


if __name__ == "__main__":
    main()
