"""Sanity check: run SignalEngine (memory) over simulated traffic, print score per archetype.

    .venv/bin/python bench/signals_eval.py TRAFFIC.jsonl [LABELS.jsonl] [--threshold 0.8]

For each account: max harvest_score over its requests, max CUSUM (the calibration
input for score.THRESHOLD), and the leak: completion tokens served to the account before
its score first crossed the threshold, over its campaign's completion tokens. Not a
replay: no policy, every request is served.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from gateway.facts import Account, RequestFacts
from gateway.signals import MemorySignalBackend, SignalEngine


def facts_from_record(rec: dict[str, Any]) -> RequestFacts:
    req = rec["request"]
    msgs = req.get("messages") or []
    last_user = next((m.get("content", "") for m in reversed(msgs) if m.get("role") == "user"), "")
    return RequestFacts(
        request_id=rec["id"],
        api="openai",
        path=rec["path"],
        model=req.get("model", ""),
        max_tokens=req.get("max_tokens"),
        logprobs=bool(req.get("logprobs")),
        top_logprobs=int(req.get("top_logprobs") or 0),
        logit_bias=bool(req.get("logit_bias")),
        n=int(req.get("n") or 1),
        has_tools=bool(req.get("tools")),
        prompt_tokens=int(rec["response"]["usage"]["prompt_tokens"]),
        message_count=len(msgs),
        client_ip=rec["client_ip"],
        prompt_text=last_user if isinstance(last_user, str) else "",
        body=req,
    )


async def evaluate(traffic: Path, labels: Path, threshold: float) -> None:
    engine = SignalEngine(MemorySignalBackend())
    lab = {r["account"]: r for r in map(json.loads, labels.read_text().splitlines())}
    max_score: dict[str, float] = defaultdict(float)
    max_s: dict[str, float] = defaultdict(float)
    served: dict[str, int] = defaultdict(int)
    before: dict[str, int] = {}
    camp_tokens: dict[str, int] = defaultdict(int)
    n = 0
    t0 = time.perf_counter()
    with traffic.open() as fh:
        for line in fh:
            rec = json.loads(line)
            facts = facts_from_record(rec)
            acct = Account(rec["account"])
            sig = await engine.observe(acct, facts, rec["ts"])
            ct = rec["response"]["usage"]["completion_tokens"]
            a = rec["account"]
            if sig["harvest_score"] > threshold and a not in before:
                before[a] = served[a]
            max_score[a] = max(max_score[a], sig["harvest_score"])
            max_s[a] = max(max_s[a], sig["cusum"], sig["template_cusum"])
            served[a] += ct
            camp = lab[a]["campaign"]
            if camp:
                camp_tokens[camp] += ct
            await engine.settle(acct, facts, ct, rec["response"]["finish_reason"], rec["ts"])
            n += 1
    dt = time.perf_counter() - t0
    print(f"{n} records in {dt:.1f}s ({n / dt:.0f} rec/s incl. JSON parsing)")
    by_arch: dict[str, list[str]] = defaultdict(list)
    for a, row in lab.items():
        by_arch[row["archetype"]].append(a)
    head = ("archetype", "n", "min", "median", "max", "flagged", "max S", "leak (median)")
    print("{:15} {:>4} {:>6} {:>6} {:>6} {:>8} {:>7} {:>14}".format(*head))
    for arch, accts in sorted(by_arch.items(), key=lambda kv: (lab[kv[1][0]]["harvester"], kv[0])):
        scores = [max_score[a] for a in accts]
        flagged = sum(s > threshold for s in scores)
        shares = [
            before.get(a, served[a]) / max(camp_tokens[lab[a]["campaign"]], 1)
            for a in accts
            if lab[a]["harvester"]
        ]
        share = f"{statistics.median(shares):.3%}" if shares else "-"
        row = (arch, len(accts), min(scores), statistics.median(scores), max(scores))
        print("{:15} {:4d} {:6.3f} {:6.3f} {:6.3f}".format(*row), end=" ")
        print(f"{flagged:4d}/{len(accts):<3d} {max(max_s[a] for a in accts):7.1f} {share:>14}")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("traffic", type=Path)
    p.add_argument("labels", type=Path, nargs="?")
    p.add_argument("--threshold", type=float, default=0.8)
    a = p.parse_args()
    labels = a.labels or a.traffic.with_name(a.traffic.name + ".labels.jsonl")
    asyncio.run(evaluate(a.traffic, labels, a.threshold))


if __name__ == "__main__":
    main()
