"""Real Redis deployments for the distributed tests, each in its own temp dir on its own free
ports: a three-master Cluster, a master with a replica watched by Sentinel. Nothing here touches
the shared Redis on 6379; every process started is stopped by its fixture.

Waiting for a server is polling its own answer (PING, CLUSTER INFO, SENTINEL), with a deadline,
never a fixed sleep.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import redis as sync_redis

START_SECONDS = 30.0


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(*, cluster: bool = False) -> int:
    """A TCP port nobody listens on right now (the kernel picks it). A cluster node also
    needs its bus port, 10000 above, so its port must be at most 55535 and both free."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if not cluster:
            return port
        if port > 55535:
            port -= 10000
        if _bindable(port) and _bindable(port + 10000):
            return port


def wait_for(check: Callable[[], bool], what: str, seconds: float = START_SECONDS) -> None:
    """Poll `check` until it holds; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (sync_redis.RedisError, OSError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"gave up waiting for {what}")


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if found is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    return found


class Child:
    """A process the test started (`self.process`): alive, killed as a crashed machine would
    be, or stopped (SIGTERM, then SIGKILL after `stop_seconds`)."""

    process: subprocess.Popen[bytes]
    stop_seconds: float = 10

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, nothing flushed, requests in flight are cut."""
        if self.alive():
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(self.stop_seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@dataclass
class RedisProcess(Child):
    """One redis-server (a master, a replica, a cluster node or a sentinel)."""

    port: int
    directory: Path
    process: subprocess.Popen[bytes]
    role: str = "master"
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.directory / "redis.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def client(self) -> sync_redis.Redis:
        return sync_redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)


def start_redis(root: Path, name: str, *args: str, sentinel: bool = False) -> RedisProcess:
    """A redis-server on a free port in `root/name`, persisting nothing; returns once it
    answers PING. `args` are extra `--option value` pairs (or a sentinel's config lines)."""
    port = free_port(cluster="--cluster-enabled" in args)
    directory = root / name
    directory.mkdir(parents=True)
    log = directory / "redis.log"
    if sentinel:
        config = directory / "sentinel.conf"
        config.write_text(
            "\n".join([f"port {port}", "bind 127.0.0.1", f"dir {directory}", *args]) + "\n"
        )
        command = [redis_binary(), str(config), "--sentinel", "--logfile", str(log)]
    else:
        command = [
            redis_binary(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(directory),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(log),
            *args,
        ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisProcess(port, directory, process, "sentinel" if sentinel else "master")
    wait_for(lambda: bool(server.client().ping()), f"redis on {port}")
    return server


@dataclass
class Cluster:
    masters: list[RedisProcess]

    @property
    def url(self) -> str:
        return "redis+cluster://" + ",".join(m.address for m in self.masters)

    def stop(self) -> None:
        for master in self.masters:
            master.stop()


def start_cluster(root: Path, masters: int = 3, replicas: int = 0) -> Cluster:
    """`masters` cluster nodes (and `replicas` replicas of each) joined by `redis-cli --cluster
    create`, returned once every node reports `cluster_state:ok` and every replica is in sync.
    `Cluster.masters` lists every node started (replicas too: any of them finds the rest)."""
    nodes: list[RedisProcess] = []
    cluster = Cluster(nodes)
    try:
        for i in range(masters * (1 + replicas)):
            nodes.append(
                start_redis(
                    root,
                    f"node{i}",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "2000",
                )
            )
        subprocess.run(
            [
                "redis-cli",
                "--cluster",
                "create",
                *(n.address for n in nodes),
                "--cluster-replicas",
                str(replicas),
                "--cluster-yes",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

        def ready() -> bool:
            return all(
                "cluster_state:ok" in str(n.client().execute_command("CLUSTER", "INFO"))
                for n in nodes
            ) and all(
                n.client().info("replication").get("master_link_status", "up") == "up"
                for n in nodes
            )

        wait_for(ready, "the cluster to be ok")
    except BaseException:
        cluster.stop()
        raise
    return cluster


@dataclass
class SentinelGroup:
    """A master, its replicas and the sentinels watching them under `name`."""

    name: str
    servers: list[RedisProcess]
    sentinels: list[RedisProcess]

    @property
    def url(self) -> str:
        return f"redis+sentinel://{','.join(s.address for s in self.sentinels)}/{self.name}"

    def master_port(self) -> int:
        """The port the sentinels name as master now."""
        _host, port = self.sentinels[0].client().sentinel_get_master_addr_by_name(self.name)
        return int(port)

    def server_on(self, port: int) -> RedisProcess:
        return next(s for s in self.servers if s.port == port)

    def stop(self) -> None:
        for process in [*self.sentinels, *self.servers]:
            process.stop()


def start_sentinel_group(
    root: Path, *, name: str = "ordersupport", replicas: int = 1, sentinels: int = 1
) -> SentinelGroup:
    """A master with `replicas` replicas, watched by `sentinels` sentinels (quorum: a majority),
    returned once the replicas are in sync and every sentinel knows them."""
    master = start_redis(root, "master")
    watchers: list[RedisProcess] = []
    group = SentinelGroup(name, [master], watchers)
    quorum = sentinels // 2 + 1
    try:
        for i in range(replicas):
            copy = start_redis(root, f"replica{i}", "--replicaof", "127.0.0.1", str(master.port))
            copy.role = "replica"
            group.servers.append(copy)
        for i in range(sentinels):
            watchers.append(
                start_redis(
                    root,
                    f"sentinel{i}",
                    f"sentinel monitor {name} 127.0.0.1 {master.port} {quorum}",
                    f"sentinel down-after-milliseconds {name} 1000",
                    f"sentinel failover-timeout {name} 10000",
                    f"sentinel parallel-syncs {name} 1",
                    sentinel=True,
                )
            )

        def synced() -> bool:
            info = master.client().info("replication")
            return int(info.get("connected_slaves", 0)) == replicas and all(
                info[f"slave{i}"]["state"] == "online" for i in range(replicas)
            )

        wait_for(synced, "the replicas to sync")

        def known() -> bool:
            return all(
                int(w.client().sentinel_master(name)["num-slaves"]) == replicas
                and int(w.client().sentinel_master(name)["num-other-sentinels"]) == sentinels - 1
                for w in watchers
            )

        wait_for(known, "the sentinels to see the replicas and each other")
    except BaseException:
        group.stop()
        raise
    return group


def replicas_caught_up(group: SentinelGroup) -> bool:
    """True when every replica has every write the master took (what a planned failover
    waits for; Redis replication is asynchronous)."""
    master = group.server_on(group.master_port()).client()
    info = master.info("replication")
    offset = int(info["master_repl_offset"])
    count = int(info.get("connected_slaves", 0))
    return count > 0 and all(int(info[f"slave{i}"]["offset"]) >= offset for i in range(count))
