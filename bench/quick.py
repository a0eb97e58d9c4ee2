"""One cell, fast: CPU per request (user and system split) of a target at one concurrency.

    .venv/bin/python bench/quick.py [--target dg-memory] [--mode non-stream|stream|paced-stream]
        [--conc 16] [--duration 5] [--reps 3]

For iterating on an optimisation between full `bench/run.py` runs: same processes, pinning
and load as run.py, but only one cell, no direct-access A/B, and the target's user and
system CPU reported apart (system time is the kernel's share: socket I/O, epoll).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets
from procs import stop
from run import Bench


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--target", default="dg-memory")
    p.add_argument("--mode", default="non-stream", choices=("non-stream", "stream", "paced-stream"))
    p.add_argument("--conc", type=int, default=16)
    p.add_argument("--duration", type=float, default=5.0)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--keys", type=int, default=8)
    p.add_argument("--tokens", type=int, default=60)
    p.add_argument("--verbose", action="store_true", help="print every repetition")
    args = p.parse_args()
    bench_args = argparse.Namespace(keys=args.keys, max_minutes=30)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench = Bench(bench_args, work)
        mock, mock_port = targets.start_mock(work, args.tokens)
        (target,) = targets.by_name([args.target])
        proc, port = target.start(work, mock_port)
        try:
            bench.load(port, args.conc, args.mode, 2.0)
            rows = []
            for _ in range(args.reps):
                u0, s0 = proc.cpu_split()
                res = bench.load(port, args.conc, args.mode, args.duration)
                u1, s1 = proc.cpu_split()
                n = max(res["requests"], 1)
                rows.append((1e6 * (u1 - u0) / n, 1e6 * (s1 - s0) / n, res))
                if args.verbose:
                    print(f"  rep: {rows[-1][0] + rows[-1][1]:.0f} µs/req, {res['rps']:.0f} req/s")
            user = statistics.median(r[0] for r in rows)
            system = statistics.median(r[1] for r in rows)
            res = rows[-1][2]
            extra = f" ttfc_p50={res['ttfc_p50_ms']:.2f}ms" if res.get("ttfc_p50_ms") else ""
            print(
                f"{args.target} {args.mode} c={args.conc}: CPU/req {user + system:.0f} µs "
                f"(user {user:.0f}, system {system:.0f}); {res['rps']:.0f} req/s; "
                f"p50={res['p50_ms']:.2f}ms{extra}"
            )
        finally:
            stop(proc)
            stop(mock)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
