"""Longest single call of the memory signal backend while its sweep drops a large table.

    .venv/bin/python bench/sweep_pause.py [--requests 100000] [--live 0.0] [--seed 1]

Fills a MemorySignalBackend through its public calls (--requests distinct accounts, each
one observe_account + observe_cross publishing a random template and linking: ~13 entries
a request, 100k requests ~1.3M entries), refreshes a --live share of those accounts at
TTL_S / 2, then moves `now` past TTL_S from the fill and times each of the calls that
follow (one new account's observe_account each), until the sweep has visited the table
(at most 5,000 calls). Reports the worst and median call by the thread's CPU time (steady
on a shared machine: a preempted call is not charged for the wait) and by wall clock, the
entries left and the tables' bytes. --live 0.12 leaves each table just under 1/8 live (the
compaction bound of state_memory.COMPACT_RATIO): the worst case of the copy that shrinks a
table.

The cyclic GC is off while timing: its collections pause any Python code, sweep or not.
To time the code before a change, put that version first on the path:
`git archive HEAD gateway | tar -x -C /tmp/head && PYTHONPATH=/tmp/head .venv/bin/python ...`
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import time

from gateway.signals import fingerprint, state_memory
from gateway.signals.state import TTL_S, CrossInput, ObserveInput
from gateway.signals.state_memory import MemorySignalBackend

T0 = 1_763_942_400.0
TABLES = ("_acct", "_fp", "_subnet", "_subnet_anchor", "_band_anchor", "_parent", "_camp")
MAX_CALLS = 5_000


def _observe(head: int, subnet: str) -> ObserveInput:
    return ObserveInput(head, head, 10, 0.0, 0.0, True, 1, "10.0.0.1", subnet, 3, 0, False)


def _cross(head: int, tail: int, subnet: str) -> CrossInput:
    """Published, link-eligible, linking by subnet: every table gets an entry."""
    return CrossInput(
        bands=fingerprint.bands(head, tail),
        publish=True,
        eligible=True,
        link_subnet=True,
        subnet=subnet,
        cusum=25.0,
        requests=30.0,
        completion_tokens=30_000.0,
        model="",
        edges=(head, tail),
    )


def _entries(backend: MemorySignalBackend) -> int:
    return sum(len(getattr(backend, name)) for name in TABLES)


def _bytes(backend: MemorySignalBackend) -> int:
    """The tables' own allocations (hash tables), not the entries they point to."""
    return sum(sys.getsizeof(getattr(backend, name)) for name in TABLES)


async def _touch(backend: MemorySignalBackend, k: int, rng: random.Random, now: float) -> None:
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    subnet = f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}/32"
    await backend.observe_account(f"a{k}", _observe(head, subnet), now)
    await backend.observe_cross(f"a{k}", _cross(head, tail, subnet), now)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--live", type=float, default=0.0, help="share refreshed at TTL_S / 2")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    backend, rng = MemorySignalBackend(), random.Random(args.seed)
    start = time.perf_counter()
    for k in range(args.requests):
        await _touch(backend, k, rng, T0)
    for k in range(int(args.requests * args.live)):
        await _touch(backend, k, rng, T0 + TTL_S / 2)
    filled, peak_bytes = _entries(backend), _bytes(backend)
    print(f"filled {filled:,} entries in {time.perf_counter() - start:.1f} s")

    step = getattr(state_memory, "SWEEP_STEP", None)
    visits = getattr(backend, "sweep_visits", None)
    gc.collect()
    gc.disable()
    now, times, cpu, most_visits = T0 + TTL_S + 1.0, [], [], 0
    probe = _observe(1, "192.0.2.0/24")
    try:
        for i in range(MAX_CALLS):
            t, c = time.perf_counter(), time.thread_time()
            await backend.observe_account(f"probe{i}", probe, now)
            cpu.append(time.thread_time() - c)
            times.append(time.perf_counter() - t)
            if visits is not None:
                most_visits = max(most_visits, backend.sweep_visits - visits)
                visits = backend.sweep_visits
            # the sweep is done with the fill once no pass is under way (old code: at once)
            if getattr(backend, "_pass_start", None) is None:
                break
            now += 0.001
    finally:
        gc.enable()
    left = _entries(backend) - len(times)  # the probes' own accounts are live
    for name, series in (("cpu", cpu), ("wall", times)):
        worst = max(series)
        print(
            f"{len(series)} calls, {name}: worst {worst * 1e3:.2f} ms "
            f"(call {series.index(worst) + 1}), median {statistics.median(series) * 1e3:.3f} ms,"
            f" total {sum(series) * 1e3:.0f} ms"
        )
    if step is not None:
        print(f"SWEEP_STEP {step}: most entries visited by one call {most_visits}")
    print(
        f"entries {filled:,} -> {left:,}; tables' bytes "
        f"{peak_bytes / 1e6:.1f} MB -> {_bytes(backend) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    asyncio.run(main())
