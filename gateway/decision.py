"""The decision object: what the engine concluded about one request, and why.

Everything downstream (the proxy's forward/refuse step, response degradation, the
enforcement log, replay output) reads this one object, so the live path and replay
cannot disagree about what a decision means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

Mode = Literal["enforce", "shadow"]


class Action(StrEnum):
    ALLOW = "allow"
    LOG = "log"
    DEGRADE = "degrade"
    THROTTLE = "throttle"
    CHALLENGE = "challenge"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


# block > challenge > throttle > degrade > log > allow (issue 3: most severe enforcing action wins).
_SEVERITY = {
    Action.ALLOW: 0,
    Action.LOG: 1,
    Action.DEGRADE: 2,
    Action.THROTTLE: 3,
    Action.CHALLENGE: 4,
    Action.BLOCK: 5,
}


@dataclass(frozen=True, slots=True)
class DegradeOptions:
    """Request- and response-side degradations; several rules' options merge."""

    max_tokens: int | None = None
    strip_logprobs: bool = False
    strip_reasoning: bool = False
    route_model: str | None = None
    n: int | None = None

    def merge(self, other: DegradeOptions) -> DegradeOptions:
        """The stricter of each option wins: smallest caps, any strip, first route."""
        return DegradeOptions(
            max_tokens=_min_opt(self.max_tokens, other.max_tokens),
            strip_logprobs=self.strip_logprobs or other.strip_logprobs,
            strip_reasoning=self.strip_reasoning or other.strip_reasoning,
            route_model=self.route_model or other.route_model,
            n=_min_opt(self.n, other.n),
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _fields(self).items() if v not in (None, False)}


@dataclass(frozen=True, slots=True)
class ThrottleOptions:
    mode: Literal["reject", "delay"] = "reject"
    max_delay_s: float = 5.0


@dataclass(frozen=True, slots=True)
class ChallengeOptions:
    difficulty: int = 18
    pass_requests: int = 20
    pass_seconds: int = 600
    ttl_seconds: int = 300


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that matched, with the values that made it fire (for reviewers)."""

    rule: str
    action: Action
    mode: Mode
    description: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "action": str(self.action),
            "mode": self.mode,
            "evidence": dict(self.evidence),
        }
        if self.options:
            out["options"] = dict(self.options)
        return out


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one request.

    `action`/`rule` is the winning enforcing hit (allow with rule None when nothing
    enforcing matched). `hits` lists every matching rule, shadow ones included.
    `retry_after` is set for throttles (seconds until the over-budget window frees).
    """

    action: Action = Action.ALLOW
    rule: str | None = None
    mode: Mode = "enforce"
    hits: tuple[RuleHit, ...] = ()
    degrade: DegradeOptions | None = None
    throttle: ThrottleOptions | None = None
    challenge: ChallengeOptions | None = None
    retry_after: float | None = None
    policy_version: str = ""
    block_message: str | None = None
    """A block rule's own message for the client, when it set one."""

    @property
    def refuses(self) -> bool:
        """True when the request must not reach the upstream as is (before a challenge pass)."""
        return self.action in (Action.BLOCK, Action.CHALLENGE) or (
            self.action is Action.THROTTLE
            and (self.throttle is None or self.throttle.mode == "reject")
        )

    @property
    def header_action(self) -> str:
        """The value of `x-distillguard-action`: shadow hits never change what clients see."""
        if not self.hits or self.action is Action.ALLOW:
            return "log" if any(h.action is Action.LOG for h in self.hits) else "allow"
        return str(self.action)

    def with_action(self, action: Action, **changes: Any) -> Decision:
        return replace(self, action=action, **changes)


ALLOW = Decision()


def _min_opt(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}
