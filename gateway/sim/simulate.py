"""`distillguard simulate`: labeled synthetic traffic in the CONTRACT.md traffic-record format.

Seeded and reproducible: every account draws from its own `random.Random` seeded with
(seed, index), records are sorted by (ts, account, sequence), ids follow that order, and
JSON is written with fixed separators, so the same arguments give byte-identical files.
Labels go to a separate file (FILE.labels.jsonl unless --labels): one line per account.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.sim import alt
from gateway.sim.archetypes import BENIGN, DAY, Event, Spec
from gateway.sim.harvesters import HARVESTERS

START_TS = 1_763_942_400.0  # a UTC midnight; the engine reads record time, never the clock

# Accounts per archetype at --scale 1 (hydra: campaigns x members).
BENIGN_COUNTS = {
    "chat": 200,
    "developer": 40,
    "batch": 8,
    "rag": 5,
    "benchmark": 6,
    "agent": 8,
    "reseller": 3,
}
HARVEST_COUNTS = {
    "naive": 2,
    "low_slow": 4,
    "logprob_miner": 2,
    "paraphrase": 2,
    "reseller_mixed": 2,
}
HYDRA_CAMPAIGNS = 2
HYDRA_MEMBERS = 30
SCENARIOS = ("mixed", "benign", "harvest")
STYLES = ("default", "alt")

_LANG_SWEEPS = (
    ("en", "zh", "es", "fr", "de", "ru", "ja", "ko", "pt"),
    ("en", "zh", "ja"),
    ("en", "es", "pt"),
)


@dataclass(frozen=True, slots=True)
class SimResult:
    records: int
    accounts: int
    harvesters: int
    labels_path: Path


class _Ips:
    """Address plan: homes are unique, offices and clouds put unrelated accounts in one /24."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.offices = [f"203.0.{100 + i}" for i in range(6)]
        self.clouds = [f"34.{100 + i}.7" for i in range(10)]

    def home(self) -> str:
        r = self.rng
        return f"{r.randint(24, 99)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def in_subnet(self, prefix: str) -> str:
        return f"{prefix}.{self.rng.randint(1, 254)}"

    def for_benign(self, archetype: str) -> tuple[str, ...]:
        r = self.rng
        if archetype == "reseller":
            return tuple(self.home() for _ in range(r.randint(40, 200)))
        if archetype in ("batch", "rag", "agent") or (
            archetype == "developer" and r.random() < 0.3
        ):
            return tuple(self.in_subnet(r.choice(self.clouds)) for _ in range(r.randint(1, 3)))
        if archetype == "chat" and r.random() < 0.3:
            return (self.in_subnet(r.choice(self.offices)),)
        return tuple(self.home() for _ in range(r.randint(1, 2)))


def _specs(rng: random.Random, scenario: str, scale: float) -> list[Spec]:
    ips = _Ips(rng)
    raw: list[tuple[str, bool, str | None, tuple[str, ...], dict[str, Any]]] = []
    if scenario in ("mixed", "benign"):
        for arch, n in BENIGN_COUNTS.items():
            raw += [
                (arch, False, None, ips.for_benign(arch), {})
                for _ in range(max(1, round(n * scale)))
            ]
    if scenario in ("mixed", "harvest"):
        for arch, n in HARVEST_COUNTS.items():
            for i in range(max(1, round(n * scale))):
                pool = ips.for_benign("reseller") if arch == "reseller_mixed" else (ips.home(),)
                raw.append((arch, True, f"camp-{arch}-{i + 1}", pool, {}))
        for c in range(max(1, round(HYDRA_CAMPAIGNS * scale))):
            proxies = [f"45.{140 + c}.{j}" for j in range(3)] + rng.sample(ips.clouds, 2)
            params = {"languages": _LANG_SWEEPS[c % len(_LANG_SWEEPS)], "template": c}
            for _ in range(max(8, round(HYDRA_MEMBERS * scale))):
                pool = tuple(ips.in_subnet(rng.choice(proxies)) for _ in range(6))
                raw.append(("hydra", True, f"camp-hydra-{c + 1}", pool, params))
    rng.shuffle(raw)
    return [
        Spec(f"acct-{i:04d}", arch, harv, camp, f"k-{i:04d}a", pool, 1.0, params)
        for i, (arch, harv, camp, pool, params) in enumerate(raw, start=1)
    ]


def _generate(
    spec: Spec, seed: int, index: int, start: float, end: float, style: str = "default"
) -> list[Event]:
    rng = random.Random(f"{seed}:{index}:{spec.archetype}")
    if style == "alt":
        make = alt.BENIGN.get(spec.archetype) or alt.HARVESTERS[spec.archetype]
    else:
        make = BENIGN.get(spec.archetype) or HARVESTERS[spec.archetype]
    return [e for e in make(rng, spec, start, end) if start <= e.ts < end]


def _record(n: int, e: Event) -> dict[str, Any]:
    return {
        "id": f"r-{n:07d}",
        "ts": round(e.ts, 3),
        "account": e.spec.account,
        "api_key_id": e.spec.key_id,
        "client_ip": e.ip,
        "path": e.path,
        "request": e.request,
        "response": e.response,
    }


def simulate(
    out: Path,
    scenario: str = "mixed",
    seed: int = 1,
    days: float = 3.0,
    scale: float = 1.0,
    labels: Path | None = None,
    style: str = "default",
) -> SimResult:
    """Write traffic records to `out` and labels beside it; returns what was written.

    `style="alt"` uses the independent second generator (alt.py): other wording, timing,
    API shapes and harvesting tactics, to test detection on traffic it was not tuned on.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}")
    rng = random.Random(seed)
    specs = alt.specs(rng, scenario, scale) if style == "alt" else _specs(rng, scenario, scale)
    end = START_TS + days * DAY
    events: list[tuple[float, str, int, Event]] = []
    for i, spec in enumerate(specs):
        events += [
            (e.ts, spec.account, j, e)
            for j, e in enumerate(_generate(spec, seed, i, START_TS, end, style))
        ]
    events.sort(key=lambda x: (x[0], x[1], x[2]))
    with out.open("w", encoding="utf-8") as fh:
        for n, (_, _, _, e) in enumerate(events, start=1):
            fh.write(json.dumps(_record(n, e), ensure_ascii=False, separators=(",", ":")) + "\n")
    labels_path = labels or out.with_name(out.name + ".labels.jsonl")
    with labels_path.open("w", encoding="utf-8") as fh:
        for s in specs:
            row = {
                "account": s.account,
                "archetype": s.archetype,
                "harvester": s.harvester,
                "campaign": s.campaign,
            }
            fh.write(json.dumps(row, separators=(",", ":")) + "\n")
    return SimResult(len(events), len(specs), sum(s.harvester for s in specs), labels_path)


def add_simulate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="traffic records (JSON lines)")
    parser.add_argument("--scenario", default="mixed", choices=SCENARIOS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=float, default=3.0)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies account counts")
    parser.add_argument("--labels", type=Path, default=None, help="default: OUT.labels.jsonl")
    parser.add_argument(
        "--style",
        default="default",
        choices=STYLES,
        help="alt: the independent second generator (other wording, timing and tactics)",
    )


def add_simulate_subcommand(subparsers: Any) -> argparse.ArgumentParser:
    """Register `simulate` on the CLI's subparsers; the handler is in `func`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "simulate", help="labeled synthetic traffic"
    )
    add_simulate_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    if args.days <= 0 or args.scale <= 0:
        print("simulate: --days and --scale must be positive")
        return 2
    res = simulate(
        args.out, args.scenario, args.seed, args.days, args.scale, args.labels, args.style
    )
    print(
        f"wrote {res.records} records for {res.accounts} accounts "
        f"({res.harvesters} harvesting) to {args.out}; labels in {res.labels_path}"
    )
    return 0


def simulate_main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """Entry point: parsed CLI arguments (from add_arguments), or an argv list."""
    if isinstance(args, argparse.Namespace):
        return run(args)
    parser = argparse.ArgumentParser(prog="distillguard simulate")
    add_simulate_arguments(parser)
    return run(parser.parse_args(args))


add_arguments = add_simulate_arguments
