"""Soak: a steady mix of streamed and plain requests through the gateway, with Redis.

Starts the mock upstream, a private redis-server (or uses --redis-url with a fresh
prefix) and `distillguard serve`, then sends requests at a fixed rate (open loop, so a
slow gateway shows up as latency, not as a lower rate) for --duration seconds. Every
--window seconds it samples latency percentiles, errors and the gateway's RSS.

Reported: requests served, error rate, p99 latency drift (last window against the first
after warm-up), RSS growth after warm-up (target <= 20 MB), and whether every request
has its log record. Exit status 1 when a target is missed.

    python bench/soak.py --duration 600            # what `make soak` runs
    python bench/soak.py --duration 20 --rate 15   # the short version the test suite runs
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.procs import mock_upstream  # noqa: E402
from tests.support.redis_procs import PrivateRedis  # noqa: E402
from tests.support.serve import GatewayProcess  # noqa: E402

# 200 accounts: each stays well inside the shipped pack's default tier at 40 req/s.
KEYS = {f"sk-soak-{i:03d}": (f"acct-soak-{i:03d}", "default") for i in range(200)}
RSS_TARGET_MB = 20.0


@dataclass
class Window:
    t: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    rss_mb: float


@dataclass
class Report:
    duration_s: float
    rate: float
    requests: int = 0
    served: int = 0
    errors: int = 0
    streamed: int = 0
    records: int = 0
    windows: list[Window] = field(default_factory=list)
    warmup_s: float = 0.0
    rss_start_mb: float = 0.0
    rss_after_warmup_mb: float = 0.0
    rss_end_mb: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_end_mb - self.rss_after_warmup_mb

    @property
    def p99_drift_ms(self) -> float:
        steady = [w for w in self.windows if w.t > self.warmup_s and w.requests]
        return steady[-1].p99_ms - steady[0].p99_ms if len(steady) >= 2 else 0.0

    def ok(self) -> bool:
        return (
            self.error_rate < 0.001
            and self.records == self.requests
            and self.rss_growth_mb <= RSS_TARGET_MB
        )

    def summary(self) -> dict[str, object]:
        out = asdict(self)
        out.update(
            error_rate=round(self.error_rate, 6),
            rss_growth_mb=round(self.rss_growth_mb, 2),
            p99_drift_ms=round(self.p99_drift_ms, 2),
            ok=self.ok(),
        )
        return out


class Load:
    """Open-loop traffic: one request every 1/rate s, whatever the answers' latency."""

    def __init__(self, url: str, seed: int) -> None:
        self.url = url
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.errors = 0
        self.requests = 0
        self.served = 0
        self.streamed = 0
        self.error_kinds: dict[str, int] = {}
        self.refused: dict[str, int] = {}

    async def one(self, client: httpx.AsyncClient) -> None:
        key = self.rng.choice(list(KEYS))
        stream = self.rng.random() < 0.5
        anthropic = self.rng.random() < 0.2
        tokens = self.rng.choice([20, 60, 150])
        headers = {"x-mock-tokens": str(tokens), "x-mock-chunk-ms": "2"}
        question = f"Question {self.rng.randrange(10**6)}: explain topic {self.rng.randrange(50)}."
        if anthropic:
            path, body = "/v1/messages", {"model": "claude-haiku-4-5", "max_tokens": 300}
            body["messages"] = [{"role": "user", "content": question}]
            headers["x-api-key"] = key
        else:
            path, body = "/v1/chat/completions", {"model": "gpt-4o"}
            body["messages"] = [{"role": "user", "content": question}]
            headers["authorization"] = f"Bearer {key}"
        body["stream"] = stream
        self.requests += 1
        started = time.perf_counter()
        try:
            if stream:
                async with client.stream("POST", path, json=body, headers=headers) as r:
                    text = "".join([chunk async for chunk in r.aiter_text()])
                ended = "[DONE]" in text or "message_stop" in text
                ok = r.status_code != 200 or ended
                self.streamed += 1
            else:
                r = await client.post(path, json=body, headers=headers)
                ok = True
            # A policy refusal (4xx from the shipped pack) is the gateway working; 5xx and
            # streams without a proper end are errors.
            ok = ok and r.status_code < 500
            kind = f"status-{r.status_code}"
            if ok and r.status_code != 200:
                self.refused[kind] = self.refused.get(kind, 0) + 1
        except httpx.HTTPError as exc:
            ok, kind = False, type(exc).__name__
        self.latencies.append((time.perf_counter() - started) * 1000)
        if ok:
            self.served += 1
        else:
            self.errors += 1
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


async def soak(gw: GatewayProcess, args: argparse.Namespace) -> Report:
    report = Report(duration_s=args.duration, rate=args.rate)
    report.warmup_s = min(60.0, args.duration / 4)
    report.rss_start_mb = gw.rss_kb() / 1024
    load = Load(gw.url, args.seed)
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=gw.url, timeout=30, limits=limits) as client:
        tasks: set[asyncio.Task[None]] = set()
        start = time.monotonic()
        next_window = start + args.window
        seen = 0
        sent = 0
        while (now := time.monotonic()) < start + args.duration:
            due = int((now - start) * args.rate) + 1
            while sent < due:
                task = asyncio.create_task(load.one(client))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                sent += 1
            if now >= next_window:
                report.windows.append(_window(load, seen, now - start, gw))
                seen = len(load.latencies)
                if report.rss_after_warmup_mb == 0 and now - start >= report.warmup_s:
                    report.rss_after_warmup_mb = report.windows[-1].rss_mb
                next_window += args.window
            await asyncio.sleep(min(0.01, 1 / args.rate))
        if tasks:
            await asyncio.wait(tasks, timeout=60)
    report.rss_end_mb = gw.rss_kb() / 1024
    if report.rss_after_warmup_mb == 0:
        report.rss_after_warmup_mb = report.rss_start_mb
    report.requests, report.served, report.errors = load.requests, load.served, load.errors
    report.streamed, report.error_kinds = load.streamed, load.error_kinds
    report.refused = load.refused
    return report


def _window(load: Load, seen: int, t: float, gw: GatewayProcess) -> Window:
    recent = load.latencies[seen:]
    p99 = statistics.quantiles(recent, n=100)[98] if len(recent) >= 2 else 0.0
    return Window(
        t=round(t, 1),
        requests=len(recent),
        errors=load.errors,
        p50_ms=round(statistics.median(recent), 2) if recent else 0.0,
        p99_ms=round(p99, 2),
        rss_mb=round(gw.rss_kb() / 1024, 2),
    )


@contextlib.contextmanager
def redis_for(args: argparse.Namespace, workdir: Path) -> Iterator[str]:
    if args.redis_url:
        yield args.redis_url
        return
    if not shutil.which("redis-server"):
        raise SystemExit("soak: redis-server not installed; pass --redis-url")
    server = PrivateRedis(workdir / "redis").start()
    try:
        yield server.url
    finally:
        server.stop()


def run(args: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="dg-soak-") as tmp:
        workdir = Path(tmp)
        with redis_for(args, workdir) as redis_url, mock_upstream() as upstream:
            settings = {
                "store.url": redis_url,
                "store.prefix": f"dgsoak{uuid.uuid4().hex[:8]}",
                "policies.path": str(ROOT / "policies"),
            }
            gw = GatewayProcess(workdir, upstream, settings, keys=KEYS, name="soak").start()
            try:
                report = asyncio.run(soak(gw, args))
            finally:
                gw.stop()
            report.records = len(gw.records())
            if "Traceback" in gw.output():
                report.error_kinds["gateway-traceback"] = gw.output().count("Traceback")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load")
    parser.add_argument("--rate", type=float, default=40.0, help="requests per second")
    parser.add_argument("--window", type=float, default=10.0, help="sampling window, seconds")
    parser.add_argument("--redis-url", help="use this Redis instead of a private redis-server")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the full report here")
    args = parser.parse_args(argv)
    report = run(args)
    summary = report.summary()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2))
    print(
        f"soak {report.duration_s:.0f}s @ {report.rate:g} req/s: {report.requests} requests, "
        f"{report.served} served ({report.streamed} streamed), error rate "
        f"{report.error_rate:.4%}, {report.records} log records\n"
        f"p99 drift {report.p99_drift_ms:+.1f} ms; RSS {report.rss_start_mb:.1f} MB at start, "
        f"{report.rss_after_warmup_mb:.1f} after warm-up ({report.warmup_s:.0f}s), "
        f"{report.rss_end_mb:.1f} at end: growth {report.rss_growth_mb:+.1f} MB "
        f"(target <= {RSS_TARGET_MB:g}); errors {report.error_kinds or 'none'}; "
        f"policy refusals {report.refused or 'none'}"
    )
    return 0 if report.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
