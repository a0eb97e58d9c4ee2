"""The enforcement log record: one per request, built the same way live and in replay."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from gateway.gate import Admission

SIGNALS_IN_RECORD = 64
"""Every signal the engine computes (34) is logged with each decision, as reviewers need;
past this many (a future engine's), only the strongest are kept, to bound a record."""


@dataclass(slots=True)
class Outcome:
    """What happened after the decision."""

    status: int
    prompt_tokens: int
    completion_tokens: int
    upstream_prompt_tokens: int | None = None
    upstream_completion_tokens: int | None = None
    finish_reason: str | None = None
    latency_ms: float | None = None
    ttft_ms: float | None = None
    disconnected: bool = False
    degraded: list[str] = field(default_factory=list)
    error: str | None = None
    truncated: str | None = None
    """Why the gateway ended the output early: "budget" or "degrade"."""
    hidden_reasoning_tokens: int | None = None
    """Of upstream_completion_tokens, reasoning billed but never sent (o-series)."""


_last_second: tuple[int | None, str] = (None, "")
"""The last whole second formatted, up to its ".", (one tuple, swapped atomically): a
second holds many records, and formatting the date and time was most of this cost."""


def iso(ts: float) -> str:
    """`ts` as ISO 8601 UTC with milliseconds, as time.strftime(time.gmtime(ts)) writes it."""
    global _last_second
    second = int(ts // 1)  # gmtime rounds down too
    cached, prefix = _last_second
    if cached != second:
        prefix = time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(second))
        _last_second = (second, prefix)
    return f"{prefix}{int((ts % 1) * 1000):03d}Z"


def build_record(
    admission: Admission,
    outcome: Outcome,
    ts: float,
    *,
    method: str = "POST",
    top_signals: list[tuple[str, float]] | None = None,
    campaign: str | None = None,
) -> dict[str, Any]:
    decision = admission.decision
    facts = admission.facts
    account = admission.account
    action = admission.action
    drift = None
    if outcome.upstream_prompt_tokens is not None or outcome.upstream_completion_tokens is not None:
        sent = outcome.upstream_completion_tokens
        if sent is not None and outcome.hidden_reasoning_tokens:
            # The gateway counts what passed through it: compare like with like, or every
            # o-series answer would show its whole hidden reasoning as drift.
            sent -= outcome.hidden_reasoning_tokens
        drift = {
            "prompt": _diff(facts.prompt_tokens, outcome.upstream_prompt_tokens),
            "completion": _diff(outcome.completion_tokens, sent),
        }
    reserved = admission.reservation.reserved.tokens if admission.reservation else 0
    return {
        "ts": iso(ts),
        "ts_epoch": round(ts, 3),
        "request_id": facts.request_id,
        "account": account.id,
        "api_key_id": account.key_id,
        "tier": account.tier,
        "client_ip": facts.client_ip,
        "method": method,
        "path": facts.path,
        "model": facts.model,
        "stream": facts.stream,
        "status": outcome.status,
        "action": action,
        "rule": decision.rule,
        "mode": decision.mode,
        "policy_version": decision.policy_version,
        "hits": [hit.as_dict() for hit in decision.hits],
        "challenge_passed": admission.challenge_passed,
        "prompt_tokens": _final(outcome.upstream_prompt_tokens, outcome.prompt_tokens),
        "completion_tokens": _final(outcome.upstream_completion_tokens, outcome.completion_tokens),
        "upstream_usage": (
            {
                "prompt_tokens": outcome.upstream_prompt_tokens,
                "completion_tokens": outcome.upstream_completion_tokens,
                "hidden_reasoning_tokens": outcome.hidden_reasoning_tokens,
            }
            if drift is not None
            else None
        ),
        "drift": drift,
        "reserved_tokens": reserved,
        "finish_reason": outcome.finish_reason,
        "truncated": outcome.truncated,
        "degraded": outcome.degraded,
        "signals": _strongest(admission.signals),
        "top_signals": [[name, round(value, 4)] for name, value in (top_signals or [])],
        "campaign": campaign,
        "latency_ms": _round(outcome.latency_ms),
        "ttft_ms": _round(outcome.ttft_ms),
        "store": admission.store_status,
        "error": "; ".join(filter(None, [*admission.errors, outcome.error])) or None,
        "disconnected": outcome.disconnected,
        "note": "; ".join(admission.notes) or None,
    }


def _final(reported: int | None, counted: int) -> int:
    # The upstream's own figure is authoritative where it gave one.
    return reported if reported is not None else counted


def _diff(ours: int, theirs: int | None) -> int | None:
    return None if theirs is None else ours - theirs


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _strongest(signals: dict[str, float]) -> dict[str, float]:
    # `round(v, 4) if v and v % 1 else v`: most signals are 0.0 or whole (counts, flags),
    # which round() returns unchanged, and round() is the costly part; most are 0.0, for
    # which `v` is false and the float remainder (fmod, the next costliest) is skipped.
    if len(signals) <= SIGNALS_IN_RECORD:
        return {k: round(v, 4) if v and v % 1 else v for k, v in signals.items()}
    ranked = sorted(signals.items(), key=_magnitude)[:SIGNALS_IN_RECORD]
    return {k: round(v, 4) if v and v % 1 else v for k, v in ranked}


def _magnitude(item: tuple[str, float]) -> float:
    return -abs(item[1])
