"""Where the gateway's CPU goes under load: py-spy on the serving process, summarised.

    .venv/bin/pip install py-spy        # not a project dependency
    .venv/bin/python bench/profile.py [--seconds 10] [--conc 16] [--mock-apart]
        [--mode non-stream|stream|paced-stream]

Starts the mock and the gateway (memory store, default rules, logging on) pinned as in
bench/run.py, loads it, and samples it with `py-spy record --gil --format raw` (only the
thread holding the GIL, so idle threads and the loop's wait in epoll drop out and the
shares are shares of the Python CPU time). Prints the
functions with the most samples on top of the stack (self) and anywhere on it (inclusive),
and keeps the raw stacks (build/bench/profile-*.txt) for a flame graph.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets
from procs import LOADGEN_CPU, stop
from run import Bench

ROOT = Path(__file__).resolve().parent.parent
_LINE = re.compile(r":\d+\)$")


def _short(frame: str) -> str:
    """`fn (/long/path/site-packages/pkg/mod.py:12)` -> `pkg/mod.py:fn`."""
    frame = _LINE.sub(")", frame)
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for cut in ("site-packages/", str(ROOT) + "/", "/lib/python3"):
        if cut in where:
            where = where.split(cut, 1)[1]
    return f"{where}:{name}" if where else name


def summarise(raw: Path, top: int) -> str:
    self_n: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_s = line.rpartition(" ")
        if not stack or not count_s.isdigit():
            continue
        count = int(count_s)
        frames = [_short(f) for f in stack.split(";") if " (" in f]
        if not frames:
            continue
        total += count
        self_n[frames[-1]] += count
        for f in set(frames):
            incl[f] += count
    if not total:
        return "no samples"

    def table(counter: Counter[str], title: str, only_gateway: bool) -> list[str]:
        rows = [f"| {title} | % of samples |", "|---|---:|"]
        items = [(f, n) for f, n in counter.most_common() if not only_gateway or "gateway/" in f]
        rows += [f"| `{f}` | {100 * n / total:.1f} |" for f, n in items[:top]]
        return rows

    lines = [f"{total} samples", "", *table(self_n, "self (top of stack)", False), ""]
    lines += table(incl, "inclusive, gateway code", True)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--mode", choices=("non-stream", "stream", "paced-stream"), default="non-stream")
    p.add_argument("--conc", type=int, default=16)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--target", default="dg-memory")
    p.add_argument("--work", default="build/bench")
    p.add_argument(
        "--mock-apart",
        action="store_true",
        help="move the mock to the load generator's core: py-spy samples wall time, so a\n"
        "mock sharing the gateway's core shows up inside the gateway's send calls",
    )
    args = p.parse_args(argv)
    pyspy = shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy")
    if not Path(pyspy).exists():
        sys.exit("py-spy not found: .venv/bin/pip install py-spy")
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    bench_args = argparse.Namespace(max_minutes=10.0, keys=8, duration=args.seconds)
    bench = Bench(bench_args, work)
    target = targets.by_name([args.target])[0]
    mock, mock_port = targets.start_mock(work, 60)
    if args.mock_apart:
        subprocess.run(["taskset", "-a", "-p", "-c", LOADGEN_CPU, str(mock.pid)], check=True,
                       capture_output=True)  # fmt: skip
    try:
        proc, port = target.start(work, mock_port)
        try:
            bench.load(port, args.conc, args.mode, 2.0)
            raw = work / f"profile-{args.target}-{args.mode}-c{args.conc}.txt"
            load = threading.Thread(
                target=bench.load, args=(port, args.conc, args.mode, args.seconds + 3.0)
            )
            load.start()
            subprocess.run(
                [pyspy, "record", "--pid", str(proc.pid), "--duration", str(args.seconds),
                 "--rate", "200", "--gil", "--format", "raw", "--output", str(raw)],
                check=True, capture_output=True, timeout=args.seconds + 60,
            )  # fmt: skip
            load.join(timeout=args.seconds + 70)
        finally:
            stop(proc)
    finally:
        stop(mock)
    print(f"## Profile: {target.label}, {args.mode}, concurrency {args.conc}\n")
    print(summarise(raw, args.top))
    print(f"\nraw stacks: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
