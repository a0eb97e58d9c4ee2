"""Detection quality of a replay, from its decision records and the traffic labels.

An account counts as *flagged* when any of its requests got an enforced action other
than allow/log from a detection rule; the plain tier budget (`tier-budget`) is a
quota, not a verdict on behaviour, so its throttles are reported apart.

Leak, the issue's measure: the completion tokens an account was served before its
first enforcement, over its whole campaign's completion tokens (what the upstream
would have served the campaign; a single key is its own campaign). A harvester never
flagged leaks everything it was served. `own_leak` is the same over the account's own
tokens. Both are reported per archetype and pooled over all harvesters (median, p90),
with the hours from an account's first request to its first enforcement.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.errors import ConfigError
from gateway.proxy.apis import completion_tokens_of

QUOTA_RULES = frozenset({"tier-budget"})
ENFORCING = frozenset({"block", "challenge", "throttle", "degrade"})


@dataclass
class AccountTally:
    archetype: str
    harvester: bool
    campaign: str | None
    first_ts: float | None = None
    first_flag_ts: float | None = None
    potential_tokens: int = 0
    served_before_flag: int = 0
    served_tokens: int = 0
    affected_tokens: int = 0
    quota_throttles: int = 0
    rules: dict[str, int] = field(default_factory=dict)


def load_labels(path: str | Path) -> dict[str, dict[str, Any]]:
    """Account -> label row; a bad line raises ConfigError naming file, line and field."""
    labels = {}
    try:
        with open(path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    row = _label_row(f"{path}:{number}", line)
                    labels[row["account"]] = row
    except OSError as exc:
        raise ConfigError(f"--labels {path}: {exc.strerror}") from exc
    return labels


def _label_row(where: str, line: bytes) -> dict[str, Any]:
    try:
        row = json.loads(line.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError included
        raise ConfigError(f"{where}: not a JSON label row: {exc}") from None
    if not isinstance(row, dict):
        raise ConfigError(f"{where}: not a JSON object")
    # bool("no") is True: a wrong type here would silently turn benign accounts into harvesters
    expected = {
        "account": (str,),
        "harvester": (bool, type(None)),
        "archetype": (str, type(None)),
        "campaign": (str, int, type(None)),
    }
    for name, types in expected.items():
        value = row.get(name)
        if not isinstance(value, types) or value == "":
            wanted = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise ConfigError(f"{where}: {name}: must be {wanted} (got {value!r})")
    return row


def score(
    decisions: Iterable[dict[str, Any]],
    traffic: Iterable[dict[str, Any]],
    labels: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """Per-archetype recall / false positives, campaign recall, leakage before enforcement."""
    tallies = {
        account: AccountTally(
            archetype=str(row.get("archetype", "unknown")),
            harvester=bool(row.get("harvester")),
            campaign=row.get("campaign"),
        )
        for account, row in labels.items()
    }
    for rec, dec in _pair(traffic, decisions):
        tally = tallies.get(str(rec["account"]))
        if tally is None:
            continue
        usage = (rec.get("response") or {}).get("usage") or {}
        # What the upstream served, as either API names it (Anthropic and Responses say
        # output_tokens): replay counts what it serves the same way.
        potential = completion_tokens_of(usage) or 0
        ts = float(rec["ts"])
        tally.first_ts = ts if tally.first_ts is None else tally.first_ts
        tally.potential_tokens += potential
        served = int(dec.get("completion_tokens") or 0)
        tally.served_tokens += served
        action, rule, mode = dec.get("action"), dec.get("rule"), dec.get("mode")
        enforced = action in ENFORCING and mode == "enforce"
        if enforced and rule in QUOTA_RULES:
            tally.quota_throttles += 1
        elif enforced:
            tally.rules[str(rule)] = tally.rules.get(str(rule), 0) + 1
            tally.affected_tokens += potential
            if tally.first_flag_ts is None:
                tally.first_flag_ts = ts
        if tally.first_flag_ts is None:
            tally.served_before_flag += served
    return _summarise(tallies)


def _pair(
    traffic: Iterable[dict[str, Any]], decisions: Iterable[dict[str, Any]]
) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    """Traffic records with their decision, matched on the id (a live log is not in
    traffic order); only the few fields scoring needs are kept in memory."""
    by_id = {
        str(dec.get("request_id")): {
            "action": dec.get("action"),
            "rule": dec.get("rule"),
            "mode": dec.get("mode"),
            "completion_tokens": dec.get("completion_tokens"),
        }
        for dec in decisions
    }
    for rec in traffic:
        dec = by_id.get(str(rec.get("id", "")))
        if dec is not None:
            yield rec, dec


def _summarise(tallies: dict[str, AccountTally]) -> dict[str, Any]:
    by_archetype: dict[str, list[AccountTally]] = defaultdict(list)
    campaign_potential: dict[str | int, int] = defaultdict(int)
    for tally in tallies.values():
        by_archetype[tally.archetype].append(tally)
        campaign_potential[tally.campaign or id(tally)] += tally.potential_tokens
    archetypes = {}
    for name, group in sorted(by_archetype.items()):
        flagged = [t for t in group if t.first_flag_ts is not None]
        row: dict[str, Any] = {
            "harvester": group[0].harvester,
            "accounts": len(group),
            "flagged": len(flagged),
            "rate": round(len(flagged) / len(group), 4),
            "rules": _merge_rules(group),
        }
        if group[0].harvester:
            # The measure: what one harvester got before it was stopped, as a share
            # of its whole campaign's take (a single-key harvester is its own campaign).
            leak = [
                t.served_before_flag / campaign_potential[t.campaign or id(t)]
                for t in group
                if campaign_potential[t.campaign or id(t)]
            ]
            delays = [
                (t.first_flag_ts - t.first_ts) / 3600
                for t in flagged
                if t.first_ts is not None and t.first_flag_ts is not None
            ]
            row["leak_median"] = _q(leak, 0.5)
            row["leak_p90"] = _q(leak, 0.9)
            row["hours_to_flag_median"] = _q(delays, 0.5)
            row["hours_to_flag_p90"] = _q(delays, 0.9)
            # Enforcement must hold, not just start: what was still served after the first
            # enforcement, as a share of what the archetype asked for.
            asked = sum(t.potential_tokens for t in group)
            after = sum(t.served_tokens - t.served_before_flag for t in flagged)
            row["served_after_flag_share"] = round(after / asked, 4) if asked else None
        else:
            total = sum(t.potential_tokens for t in group)
            row["tokens_affected_share"] = (
                round(sum(t.affected_tokens for t in group) / total, 4) if total else 0.0
            )
            row["quota_throttled_accounts"] = sum(1 for t in group if t.quota_throttles)
        archetypes[name] = row
    harvesters = [t for t in tallies.values() if t.harvester]
    benign = [t for t in tallies.values() if not t.harvester]
    pooled_leak = [
        t.served_before_flag / campaign_potential[t.campaign or id(t)]
        for t in harvesters
        if campaign_potential[t.campaign or id(t)]
    ]
    own_leak = [t.served_before_flag / t.potential_tokens for t in harvesters if t.potential_tokens]
    pooled_delay = [
        (t.first_flag_ts - t.first_ts) / 3600
        for t in harvesters
        if t.first_ts is not None and t.first_flag_ts is not None
    ]
    flagged_h = sum(1 for t in harvesters if t.first_flag_ts is not None)
    flagged_b = sum(1 for t in benign if t.first_flag_ts is not None)
    campaigns: dict[str, list[AccountTally]] = defaultdict(list)
    for t in harvesters:
        if t.campaign:
            campaigns[str(t.campaign)].append(t)
    campaign_rows = {
        cid: {
            "accounts": len(members),
            "flagged": sum(1 for t in members if t.first_flag_ts is not None),
            "leak": round(
                sum(t.served_before_flag for t in members)
                / max(1, sum(t.potential_tokens for t in members)),
                4,
            ),
        }
        for cid, members in sorted(campaigns.items())
    }
    benign_total = sum(t.potential_tokens for t in benign)
    return {
        "accounts": len(tallies),
        "harvesters": len(harvesters),
        "benign": len(benign),
        "recall": round(flagged_h / len(harvesters), 4) if harvesters else None,
        "precision": round(flagged_h / (flagged_h + flagged_b), 4)
        if flagged_h + flagged_b
        else None,
        "benign_fp_rate": round(flagged_b / len(benign), 4) if benign else None,
        "campaign_recall": (
            round(sum(1 for r in campaign_rows.values() if r["flagged"]) / len(campaign_rows), 4)
            if campaign_rows
            else None
        ),
        "campaign_leak_median": _q([r["leak"] for r in campaign_rows.values()], 0.5),
        "harvest_tokens_served": sum(t.served_tokens for t in harvesters),
        "harvest_tokens_served_after_flag": sum(
            t.served_tokens - t.served_before_flag for t in harvesters if t.first_flag_ts
        ),
        "harvester_leak_median": _q(pooled_leak, 0.5),
        "harvester_leak_p90": _q(pooled_leak, 0.9),
        "harvester_own_leak_median": _q(own_leak, 0.5),
        "harvester_own_leak_p90": _q(own_leak, 0.9),
        "hours_to_flag_median": _q(pooled_delay, 0.5),
        "hours_to_flag_p90": _q(pooled_delay, 0.9),
        "benign_tokens_affected_share": (
            round(sum(t.affected_tokens for t in benign) / benign_total, 4) if benign_total else 0.0
        ),
        "archetypes": archetypes,
        "campaigns": campaign_rows,
    }


def _merge_rules(group: list[AccountTally]) -> dict[str, int]:
    merged: dict[str, int] = defaultdict(int)
    for tally in group:
        for rule, count in tally.rules.items():
            merged[rule] += count
    return dict(sorted(merged.items(), key=lambda kv: -kv[1]))


def _q(values: list[float], quantile: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 4)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[min(98, max(0, int(quantile * 100) - 1))], 4)
