"""What each `ORDERSUPPORT_REDIS_URL` form means, and the clear error at start for one that
names no deployment (no server is needed to read a URL)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.redis_client import RedisUrlError, Topology, parse_redis_url
from core.settings import Settings


def test_a_plain_url_is_one_server() -> None:
    target = parse_redis_url("redis://127.0.0.1:6379/2")
    assert target.topology is Topology.SERVER


def test_a_cluster_url_lists_its_nodes_and_credentials() -> None:
    target = parse_redis_url("rediss+cluster://app:s%40cret@10.0.0.1:7000,10.0.0.2:7001")
    assert target.topology is Topology.CLUSTER
    assert target.nodes == (("10.0.0.1", 7000), ("10.0.0.2", 7001))
    assert (target.username, target.password, target.ssl) == ("app", "s@cret", True)


def test_a_sentinel_url_names_the_master_and_the_database() -> None:
    target = parse_redis_url(
        "redis+sentinel://:pw@s1:26379,s2:26379/shop-master/3?sentinel_password=spw"
    )
    assert target.topology is Topology.SENTINEL
    assert target.nodes == (("s1", 26379), ("s2", 26379))
    assert (target.master, target.db, target.password) == ("shop-master", 3, "pw")
    assert target.sentinel_password == "spw"


def test_a_sentinel_url_without_a_master_name_is_refused() -> None:
    with pytest.raises(RedisUrlError, match="name the master"):
        parse_redis_url("redis+sentinel://s1:26379")


def test_a_node_without_a_port_is_refused_without_echoing_the_password() -> None:
    with pytest.raises(RedisUrlError, match="host:port") as refused:
        parse_redis_url("redis+cluster://app:topsecret@10.0.0.1")
    assert "topsecret" not in str(refused.value)


def test_settings_refuse_a_broken_redis_url_at_start() -> None:
    with pytest.raises(ValidationError, match="unknown scheme"):
        Settings(redis_url="redis+shards://10.0.0.1:7000")


def test_settings_refuse_a_prefix_that_would_be_every_keys_hash_tag() -> None:
    with pytest.raises(ValidationError, match="braces"):
        Settings(redis_prefix="{shop}:")
