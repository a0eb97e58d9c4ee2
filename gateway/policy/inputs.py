"""What a `when` expression can see: the five top-level names, their fields and types.

The request's fields are exactly `RequestFacts.as_policy_input()`, derived from that
method so the schema cannot drift from what the proxy supplies. The same module builds
the typed sample inputs used to type-check expressions at load, and the per-request
input used by `decide`, so load-time checks and run-time values agree on types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gateway.facts import METRICS, WINDOWS, Account, RequestFacts, Usage

TOP_LEVEL: tuple[str, ...] = ("request", "usage", "tier", "account", "signals")

# Unknown account age (no creation time known, e.g. passthrough keys) reads as -1.0, so a
# new-account rule should say `account.age_days >= 0.0 && account.age_days < 7.0`.
UNKNOWN_AGE_DAYS = -1.0
_DAY = 86400.0


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    return "string"


_ZERO_FACTS = RequestFacts(request_id="", api="openai", path="")
_TYPICAL_FACTS = RequestFacts(
    request_id="",
    api="openai",
    path="/v1/chat/completions",
    model="gpt-4o-mini",
    stream=True,
    max_tokens=4096,
    logprobs=True,
    top_logprobs=5,
    logit_bias=True,
    n=2,
    temperature=0.7,
    has_tools=True,
    reasoning_requested=True,
    prompt_tokens=900,
    message_count=6,
)
_MIXED_FACTS = RequestFacts(
    request_id="",
    api="anthropic",
    path="/v1/messages",
    model="claude-sonnet",
    stream=False,
    max_tokens=64000,
    logprobs=False,
    top_logprobs=20,
    n=1,
    temperature=0.0,
    has_tools=False,
    reasoning_requested=True,
    prompt_tokens=100000,
    message_count=1,
)

FIELDS: dict[str, Any] = {
    "request": {k: _type_name(v) for k, v in _ZERO_FACTS.as_policy_input().items()},
    "usage": {m: dict.fromkeys(WINDOWS, "int") for m in METRICS},
    "tier": "string",
    "account": {"id": "string", "tier": "string", "age_days": "double", "keys": "int"},
    "signals": "signals",
}


def _usage(value: int) -> dict[str, dict[str, int]]:
    return {m: dict.fromkeys(WINDOWS, value) for m in METRICS}


def sample_inputs(signals: Iterable[str]) -> list[dict[str, Any]]:
    """Typed inputs (all-zero/false, typical, extreme) an expression must evaluate to a bool on."""
    names = list(signals)
    return [
        {
            "request": facts.as_policy_input(),
            "usage": _usage(amount),
            "tier": tier,
            "account": {"id": tier, "tier": tier, "age_days": age, "keys": keys},
            "signals": dict.fromkeys(names, level),
        }
        for facts, amount, tier, age, keys, level in (
            (_ZERO_FACTS, 0, "", UNKNOWN_AGE_DAYS, 0, 0.0),
            (_TYPICAL_FACTS, 500, "free", 3.5, 2, 0.5),
            (_MIXED_FACTS, 10_000_000, "enterprise", 900.0, 40, 1.0),
        )
    ]


def full_usage(usage: Mapping[Any, Mapping[Any, int]]) -> dict[str, dict[str, int]]:
    """Every metric and window present (missing ones as 0), so no expression hits a KeyError."""
    return {m: {w: int(usage.get(m, {}).get(w, 0)) for w in WINDOWS} for m in METRICS}


def account_input(account: Account, now: float) -> dict[str, Any]:
    age = UNKNOWN_AGE_DAYS if account.created_ts is None else (now - account.created_ts) / _DAY
    return {"id": account.id, "tier": account.tier, "age_days": age, "keys": account.keys}


def signals_input(signals: Mapping[str, float], referenced: Iterable[str]) -> dict[str, float]:
    """The given signals as doubles, plus 0.0 for every referenced name not given."""
    out = dict.fromkeys(referenced, 0.0)
    for name, value in signals.items():
        out[name] = float(value)
    return out


def policy_input(
    facts: RequestFacts,
    account: Account,
    usage: Usage,
    signals: Mapping[str, float],
    now: float,
    referenced_signals: Iterable[str],
) -> dict[str, Any]:
    """The five top-level values one request is judged on."""
    return {
        "request": facts.as_policy_input(),
        "usage": full_usage(usage),
        "tier": account.tier,
        "account": account_input(account, now),
        "signals": signals_input(signals, referenced_signals),
    }


class PolicyInput:
    """One request's input, read leaf by leaf: the nested values are built only when needed.

    decide() hands CEL just the leaves its expressions read; building all five nested
    values (every signal as a double, every metric and window) costs more than judging
    the request, so `values()` is left to rules that read a whole map and to evidence.
    Each leaf reads exactly what `policy_input` would hold at its path.
    """

    __slots__ = ("_account", "_facts", "_now", "_referenced", "_signals", "_usage", "_values")

    def __init__(
        self,
        facts: RequestFacts,
        account: Account,
        usage: Usage,
        signals: Mapping[str, float],
        now: float,
        referenced_signals: Iterable[str],
    ) -> None:
        self._facts = facts
        self._account = account
        self._usage = usage
        self._signals = signals
        self._now = now
        self._referenced = referenced_signals
        self._values: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        """All five top-level values, as `policy_input` gives them."""
        if self._values is None:
            self._values = policy_input(
                self._facts, self._account, self._usage, self._signals, self._now, self._referenced
            )
        return self._values

    def leaves(self, paths: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, Any]:
        """{name: value at path} for (name, path) pairs of scalar leaves (ContextShape.leaves)."""
        out: dict[str, Any] = {}
        request: dict[str, Any] | None = None
        account: dict[str, Any] | None = None
        signals = self._signals
        for name, parts in paths:
            top = parts[0]
            if top == "signals":
                key = parts[1]
                out[name] = float(signals[key]) if key in signals else 0.0
            elif top == "usage":
                out[name] = int(self._usage.get(parts[1], {}).get(parts[2], 0))
            elif top == "request":
                if request is None:
                    request = self._facts.as_policy_input()
                out[name] = request[parts[1]]
            elif top == "account":
                if account is None:
                    account = account_input(self._account, self._now)
                out[name] = account[parts[1]]
            elif parts == ("tier",):
                out[name] = self._account.tier
            else:
                out[name] = resolve(self.values(), parts)
        return out


def resolve(values: Mapping[str, Any], parts: tuple[str, ...]) -> Any:
    """The value at a dotted path in a policy input (None when absent)."""
    node: Any = values
    try:
        for part in parts:
            node = node[part]
    except (KeyError, TypeError, IndexError):
        return None
    return node
