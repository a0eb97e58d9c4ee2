"""Usage-store fixtures: `store` runs each test once per backend.

A test module picks its backends with a module-level STORE_BACKENDS (default memory
and the shared Redis); test_cluster.py reuses the conformance tests with "cluster".
Redis stores get a unique key prefix per test, and their keys are deleted afterwards
because other test runs share that server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from redis.asyncio import Redis

from gateway.store import UsageStore, open_store
from gateway.store.memory import MemoryStore
from tests.support.redis_procs import HAVE_REDIS_BINARIES, PrivateRedis

REDIS_URL = os.environ.get("DISTILLGUARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DEFAULT_BACKENDS = ("memory", "redis")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" not in metafunc.fixturenames:
        return
    backends = getattr(metafunc.module, "STORE_BACKENDS", DEFAULT_BACKENDS)
    params = [
        pytest.param(b, marks=() if b == "memory" else (pytest.mark.redis,), id=b) for b in backends
    ]
    metafunc.parametrize("store", params, indirect=True)


def _redis_reachable(url: str) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture(scope="session")
def shared_redis_url() -> str:
    if not _redis_reachable(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL} (make test starts one)")
    return REDIS_URL


@pytest.fixture
async def store(request: pytest.FixtureRequest) -> AsyncIterator[UsageStore]:
    backend: str = request.param
    if backend == "memory":
        yield MemoryStore()
        return
    if backend == "cluster":
        url = str(request.getfixturevalue("redis_cluster_url"))
    else:
        url = str(request.getfixturevalue("shared_redis_url"))
    prefix = f"dgtest-{uuid.uuid4().hex[:12]}"
    # Generous timeout: two shared CPUs; the fail-fast timeout has its own tests.
    opened = open_store(url, prefix=prefix, timeout_s=2.0)
    try:
        yield opened
    finally:
        await opened.close()
        if backend != "cluster":  # the private cluster is torn down whole
            await delete_prefix(url, prefix)


async def delete_prefix(url: str, prefix: str) -> None:
    client = Redis.from_url(url)
    try:
        keys = [k async for k in client.scan_iter(match=f"{prefix}:*", count=1000)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(scope="module")
def redis_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., PrivateRedis]]:
    """Starts private redis-servers (extra args given); all are stopped after the module."""
    if not HAVE_REDIS_BINARIES:
        pytest.skip("redis-server / redis-cli not installed")
    root = tmp_path_factory.mktemp("redis")
    servers: list[PrivateRedis] = []

    def start(*extra: str) -> PrivateRedis:
        server = PrivateRedis(root / f"node-{len(servers)}", *extra)
        servers.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in servers:
            server.stop()
