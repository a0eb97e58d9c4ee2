"""Replay throughput: records per second of `distillguard replay` on simulated traffic.

    .venv/bin/python bench/replay_speed.py [--days 3] [--seed 1] [--traffic FILE]
        [--policies policies/default.yaml] [--reps 3] [--profile]

Simulates the traffic first unless --traffic is given, then replays it --reps times
(a fresh engine each time) and reports records/s by wall clock and by the process's CPU
time: on a shared machine the CPU figure is the steady one. --profile prints the
cProfile top of one extra run instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/profile.py would shadow the stdlib module cProfile imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from gateway.sim.replay import replay  # noqa: E402
from gateway.sim.simulate import simulate  # noqa: E402


def run_once(policies: str, traffic: Path, out: Path) -> tuple[int, float, float]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    stats = asyncio.run(replay(policies, traffic, out))
    return stats.records, time.perf_counter() - wall0, time.process_time() - cpu0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--traffic", type=Path)
    ap.add_argument("--days", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--policies", default="policies/default.yaml")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        traffic = args.traffic
        if traffic is None:
            traffic = Path(tmp) / "traffic.jsonl"
            res = simulate(traffic, seed=args.seed, days=args.days)
            print(f"simulated {res.records} records, {res.accounts} accounts", file=sys.stderr)
        out = Path(tmp) / "decisions.jsonl"
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            run_once(args.policies, traffic, out)
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(40)
            return 0
        walls, cpus = [], []
        records = 0
        for _ in range(max(1, args.reps)):
            records, wall, cpu = run_once(args.policies, traffic, out)
            walls.append(records / wall)
            cpus.append(records / cpu)
        print(
            f"{records} records x {len(walls)} runs: "
            f"wall {statistics.median(walls):,.0f} records/s (best {max(walls):,.0f}), "
            f"cpu {statistics.median(cpus):,.0f} records/s (best {max(cpus):,.0f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
