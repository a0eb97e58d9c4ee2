"""Detection quality per archetype, per seed and style, for several policy packs.

    .venv/bin/python bench/detection_eval.py --seeds 3 4 5 --styles default alt \
        --policies policies/default.yaml policies/baselines/token-limiter \
        policies/baselines/reasoning-long-output [--days 3] [--workdir /tmp/dg-eval]

For every (style, seed) it runs `distillguard simulate` (cached in --workdir), then for
every policy pack the same `replay` and `score` as `distillguard replay --labels`, and
prints Markdown: one row per archetype with flagged/accounts per seed, the pooled leak
median and p90 over the seeds, then one summary row per pack and seed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from gateway.sim.replay import read_traffic, replay
from gateway.sim.score import load_labels, score
from gateway.sim.simulate import simulate


def _traffic(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        for _, rec in read_traffic(fh):
            if rec is not None:
                yield rec


def _decisions(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def evaluate(policies: str, traffic: Path, work: Path) -> dict[str, Any]:
    out = work / f"{traffic.stem}.{Path(policies).stem}.decisions.jsonl"
    stats = asyncio.run(replay(policies, traffic, out))
    labels = load_labels(traffic.with_name(traffic.name + ".labels.jsonl"))
    result = score(_decisions(out), _traffic(traffic), labels)
    result["records_per_s"] = round(stats.per_second)
    out.unlink()
    return result


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def report(pack: str, style: str, results: dict[int, dict[str, Any]]) -> None:
    seeds = sorted(results)
    print(f"\n#### {pack} on `--style {style}`, seeds {', '.join(map(str, seeds))}\n")
    print("| archetype | kind | flagged per seed | leak p50 | leak p90 | h to flag p50 |")
    print("|---|---|---|---|---|---|")
    names = sorted({a for r in results.values() for a in r["archetypes"]})
    for name in names:
        rows = [results[s]["archetypes"].get(name) for s in seeds]
        rows_ok = [r for r in rows if r]
        kind = "harvest" if rows_ok[0]["harvester"] else "benign"
        flagged = " / ".join(f"{r['flagged']}/{r['accounts']}" if r else "-" for r in rows)
        leaks = [r["leak_median"] for r in rows_ok if r.get("leak_median") is not None]
        p90 = [r["leak_p90"] for r in rows_ok if r.get("leak_p90") is not None]
        hours = [
            r["hours_to_flag_median"] for r in rows_ok if r.get("hours_to_flag_median") is not None
        ]
        print(
            f"| {name} | {kind} | {flagged} | "
            f"{_pct(statistics.median(leaks)) if leaks else '-'} | "
            f"{_pct(max(p90)) if p90 else '-'} | "
            f"{f'{statistics.median(hours):.1f}' if hours else '-'} |"
        )
    print(
        "\n| seed | recall | precision | benign FP | chat FP | campaign recall | "
        "harvester leak p50 | benign tokens affected | records/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for s in seeds:
        r = results[s]
        chat = r["archetypes"].get("chat") or r["archetypes"].get("casual") or {}
        print(
            f"| {s} | {_pct(r['recall'])} | {_pct(r['precision'])} | "
            f"{_pct(r['benign_fp_rate'])} | {chat.get('flagged', '-')} | "
            f"{_pct(r['campaign_recall'])} | {_pct(r.get('harvester_leak_median'))} | "
            f"{_pct(r['benign_tokens_affected_share'])} | {r['records_per_s']:,} |"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[3, 4, 5])
    ap.add_argument("--styles", nargs="+", default=["default", "alt"])
    ap.add_argument("--policies", nargs="+", default=["policies/default.yaml"])
    ap.add_argument("--days", type=float, default=3.0)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dg-eval"))
    ap.add_argument("--json", type=Path, help="also write every result as JSON here")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    everything: dict[str, Any] = {}
    for style in args.styles:
        traffic = {}
        for seed in args.seeds:
            path = args.workdir / f"{style}-s{seed}-d{args.days:g}.jsonl"
            if not path.exists():
                simulate(path, seed=seed, days=args.days, style=style)
            traffic[seed] = path
        for pack in args.policies:
            results = {seed: evaluate(pack, path, args.workdir) for seed, path in traffic.items()}
            everything[f"{pack}|{style}"] = results
            report(pack, style, results)
            sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
