"""`distillguard simulate`, `replay` and `score`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from gateway.sim.replay import read_traffic, replay
from gateway.sim.score import load_labels, score


def add_simulate_subcommand(sub: Any) -> None:
    from gateway.sim.simulate import add_arguments, simulate_main

    p = sub.add_parser("simulate", help="labeled synthetic traffic (labels in a separate file)")
    add_arguments(p)
    p.set_defaults(handler=simulate_main)


def add_replay_subcommand(sub: Any) -> None:
    p = sub.add_parser("replay", help="backtest policies on recorded traffic")
    p.add_argument("--policies", required=True, help="policy directory or file")
    p.add_argument("--traffic", required=True, help="traffic records (JSON lines, ascending ts)")
    p.add_argument("--out", required=True, help="decision records (JSON lines)")
    p.add_argument("--labels", help="account labels: also score detection quality")
    p.add_argument("--json", action="store_true", help="print the score as JSON")
    p.set_defaults(handler=_replay)
    s = sub.add_parser("score", help="score decision records against labels")
    s.add_argument("--decisions", required=True)
    s.add_argument("--traffic", required=True)
    s.add_argument("--labels", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_score)


def _replay(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    with open(args.traffic, encoding="utf-8") as fh:
        total = sum(1 for _ in fh)
    with Progress(console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("replay", total=total)
        stats = asyncio.run(
            replay(args.policies, args.traffic, args.out, lambda n: progress.advance(task, n))
        )
    console.print(
        f"replayed {stats.records} records in {stats.seconds:.2f}s "
        f"({stats.per_second:,.0f} records/s); skipped {stats.skipped}"
    )
    if args.labels:
        return _print_score(args.out, args.traffic, args.labels, args.json)
    return 0


def _score(args: argparse.Namespace) -> int:
    return _print_score(args.decisions, args.traffic, args.labels, args.json)


def _print_score(decisions: str, traffic: str, labels: str, as_json: bool) -> int:
    result = score(_records(decisions), _traffic(traffic), load_labels(labels))
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    print_score_table(result, Console())
    return 0


def print_score_table(result: dict[str, Any], console: Console) -> None:
    table = Table(title="Detection quality by archetype")
    for col in (
        "archetype",
        "kind",
        "accounts",
        "flagged",
        "rate",
        "leak p50",
        "leak p90",
        "h to flag p50",
        "served after flag",
        "benign tok affected",
    ):
        table.add_column(col, justify="right" if col not in ("archetype", "kind") else "left")
    for name, row in result["archetypes"].items():
        table.add_row(
            name,
            "harvest" if row["harvester"] else "benign",
            str(row["accounts"]),
            str(row["flagged"]),
            f"{row['rate']:.1%}",
            _pct(row.get("leak_median")),
            _pct(row.get("leak_p90")),
            _num(row.get("hours_to_flag_median")),
            _pct(row.get("served_after_flag_share")),
            _pct(row.get("tokens_affected_share")),
        )
    console.print(table)
    console.print(
        f"recall {_pct(result['recall'])}  precision {_pct(result['precision'])}  "
        f"benign FP {_pct(result['benign_fp_rate'])}  "
        f"campaign recall {_pct(result['campaign_recall'])}  "
        f"benign tokens affected {_pct(result['benign_tokens_affected_share'])}"
    )
    console.print(
        f"harvester leak (share of its campaign's tokens served before the first "
        f"enforcement) p50 {_pct(result['harvester_leak_median'])} "
        f"p90 {_pct(result['harvester_leak_p90'])}; of its own tokens "
        f"p50 {_pct(result['harvester_own_leak_median'])} "
        f"p90 {_pct(result['harvester_own_leak_p90'])}; hours to first enforcement "
        f"p50 {_num(result['hours_to_flag_median'])} p90 {_num(result['hours_to_flag_p90'])}; "
        f"campaign leak p50 {_pct(result['campaign_leak_median'])}"
    )
    console.print(
        f"harvester completion tokens served {result['harvest_tokens_served']:,}, "
        f"of which after their first enforcement "
        f"{result['harvest_tokens_served_after_flag']:,}"
    )


def _records(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _traffic(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        for _, rec in read_traffic(fh):
            if rec is not None and "ts" in rec and "account" in rec:
                yield rec


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


__all__ = ["Path", "add_replay_subcommand", "add_simulate_subcommand", "sys"]
