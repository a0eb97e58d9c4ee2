"""Cost of decide() per request: the shipped pack, and 100 generated rules.

    .venv/bin/python bench/policy_eval.py [--requests 20000]

Prints µs per decide() call (median of 5 runs over a mix of benign and harvest-like
requests) and the load time (compile + load-time type checks) of each policy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from gateway.facts import Account, RequestFacts, Usage, empty_usage
from gateway.policy import Policy, decide, load_policy

ROOT = Path(__file__).resolve().parents[1]
NOW = 1_764_000_000.0

_CONDITIONS = [
    "request.top_logprobs >= {k} && usage.requests.hour > {v}",
    "request.max_tokens > {v} && request.messages <= {k}",
    "usage.tokens.minute > {v}0 || usage.requests.minute > {k}0",
    "signals.sig_{k} > 0.{k} && account.age_days < {k}.0",
    "request.model.startsWith('gpt-{k}') && request.n > {k}",
    "tier == 'free' && usage.completion_tokens.day > {v}00",
    "request.reasoning && !request.has_tools && request.prompt_tokens > {v}",
]
_ACTIONS = [
    ("log", ""),
    ("degrade", "    degrade: {{max_tokens: {v}, strip_logprobs: true}}\n"),
    ("throttle", "    throttle: {{mode: delay, max_delay_s: 1}}\n"),
    ("challenge", "    challenge: {{difficulty: {k}}}\n"),
    ("block", ""),
]


def generated_rules(count: int, seed: int = 7) -> str:
    """A policy file of `count` varied rules (a fifth of them in shadow mode)."""
    rng = random.Random(seed)
    lines = ["version: 1", "rules:"]
    for i in range(count):
        k, v = rng.randint(1, 9), rng.randint(100, 900)
        action, options = rng.choice(_ACTIONS)
        lines.append(
            f"  - id: gen-{i}\n    description: generated rule {i}\n"
            f"    when: {_CONDITIONS[i % len(_CONDITIONS)].format(k=k, v=v)!r}\n"
            f"    action: {action}\n"
            + options.format(k=k, v=v)
            + ("    mode: shadow\n" if i % 5 == 0 else "")
        )
    return "\n".join(lines) + "\n"


def workload(n: int, seed: int = 11) -> list[tuple[RequestFacts, Account, Usage, dict[str, float]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        harvest = rng.random() < 0.2
        usage = empty_usage()
        for metric in usage:
            for window, scale in (("minute", 1), ("hour", 60), ("day", 1440)):
                usage[metric][window] = rng.randint(0, 40 if metric == "requests" else 4000) * scale
        facts = RequestFacts(
            request_id=f"r{i}",
            api="openai",
            path="/v1/chat/completions",
            model=rng.choice(["gpt-4o", "gpt-4o-mini", "o3"]),
            max_tokens=rng.choice([None, 512, 4096, 16000]),
            top_logprobs=5 if harvest and rng.random() < 0.5 else 0,
            reasoning_requested=harvest,
            prompt_tokens=rng.randint(10, 3000),
            message_count=1 if harvest else rng.randint(1, 12),
        )
        account = Account(
            f"acct-{i % 50}",
            rng.choice(["free", "standard"]),
            created_ts=NOW - 86400 * rng.random() * 30,
        )
        signals = {
            "harvest_score": rng.random() if harvest else 0.05,
            "reasoning_elicitation": 1.0 if harvest else 0.0,
        }
        out.append((facts, account, usage, signals))
    return out


def mean_hits(
    policy: Policy, work: list[tuple[RequestFacts, Account, Usage, dict[str, float]]]
) -> float:
    total = sum(len(decide(f, a, u, s, policy, NOW).hits) for f, a, u, s in work)
    return total / len(work)


def per_call_us(
    policy: Policy, work: list[tuple[RequestFacts, Account, Usage, dict[str, float]]]
) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for facts, account, usage, signals in work:
            decide(facts, account, usage, signals, policy, NOW)
        runs.append((time.perf_counter() - start) / len(work) * 1e6)
    return statistics.median(runs)


def timed_load(paths: list[Path]) -> tuple[Policy, float]:
    start = time.perf_counter()
    policy = load_policy(paths)
    return policy, (time.perf_counter() - start) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()
    work = workload(args.requests)
    default, default_ms = timed_load([ROOT / "policies" / "default.yaml"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(generated_rules(100))
        generated, generated_ms = timed_load([path])
    print(f"{'policy':<22}{'rules':>6}{'load ms':>10}{'hits/req':>10}{'decide µs':>12}")
    for name, policy, load_ms in (
        ("default.yaml", default, default_ms),
        ("100 generated rules", generated, generated_ms),
    ):
        hits = mean_hits(policy, work)
        cost = per_call_us(policy, work)
        print(f"{name:<22}{len(policy.rules):>6}{load_ms:>10.1f}{hits:>10.2f}{cost:>12.1f}")


if __name__ == "__main__":
    main()
