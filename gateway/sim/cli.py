"""`distillguard simulate`, `replay` and `score`."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from gateway.errors import ConfigError
from gateway.sim.replay import read_traffic, replay
from gateway.sim.score import load_labels, score

MAX_DAY_SCALE = 100.0
"""Upper bound on --days x --scale: the generator holds every record in memory before
writing (about 35 MB of records per simulated day at scale 1), and an unbounded --days
(inf, 1e9) ran until it hung the machine."""


def add_simulate_subcommand(sub: Any) -> None:
    from gateway.sim.simulate import add_arguments, simulate_main

    p = sub.add_parser("simulate", help="labeled synthetic traffic (labels in a separate file)")
    add_arguments(p)

    def checked(args: argparse.Namespace) -> int:
        _check_simulate_args(args)
        try:
            return simulate_main(args)
        except OSError as exc:
            raise ConfigError(f"simulate: {exc.filename}: cannot write: {exc.strerror}") from exc

    p.set_defaults(handler=checked)


def _check_simulate_args(args: argparse.Namespace) -> None:
    for flag, value in (("--days", args.days), ("--scale", args.scale)):
        if not math.isfinite(value) or value <= 0:
            raise ConfigError(f"simulate: {flag}: must be a positive number (got {value})")
    if args.days * args.scale > MAX_DAY_SCALE:
        raise ConfigError(
            f"simulate: --days x --scale is {args.days * args.scale:g}; at most "
            f"{MAX_DAY_SCALE:g} (every record is held in memory before it is written)"
        )
    labels = args.labels or args.out.with_name(args.out.name + ".labels.jsonl")
    for flag, path in (("--out", args.out), ("--labels", labels)):
        _check_output(flag, Path(path))


def _check_output(flag: str, path: Path) -> None:
    """Refuse an output path that cannot be written before minutes of generating are spent."""
    if path.is_dir():
        raise ConfigError(f"{flag} {path}: is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise ConfigError(f"{flag} {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ConfigError(f"{flag} {path}: not writable")


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
    flags = {args.traffic: "--traffic", args.out: "--out"}
    # Read before the replay, so a bad labels file costs no replay.
    labels = load_labels(args.labels) if args.labels else None
    try:
        with open(args.traffic, "rb") as fh:
            total = sum(1 for _ in fh)
        with Progress(console=console, disable=not console.is_terminal) as progress:
            task = progress.add_task("replay", total=total)
            stats = asyncio.run(
                replay(args.policies, args.traffic, args.out, lambda n: progress.advance(task, n))
            )
    except OSError as exc:
        where = " ".join(filter(None, (flags.get(exc.filename), str(exc.filename))))
        raise ConfigError(f"replay: {where}: {exc.strerror}") from exc
    # print, not the console: a record's value may hold "[bold]", and no wrapping mid-path
    for problem in stats.problems:
        print(f"skipped {problem}", file=sys.stderr)
    if stats.skipped > len(stats.problems):
        print(f"... and {stats.skipped - len(stats.problems)} more skipped", file=sys.stderr)
    console.print(
        f"replayed {stats.records} records in {stats.seconds:.2f}s "
        f"({stats.per_second:,.0f} records/s); skipped {stats.skipped}"
    )
    if stats.records == 0 and stats.skipped:
        print(f"replay: no usable traffic records in {args.traffic}", file=sys.stderr)
        return 1
    if labels is not None:
        return _print_score(args.out, args.traffic, labels, args.json)
    return 0


def _score(args: argparse.Namespace) -> int:
    return _print_score(args.decisions, args.traffic, load_labels(args.labels), args.json)


def _print_score(
    decisions: str, traffic: str, labels: dict[str, dict[str, Any]], as_json: bool
) -> int:
    result = score(_records(decisions), _traffic(traffic), labels)
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


def _records(path: str) -> Iterator[dict[str, Any]]:
    """Decision records; a line that is none is an error naming file and line."""
    with _open_input(path, "--decisions") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line.decode("utf-8"))
            except ValueError as exc:
                raise ConfigError(f"{path}:{number}: not a JSON decision record: {exc}") from None
            if not isinstance(rec, dict):
                raise ConfigError(f"{path}:{number}: not a JSON object")
            yield rec


def _traffic(path: str) -> Iterator[dict[str, Any]]:
    """The usable traffic records (the ones replay decides on; the rest have no decision)."""
    with _open_input(path, "--traffic") as fh:
        for _, rec in read_traffic(fh):
            if rec is not None:
                yield rec


def _open_input(path: str, flag: str) -> Any:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise ConfigError(f"{flag} {path}: {exc.strerror}") from exc


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


__all__ = ["Path", "add_replay_subcommand", "add_simulate_subcommand", "sys"]
