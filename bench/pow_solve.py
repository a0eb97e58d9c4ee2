"""Median proof-of-work solve time per difficulty on this machine (pure-Python solver).

    .venv/bin/python bench/pow_solve.py [--trials N] [--difficulties 12,14,16,18,20]

Solve time is geometric around 2^difficulty hashes, so single runs vary a lot; the
median over several fresh challenges, and the hash rate, are what to quote.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.enforce.challenge import issue_challenge, solve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=21)
    parser.add_argument("--difficulties", default="12,14,16,18,20")
    args = parser.parse_args()
    print(f"{args.trials} fresh challenges per difficulty, pure-Python solve()\n")
    print("| difficulty | expected hashes | median s | mean s | p90 s | max s | hashes/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for difficulty in (int(d) for d in args.difficulties.split(",")):
        times, hashes = [], 0
        for trial in range(args.trials):
            nonce = trial.to_bytes(16, "big")
            ch = issue_challenge(b"bench-secret", "acct-bench", difficulty, 300, 0.0, nonce)
            start = time.perf_counter()
            counter = solve(ch.token)
            times.append(time.perf_counter() - start)
            hashes += int(counter) + 1
        times.sort()
        p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
        rate = hashes / sum(times)
        print(
            f"| {difficulty} | {2**difficulty:,} | {statistics.median(times):.3f} "
            f"| {statistics.fmean(times):.3f} | {p90:.3f} "
            f"| {times[-1]:.3f} | {rate:,.0f} |"
        )


if __name__ == "__main__":
    main()
