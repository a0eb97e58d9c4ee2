"""Usage-store fixtures: `store` runs each test once per backend.

A test module picks its backends with a module-level STORE_BACKENDS (default memory
and the shared Redis); test_cluster.py reuses the conformance tests with "cluster".
Redis stores get a unique key prefix per test, and their keys are deleted afterwards
because other test runs share that server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from gateway.store import UsageStore, open_store
from gateway.store.memory import MemoryStore

REDIS_URL = os.environ.get("DISTILLGUARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DEFAULT_BACKENDS = ("memory", "redis")
HAVE_REDIS_BINARIES = bool(shutil.which("redis-server") and shutil.which("redis-cli"))


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


def free_port() -> int:
    """A loopback port that is free, and whose cluster-bus twin (+10000) is free too."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port >= 55000:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair found")


def wait_listening(port: int, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise RuntimeError(f"redis-server did not listen on {port} within {timeout_s}s")


class RedisServer:
    """A private redis-server process on a loopback port, without persistence."""

    def __init__(self, workdir: Path, port: int, extra: tuple[str, ...] = ()) -> None:
        self.port = port
        self.workdir = workdir
        self.extra = extra
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += [
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--logfile",
            "log.txt",
            *self.extra,
        ]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_listening(self.port)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None


@pytest.fixture(scope="module")
def redis_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RedisServer]]:
    """Starts private redis-servers (extra args given); all are stopped after the module."""
    if not HAVE_REDIS_BINARIES:
        pytest.skip("redis-server / redis-cli not installed")
    root = tmp_path_factory.mktemp("redis")
    servers: list[RedisServer] = []

    def start(*extra: str) -> RedisServer:
        server = RedisServer(root / f"node-{len(servers)}", free_port(), extra)
        servers.append(server)
        server.start()
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()
