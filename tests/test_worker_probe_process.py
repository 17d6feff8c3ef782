"""`ordersupport worker` as the orchestrator runs it: with `WORKER_HEALTH_PORT` set its probe
answers `/livez`, `/readyz` and `/metrics` (the heartbeat), and SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_for_livez(
    http: aiohttp.ClientSession, url: str, worker: asyncio.subprocess.Process
) -> int:
    """Poll until the probe answers (the worker loads its models first) or the worker exits."""
    deadline = asyncio.get_running_loop().time() + START_SECONDS
    while asyncio.get_running_loop().time() < deadline and worker.returncode is None:
        try:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as res:
                return res.status
        except (aiohttp.ClientError, TimeoutError):
            await asyncio.sleep(0.25)
    raise AssertionError("the worker's probe never answered")


async def test_the_worker_process_serves_its_probe_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ORDERSUPPORT_")},
        "ORDERSUPPORT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'worker.sqlite3'}",
        "ORDERSUPPORT_WORKER_HEALTH_PORT": str(port),
        "ORDERSUPPORT_SEED_DEMO_IF_EMPTY": "false",
    }
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bots",
        "worker",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            assert await wait_for_livez(http, f"{base}/livez", worker) == 200
            async with http.get(f"{base}/readyz") as res:
                assert res.status == 200 and (await res.json())["migrations"] == "ok"
            async with http.get(f"{base}/metrics") as res:
                assert "ordersupport_worker_heartbeat_timestamp_seconds" in await res.text()
        worker.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(worker.wait(), 30) == 0
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
