"""Scale-out for real: `ordersupport serve` processes behind haproxy (round-robin) and two
`ordersupport worker` processes, on one Redis and one PostgreSQL database, all started here
(two web processes in the suite; `bench/scale_out.py` runs three, under more load).

A customer whose every turn lands on another process sees one consistent conversation; killing
one web process in the middle of many conversations and shop webhooks loses only the requests
it was handling: every message and webhook that was answered took effect exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest

from tests.conftest import REDIS_URL
from tests.distributed.processes import (
    API_TOKEN,
    TURNS,
    Deployment,
    address_changes,
    counted,
    deployed,
    eventually,
    order_no,
    run_load,
    stock_out_no,
    stock_out_tickets,
)

WEBS = 2
"""Web processes: two here (each loads its models, ~10 s of CPU); bench/scale_out.py runs three."""
CUSTOMERS = 12
"""Customers changing their address at once while a web process is killed."""
WEBHOOKS = 6
"""Stock-out webhooks posted at the same time, for the workers."""
HOPPER = CUSTOMERS
"""The customer whose conversation hops between processes (her order is imported too)."""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    logs = tmp_path_factory.mktemp("scale-out")
    with deployed(logs, REDIS_URL, webs=WEBS, workers=2, customers=CUSTOMERS + 1) as started:
        yield started


@pytest.fixture
async def http(deployment: Deployment) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(deployment.url) as session:
        yield session


async def test_a_conversation_hopping_between_processes_ends_as_the_customer_confirmed(
    deployment: Deployment, http: aiohttp.ClientSession
) -> None:
    served = []
    for text in TURNS:
        async with http.post("/api/chat", json={"user": f"web-{HOPPER}", "text": text}) as res:
            assert res.status == 200
            served.append(res.headers["X-Served-By"])
    assert served[0] != served[1] and served[1] != served[2]  # each turn on another process

    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with http.get(f"/api/orders/{order_no(HOPPER)}", headers=headers) as res:
        assert res.status == 200
        shown = await res.json()
    assert shown["shipping_address"]["name"] == "张三"
    assert (await counted(deployment, address_changes()))[order_no(HOPPER)] == 1


async def test_killing_a_web_process_under_load_loses_only_its_requests_in_flight(
    deployment: Deployment, http: aiohttp.ClientSession
) -> None:
    victim = deployment.webs[1]
    result = await run_load(
        deployment,
        customers=CUSTOMERS,
        webhooks=WEBHOOKS,
        concurrency=CUSTOMERS,
        kill=victim,
        kill_after=CUSTOMERS,
    )

    assert not victim.alive()
    assert set(result.statuses) <= {200, 202, 502, 503, 0}, result.statuses  # never a 500
    changes = await counted(deployment, address_changes())
    for n, done in result.turns_done.items():
        if done == len(TURNS):  # every turn answered: the address changed exactly once
            assert changes[order_no(n)] == 1, n
        elif done == len(TURNS) - 1:  # the confirmation itself was in flight: at most once
            assert changes[order_no(n)] <= 1, n
        else:  # the address never reached a process that lived to answer
            assert changes[order_no(n)] == 0, n

    # Every webhook that was answered is decided by one of the workers, exactly once.
    async def settled() -> bool:
        found = await counted(deployment, stock_out_tickets())
        return all(found[stock_out_no(n)] >= 1 for n in result.accepted)

    await eventually(settled, "the workers to decide every accepted webhook")
    found = await counted(deployment, stock_out_tickets())
    assert all(found[stock_out_no(n)] == 1 for n in result.accepted)
