"""A real `distillguard serve` process on loopback, configured through a YAML file.

Its stdout and stderr go to a file (a pipe nobody reads could fill up and block the
gateway), so a test can grep every byte the process printed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.support.gateway import POLICY_DIR, read_records, write_keys
from tests.support.procs import ROOT, free_port, wait_http


def nested(dotted: dict[str, Any]) -> dict[str, Any]:
    """{"store.url": x} -> {"store": {"url": x}}."""
    out: dict[str, Any] = {}
    for key, value in dotted.items():
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


class GatewayProcess:
    """One gateway process; `settings` are dotted keys over a test-friendly base config."""

    def __init__(
        self,
        workdir: Path,
        upstream: str,
        settings: dict[str, Any] | None = None,
        keys: dict[str, tuple[str, str]] | None = None,
        name: str = "gw",
    ) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}-enforcement.jsonl"
        self.out_path = workdir / f"{name}-output.txt"
        base: dict[str, Any] = {
            "listen.host": "127.0.0.1",
            "listen.port": self.port,
            "upstream.url": upstream,
            "keys.file": str(write_keys(workdir / f"{name}-keys.yaml", keys)),
            "log.file": str(self.log_path),
            "policies.path": str(POLICY_DIR),
            "policies.reload_interval_s": 0,
        }
        base.update(settings or {})
        self.config_path = workdir / f"{name}-config.yaml"
        self.config_path.write_text(yaml.safe_dump(nested(base)))
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 30.0) -> GatewayProcess:
        with self.out_path.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "gateway.cli", "serve", "--config", str(self.config_path)],
                cwd=ROOT,
                # Settings come from the file only: a developer's DISTILLGUARD_* must not leak in.
                env={k: v for k, v in os.environ.items() if not k.startswith("DISTILLGUARD_")},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_http(self.url + "/_distillguard/health", timeout_s=timeout_s)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"gateway did not start: {self.output()[-2000:]}") from None
        return self

    def sigterm(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout_s: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout_s)

    def stop(self, timeout_s: float = 15.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def rss_kb(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def output(self) -> str:
        return self.out_path.read_text(errors="replace") if self.out_path.exists() else ""

    def records(self) -> list[dict[str, Any]]:
        return read_records(self.log_path)

    def wait_records(self, count: int, timeout_s: float = 10.0) -> list[dict[str, Any]]:
        """The log records once at least `count` are on disk (the writer flushes in batches)."""
        deadline = time.monotonic() + timeout_s
        records = self.records()
        while len(records) < count and time.monotonic() < deadline:
            time.sleep(0.05)
            records = self.records()
        return records

    def metrics(self) -> str:
        return httpx.get(self.url + "/_distillguard/metrics", timeout=5).text


class running:
    """`with running(GatewayProcess(...)) as gw:` starts it and always stops it."""

    def __init__(self, gateway: GatewayProcess) -> None:
        self.gateway = gateway

    def __enter__(self) -> GatewayProcess:
        return self.gateway.start()

    def __exit__(self, *exc: object) -> None:
        self.gateway.stop()


def record_for(gateway: GatewayProcess, request_id: str, timeout_s: float = 10.0) -> dict[str, Any]:
    """The log record of one request, once the writer has flushed it."""
    deadline = time.monotonic() + timeout_s
    while True:
        for record in gateway.records():
            if record["request_id"] == request_id:
                return record
        if time.monotonic() > deadline:
            raise AssertionError(f"no log record for {request_id} in {gateway.log_path}")
        time.sleep(0.05)
