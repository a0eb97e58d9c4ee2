"""The memory usage store's periodic sweep: the worst single reserve() call at N accounts.

    .venv/bin/python bench/store_sweep.py [--accounts 200000]

Books one reservation for each of N accounts (all active within the day, so the sweep
finds nothing to drop), then times 2 x SWEEP_EVERY more reservations one by one and
reports the slowest (the one that ran the sweep) and the median. To compare with an
older build: PYTHONPATH=<worktree of it> .venv/bin/python bench/store_sweep.py.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from gateway.facts import Cost
from gateway.store.memory import SWEEP_EVERY, MemoryStore


async def run(accounts: int) -> tuple[float, float]:
    store = MemoryStore()
    now = 1_000_000.0
    cost = Cost(1, 10, 10)
    for i in range(accounts):
        await store.reserve(f"acct-{i}", cost, [], now + i * 0.01)
    now += accounts * 0.01
    times = []
    for i in range(2 * SWEEP_EVERY):
        started = time.perf_counter()
        await store.reserve(f"acct-{i}", cost, [], now + i * 0.01)
        times.append(time.perf_counter() - started)
    return max(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--accounts", type=int, default=200_000)
    args = ap.parse_args()
    worst, median = asyncio.run(run(args.accounts))
    print(
        f"{args.accounts} accounts: worst reserve() {worst * 1e3:.2f} ms, "
        f"median {median * 1e6:.1f} µs"
    )


if __name__ == "__main__":
    main()
