"""CPU of a Redis script call through redis-py, alone or sharing a pipeline.

    .venv/bin/python bench/redis_calls.py [--url redis://127.0.0.1:6379/14] [--calls 3000]

The figures behind `redisconn.ScriptBatcher`: a trivial script called one call per round
trip, then two calls per pipeline (`run_scripts`), with 16 calls in flight as under load,
and one after another. Reports this process's CPU (user + system) per call.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.redisconn import redis_client, run_scripts


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def per_call(fn: Callable[[], Awaitable[Any]], calls: int, in_flight: int) -> float:
    gate = asyncio.Semaphore(in_flight)

    async def one() -> None:
        async with gate:
            await fn()

    before = cpu_seconds()
    await asyncio.gather(*(one() for _ in range(calls)))
    return 1e6 * (cpu_seconds() - before) / calls


async def main(url: str, calls: int) -> None:
    client = redis_client(url, prefix="bench", timeout_s=2.0, decode_responses=False)
    script = client.register_script("return ARGV[1]")
    keys = ["{bench}:k"]
    await script(keys=keys, args=[1])
    one: Callable[[], Awaitable[Any]] = lambda: script(keys=keys, args=[1, 2, 3])  # noqa: E731
    two: Callable[[], Awaitable[Any]] = lambda: run_scripts(  # noqa: E731
        client, [(script, keys, [1, 2, 3]), (script, keys, [4, 5, 6])]
    )
    try:
        for label, fn in (("one call per round trip", one), ("two calls per pipeline", two)):
            for in_flight in (16, 1):
                await per_call(fn, calls // 10, in_flight)  # warm
                us = await per_call(fn, calls, in_flight)
                print(f"{label}, {in_flight} in flight: {us:.0f} µs of CPU per round trip")
    finally:
        await client.aclose()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--url", default="redis://127.0.0.1:6379/14")
    p.add_argument("--calls", type=int, default=3000)
    args = p.parse_args()
    asyncio.run(main(args.url, args.calls))
