"""A worker process for the fault tests: delivers the outbox once (settings from the
environment, as `ordersupport worker` reads them) and exits. The test SIGKILLs it mid-batch."""

from __future__ import annotations

import asyncio

from bots.root import build_root
from core.settings import Settings


async def main() -> None:
    root = await build_root(Settings())
    try:
        await root.proactive.deliver()
    finally:
        await root.aclose()


if __name__ == "__main__":
    asyncio.run(main())
