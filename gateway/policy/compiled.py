"""A loaded policy, ready to decide with: compiled rules, tier budgets, exemptions, version.

A Policy is immutable once built (apart from the run-time error counter), so a hot
reload swaps the whole object and a request in flight keeps the one it started with.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import cel

from gateway.decision import Action, ChallengeOptions, DegradeOptions, Mode, ThrottleOptions
from gateway.facts import METRICS, WINDOWS, Limit
from gateway.policy.context import ContextShape
from gateway.policy.expressions import Expression
from gateway.policy.schema import DEFAULT_EXPECTED_COMPLETION, TierModel

DEFAULT_TIER = "default"


@dataclass(frozen=True, slots=True)
class Matcher:
    """The `match:` prefilter: globs over model and path, a set of tiers."""

    models: re.Pattern[str] | None = None
    paths: re.Pattern[str] | None = None
    tiers: frozenset[str] | None = None

    @classmethod
    def build(
        cls, models: list[str] | None, paths: list[str] | None, tiers: list[str] | None
    ) -> Matcher:
        return cls(_globs(models), _globs(paths), frozenset(tiers) if tiers is not None else None)

    def matches(self, model: str, path: str, tier: str) -> bool:
        return (
            (self.models is None or self.models.match(model) is not None)
            and (self.paths is None or self.paths.match(path) is not None)
            and (self.tiers is None or tier in self.tiers)
        )


def _globs(patterns: list[str] | None) -> re.Pattern[str] | None:
    if patterns is None:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    description: str
    action: Action
    mode: Mode
    expression: Expression
    program: cel.Program
    """What runs per request: the expression rewritten for the policy's flat context."""
    where: str  # "file:line:col" of the rule, for duplicate-id messages and reviewers
    match: Matcher | None = None
    degrade: DegradeOptions | None = None
    throttle: ThrottleOptions | None = None
    challenge: ChallengeOptions | None = None
    difficulty_signal: str | None = None
    difficulty_max: int | None = None
    force: bool = False
    message: str | None = None
    evidence: tuple[tuple[str, str | None, tuple[str, ...]], ...] = ()
    """(dotted path, flat context name or None, parts) of each value the expression reads."""
    hit_options: Mapping[str, Any] = field(default_factory=dict)
    """What the rule does, as reviewers see it in a hit (challenge difficulty: per hit)."""

    def review_options(self) -> dict[str, Any]:
        if self.action is Action.DEGRADE and self.degrade is not None:
            return self.degrade.as_dict()
        if self.action is Action.THROTTLE and self.throttle is not None:
            return {"mode": self.throttle.mode, "max_delay_s": self.throttle.max_delay_s}
        if self.action is Action.CHALLENGE and self.challenge is not None:
            return {"difficulty": self.challenge.difficulty}
        if self.action is Action.BLOCK:
            return {"force": self.force} | ({"message": self.message} if self.message else {})
        return {}


@dataclass(frozen=True, slots=True)
class TierSettings:
    expected_completion: int = DEFAULT_EXPECTED_COMPLETION
    cut_stream: bool = False


@dataclass(frozen=True)
class Policy:
    """Merged, compiled policy files. `version` is a hash of the files' bytes."""

    rules: tuple[CompiledRule, ...] = ()
    tiers: Mapping[str, TierModel] = field(default_factory=dict)
    exempt_accounts: frozenset[str] = frozenset()
    exempt_keys: frozenset[str] = frozenset()
    version: str = ""
    files: tuple[str, ...] = ()
    signal_names: frozenset[str] = frozenset()
    """Every `signals.X` any expression reads: filled with 0.0 when a request lacks it."""
    context_shape: ContextShape = field(default_factory=ContextShape)
    # Rules that raised while evaluating (treated as not matched), by rule id. The one
    # mutable part: counting does not change any decision.
    runtime_errors: Counter[str] = field(default_factory=Counter, compare=False)
    # Per-tier budgets and settings are derived once per tier, not on every request.
    _per_tier: dict[str, tuple[tuple[Limit, ...], TierSettings]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def tier(self, name: str) -> TierModel | None:
        """The tier's budget block; an unknown tier falls back to `default` (None: no budgets)."""
        return self.tiers.get(name) or self.tiers.get(DEFAULT_TIER)

    def limits_for(self, tier: str) -> tuple[Limit, ...]:
        """Budgets of `tier` (or of the `default` tier when `tier` is not defined)."""
        return self._tier_derived(tier)[0]

    def tier_settings(self, tier: str) -> TierSettings:
        return self._tier_derived(tier)[1]

    def _tier_derived(self, tier: str) -> tuple[tuple[Limit, ...], TierSettings]:
        # Undefined tiers all fall back to `default`: one entry per defined tier at most.
        key = tier if tier in self.tiers else DEFAULT_TIER
        derived = self._per_tier.get(key)
        if derived is None:
            model = self.tier(key)
            if model is None:
                derived = ((), TierSettings())
            else:
                limits = tuple(
                    Limit(metric, window, maximum)
                    for metric in METRICS
                    if (budget := getattr(model, metric)) is not None
                    for window in WINDOWS
                    if (maximum := getattr(budget, window)) is not None
                )
                derived = (limits, TierSettings(model.expected_completion, model.cut_stream))
            self._per_tier[key] = derived
        return derived

    def rule(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def is_exempt(self, account_id: str, key_id: str) -> bool:
        return account_id in self.exempt_accounts or (bool(key_id) and key_id in self.exempt_keys)
