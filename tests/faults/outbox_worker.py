"""A worker process for the fault tests: delivers the outbox once and exits; the test SIGKILLs
it mid-batch. It sends through `BotApiSender`, a plain HTTP client of the Bot API's
`sendMessage` (the outbox is under test, not the SDK), so it starts in about a second.

    python -m tests.faults.outbox_worker DATABASE_URL BOT_API_BASE TOKEN
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime

import aiohttp

from core.messages import Reply
from core.outbound import DeliveryFailed, NoticeKind
from core.proactive import outbox
from core.proactive.config import ProactiveConfig
from core.services import build_services
from core.settings import Settings


class BotApiSender:
    channel = "telegram"

    def __init__(self, base: str, token: str) -> None:
        self._url = f"{base.rstrip('/')}/bot{token}/sendMessage"
        self._session: aiohttp.ClientSession | None = None

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        async with self._session.post(
            self._url, json={"chat_id": chat_id, "text": reply.text()}
        ) as res:
            if res.status != 200:
                raise DeliveryFailed(f"Bot API answered {res.status}")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


async def deliver_once(database: str, base: str, token: str, worker: str) -> None:
    settings = Settings(
        database_url=database, demo=True, seed_demo_if_empty=False, outbox_lease_seconds=0
    )
    sender = BotApiSender(base, token)
    services = await build_services(settings, senders=[sender])
    try:
        config = ProactiveConfig.from_settings(settings)
        await outbox.deliver(services, config, worker, datetime.now(UTC))
    finally:
        await services.aclose()
        await sender.close()


if __name__ == "__main__":
    database, base, token = sys.argv[1:4]
    asyncio.run(deliver_once(database, base, token, f"worker-{os.getpid()}"))
