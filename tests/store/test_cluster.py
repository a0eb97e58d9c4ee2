"""The conformance suite's core cases against a private 3-master Redis Cluster.

The cluster (redis-server processes on free loopback ports, in a temp dir) lives for
this module only; the `store` fixture gets the "cluster" backend from STORE_BACKENDS.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from redis.crc import key_slot
from test_conformance import (
    T0,
    test_clear_account_forgets_usage_and_pass_only_of_that_account,
    test_clock_skew_counts_buckets_ahead_and_prunes_behind,
    test_concurrent_reserves_never_pass_the_limit,
    test_huge_completion_is_clamped_not_refused,
    test_key_registry,
    test_pass_counts_down_and_expires,
    test_ping,
    test_refusal_names_limit_and_retry_after_admits,
    test_release_keeps_the_request_but_no_tokens,
    test_settle_books_in_the_reservation_bucket,
    test_settle_up_and_down,
    test_use_once_refuses_replays_until_expiry,
    test_window_edges,
)

from gateway.facts import Cost
from gateway.store import UsageStore
from gateway.store.keys import account_keys
from tests.support.redis_procs import HAVE_REDIS_BINARIES, redis_cluster

STORE_BACKENDS = ("cluster",)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.skipif(not HAVE_REDIS_BINARIES, reason="redis-server / redis-cli not installed"),
]

REUSED = (
    test_clear_account_forgets_usage_and_pass_only_of_that_account,
    test_clock_skew_counts_buckets_ahead_and_prunes_behind,
    test_concurrent_reserves_never_pass_the_limit,
    test_huge_completion_is_clamped_not_refused,
    test_key_registry,
    test_pass_counts_down_and_expires,
    test_ping,
    test_refusal_names_limit_and_retry_after_admits,
    test_release_keeps_the_request_but_no_tokens,
    test_settle_books_in_the_reservation_bucket,
    test_settle_up_and_down,
    test_use_once_refuses_replays_until_expiry,
    test_window_edges,
)


@pytest.fixture(scope="module")
def redis_cluster_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not HAVE_REDIS_BINARIES:
        pytest.skip("redis-server / redis-cli not installed")
    with redis_cluster(tmp_path_factory.mktemp("cluster")) as url:
        yield url


async def test_accounts_spread_over_masters(store: UsageStore, redis_cluster_url: str) -> None:
    """Scripts run on whichever master owns an account's slot; all of them work."""
    port = int(redis_cluster_url.rsplit(":", 1)[1])
    client = redis.Redis(port=port, socket_timeout=1)
    try:
        ranges = [(int(r[0]), int(r[1]), int(r[2][1])) for r in client.cluster("SLOTS")]
    finally:
        client.close()
    accounts = [f"acct-{i}" for i in range(30)]
    owners = set()
    for account in accounts:
        assert (await store.reserve(account, Cost(1, 2, 3), [], T0)).admitted
        slot = key_slot(account_keys("x", account)[0].encode())
        owners |= {owner for lo, hi, owner in ranges if lo <= slot <= hi}
    assert len(owners) == 3  # the accounts really landed on all three masters
    for account in accounts:
        assert (await store.usage(account, T0))["tokens"]["minute"] == 5
