"""Benchmark the enforcement log: writer throughput, then `logs summary` over N records.

    .venv/bin/python bench/logs_summary.py [--records 1000000] [--dir DIR] [--keep-dir]

Generates synthetic records through FileSink (rotating at --rotate-mb, so most records end
up gzipped and the tail stays in the live file), times that (records/s a file sink takes),
then times LogWriter end to end (event-loop lag while it drains), then `summary`, the
json.loads floor and, when orjson is importable, the same loop with orjson.loads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.logs.reader import discover, iter_records
from gateway.logs.sinks import FileSink
from gateway.logs.writer import LogWriter
from gateway.review.views import summarize

T0 = 1_795_813_200.0
SIGNALS = ("harvest_score", "template_ratio", "prompt_entropy", "reasoning_share",
           "logprob_rate", "cross_account_sim", "burstiness", "coverage")  # fmt: skip
HITS = [
    {"rule": "logprob-mining", "action": "degrade", "mode": "enforce",
     "evidence": {"request.top_logprobs": 20, "usage.requests.hour": 812},
     "options": {"strip_logprobs": True, "max_tokens": 256}},
    {"rule": "burst", "action": "throttle", "mode": "shadow",
     "evidence": {"usage.tokens.minute": 251234}},
    {"rule": "harvest-challenge", "action": "challenge", "mode": "enforce",
     "evidence": {"signals.harvest_score": 0.91}},
]  # fmt: skip


def synthetic(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rnd = random.Random(seed)
    for i in range(n):
        ep = T0 + i * 0.05
        hits = [HITS[j] for j in range(3) if rnd.random() < 0.04]
        enforce = [h for h in hits if h["mode"] == "enforce"]
        action = enforce[-1]["action"] if enforce else "allow"
        acct = f"acct-{rnd.randrange(5000):04d}"
        signals = {s: round(rnd.random(), 4) for s in SIGNALS}
        ms = int(ep * 1000) % 1000
        yield {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ep)) + f".{ms:03d}Z",
            "ts_epoch": ep, "request_id": f"r-{i:08d}", "account": acct,
            "api_key_id": f"k-{acct[5:]}a", "tier": "free", "client_ip": "198.51.100.23",
            "method": "POST", "path": "/v1/chat/completions", "model": "gpt-4o-mini",
            "stream": rnd.random() < 0.5, "status": 403 if action == "challenge" else 200,
            "action": action, "rule": enforce[-1]["rule"] if enforce else None, "mode": "enforce",
            "policy_version": "v1:3f2a", "hits": hits, "prompt_tokens": rnd.randrange(20, 2000),
            "completion_tokens": rnd.randrange(0, 1500), "upstream_usage": None, "drift": None,
            "reserved_tokens": 2048, "finish_reason": "stop", "degraded": [],
            "signals": signals, "top_signals": [["template_ratio", 0.31], ["coverage", 0.12]],
            "campaign": "camp-3" if acct < "acct-0050" else None, "latency_ms": 412.5,
            "ttft_ms": 88.1, "store": "ok", "error": None, "disconnected": False,
        }  # fmt: skip


def generate(directory: Path, n: int, rotate_mb: int) -> float:
    """Seconds spent inside FileSink.write_batch (record synthesis excluded)."""
    sink = FileSink(directory / "dg.jsonl", max_bytes=rotate_mb << 20, keep=10_000)
    batch: list[dict[str, Any]] = []
    spent = 0.0
    for rec in synthetic(n):
        batch.append(rec)
        if len(batch) == 1024:
            t = time.perf_counter()
            sink.write_batch(batch)
            spent += time.perf_counter() - t
            batch = []
    t = time.perf_counter()
    sink.write_batch(batch)
    sink.close()
    return spent + time.perf_counter() - t


async def writer_run(
    directory: Path, n: int, offload: bool, burst: int
) -> tuple[float, list[float], int]:
    """(seconds, sorted loop lags, dropped) writing n records through LogWriter while a
    1 ms ticker measures how late the event loop wakes it."""
    records = list(synthetic(n, seed=11))
    writer = LogWriter([FileSink(directory / f"w{int(offload)}.jsonl")], offload=offload)
    await writer.start()
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - t - 0.001)

    tick = asyncio.create_task(ticker())
    began = time.perf_counter()
    for i in range(0, n, burst):  # `burst` records per ~1 ms tick
        for rec in records[i : i + burst]:
            writer.write(rec)
        await asyncio.sleep(0.001)
    await writer.close(timeout_s=600)
    secs = time.perf_counter() - began
    done.set()
    await tick
    return secs, sorted(lags), writer.dropped


def floor(directory: Path, loads: Any) -> float:
    began = time.perf_counter()
    for files in discover(directory):
        for path in files:
            import gzip

            opener = gzip.open if path.name.endswith(".gz") else open
            with opener(path, "rb") as fh:
                for line in fh:
                    loads(line)
    return time.perf_counter() - began


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--rotate-mb", type=int, default=64)
    ap.add_argument("--writer-records", type=int, default=100_000)
    ap.add_argument("--burst", type=int, default=200, help="records offered per ~1 ms")
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--keep-dir", action="store_true")
    args = ap.parse_args()
    directory = args.dir or Path(tempfile.mkdtemp(prefix="dg-logbench-"))
    n = args.records
    try:
        secs = generate(directory, n, args.rotate_mb)
        files = [p for c in discover(directory) for p in c]
        size = sum(p.stat().st_size for p in files)
        print(f"FileSink: {n} records in {secs:.1f}s = {n / secs:,.0f} rec/s (seal+write+rotate); "
              f"{len(files)} files ({sum(p.name.endswith('.gz') for p in files)} gz), "
              f"{size / 2**20:.0f} MiB on disk")  # fmt: skip
        for offload in (True, False):
            m = args.writer_records
            w_secs, lags, dropped = asyncio.run(writer_run(directory, m, offload, args.burst))
            p50, p99, worst = (lags[int(q * (len(lags) - 1))] * 1e3 for q in (0.5, 0.99, 1.0))
            print(f"LogWriter offload={offload}: {m} records in {w_secs:.1f}s = {m / w_secs:,.0f} "
                  f"rec/s, loop lag p50 {p50:.1f} p99 {p99:.1f} max {worst:.1f} ms, "
                  f"dropped {dropped}")  # fmt: skip
            for p in directory.glob(f"w{int(offload)}*"):
                p.unlink()
        began = time.perf_counter()
        result = summarize(iter_records(directory))
        secs = time.perf_counter() - began
        print(f"summary: {result['records']} records in {secs:.1f}s = {n / secs:,.0f} rec/s")
        secs = floor(directory, json.loads)
        print(f"floor (read + json.loads only): {secs:.1f}s = {n / secs:,.0f} rec/s")
        try:
            import orjson
        except ImportError:
            print("orjson: not installed")
        else:
            secs = floor(directory, orjson.loads)
            print(f"floor with orjson.loads: {secs:.1f}s = {n / secs:,.0f} rec/s")
    finally:
        if not args.keep_dir and args.dir is None:
            shutil.rmtree(directory)


if __name__ == "__main__":
    main()
