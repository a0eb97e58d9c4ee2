"""Private redis-server processes (single node or a 3-master cluster) for fault tests.

Unlike the shared Redis of `make test`, these may be killed, restarted, slowed down or
inspected with MEMORY USAGE without disturbing anybody else.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import redis

HAVE_REDIS_BINARIES = bool(shutil.which("redis-server") and shutil.which("redis-cli"))


def free_port_pair() -> int:
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
    raise RuntimeError(f"nothing listens on {port} within {timeout_s}s")


class PrivateRedis:
    """One redis-server without persistence; can be killed and restarted on the same port."""

    def __init__(self, workdir: Path, *extra: str, port: int | None = None) -> None:
        self.workdir = workdir
        self.extra = extra
        self.port = port or free_port_pair()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        args += ["--logfile", "log.txt", *self.extra]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_listening(self.port)
        return self

    def kill(self) -> None:
        """SIGKILL: the abrupt loss a crashed or partitioned Redis looks like."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=5)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5, decode_responses=True)


@contextlib.contextmanager
def private_redis(workdir: Path, *extra: str) -> Iterator[PrivateRedis]:
    server = PrivateRedis(workdir, *extra).start()
    try:
        yield server
    finally:
        server.stop()


def _wait_cluster_ok(ports: list[int], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        states = []
        for port in ports:
            client = redis.Redis(port=port, socket_timeout=1, decode_responses=True)
            try:
                states.append(client.cluster("INFO").get("cluster_state"))
            finally:
                client.close()
        if all(state == "ok" for state in states):
            return
        time.sleep(0.1)
    raise RuntimeError(f"cluster on {ports} not ok within {timeout_s}s")


@contextlib.contextmanager
def redis_cluster(workdir: Path, masters: int = 3) -> Iterator[str]:
    """A private cluster of `masters` masters, no replicas; yields its redis+cluster:// URL."""
    nodes = [
        PrivateRedis(
            workdir / f"node-{i}",
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            "2000",
        )
        for i in range(masters)
    ]
    try:
        for node in nodes:
            node.start()
        ports = [node.port for node in nodes]
        create = ["redis-cli", "--cluster", "create", *(f"127.0.0.1:{p}" for p in ports)]
        subprocess.run(
            [*create, "--cluster-replicas", "0", "--cluster-yes"],
            check=True,
            capture_output=True,
            timeout=30,
        )
        _wait_cluster_ok(ports)
        yield f"redis+cluster://127.0.0.1:{ports[0]}"
    finally:
        for node in nodes:
            node.stop()
