"""Redis and PostgreSQL servers of a test's own, on free ports in a temporary directory, that the
test may kill, stop and start again. The shared servers (6379, 5432) are never touched.

PostgreSQL refuses to run as root: when the tests run as root, the cluster is created and run
as the `postgres` system user (`runuser`), in a directory that user owns.

    redis = RedisServer(tmp); redis.start(); ...; redis.kill(); redis.start()
    pg = PostgresServer(tmp); pg.start(); url = pg.url("shop"); pg.stop(); pg.start()
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

__all__ = ["PostgresServer", "RedisServer", "free_port", "wait_for_port"]


def free_port() -> int:
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, *, up: bool = True, seconds: float = 20.0) -> None:
    """Until the port accepts connections (or, `up=False`, refuses them)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _listening(port) == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} still {'closed' if up else 'open'} after {seconds}s")


class RedisServer:
    """`redis-server` on a free port; `kill()` is SIGKILL (no goodbye to clients)."""

    def __init__(self, directory: Path, *, appendonly: bool = False) -> None:
        self.directory = directory
        self.port = free_port()
        self.appendonly = appendonly
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if self.running:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "yes" if self.appendonly else "no",
                "--appendfsync",
                "always",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)
        self._process = None
        wait_for_port(self.port, up=False)

    stop = kill


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    return Path(pg_ctl).parent


class PostgresServer:
    """A PostgreSQL cluster of its own (`initdb` once, then `pg_ctl start/stop`), trust auth
    on 127.0.0.1, user `postgres`. `stop()` is an immediate shutdown (like a crash); `kill()`
    sends SIGKILL to the postmaster and its children."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.bin = _postgres_bin()
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def _own(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._as:
            user = pwd.getpwnam("postgres")
            for path in (self.directory, *self.directory.parents):
                if str(path) in ("/", "/tmp"):
                    break
                with contextlib.suppress(PermissionError):
                    os.chmod(path, os.stat(path).st_mode | 0o711)
            os.chown(self.directory, user.pw_uid, user.pw_gid)

    def init(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self._own()
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )

    def start(self) -> None:
        self.init()
        if _listening(self.port):
            return
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data}"
            " -c fsync=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.data / "server.log"),
            "-w",
            "-t",
            "30",
            "start",
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        """Immediate shutdown: every connection is cut, as in a crash (recovery on start)."""
        if not (self.data / "postmaster.pid").exists():
            return
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        wait_for_port(self.port, up=False)

    def kill(self) -> None:
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            wait_for_port(self.port, up=False)
            with contextlib.suppress(FileNotFoundError):
                pid_file.unlink()

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy async URL of one database of this cluster."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self._run(
            str(self.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-qc",
            f'CREATE DATABASE "{name}"',
        )
        return self.url(name)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
