"""What the per-message cache saves, and what streamed completion counting costs per delta.

    .venv/bin/python bench/tokens_cache.py [--turns 50] [--seed 1]

A conversation resends its whole history every turn. Part 1 counts the prompt of each turn of a
simulated conversation (user and assistant messages of 100-300 words each) with the cache and
without it. Part 2 streams a long completion in small deltas through StreamTokenCounter and
compares with encoding each delta alone (fast but wrong) and with the exact count.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from gateway.tokens import TokenCounter

MODEL = "gpt-4o"


def words(rng: random.Random, count: int) -> str:
    letters = "etaoinshrdlucmfwypvbgkqjxz"
    out = []
    for _ in range(count):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        out.append(word + rng.choice(["", "", "", ",", ".", "\n"]))
    return " ".join(out)


def conversation(rng: random.Random, turns: int) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = [{"role": "system", "content": words(rng, 150)}]
    bodies = []
    for _ in range(turns):
        history.append({"role": "user", "content": words(rng, rng.randint(100, 300))})
        bodies.append({"model": MODEL, "messages": list(history)})
        history.append({"role": "assistant", "content": words(rng, rng.randint(100, 300))})
    return bodies


def time_prompts(counter: TokenCounter, bodies: list[dict[str, Any]]) -> tuple[float, int]:
    start = time.perf_counter()
    total = sum(counter.count_prompt("openai", "/v1/chat/completions", body) for body in bodies)
    return time.perf_counter() - start, total


def bench_cache(turns: int, seed: int) -> None:
    bodies = conversation(random.Random(seed), turns)
    cached, plain = TokenCounter(), TokenCounter(cache_entries=0)
    cached.load()
    plain.load()
    with_cache, total_a = time_prompts(cached, bodies)
    without, total_b = time_prompts(plain, bodies)
    assert total_a == total_b, (total_a, total_b)
    stats = cached.cache_stats
    print(f"prompt counting, {turns}-turn conversation, {total_a} prompt tokens in all turns")
    print(f"  without cache: {without * 1000:8.1f} ms")
    print(
        f"  with cache:    {with_cache * 1000:8.1f} ms  (hits {stats.hits}, misses {stats.misses})"
    )
    print(f"  ratio:         {without / with_cache:8.1f}x faster with cache")


def bench_stream(seed: int) -> None:
    rng = random.Random(seed)
    text = words(rng, 20_000)
    deltas, pos = [], 0
    while pos < len(text):
        step = rng.randint(1, 8)  # deltas in real streams carry one token or a few characters
        deltas.append(text[pos : pos + step])
        pos += step
    counter = TokenCounter()
    stream = counter.stream_counter(MODEL)
    encoder = counter.encoder_for(MODEL)
    start = time.perf_counter()
    for delta in deltas:
        stream.add(delta)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    naive = sum(len(encoder.encode_ordinary(delta)) for delta in deltas)
    naive_elapsed = time.perf_counter() - start
    exact = len(encoder.encode_ordinary(text))
    print(f"stream counting, {len(deltas)} deltas, {len(text)} chars")
    print(
        f"  StreamTokenCounter: {stream.total} tokens, {elapsed / len(deltas) * 1e6:.1f} us/delta"
    )
    print(f"  per-delta encode:   {naive} tokens, {naive_elapsed / len(deltas) * 1e6:.1f} us/delta")
    print(f"  exact (one encode): {exact} tokens")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bench_cache(args.turns, args.seed)
    bench_stream(args.seed)


if __name__ == "__main__":
    main()
