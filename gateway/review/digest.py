"""The dashboard overview as a running aggregate of enforcement log records.

`Digest.add` takes one record at a time (the log cache feeds it only new lines), so the
overview never rescans the log. It reuses views.py's reading of a record (enforced
action, shadow impact, tokens) so the dashboard and `distillguard logs summary` agree.
Memory is bounded: minute buckets for MAX_BUCKETS minutes, one small row per account,
at most CAMPAIGN_MEMBERS accounts remembered per campaign, a window of recent latencies.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from gateway.review.views import (
    SEVERITY,
    enforced_action,
    epoch_of,
    iso,
    shadow_outcome,
    tokens_of,
)

BUCKET_S = 60
MAX_BUCKETS = 7 * 24 * 60
CAMPAIGN_MEMBERS = 200
RECENT_LATENCIES = 2000
_QUIET = ("allow", "log")


@dataclass(slots=True)
class AccountRow:
    requests: int = 0
    tokens: int = 0
    non_allow: int = 0
    score: float | None = None
    peak: float | None = None
    last: float | None = None
    last_action: str = "allow"
    campaign: str | None = None
    tier: str | None = None


@dataclass(slots=True)
class Impact:
    requests: int = 0
    refused: int = 0
    delayed: int = 0
    degraded: int = 0
    tokens: int = 0
    accounts: set[str] = field(default_factory=set)


class Digest:
    def __init__(self) -> None:
        self.records = 0
        self.admin_records = 0
        self.first: float | None = None
        self.last: float | None = None
        self.buckets: dict[int, list[Any]] = {}  # minute -> [requests, tokens, Counter]
        self.actions: Counter[str] = Counter()
        self.accounts: dict[str, AccountRow] = {}
        self.rule_hits: dict[str, list[int]] = {}  # rule -> [enforce, shadow]
        self.shadow: dict[str, Impact] = {}
        self.campaigns: dict[str, set[str]] = {}
        self.latencies: deque[float] = deque(maxlen=RECENT_LATENCIES)
        self.upstream_failures: deque[int] = deque(maxlen=RECENT_LATENCIES)
        self.fail_open = 0

    def add(self, rec: Mapping[str, Any]) -> None:
        if rec.get("action") == "admin":
            self.admin_records += 1
            return
        ep = epoch_of(rec)
        if ep is None:
            return
        self.records += 1
        self.first = ep if self.first is None else min(self.first, ep)
        self.last = ep if self.last is None else max(self.last, ep)
        enforced = enforced_action(rec)
        tok = tokens_of(rec)
        self.actions[enforced] += 1
        self._bucket(ep, tok, enforced)
        self._account(rec, ep, tok, enforced)
        self._hits(rec, enforced, tok)
        latency = rec.get("latency_ms")
        # Only forwarded requests measure the upstream; refusals are answered locally.
        if _finite(latency) and enforced in ("allow", "log", "degrade"):
            self.latencies.append(float(latency))
        status = rec.get("status")
        self.upstream_failures.append(1 if isinstance(status, int) and status >= 502 else 0)
        if rec.get("store") == "fail-open":
            self.fail_open += 1

    def _bucket(self, ep: float, tok: int, enforced: str) -> None:
        minute = int(ep // BUCKET_S)
        b = self.buckets.get(minute)
        if b is None:
            b = self.buckets[minute] = [0, 0, Counter()]
            if len(self.buckets) > MAX_BUCKETS:
                del self.buckets[min(self.buckets)]
        b[0] += 1
        b[1] += tok
        b[2][enforced] += 1

    def _account(self, rec: Mapping[str, Any], ep: float, tok: int, enforced: str) -> None:
        acct = str(rec.get("account") or "-")
        row = self.accounts.get(acct)
        if row is None:
            row = self.accounts[acct] = AccountRow()
        row.requests += 1
        row.tokens += tok
        if enforced not in _QUIET:
            row.non_allow += 1
        harvest = (rec.get("signals") or {}).get("harvest_score")
        if row.last is None or ep >= row.last:
            row.last = ep
            row.last_action = enforced
            tier = rec.get("tier")
            # The tier picks the account page's limits: only the writer's type is usable.
            row.tier = tier if isinstance(tier, str) and tier else row.tier
            if _finite(harvest):
                row.score = float(harvest)
        if _finite(harvest):
            row.peak = float(harvest) if row.peak is None else max(row.peak, float(harvest))
        campaign = rec.get("campaign")
        if campaign:
            row.campaign = str(campaign)
            members = self.campaigns.setdefault(str(campaign), set())
            if len(members) < CAMPAIGN_MEMBERS:
                members.add(acct)

    def _hits(self, rec: Mapping[str, Any], enforced: str, tok: int) -> None:
        for hit in rec.get("hits") or ():
            rule = str(hit.get("rule", "?"))
            counts = self.rule_hits.setdefault(rule, [0, 0])
            if hit.get("mode") != "shadow":
                counts[0] += 1
                continue
            counts[1] += 1
            outcome = shadow_outcome(hit, enforced)
            if outcome is not None:
                imp = self.shadow.setdefault(rule, Impact())
                imp.requests += 1
                setattr(imp, outcome, getattr(imp, outcome) + 1)
                imp.tokens += tok
                imp.accounts.add(str(rec.get("account") or "-"))

    def series(self, span_s: float = 86400.0, points: int = 72) -> dict[str, Any]:
        """Requests, tokens and actions per step over the last `span_s` of the log."""
        if self.last is None or self.first is None:
            return {"step_s": 0, "times": [], "requests": [], "tokens": [], "actions": {}}
        span = max(min(span_s, self.last - self.first), BUCKET_S)
        step_min = max(1, math.ceil(span / BUCKET_S / points))
        end = int(self.last // BUCKET_S) + 1
        start = end - math.ceil(span / BUCKET_S / step_min) * step_min
        times: list[str | None] = []
        requests: list[float] = []
        tokens: list[float] = []
        actions: dict[str, list[float]] = {a: [] for a in SEVERITY}
        for lo in range(start, end, step_min):
            n = tk = 0
            acts: Counter[str] = Counter()
            for minute in range(lo, lo + step_min):
                b = self.buckets.get(minute)
                if b is not None:
                    n += b[0]
                    tk += b[1]
                    acts.update(b[2])
            times.append(iso(lo * BUCKET_S))
            requests.append(n)
            tokens.append(tk)
            for a, values in actions.items():
                values.append(acts.get(a, 0))
        used = {a: v for a, v in actions.items() if any(v)}
        return {
            "step_s": step_min * BUCKET_S,
            "times": times,
            "requests": requests,
            "tokens": tokens,
            "actions": used,
        }

    def top_accounts(self, n: int = 15) -> list[dict[str, Any]]:
        """Accounts by peak harvest score, then by latest score and volume."""
        ranked = sorted(
            self.accounts.items(),
            key=lambda kv: (-(kv[1].peak or 0.0), -(kv[1].score or 0.0), -kv[1].tokens, kv[0]),
        )
        return [
            {
                "account": acct,
                "peak_score": row.peak,
                "score": row.score,
                "requests": row.requests,
                "tokens": row.tokens,
                "non_allow": row.non_allow,
                "last_action": row.last_action,
                "last_seen": iso(row.last),
                "campaign": row.campaign,
            }
            for acct, row in ranked[:n]
        ]

    def rules(self) -> list[dict[str, Any]]:
        ranked = sorted(self.rule_hits.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
        return [{"rule": r, "enforce": c[0], "shadow": c[1]} for r, c in ranked]

    def shadow_impact(self) -> list[dict[str, Any]]:
        ranked = sorted(self.shadow.items(), key=lambda kv: (-kv[1].requests, kv[0]))
        return [
            {
                "rule": rule,
                "requests": imp.requests,
                "refused": imp.refused,
                "delayed": imp.delayed,
                "degraded": imp.degraded,
                "tokens": imp.tokens,
                "accounts": len(imp.accounts),
            }
            for rule, imp in ranked
        ]

    def upstream(self) -> dict[str, Any]:
        """Latency percentiles and 5xx share of the most recent records."""
        lat = sorted(self.latencies)
        n = len(self.upstream_failures)
        return {
            "recent": n,
            "p50_ms": _pct(lat, 0.5),
            "p95_ms": _pct(lat, 0.95),
            "failure_share": round(sum(self.upstream_failures) / n, 4) if n else None,
        }

    def linked(self, campaign: str | None) -> list[str]:
        return sorted(self.campaigns.get(campaign, ())) if campaign else []


def _finite(value: Any) -> TypeGuard[int | float]:
    """A number that sorts and serialises: JSON's NaN and 1e999 parse as floats."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)
