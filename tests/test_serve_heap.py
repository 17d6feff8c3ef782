"""The web process's heap once started (issue 18): what startup built is frozen out of the
cyclic collector's reach, and the young generation is collected rarely, so a chat turn does
not pay for collections that find nearly nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bots.serve import YOUNG_COLLECTION_THRESHOLD, create_app
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
