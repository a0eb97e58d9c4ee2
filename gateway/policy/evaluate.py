"""decide(): the pure decision engine shared by the live proxy, replay and tests.

No I/O, no wall clock: everything it knows comes in as arguments, so replaying the same
inputs gives the same Decision. Order, made explicit:

1. Exempt accounts/keys skip the tier budget and every rule except `block` with
   `force: true`.
2. A refused budget reservation is an enforcing throttle hit named `tier-budget`.
3. Every rule runs: `match` prefilter, then its expression, all against ONE cel.Context
   built per request. A rule whose expression raises counts as not matched and is
   counted in `Policy.runtime_errors` (the Decision has no field for it).
4. The most severe enforcing hit wins (block > challenge > throttle > degrade > log);
   between equals the earlier one (budget first, then file order). Shadow hits are
   listed in `hits` but never enforce.
5. Degrade options of every enforcing degrade hit merge and ride along whatever the
   winner is, to be applied whenever the request is forwarded (delay throttle, a
   passed challenge, or a log/degrade winner).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from gateway.decision import (
    Action,
    ChallengeOptions,
    Decision,
    DegradeOptions,
    RuleHit,
    ThrottleOptions,
)
from gateway.facts import Account, RequestFacts, Usage
from gateway.policy.compiled import CompiledRule, Policy
from gateway.policy.inputs import PolicyInput, resolve
from gateway.store.base import Reservation

BUDGET_RULE = "tier-budget"


def decide(
    facts: RequestFacts,
    account: Account,
    usage: Usage,
    signals: Mapping[str, float],
    policy: Policy,
    now: float,
    budget: Reservation | None = None,
) -> Decision:
    """Judge one request against `policy`; pure apart from the run-time error counter."""
    exempt = account.allowlisted or policy.is_exempt(account.id, account.key_id)
    hits: list[tuple[RuleHit, CompiledRule | None]] = []
    if budget is not None and not budget.admitted and not exempt:
        hits.append((_budget_hit(budget), None))
    rules = [
        r
        for r in policy.rules
        if (not exempt or (r.action is Action.BLOCK and r.force))
        and (r.match is None or r.match.matches(facts.model, facts.path, account.tier))
    ]
    if rules:
        inp = PolicyInput(facts, account, usage, signals, now, policy.signal_names)
        context, flat = policy.context_shape.context(inp)
        for rule in rules:
            try:
                matched = rule.program.execute(context) is True
            except (ArithmeticError, TypeError, RuntimeError, ValueError, LookupError):
                policy.runtime_errors[rule.id] += 1
                continue
            except BaseException as exc:
                # A panic inside the CEL runtime (Rust) arrives as pyo3's PanicException,
                # a BaseException that no `except Exception` on the request path stops: the
                # connection would drop with its reservation unsettled and no record.
                if type(exc).__name__ != "PanicException":
                    raise
                policy.runtime_errors[rule.id] += 1
                continue
            if matched:
                hits.append((_rule_hit(rule, inp, flat, signals), rule))
    return _conclude(hits, policy, budget, signals)


def _budget_hit(budget: Reservation) -> RuleHit:
    evidence: dict[str, Any] = {"retry_after": round(budget.retry_after, 3)}
    if budget.exceeded is not None:
        limit = budget.exceeded
        evidence = {
            "metric": limit.metric,
            "window": limit.window,
            "used": budget.usage.get(limit.metric, {}).get(limit.window, 0),
            "limit": limit.maximum,
            **evidence,
        }
    return RuleHit(
        rule=BUDGET_RULE,
        action=Action.THROTTLE,
        mode="enforce",
        description="The account's tier budget for this window is spent.",
        evidence=evidence,
        options={"mode": "reject"},
    )


def _rule_hit(
    rule: CompiledRule,
    inp: PolicyInput,
    flat: Mapping[str, Any],
    signals: Mapping[str, float],
) -> RuleHit:
    evidence = {
        dotted: flat[name] if name is not None else resolve(inp.values(), parts)
        for dotted, name, parts in rule.evidence
    }
    options = rule.hit_options
    if rule.difficulty_signal is not None:
        options = {"difficulty": challenge_for(rule, signals).difficulty}
    return RuleHit(
        rule=rule.id,
        action=rule.action,
        mode=rule.mode,
        description=rule.description,
        evidence=evidence,
        options=options,
    )


def challenge_for(rule: CompiledRule, signals: Mapping[str, float]) -> ChallengeOptions:
    """The rule's challenge, its difficulty grown with `difficulty_signal` when set."""
    base = rule.challenge or ChallengeOptions()
    if rule.difficulty_signal is None or rule.difficulty_max is None:
        return base
    level = min(max(float(signals.get(rule.difficulty_signal, 0.0)), 0.0), 1.0)
    difficulty = round(base.difficulty + (rule.difficulty_max - base.difficulty) * level)
    return _with_difficulty(base, difficulty)


@functools.lru_cache(maxsize=256)
def _with_difficulty(base: ChallengeOptions, difficulty: int) -> ChallengeOptions:
    # A challenged harvester gets one of a few difficulties on every request, and
    # dataclasses.replace costs a few µs each time.
    return replace(base, difficulty=difficulty)


@functools.lru_cache(maxsize=16)
def _allow(policy_version: str) -> Decision:
    # Most requests match nothing; a Decision is immutable, so they can share one.
    return Decision(policy_version=policy_version)


def _conclude(
    hits: list[tuple[RuleHit, CompiledRule | None]],
    policy: Policy,
    budget: Reservation | None,
    signals: Mapping[str, float],
) -> Decision:
    if not hits:
        return _allow(policy.version)
    all_hits = tuple(h for h, _ in hits)
    enforcing = [(h, r) for h, r in hits if h.mode == "enforce"]
    degrade: DegradeOptions | None = None
    for _, rule in enforcing:
        if rule is not None and rule.action is Action.DEGRADE and rule.degrade is not None:
            degrade = rule.degrade if degrade is None else degrade.merge(rule.degrade)
    if not enforcing:
        return Decision(hits=all_hits, policy_version=policy.version)
    # max() keeps the first of equals: the budget, then rules in file order
    winner, rule = max(enforcing, key=lambda pair: pair[0].action.severity)
    throttle: ThrottleOptions | None = None
    challenge: ChallengeOptions | None = None
    retry_after: float | None = None
    message = rule.message if rule is not None and rule.action is Action.BLOCK else None
    if rule is None and budget is not None:
        throttle = ThrottleOptions(mode="reject")
        retry_after = budget.retry_after
    elif rule is not None and rule.action is Action.THROTTLE:
        throttle = rule.throttle
    elif rule is not None and rule.action is Action.CHALLENGE:
        challenge = challenge_for(rule, signals)
    return Decision(
        action=winner.action,
        rule=winner.rule,
        mode="enforce",
        hits=all_hits,
        degrade=degrade,
        throttle=throttle,
        challenge=challenge,
        retry_after=retry_after,
        policy_version=policy.version,
        block_message=message,
    )
