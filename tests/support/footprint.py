"""Memory per active account: the in-memory store and signal state, and Redis's share.

`python -m tests.support.footprint --accounts 100000 [--redis-port P]` prints the figures
for docs/reliability.md; the test suite runs the same code on fewer accounts.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import tracemalloc
from dataclasses import dataclass

from gateway.facts import Account, Cost, Limit
from gateway.request_facts import build_facts
from gateway.signals.engine import SignalEngine
from gateway.signals.state import open_signal_backend
from gateway.store import open_store
from gateway.store.base import UsageStore

T0 = 1_764_000_000.0
LIMITS = [Limit(metric="tokens", window="day", maximum=1_000_000)]


@dataclass
class Footprint:
    accounts: int
    store_bytes: int
    signal_bytes: int

    @property
    def per_account(self) -> float:
        return (self.store_bytes + self.signal_bytes) / self.accounts


async def _day_of_traffic(
    store: UsageStore, engine: SignalEngine, accounts: int, requests_each: int
) -> None:
    """Each account makes `requests_each` requests spread over a day (other buckets)."""
    for n in range(accounts):
        account = Account(id=f"acct-{n:07d}", key_id=f"k-{n:07d}")
        for i in range(requests_each):
            now = T0 + (n * 7 + i * 3600) % 86_400
            body = {
                "model": "gpt-4o",
                "messages": [{"role": "user", "content": f"Question {i} from {n} about caching"}],
            }
            facts = build_facts(
                request_id=f"r-{n}-{i}",
                api="openai",
                path="/v1/chat/completions",
                body=body,
                prompt_tokens=12,
                client_ip=f"10.{n % 250}.{(n // 250) % 250}.{n % 7}",
            )
            reservation = await store.reserve(account.id, Cost(1, 12, 50), LIMITS, now)
            await engine.observe(account, facts, now)
            await store.settle(reservation, Cost(1, 12, 40), now)
            await engine.settle(account, facts, 40, "stop", now)


async def measure_memory(accounts: int, requests_each: int = 2) -> Footprint:
    """Python heap growth (tracemalloc) of the memory store and the memory signal backend."""
    gc.collect()
    tracemalloc.start()
    try:
        store = open_store("memory")
        base = tracemalloc.get_traced_memory()[0]
        engine = SignalEngine(open_signal_backend("memory"))
        await _day_of_traffic(store, engine, accounts, requests_each)
        gc.collect()
        total = tracemalloc.get_traced_memory()[0] - base
        # Attribute by measuring the store alone on the same traffic.
        store_only = open_store("memory")
        before = tracemalloc.get_traced_memory()[0]
        for n in range(accounts):
            for i in range(requests_each):
                now = T0 + (n * 7 + i * 3600) % 86_400
                r = await store_only.reserve(f"acct-{n:07d}", Cost(1, 12, 50), LIMITS, now)
                await store_only.settle(r, Cost(1, 12, 40), now)
        gc.collect()
        store_bytes = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    return Footprint(accounts, store_bytes, max(0, total - store_bytes))


async def measure_redis(url: str, prefix: str, accounts: int, requests_each: int = 2) -> float:
    """Average MEMORY USAGE bytes per account over every key the gateway wrote."""
    import redis.asyncio as aioredis

    store = open_store(url, prefix=prefix, timeout_s=5)
    engine = SignalEngine(open_signal_backend(url, prefix=prefix, timeout_s=5))
    try:
        await _day_of_traffic(store, engine, accounts, requests_each)
    finally:
        await store.close()
        await engine.backend.close()
    client = aioredis.Redis.from_url(url)
    try:
        total = 0
        async for key in client.scan_iter(match=f"*{prefix}*", count=1000):
            total += int(await client.memory_usage(key, samples=0) or 0)
    finally:
        await client.aclose()
    return total / accounts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--redis-url", help="a PRIVATE redis (keys are written, not deleted)")
    args = parser.parse_args()
    mem = asyncio.run(measure_memory(args.accounts))
    print(
        f"memory: {args.accounts} accounts, store {mem.store_bytes / 1e6:.1f} MB, "
        f"signals {mem.signal_bytes / 1e6:.1f} MB, {mem.per_account:.0f} B/account"
    )
    if args.redis_url:
        per = asyncio.run(measure_redis(args.redis_url, "dgfoot", args.accounts))
        print(f"redis: {per:.0f} B/account (MEMORY USAGE, samples=0)")


if __name__ == "__main__":
    main()
