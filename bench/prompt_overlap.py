"""Per archetype, the share of requests whose prompt two or more other accounts sent lately.

    .venv/bin/python bench/prompt_overlap.py TRAFFIC [TRAFFIC ...]

For each labelled traffic file (labels in TRAFFIC.labels.jsonl), replays the prompts in
time order through the digest and window the common-question signal uses
(`features.prompt_digest` of the prompt's lexicon window; senders of the request's
PROMPT_DAY_S day or the day before), without the PROMPT_CAP limit, and prints, per
archetype, how many requests were common questions when they arrived. This is the
measure that separated students working one problem set from harvesters
(docs/detection.md, fifth session).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from gateway.request_facts import _last_user_text
from gateway.signals import lexicon
from gateway.signals.features import prompt_digest
from gateway.signals.state import PROMPT_DAY_S


def overlap(traffic: Path) -> dict[tuple[bool, str], tuple[int, int]]:
    labels = {}
    with open(f"{traffic}.labels.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            labels[row["account"]] = (bool(row["harvester"]), str(row["archetype"]))
    senders: dict[int, dict[str, float]] = defaultdict(dict)
    counts: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0])
    with traffic.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = _last_user_text(rec.get("request") or {})
            if not text:
                continue
            account, now = rec["account"], float(rec["ts"])
            seen = senders[prompt_digest(lexicon.window(text), len(text))]
            since = (now // PROMPT_DAY_S - 1) * PROMPT_DAY_S  # the start of yesterday
            others = sum(1 for a, t in seen.items() if a != account and t >= since)
            tally = counts[labels.get(account, (False, "unlabelled"))]
            tally[0] += others >= 2
            tally[1] += 1
            seen[account] = now
    return {key: (common, total) for key, (common, total) in counts.items()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("traffic", nargs="+", type=Path)
    for path in p.parse_args().traffic:
        print(f"## {path}")
        for (harvester, arch), (common, total) in sorted(overlap(path).items()):
            kind = "harvester" if harvester else "benign"
            print(f"{arch:28} {kind:9} {total:7d} requests  {common / total:6.1%} common")


if __name__ == "__main__":
    main()
