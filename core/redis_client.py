"""The one place a Redis client is made from the `redis_url` setting, so every part of a process
(sessions, locks, dedup keys, rate limits, the event queue, caches) talks to the same deployment:
a single server, a Redis Cluster, or a master found through Sentinel.

URL forms (`ORDERSUPPORT_REDIS_URL`):

- `redis://[user:password@]host:port/db`, `rediss://...`, `unix:///path.sock`: one server
  (redis-py's own `from_url`, with every query option it knows).
- `redis+cluster://[user:password@]host:port,host:port,...` (`rediss+cluster://` for TLS): a
  Redis Cluster; any reachable node finds the rest. Keys of one conversation share a hash tag
  (`core.keys`), so its scripts and transactions stay on one slot.
- `redis+sentinel://[user:password@]host:port,host:port,.../master-name[/db]`
  (`rediss+sentinel://` for TLS to the master): the master Sentinel names, looked up again on
  every new connection, so a failover is followed without a restart. The credentials are the
  master's; `?sentinel_password=` gives the sentinels' own when they need one.

The clients are typed as `redis.asyncio.Redis` everywhere: `RedisCluster` offers the same
command methods (pipelines, scripts, locks, streams) and is cast to it here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast
from urllib.parse import parse_qs, unquote

import redis as sync_redis
import redis.cluster as sync_cluster
import redis.sentinel as sync_sentinel
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.sentinel import Sentinel


class Topology(StrEnum):
    SERVER = "server"
    CLUSTER = "cluster"
    SENTINEL = "sentinel"


@dataclass(frozen=True)
class RedisTarget:
    """A `redis_url` read apart: what to connect to and how (no connection is made)."""

    topology: Topology
    url: str
    nodes: tuple[tuple[str, int], ...] = ()
    master: str = ""
    db: int = 0
    username: str | None = None
    password: str | None = None
    ssl: bool = False
    sentinel_password: str | None = None


class RedisUrlError(ValueError):
    """A `redis_url` that names no usable deployment (said at start, with the form expected)."""


def _nodes(netloc: str, url: str) -> tuple[tuple[str, int], ...]:
    hosts = netloc.rsplit("@", 1)[-1]
    nodes: list[tuple[str, int]] = []
    for part in hosts.split(","):
        host, _, port = part.strip().rpartition(":")
        if not host or not port.isdigit():
            raise RedisUrlError(f"{_safe(url)}: each node is host:port")
        nodes.append((host.strip("[]"), int(port)))
    return tuple(nodes)


def _safe(url: str) -> str:
    """The URL without its credentials, for an error message (never a password in a log)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}"


def parse_redis_url(url: str) -> RedisTarget:
    """Read a `redis_url`; raises `RedisUrlError` for a cluster/sentinel URL without its parts."""
    scheme, sep, _ = url.partition("://")
    if not sep:
        raise RedisUrlError(
            f"{_safe(url)}: expected redis://, redis+cluster:// or redis+sentinel://"
        )
    base, plus, kind = scheme.partition("+")
    if not plus:
        return RedisTarget(Topology.SERVER, url)
    if base not in ("redis", "rediss") or kind not in ("cluster", "sentinel"):
        raise RedisUrlError(f"{_safe(url)}: unknown scheme {scheme!r}")
    # urlsplit refuses several ports in one netloc: take the netloc apart by hand.
    rest = url[len(scheme) + 3 :]
    netloc, _, tail = rest.partition("/")
    path, _, query = tail.partition("?")
    options = {k: v[-1] for k, v in parse_qs(query).items()}
    unknown = set(options) - {"sentinel_password"}
    if unknown:
        raise RedisUrlError(f"{_safe(url)}: unknown option(s) {', '.join(sorted(unknown))}")
    credentials = netloc.rsplit("@", 1)[0] if "@" in netloc else ""
    user, _, password = credentials.partition(":") if credentials else ("", "", "")
    common: dict[str, Any] = {
        "url": url,
        "nodes": _nodes(netloc, url),
        "username": unquote(user) or None,
        "password": unquote(password) or None,
        "ssl": base == "rediss",
        "sentinel_password": options.pop("sentinel_password", None),
    }
    if kind == "cluster":
        return RedisTarget(Topology.CLUSTER, **common)
    parts = [p for p in path.split("/") if p]
    if not parts:
        raise RedisUrlError(f"{_safe(url)}: name the master: redis+sentinel://host:port/master")
    db = parts[1] if len(parts) > 1 else "0"
    if not db.isdigit():
        raise RedisUrlError(f"{_safe(url)}: the database after the master name is a number")
    return RedisTarget(Topology.SENTINEL, master=unquote(parts[0]), db=int(db), **common)


def _client_options(target: RedisTarget, decode_responses: bool) -> dict[str, Any]:
    options: dict[str, Any] = {"decode_responses": decode_responses}
    if target.username:
        options["username"] = target.username
    if target.password:
        options["password"] = target.password
    if target.ssl:
        options["ssl"] = True
    return options


def _sentinel_options(target: RedisTarget) -> dict[str, Any]:
    """How to talk to the sentinels themselves: plain, with their own password if given."""
    return {"password": target.sentinel_password} if target.sentinel_password else {}


def connect(url: str, *, decode_responses: bool = True, **options: Any) -> Redis:
    """An asyncio client for `url` (see the module docstring for the forms). `options` go to
    the client (pool size, timeouts) whatever the topology; `pool_timeout` makes a single
    server's pool a blocking one (`max_connections` connections, a caller waits that long for
    one instead of getting MaxConnectionsError under load)."""
    target = parse_redis_url(url)
    pool_timeout = options.pop("pool_timeout", None)
    if target.topology is Topology.SERVER:
        if pool_timeout is not None:  # a full pool makes a caller wait, never raise at once
            pool = BlockingConnectionPool.from_url(
                url, decode_responses=decode_responses, timeout=pool_timeout, **options
            )
            return Redis.from_pool(pool)
        return Redis.from_url(url, decode_responses=decode_responses, **options)
    client = _client_options(target, decode_responses) | options
    if target.topology is Topology.CLUSTER:
        nodes = [ClusterNode(host, port) for host, port in target.nodes]
        return cast(Redis, RedisCluster(startup_nodes=nodes, **client))
    # `ssl` in the master's options picks the TLS connection class of the Sentinel pool.
    sentinel = Sentinel(list(target.nodes), sentinel_kwargs=_sentinel_options(target))  # type: ignore[no-untyped-call,unused-ignore]
    master = sentinel.master_for(target.master, redis_class=Redis, db=target.db, **client)
    return cast(Redis, master)


def connect_sync(url: str, **options: Any) -> sync_redis.Redis:
    """A blocking client for the few SDKs that need one (wechatpy's token storage), on the same
    deployment as `connect`. Bytes, not text: those SDKs decode themselves."""
    target = parse_redis_url(url)
    if target.topology is Topology.SERVER:
        return sync_redis.Redis.from_url(url, **options)
    client = _client_options(target, False) | options
    if target.topology is Topology.CLUSTER:
        nodes = [sync_cluster.ClusterNode(host, port) for host, port in target.nodes]  # type: ignore[no-untyped-call]
        return cast(sync_redis.Redis, sync_cluster.RedisCluster(startup_nodes=nodes, **client))
    sentinel = sync_sentinel.Sentinel(list(target.nodes), sentinel_kwargs=_sentinel_options(target))  # type: ignore[no-untyped-call,unused-ignore]
    master = sentinel.master_for(  # type: ignore[no-untyped-call,unused-ignore]
        target.master, redis_class=sync_redis.Redis, db=target.db, **client
    )
    return cast(sync_redis.Redis, master)
