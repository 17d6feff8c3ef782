"""Scale-out under load: web processes (real `ordersupport serve`, three by default) behind a
real haproxy (round-robin) and workers (`ordersupport worker`, two) on one Redis and one
PostgreSQL database; customers change their address in three turns while shop webhooks arrive
for the workers. Two rounds: steady, then one web process SIGKILLed a third of the way in.

    python bench/scale_out.py [--webs 3] [--workers 2] [--customers 90] [--webhooks 30]
                              [--concurrency 30]

Prints, per round: requests, HTTP statuses (0 = connection cut), answers per process, turns
lost, throughput and latency, and the exactly-once checks — each fully answered conversation
changed its address exactly once, a conversation whose confirmation was cut changed it at most
once, every accepted webhook was decided once by the workers (and how long they took).

Needs PostgreSQL ($ORDERSUPPORT_TEST_POSTGRES_DSN, default
postgresql://postgres:postgres@127.0.0.1:5432), Redis ($ORDERSUPPORT_TEST_REDIS_URL, default
redis://127.0.0.1:6379/15) and haproxy (`apt-get install haproxy`). A throwaway database and
Redis prefix, removed at the end. The test suite runs a smaller deployment
(tests/distributed/test_scale_out.py: two web processes, fewer customers).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import REDIS_URL
from tests.distributed.processes import (
    TURNS,
    Deployment,
    LoadResult,
    address_changes,
    counted,
    deployed,
    order_no,
    run_load,
    stock_out_no,
    stock_out_tickets,
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def settle(deployment: Deployment, result: LoadResult, seconds: float = 120) -> float:
    """Seconds until every accepted webhook has its ticket (the workers are done)."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        found = await counted(deployment, stock_out_tickets())
        if all(found[stock_out_no(n)] >= 1 for n in result.accepted):
            break
        await asyncio.sleep(0.1)
    return time.perf_counter() - started


async def report(name: str, deployment: Deployment, result: LoadResult) -> bool:
    settled = await settle(deployment, result)
    changes = await counted(deployment, address_changes())
    tickets = await counted(deployment, stock_out_tickets())
    full = [n for n, done in result.turns_done.items() if done == len(TURNS)]
    cut_confirm = [n for n, done in result.turns_done.items() if done == len(TURNS) - 1]
    earlier = [n for n, done in result.turns_done.items() if done < len(TURNS) - 1]
    exact = sum(1 for n in full if changes[order_no(n)] == 1)
    at_most = sum(1 for n in cut_confirm if changes[order_no(n)] <= 1)
    none = sum(1 for n in earlier if changes[order_no(n)] == 0)
    decided = sum(1 for n in result.accepted if tickets[stock_out_no(n)] == 1)
    ms = [x * 1000 for x in result.latencies]
    print(f"\n== {name}")
    print(f"requests            {result.requests} in {result.seconds:.1f} s")
    print(f"throughput          {result.requests / result.seconds:.1f} req/s")
    print(
        f"latency ms          p50 {statistics.median(ms):.0f}  p90 {percentile(ms, 0.9):.0f}"
        f"  p99 {percentile(ms, 0.99):.0f}"
    )
    print(f"statuses            {dict(sorted(result.statuses.items()))}")
    print(f"answered by         {dict(sorted(result.served.items()))}")
    print(f"busy replies        {result.busy} (shed, sent again)")
    print(f"conversations       {len(result.turns_done)}, lost a turn: {len(result.lost)}")
    print(f"  fully answered, address changed exactly once   {exact}/{len(full)}")
    print(f"  confirmation cut, changed at most once          {at_most}/{len(cut_confirm)}")
    print(f"  cut earlier, not changed                        {none}/{len(earlier)}")
    print(f"webhooks accepted   {len(result.accepted)}, decided exactly once {decided}")
    print(f"workers settled in  {settled:.1f} s after the load")
    server_errors = sum(v for k, v in result.statuses.items() if k >= 500 and k not in (502, 503))
    print(f"5xx from the app    {server_errors}")
    return (
        exact == len(full)
        and at_most == len(cut_confirm)
        and none == len(earlier)
        and decided == len(result.accepted)
        and server_errors == 0
    )


async def rounds(deployment: Deployment, args: argparse.Namespace) -> bool:
    steady = await run_load(
        deployment,
        customers=args.customers,
        webhooks=args.webhooks,
        concurrency=args.concurrency,
    )
    ok = await report(f"steady: {args.webs} web, {args.workers} workers", deployment, steady)
    victim = deployment.webs[-1]
    killed = await run_load(
        deployment,
        customers=args.customers,
        webhooks=args.webhooks,
        concurrency=args.concurrency,
        kill=victim,
        kill_after=args.customers,  # a third of the way: each conversation is three turns
        first=args.customers,
    )
    ok = (
        await report(f"{victim.name} SIGKILLed after {args.customers} answers", deployment, killed)
        and ok
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--customers", type=int, default=90)
    parser.add_argument("--webhooks", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scale-out-") as tmp:
        started = time.perf_counter()
        with deployed(
            Path(tmp), REDIS_URL, webs=args.webs, workers=args.workers, customers=2 * args.customers
        ) as deployment:
            print(f"deployment up in {time.perf_counter() - started:.1f} s: {deployment.url}")
            ok = asyncio.run(rounds(deployment, args))
    print("\nall checks hold" if ok else "\nA CHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
