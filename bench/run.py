"""Load harness: the gateway (and peers) against direct access to the same mock upstream.

    .venv/bin/python bench/run.py [--targets dg-memory,dg-redis,dg-nosignals]
        [--duration 5] [--reps 2] [--out docs/benchmarks.md]

Processes: the mock upstream and the target share the server core, the load generator has
the other one to itself (taskset). For every cell (concurrency 1, 16, 64 x non-streaming,
streaming, paced streaming) it runs direct, target, direct, target... (A B A B), so each
target figure has a direct figure measured seconds before it. Non-streaming load comes
from wrk, streaming load from bench/loadgen.py (time to first SSE chunk). The target's
CPU time per request is user+system from /proc over the run, divided by the responses
it served.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report
import targets
from procs import LOADGEN_CPU, Proc, pinned, stop
from wrk import run_wrk, write_script

CONCURRENCY = (1, 16, 64)
MODES = ("non-stream", "stream", "paced-stream")
REFUSED_ACTIONS = {"throttle", "challenge", "block"}


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.seed = 0
        self.deadline = time.monotonic() + args.max_minutes * 60
        self.wrk_script = write_script(work / "bench.lua") if shutil.which("wrk") else None
        self.notes: list[str] = []

    def load(
        self, port: int, conc: int, mode: str, duration: float, key: str | None = None
    ) -> dict[str, Any]:
        self.seed += 1
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        if mode == "non-stream" and self.wrk_script is not None:
            return run_wrk(
                self.wrk_script, url, conc, duration, self.seed, self.args.keys, 256, key
            )
        argv = [
            sys.executable, str(Path(__file__).parent / "loadgen.py"), "--url", url,
            "--concurrency", str(conc), "--duration", str(duration),
            "--keys", str(self.args.keys), "--seed", str(self.seed),
        ]  # fmt: skip
        if mode in ("stream", "paced-stream"):
            argv.append("--stream")
        if mode == "paced-stream":
            argv += ["--pace-ms", str(report.PACE_MS)]
        if key:
            argv += ["--fixed-key", key]
        out = subprocess.run(
            pinned(LOADGEN_CPU, argv), capture_output=True, text=True,
            timeout=duration + 60, check=False,
        )  # fmt: skip
        if out.returncode != 0:
            raise RuntimeError(f"loadgen failed ({out.returncode}):\n{out.stderr[-2000:]}")
        result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        return result

    def measured(
        self, proc: Proc, mock: Proc, port: int, conc: int, mode: str, key: str | None
    ) -> dict[str, Any]:
        t0, m0 = proc.cpu_seconds(), mock.cpu_seconds()
        result = self.load(port, conc, mode, self.args.duration, key)
        result["cpu_target_s"] = proc.cpu_seconds() - t0
        result["cpu_mock_s"] = mock.cpu_seconds() - m0
        return result

    def group(self, target: targets.Target, mock: Proc, mock_port: int) -> list[dict[str, Any]]:
        proc, port = target.start(self.work, mock_port)
        runs: list[dict[str, Any]] = []
        try:
            for mode in MODES:  # warm caches, pools and the interpreter; not recorded
                self.check(target, self.load(port, 16, mode, self.args.warmup, target.fixed_key))
            for conc in CONCURRENCY:
                for mode in MODES:
                    for rep in range(self.args.reps):
                        if time.monotonic() > self.deadline:
                            self.notes.append(f"{target.key}: time budget spent, cells skipped")
                            return runs
                        for side, p, port_, key in (
                            ("direct", mock, mock_port, None),
                            ("target", proc, port, target.fixed_key),
                        ):
                            r = self.measured(p, mock, port_, conc, mode, key)
                            if side == "target":
                                self.check(target, r)
                            r.update(
                                target=target.key, side=side, concurrency=conc, mode=mode, rep=rep
                            )
                            runs.append(r)
                            print(_progress(r), file=sys.stderr, flush=True)
        finally:
            stop(proc)
        return runs

    def check(self, target: targets.Target, result: dict[str, Any]) -> None:
        """The load must be served, not refused: a refused request costs far less."""
        refused = {a: n for a, n in result["actions"].items() if a in REFUSED_ACTIONS}
        bad = {s: n for s, n in result["status"].items() if not s.startswith("2")}
        if refused or bad or result["errors"]:
            note = f"{target.key}: refused {refused} non-2xx {bad} errors {result['errors']}"
            if note not in target.notes:
                target.notes.append(note)
            print("WARNING " + note, file=sys.stderr, flush=True)


def _progress(r: dict[str, Any]) -> str:
    ttfc = r.get("ttfc_p50_ms")
    return (
        f"{r['target']:>18} {r['side']:>6} c={r['concurrency']:<3} {r['mode']:<10} "
        f"{r['rps']:8.0f} req/s p50 {r['p50_ms'] or 0:7.2f} ms"
        + (f" ttfc {ttfc:7.2f} ms" if ttfc is not None else "")
        + f"  cpu {r['cpu_target_s'] / max(1, r['requests']) * 1e6:7.0f} µs/req"
    )


def _flush_redis(db_url: str) -> None:
    import redis

    redis.Redis.from_url(db_url, socket_connect_timeout=2).flushdb()


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} vCPU ({model}), Linux {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--targets", default="dg-memory,dg-redis,dg-nosignals")
    p.add_argument("--duration", type=float, default=5.0, help="seconds per measured run")
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--reps", type=int, default=2, help="A/B repetitions per cell")
    p.add_argument("--keys", type=int, default=8, help="distinct API keys (accounts)")
    p.add_argument("--tokens", type=int, default=60, help="mock answer length in tokens")
    p.add_argument("--max-minutes", type=float, default=14.0, help="stop starting cells after")
    p.add_argument("--work", default="build/bench")
    p.add_argument("--out", default=None, help="markdown file to update (docs/benchmarks.md)")
    p.add_argument("--title", default=None)
    args = p.parse_args(argv)
    if not (0 < args.duration <= 60 and 1 <= args.reps <= 10):
        p.error("duration must be in (0, 60] and reps in 1..10")
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args, work)
    chosen = targets.by_name(args.targets.split(","))
    if bench.wrk_script is None:
        bench.notes.append("wrk not installed: non-streaming load from bench/loadgen.py")
    started = dt.datetime.now(dt.UTC)
    runs: list[dict[str, Any]] = []
    mock, mock_port = targets.start_mock(work, args.tokens)
    try:
        for target in chosen:
            redis_url = "redis://127.0.0.1:6379/15" if target.key == "dg-redis" else None
            if redis_url:
                _flush_redis(redis_url)
            try:
                runs += bench.group(target, mock, mock_port)
            except RuntimeError as exc:
                if target.key != "dg-nosignals":
                    raise
                # No switch for the signals in this gateway: measure without signal rules.
                switch = ", ".join(f"{k}={v}" for k, v in targets.SIGNALS_OFF_ENV.items())
                bench.notes.append(
                    f"dg-nosignals: the gateway refused {switch} ({str(exc).splitlines()[0]}); "
                    "measured the shipped rules minus those reading signals.* instead "
                    "(the signals are still computed)"
                )
                fallback = targets.by_name(["dg-nosignal-rules"])[0]
                chosen[chosen.index(target)] = fallback
                runs += bench.group(fallback, mock, mock_port)
            finally:
                if redis_url:
                    _flush_redis(redis_url)
    finally:
        stop(mock)
    (work / f"results-{started:%Y%m%dT%H%M%S}.json").write_text(json.dumps(runs, indent=1))
    section = render(args, chosen, runs, bench.notes, started)
    print(section)
    if args.out:
        report.update_doc(Path(args.out), section)
        print(f"\nupdated {args.out}", file=sys.stderr)
    return 0


def render(
    args: argparse.Namespace,
    chosen: list[targets.Target],
    runs: list[dict[str, Any]],
    notes: list[str],
    started: dt.datetime,
) -> str:
    all_cells = report.cells(runs)
    labels = {t.key: t.label for t in chosen}
    by_target = {t.key: [c for c in all_cells if c.target == t.key] for t in chosen}
    command = "bench/run.py " + shlex.join(sys.argv[1:])
    parts = [
        f"## Run {started:%Y-%m-%d %H:%M} UTC{' — ' + args.title if args.title else ''}",
        "",
        f"- command: `{command}`",
        f"- machine: {machine()}; load generator pinned to CPU {LOADGEN_CPU}, "
        f"mock + target to the other; {args.duration:g} s per run, {args.reps} A/B reps, "
        f"{args.keys} API keys, mock answers {args.tokens} tokens",
        "",
        report.headline(by_target, labels),
        "",
    ]
    check = report.targets_check(by_target)
    if check:
        parts += [check, ""]
    for t in chosen:
        parts += [report.target_table(t.label, by_target[t.key]), ""]
    all_notes = notes + [n for t in chosen for n in t.notes]
    if all_notes:
        parts += ["Notes:", *[f"- {n}" for n in all_notes], ""]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
