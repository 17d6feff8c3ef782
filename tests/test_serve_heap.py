"""A serving process's heap once started, the web process's and the worker's (issue 18): what
startup built is frozen out of the cyclic collector's reach, and the young generation is
collected rarely, so a chat turn does not pay for collections that find nearly nothing."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Iterator

import pytest
import structlog
import structlog.testing
from aiohttp.test_utils import TestClient, TestServer

from bots.heap import YOUNG_COLLECTION_THRESHOLD
from bots.serve import create_app
from bots.worker import run_worker
from core.services import Services


@pytest.fixture
def restored_thresholds() -> Iterator[None]:
    kept = gc.get_threshold()
    yield
    gc.set_threshold(*kept)


async def test_a_started_web_process_collects_its_young_objects_rarely(
    services: Services, restored_thresholds: None
) -> None:
    gc.set_threshold(700, 10, 10)
    app = await create_app(services.settings, services)
    async with TestClient(TestServer(app)):
        assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, 10, 10)
        assert gc.get_freeze_count() > 0


async def test_a_started_worker_collects_its_young_objects_rarely(
    services: Services, restored_thresholds: None
) -> None:
    gc.set_threshold(700, 10, 10)
    with structlog.testing.capture_logs() as logs:
        worker = asyncio.create_task(run_worker(services.settings, services=services))
        deadline = asyncio.get_running_loop().time() + 60
        while not any(e["event"] == "worker_started" for e in logs) and not worker.done():
            assert asyncio.get_running_loop().time() < deadline, "the worker never started"
            await asyncio.sleep(0)  # a yield to the worker's startup, not a wait
        assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, 10, 10)
        assert gc.get_freeze_count() > 0
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
