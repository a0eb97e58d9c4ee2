"""What reviewers ask of the enforcement log, computed from a stream of records.

Pure functions over iterables of record dicts (no I/O, no clock), shared by the `logs`
CLI and the dashboard. Results are plain JSON-able dicts so both can render them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

Record = Mapping[str, Any]

SEVERITY = {"allow": 0, "log": 1, "degrade": 2, "throttle": 3, "challenge": 4, "block": 5}
_QUIET = ("allow", "log")
# Epochs `iso` can show (years 1 to 9999, with two days' margin for the overview's 24 h
# window): a corrupted log's `ts_epoch` of 1e300 or NaN must read as "no time", not crash
# every page that shows the record.
_MIN_EPOCH = -62135424000.0  # 0001-01-03
_MAX_EPOCH = 253402041600.0  # 9999-12-29


def iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return (
        datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def epoch_of(rec: Record) -> float | None:
    value = rec.get("ts_epoch")
    epoch: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        epoch = float(value)
    else:
        ts = rec.get("ts")
        if isinstance(ts, str):
            try:
                epoch = datetime.fromisoformat(ts).timestamp()
            except ValueError:
                return None
    # Also false for NaN.
    return epoch if epoch is not None and _MIN_EPOCH <= epoch <= _MAX_EPOCH else None


def tokens_of(rec: Record) -> int:
    return _count(rec.get("prompt_tokens")) + _count(rec.get("completion_tokens"))


def _count(value: Any) -> int:
    # The reader checks types, not values: JSON's NaN and 1e999 parse as floats.
    if isinstance(value, float) and not math.isfinite(value):
        return 0
    return int(value or 0)


def enforced_action(rec: Record) -> str:
    """What the client actually got: a record in shadow mode only enforced its enforce hits."""
    action = str(rec.get("action") or "allow")
    if rec.get("mode") != "shadow":
        return action
    best = "allow"
    for hit in rec.get("hits") or ():
        act = hit.get("action", "allow")
        if hit.get("mode") != "shadow" and SEVERITY.get(act, 0) > SEVERITY[best]:
            best = act
    return best


def shadow_outcome(hit: Mapping[str, Any], enforced: str) -> str | None:
    """'refused', 'delayed' or 'degraded' when enforcing this shadow hit would have changed
    the outcome (its action is more severe than the enforced one), else None."""
    act = hit.get("action")
    if SEVERITY.get(act, 0) <= SEVERITY.get(enforced, 0):  # type: ignore[arg-type]
        return None
    if act == "degrade":
        return "degraded"
    if act == "throttle" and (hit.get("options") or {}).get("mode") == "delay":
        return "delayed"
    return "refused" if act in ("throttle", "challenge", "block") else None


def summarize(records: Iterable[Record], top: int = 10) -> dict[str, Any]:
    """Top accounts, actions, hits per rule and shadow-mode impact over `records`."""
    actions: Counter[str] = Counter()
    accounts: dict[str, list[int]] = {}  # account -> [requests, tokens, non-allow]
    rule_hits: dict[str, list[int]] = {}  # rule -> [enforce, shadow]
    shadow: dict[str, dict[str, Any]] = {}
    n = admin = 0
    first = last = None
    for rec in records:
        action = rec.get("action")
        if action == "admin":
            admin += 1
            continue
        n += 1
        ts = rec.get("ts")
        if first is None:
            first = ts
        last = ts
        enforced = action if rec.get("mode") != "shadow" else enforced_action(rec)
        actions[enforced] += 1  # type: ignore[index]
        tok = tokens_of(rec)
        acct = rec.get("account") or "-"
        row = accounts.get(acct)
        if row is None:
            row = accounts[acct] = [0, 0, 0]
        row[0] += 1
        row[1] += tok
        if enforced not in _QUIET:
            row[2] += 1
        hits = rec.get("hits")
        if not hits:
            continue
        for hit in hits:
            rule = hit.get("rule", "?")
            counts = rule_hits.get(rule)
            if counts is None:
                counts = rule_hits[rule] = [0, 0]
            if hit.get("mode") == "shadow":
                counts[1] += 1
                outcome = shadow_outcome(hit, enforced)  # type: ignore[arg-type]
                if outcome is not None:
                    _add_impact(shadow, rule, outcome, acct, tok)
            else:
                counts[0] += 1
    by_tokens = sorted(accounts.items(), key=lambda kv: (-kv[1][1], kv[0]))[:top]
    flagged = [kv for kv in accounts.items() if kv[1][2]]
    by_flags = sorted(flagged, key=lambda kv: (-kv[1][2], kv[0]))[:top]
    return {
        "records": n,
        "admin_records": admin,
        "first_ts": first,
        "last_ts": last,
        "accounts": len(accounts),
        "actions": dict(actions.most_common()),
        "top_accounts_by_tokens": [_acct_row(a, r) for a, r in by_tokens],
        "top_accounts_by_actions": [_acct_row(a, r) for a, r in by_flags],
        "rule_hits": {
            r: {"enforce": c[0], "shadow": c[1]}
            for r, c in sorted(rule_hits.items(), key=lambda kv: -sum(kv[1]))
        },
        "shadow_impact": {
            rule: {
                **{k: v for k, v in imp.items() if k != "accounts"},
                "accounts": len(imp["accounts"]),
            }
            for rule, imp in sorted(shadow.items(), key=lambda kv: -kv[1]["requests"])
        },
    }


def _add_impact(
    shadow: dict[str, dict[str, Any]], rule: str, outcome: str, acct: str, tok: int
) -> None:
    imp = shadow.get(rule)
    if imp is None:
        imp = shadow[rule] = {
            "requests": 0,
            "refused": 0,
            "delayed": 0,
            "degraded": 0,
            "tokens": 0,
            "accounts": set(),
        }
    imp["requests"] += 1
    imp[outcome] += 1
    imp["tokens"] += tok
    imp["accounts"].add(acct)


def _acct_row(account: str, row: list[int]) -> dict[str, Any]:
    return {"account": account, "requests": row[0], "tokens": row[1], "non_allow": row[2]}


def explain_request(rec: Record) -> dict[str, Any]:
    """One request in reviewable form: outcome, usage, every hit with its evidence, signals."""
    keys = (
        "ts", "request_id", "account", "api_key_id", "tier", "client_ip", "method", "path",
        "model", "stream", "status", "action", "rule", "mode", "policy_version",
        "prompt_tokens", "completion_tokens", "upstream_usage", "drift", "reserved_tokens",
        "finish_reason", "degraded", "campaign", "latency_ms", "ttft_ms", "store", "error",
        "disconnected", "note",
    )  # fmt: skip
    signals = rec.get("signals") or {}
    return {
        "kind": "request",
        "fields": {k: rec[k] for k in keys if rec.get(k) not in (None, [], {})},
        "enforced_action": enforced_action(rec),
        "hits": [
            {
                "rule": h.get("rule"),
                "action": h.get("action"),
                "mode": h.get("mode"),
                "evidence": dict(h.get("evidence") or {}),
                "options": dict(h.get("options") or {}),
            }
            for h in rec.get("hits") or ()
        ],
        "signals": dict(sorted(signals.items(), key=lambda kv: -abs(float(kv[1] or 0)))),
        "top_signals": [list(p) for p in rec.get("top_signals") or ()],
    }


class AccountTimeline:
    """Accumulates one account's records (streaming) to answer: is it harvesting, since
    when, on what evidence, which campaign, and what did we do about it."""

    def __init__(self, account: str, harvest_threshold: float = 0.8, recent: int = 20) -> None:
        self.account = account
        self.threshold = harvest_threshold
        self.recent_max = recent
        self.requests = 0
        self.tokens = 0
        self.first: float | None = None
        self.last: float | None = None
        self.flagged_since: float | None = None
        self.harvest_since: float | None = None
        self.hours: dict[int, dict[str, Any]] = {}
        self.decisions: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.recent: list[dict[str, Any]] = []
        self.campaigns: dict[str, dict[str, Any]] = {}
        self.admin: list[dict[str, Any]] = []
        self.actions: Counter[str] = Counter()

    def add(self, rec: Record) -> None:
        if rec.get("account") != self.account:
            return
        ep = epoch_of(rec)
        if rec.get("action") == "admin":
            fields = ("ts", "admin_action", "reason", "actor", "note")
            self.admin.append({k: rec.get(k) for k in fields})
            return
        if ep is None:
            return
        self.requests += 1
        tok = tokens_of(rec)
        self.tokens += tok
        self.first = ep if self.first is None else min(self.first, ep)
        self.last = ep if self.last is None else max(self.last, ep)
        enforced = enforced_action(rec)
        self.actions[enforced] += 1
        signals = rec.get("signals") or {}
        self._hour(ep, rec, tok, signals, enforced)
        harvest = signals.get("harvest_score")
        if isinstance(harvest, int | float) and harvest >= self.threshold:
            self.harvest_since = _earliest(self.harvest_since, ep)
        campaign = rec.get("campaign")
        if campaign:
            c = self.campaigns.setdefault(str(campaign), {"requests": 0, "first": ep, "last": ep})
            c["requests"] += 1
            c["first"], c["last"] = min(c["first"], ep), max(c["last"], ep)
        hits = rec.get("hits") or ()
        if not hits and enforced in _QUIET:
            return
        self.flagged_since = _earliest(self.flagged_since, ep)
        for hit in hits or ({"rule": rec.get("rule"), "action": enforced, "mode": "enforce"},):
            key = (str(hit.get("rule")), str(hit.get("action")), str(hit.get("mode")))
            d = self.decisions.get(key)
            ev = hit.get("evidence")
            evidence = dict(ev) if isinstance(ev, Mapping) else {}
            if d is None:
                d = self.decisions[key] = {"count": 0, "first": ep, "first_evidence": evidence}
            d["count"] += 1
            d["last"], d["last_evidence"] = ep, evidence
        self.recent.append(
            {
                "ts": rec.get("ts"),
                "request_id": rec.get("request_id"),
                "action": enforced,
                "rule": rec.get("rule"),
                "hits": [f"{h.get('rule')}:{h.get('action')}:{h.get('mode')}" for h in hits],
            }
        )
        if len(self.recent) > 2 * self.recent_max:
            del self.recent[: -self.recent_max]

    def _hour(
        self, ep: float, rec: Record, tok: int, signals: Mapping[str, Any], enforced: str
    ) -> None:
        hour = int(ep // 3600)
        b = self.hours.get(hour)
        if b is None:
            b = self.hours[hour] = {"requests": 0, "tokens": 0, "non_allow": 0, "n": 0, "sums": {}}
        b["requests"] += 1
        b["tokens"] += tok
        b["non_allow"] += enforced not in _QUIET
        if signals:
            b["n"] += 1
            sums = b["sums"]
            for name, value in signals.items():
                if isinstance(value, int | float):
                    sums[name] = sums.get(name, 0.0) + value
            harvest = signals.get("harvest_score")
            if isinstance(harvest, int | float):
                b["harvest_max"] = max(b.get("harvest_max", harvest), harvest)

    def result(self, max_points: int = 48) -> dict[str, Any]:
        hours = sorted(self.hours)
        stride = max(1, -(-len(hours) // max_points))
        series = []
        for h in hours[::stride]:
            b = self.hours[h]
            n = b["n"] or 1
            series.append(
                {
                    "hour": iso(h * 3600.0),
                    "requests": b["requests"],
                    "tokens": b["tokens"],
                    "non_allow": b["non_allow"],
                    "harvest_max": b.get("harvest_max"),
                    "signals": {k: round(v / n, 4) for k, v in sorted(b["sums"].items())},
                }
            )
        decisions = [
            {
                "rule": r,
                "action": a,
                "mode": m,
                **{k: iso(v) if k in ("first", "last") else v for k, v in d.items()},
            }
            for (r, a, m), d in sorted(self.decisions.items(), key=lambda kv: kv[1]["first"])
        ]
        return {
            "kind": "account",
            "account": self.account,
            "requests": self.requests,
            "tokens": self.tokens,
            "first_seen": iso(self.first),
            "last_seen": iso(self.last),
            "actions": dict(self.actions.most_common()),
            "flagged_since": iso(self.flagged_since),
            "harvest_threshold": self.threshold,
            "harvest_since": iso(self.harvest_since),
            "hours_total": len(hours),
            "hours_sampled_every": stride,
            "series": series,
            "decisions": decisions,
            "recent_decisions": self.recent[-self.recent_max :],
            "campaigns": {
                c: {"requests": v["requests"], "first": iso(v["first"]), "last": iso(v["last"])}
                for c, v in self.campaigns.items()
            },
            "admin_actions": self.admin,
        }


def _earliest(current: float | None, ep: float) -> float:
    return ep if current is None else min(current, ep)
