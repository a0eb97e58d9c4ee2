"""Redis memory per distinct prompt held for the common-question signal (`prompt_accounts`).

    .venv/bin/python bench/prompt_memory.py [--prompts 20000] [--redis redis://127.0.0.1:6379/0]

Sends N cross-account observations, each with a new prompt digest, through the Redis
signal backend under a unique prefix, reads `used_memory` before and after, reports the
bytes per prompt, and deletes its keys. Every distinct prompt of a day keeps its sender
ids for two days, as a field of one of that day's 100,000 hashes, so this times twice
the distinct prompts a day is what it costs. Hashes use Redis' listpack encoding up to
`hash-max-listpack-entries` fields (512 by default), a hashtable past that, which costs
about three times as much per field. Below ~100,000 prompts a day most hashes hold one
field and the key itself is most of the cost.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import uuid

import redis.asyncio as aioredis

from gateway.signals.state import CrossInput
from gateway.signals.state_redis import RedisSignalBackend

DAY_START = 11_575 * 86_400.0
"""The start of a UTC day."""


async def bytes_per_prompt(url: str, prompts: int) -> float:
    probe = aioredis.Redis.from_url(url)
    prefix = "prompt-memory-" + uuid.uuid4().hex[:8]
    backend = RedisSignalBackend(aioredis.Redis.from_url(url), prefix)
    base = CrossInput((), False, False, False, "10.1.2.0/24", 0.0, 1.0, 0.0, "")
    rng = random.Random(1)
    try:
        before = (await probe.info("memory"))["used_memory"]
        for i in range(prompts):
            inp = dataclasses.replace(base, prompt=rng.getrandbits(63) | 1)
            # All N within one day: what N distinct prompts a day cost.
            await backend.observe_cross(f"a{i % 5000}", inp, DAY_START + i * 86_000 / prompts)
        after = (await probe.info("memory"))["used_memory"]
    finally:
        keys = [k async for k in probe.scan_iter(match=f"{{{prefix}*", count=1000)]
        for i in range(0, len(keys), 500):
            await probe.delete(*keys[i : i + 500])
        await backend.close()
        await probe.aclose()
    return (after - before) / prompts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prompts", type=int, default=20_000)
    p.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = p.parse_args()
    per = asyncio.run(bytes_per_prompt(args.redis, args.prompts))
    print(f"{args.prompts} distinct prompts: {per:.0f} bytes each in Redis")


if __name__ == "__main__":
    main()
