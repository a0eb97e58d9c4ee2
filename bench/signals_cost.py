"""Cost of the signal engine, and SimHash vs MinHash for template detection.

    .venv/bin/python bench/signals_cost.py [--redis redis://127.0.0.1:6379/0] [--n 3000]

1. µs per observe+settle over simulated traffic (memory; Redis when --redis is given,
   with a unique prefix that is deleted afterwards), and µs for request_features alone.
2. Template detection: pairs of instances of one template (harvest templates, rubric,
   batch jobs) should match; pairs of unrelated prompts (human, code, paraphrased
   harvest) should not. Reported for whole-prompt SimHash, edge (head/tail) SimHash and
   MinHash over word bigrams, with each one's µs per prompt.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from signals_eval import facts_from_record

from gateway.facts import Account
from gateway.signals import MemorySignalBackend, SignalEngine, fingerprint
from gateway.signals.features import request_features
from gateway.signals.state import SignalBackend
from gateway.sim import text
from gateway.sim.simulate import simulate


async def engine_cost(backend: SignalBackend, records: list[dict[str, object]]) -> float:
    engine = SignalEngine(backend)
    facts = [facts_from_record(r) for r in records]  # type: ignore[arg-type]
    t0 = time.perf_counter()
    for r, f in zip(records, facts, strict=True):
        acct = Account(str(r["account"]))
        ts = float(r["ts"])  # type: ignore[arg-type]
        await engine.observe(acct, f, ts)
        await engine.settle(acct, f, 500, "stop", ts)
    return (time.perf_counter() - t0) / len(records) * 1e6


def template_accuracy() -> None:
    rng = random.Random(7)
    same: list[Callable[[], str]] = [
        *(
            lambda lang=lang, t=t: text.harvest_prompt(rng, lang, t)
            for lang in text.HARVEST_TEMPLATES
            for t in range(2)
        ),
        lambda: text.rubric_prompt(rng),
        lambda: text.batch_prompt(rng, 0),
        lambda: text.benchmark_prompt(rng, True),
    ]
    other: list[Callable[[], str]] = [
        lambda: text.human_prompt(rng, 0.1),
        lambda: text.code_prompt(rng),
        lambda: text.paraphrase_prompt(rng),
    ]
    methods: dict[str, tuple[Callable[[list[str]], object], Callable[[object, object], bool]]] = {
        "simhash whole<=8": (fingerprint.simhash, lambda a, b: fingerprint.hamming(a, b) <= 8),  # type: ignore[arg-type]
        "simhash edges<=8": (
            fingerprint.template_fingerprint,
            lambda a, b: min(fingerprint.hamming(a[0], b[0]), fingerprint.hamming(a[1], b[1])) <= 8,  # type: ignore[index]
        ),
        "minhash32 J>=0.3": (
            fingerprint.minhash,
            lambda a, b: fingerprint.minhash_similarity(a, b) >= 0.3,  # type: ignore[arg-type]
        ),
    }
    pairs_same = [(g(), g()) for g in same for _ in range(60)]
    pairs_other = [(g(), g()) for g in other for _ in range(200)]
    print(f"{'method':18} {'same-template match':>20} {'unrelated match':>16} {'us/prompt':>10}")
    for name, (sketch, match) in methods.items():
        toks = [(fingerprint.tokens(a), fingerprint.tokens(b)) for a, b in pairs_same + pairs_other]
        t0 = time.perf_counter()
        sk = [(sketch(a), sketch(b)) for a, b in toks]
        us = (time.perf_counter() - t0) / (2 * len(toks)) * 1e6
        hits = [match(a, b) for a, b in sk]
        tp = sum(hits[: len(pairs_same)]) / len(pairs_same)
        fp = sum(hits[len(pairs_same) :]) / len(pairs_other)
        print(f"{name:18} {tp:20.1%} {fp:16.2%} {us:10.1f}")


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--redis", default=None)
    p.add_argument("--n", type=int, default=3000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.jsonl"
        simulate(out, seed=5, days=1.0, scale=0.2)
        records = [json.loads(line) for _, line in zip(range(args.n), out.open(), strict=False)]
    facts = [facts_from_record(r) for r in records]
    t0 = time.perf_counter()
    for f in facts:
        request_features(f)
    print(f"request_features: {(time.perf_counter() - t0) / len(facts) * 1e6:.1f} us/request")
    mem = await engine_cost(MemorySignalBackend(), records)
    print(f"memory observe+settle: {mem:.1f} us/request over {len(records)} records")
    if args.redis:
        import redis.asyncio as aioredis

        from gateway.signals.state_redis import RedisSignalBackend

        prefix = f"dgbench-{uuid.uuid4().hex[:8]}"
        backend = RedisSignalBackend(aioredis.Redis.from_url(args.redis), prefix)
        try:
            red = await engine_cost(backend, records[:1000])
            print(f"redis observe+settle: {red:.1f} us/request (3 round trips) over 1000 records")
        finally:
            client = aioredis.Redis.from_url(args.redis)
            async for key in client.scan_iter(match=f"*{prefix}*", count=1000):
                await client.delete(key)
            await client.aclose()
            await backend.close()
    template_accuracy()


if __name__ == "__main__":
    asyncio.run(main())
