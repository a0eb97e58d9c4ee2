"""decide(): precedence, shadow, degrade merge, exemptions, budgets, signals, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gateway.decision import Action, DegradeOptions
from gateway.facts import Account, Cost, Limit, RequestFacts, empty_usage
from gateway.policy import BUDGET_RULE, Policy, decide, load_policy
from gateway.store.base import Reservation

NOW = 1_764_000_000.0


def _policy(tmp_path: Path, rules: str, header: str = "") -> Policy:
    path = tmp_path / "p.yaml"
    path.write_text(f"version: 1\n{header}rules:\n{rules}")
    return load_policy([path])


def _rule(rid: str, when: str, action: str, extra: str = "") -> str:
    out = f"  - id: {rid}\n    description: {rid}\n    when: {when!r}\n    action: {action}\n"
    return out + "".join(f"    {line}\n" for line in extra.splitlines())


def _facts(**fields: Any) -> RequestFacts:
    return RequestFacts(request_id="r1", api="openai", path="/v1/chat/completions", **fields)


def _decide(policy: Policy, **kw: Any) -> Any:
    usage = empty_usage()
    for dotted, value in kw.pop("usage", {}).items():
        metric, window = dotted.split(".")
        usage[metric][window] = value
    return decide(
        kw.pop("facts", _facts()),
        kw.pop("account", Account("acct-1", "free")),
        usage,
        kw.pop("signals", {}),
        policy,
        NOW,
        kw.pop("budget", None),
    )


def test_nothing_matches_is_plain_allow(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule("r", "request.n > 5", "block"))
    decision = _decide(policy)
    assert (decision.action, decision.rule, decision.hits) == (Action.ALLOW, None, ())
    assert decision.policy_version == policy.version


def test_most_severe_enforcing_action_wins(tmp_path: Path) -> None:
    rules = (
        _rule("logit", "request.n > 1", "log")
        + _rule("deg", "request.n > 1", "degrade", "degrade: {max_tokens: 10}")
        + _rule("blk", "request.n > 1", "block", "block: {message: go away}")
        + _rule("thr", "request.n > 1", "throttle")
        + _rule("chl", "request.n > 1", "challenge")
    )
    decision = _decide(_policy(tmp_path, rules), facts=_facts(n=2))
    assert (decision.action, decision.rule) == (Action.BLOCK, "blk")
    assert decision.block_message == "go away"
    assert [h.rule for h in decision.hits] == ["logit", "deg", "blk", "thr", "chl"]
    assert decision.degrade == DegradeOptions(max_tokens=10)


def test_first_rule_wins_between_equals(tmp_path: Path) -> None:
    rules = _rule("first", "request.n > 1", "throttle", "throttle: {mode: delay}")
    rules += _rule("second", "request.n > 1", "throttle")
    decision = _decide(_policy(tmp_path, rules), facts=_facts(n=3))
    assert decision.rule == "first"
    assert decision.throttle is not None and decision.throttle.mode == "delay"
    assert not decision.refuses


def test_shadow_never_enforces_but_is_listed(tmp_path: Path) -> None:
    rules = _rule("shadow-block", "request.n > 1", "block", "mode: shadow")
    rules += _rule("real-log", "request.n > 1", "log")
    decision = _decide(_policy(tmp_path, rules), facts=_facts(n=2))
    assert (decision.action, decision.rule) == (Action.LOG, "real-log")
    assert [(h.rule, h.mode) for h in decision.hits] == [
        ("shadow-block", "shadow"),
        ("real-log", "enforce"),
    ]
    assert not decision.refuses


def test_only_shadow_hits_leave_the_request_allowed(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule("s", "request.n > 1", "challenge", "mode: shadow"))
    decision = _decide(policy, facts=_facts(n=2))
    assert (decision.action, decision.rule, decision.challenge) == (Action.ALLOW, None, None)
    assert [h.rule for h in decision.hits] == ["s"]
    assert decision.header_action == "allow"


def test_degrade_options_merge_and_shadow_degrades_do_not(tmp_path: Path) -> None:
    rules = (
        _rule("a", "request.n > 1", "degrade", "degrade: {max_tokens: 512, strip_logprobs: true}")
        + _rule("b", "request.n > 1", "degrade", "degrade: {max_tokens: 128, route_model: small}")
        + _rule("c", "request.n > 1", "degrade", "degrade: {n: 1, max_tokens: 1}\nmode: shadow")
    )
    decision = _decide(_policy(tmp_path, rules), facts=_facts(n=4))
    assert (decision.action, decision.rule) == (Action.DEGRADE, "a")
    assert decision.degrade == DegradeOptions(
        max_tokens=128, strip_logprobs=True, route_model="small"
    )


def test_degrade_rides_along_with_a_stronger_winner(tmp_path: Path) -> None:
    rules = _rule("deg", "request.n > 1", "degrade", "degrade: {strip_reasoning: true}")
    rules += _rule("slow", "request.n > 1", "throttle", "throttle: {mode: delay, max_delay_s: 1}")
    decision = _decide(_policy(tmp_path, rules), facts=_facts(n=2))
    assert decision.action is Action.THROTTLE
    assert decision.degrade == DegradeOptions(strip_reasoning=True)


EXEMPT = (
    "exempt:\n  accounts: [acct-vip]\n  keys: [k-ops]\ntiers:\n  free: {requests: {minute: 1}}\n"
)


@pytest.mark.parametrize("account", [Account("acct-vip", "free"), Account("x", "free", "k-ops")])
def test_exempt_skips_rules_and_budgets_but_not_forced_blocks(
    tmp_path: Path, account: Account
) -> None:
    rules = _rule("thr", "request.n > 1", "throttle")
    rules += _rule("soft-block", "request.n > 1", "block")
    rules += _rule("hard-block", "request.model == 'banned'", "block", "block: {force: true}")
    policy = _policy(tmp_path, rules, EXEMPT)
    budget = _refused_budget()
    assert _decide(policy, account=account, facts=_facts(n=2), budget=budget).hits == ()
    forced = _decide(policy, account=account, facts=_facts(n=2, model="banned"), budget=budget)
    assert (forced.action, forced.rule) == (Action.BLOCK, "hard-block")
    assert [h.rule for h in forced.hits] == ["hard-block"]


def _refused_budget() -> Reservation:
    usage = empty_usage()
    usage["tokens"]["minute"] = 41000
    return Reservation(
        account="acct-1",
        admitted=False,
        bucket_ts=NOW,
        reserved=Cost(0),
        usage=usage,
        exceeded=Limit("tokens", "minute", 40000),
        retry_after=17.5,
    )


def test_refused_budget_is_a_tier_budget_throttle(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule("deg", "request.n > 1", "degrade", "degrade: {n: 1}"))
    decision = _decide(policy, facts=_facts(n=2), budget=_refused_budget())
    assert (decision.action, decision.rule, decision.retry_after) == (
        Action.THROTTLE,
        BUDGET_RULE,
        17.5,
    )
    assert decision.refuses
    assert decision.hits[0].evidence == {
        "metric": "tokens",
        "window": "minute",
        "used": 41000,
        "limit": 40000,
        "retry_after": 17.5,
    }
    assert [h.rule for h in decision.hits] == [BUDGET_RULE, "deg"]


def test_admitted_budget_changes_nothing(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule("r", "request.n > 5", "block"))
    admitted = Reservation("acct-1", True, NOW, Cost(1), empty_usage())
    assert _decide(policy, budget=admitted).action is Action.ALLOW


def test_budget_loses_to_a_block(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule("b", "request.n > 1", "block"))
    decision = _decide(policy, facts=_facts(n=2), budget=_refused_budget())
    assert (decision.action, decision.rule, decision.retry_after) == (Action.BLOCK, "b", None)


def test_missing_signals_read_as_zero(tmp_path: Path) -> None:
    rules = _rule("low", "signals.never_sent < 0.1", "log")
    rules += _rule("high", "signals.harvest_score > 0.8", "challenge")
    policy = _policy(tmp_path, rules)
    decision = _decide(policy, signals={})
    assert [h.rule for h in decision.hits] == ["low"]
    assert decision.hits[0].evidence == {"signals.never_sent": 0.0}
    assert _decide(policy, signals={"harvest_score": 1}).rule == "high"


def test_evidence_holds_every_referenced_value(tmp_path: Path) -> None:
    when = "request.top_logprobs >= 5 && usage.requests.hour > 500 && tier == 'free'"
    policy = _policy(tmp_path, _rule("m", when, "log"))
    decision = _decide(policy, facts=_facts(top_logprobs=5), usage={"requests.hour": 600})
    assert dict(decision.hits[0].evidence) == {
        "request.top_logprobs": 5,
        "usage.requests.hour": 600,
        "tier": "free",
    }


def test_account_age_and_unknown_age(tmp_path: Path) -> None:
    policy = _policy(
        tmp_path, _rule("new", "account.age_days >= 0.0 && account.age_days < 1.0", "log")
    )
    young = Account("a", "free", created_ts=NOW - 3600)
    assert _decide(policy, account=young).hits[0].evidence == {"account.age_days": 1 / 24}
    assert _decide(policy, account=Account("a", "free")).hits == ()


def test_challenge_difficulty_grows_with_its_signal(tmp_path: Path) -> None:
    challenge = "challenge: {difficulty: 10, difficulty_signal: s, difficulty_max: 20}"
    policy = _policy(tmp_path, _rule("c", "request.n >= 1", "challenge", challenge))
    levels = {
        v: _decide(policy, signals={"s": v}).challenge.difficulty for v in (-1, 0, 0.26, 1, 9)
    }
    assert levels == {-1: 10, 0: 10, 0.26: 13, 1: 20, 9: 20}
    assert policy.signal_names == {"s"}


def test_match_prefilter(tmp_path: Path) -> None:
    header = "tiers:\n  free: {}\n"
    extra = "match: {models: ['gpt-4*'], paths: ['/v1/chat/*'], tiers: [free]}"
    policy = _policy(tmp_path, _rule("m", "request.n >= 1", "log", extra), header)
    assert _decide(policy, facts=_facts(model="gpt-4o")).rule == "m"
    assert _decide(policy, facts=_facts(model="o3")).hits == ()
    assert _decide(policy, facts=_facts(model="gpt-4o"), account=Account("a", "pro")).hits == ()


def test_runtime_error_counts_and_does_not_match(tmp_path: Path) -> None:
    when = "usage.tokens.minute / usage.requests.minute > 100"
    policy = _policy(tmp_path, _rule("ratio", when, "block") + _rule("ok", "request.n >= 1", "log"))
    decision = _decide(policy)  # zero requests: division by zero
    assert [h.rule for h in decision.hits] == ["ok"]
    assert policy.runtime_errors["ratio"] == 1
    assert _decide(policy, usage={"tokens.minute": 5000, "requests.minute": 2}).rule == "ratio"


def test_decide_is_deterministic(tmp_path: Path) -> None:
    policy = load_policy([Path(__file__).resolve().parents[2] / "policies" / "default.yaml"])
    kwargs: dict[str, Any] = {
        "facts": _facts(top_logprobs=5),
        "usage": {"requests.hour": 900},
        "signals": {"harvest_score": 0.93},
    }
    first = _decide(policy, **dict(kwargs))
    assert _decide(policy, **dict(kwargs)) == first
    assert first.action is Action.CHALLENGE


def test_index_out_of_range_at_request_time_counts_and_does_not_match(tmp_path: Path) -> None:
    # In range for the load-time samples, out of range for this request's n.
    when = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10][request.n] >= 1"
    policy = _policy(tmp_path, _rule("idx", when, "block") + _rule("ok", "request.n >= 1", "log"))
    decision = _decide(policy, facts=_facts(n=50))
    assert [h.rule for h in decision.hits] == ["ok"]
    assert policy.runtime_errors["idx"] == 1


def test_a_panic_in_the_cel_runtime_counts_and_does_not_match(tmp_path: Path) -> None:
    import dataclasses

    class PanicException(BaseException):  # pyo3's, as the Rust runtime raises it
        pass

    class Panicking:
        def execute(self, context: object) -> bool:
            raise PanicException("index out of bounds")

    policy = _policy(
        tmp_path, _rule("p", "request.n >= 1", "block") + _rule("ok", "request.n >= 1", "log")
    )
    broken = dataclasses.replace(policy.rules[0], program=Panicking())
    policy = dataclasses.replace(policy, rules=(broken, *policy.rules[1:]))
    decision = _decide(policy)
    assert [h.rule for h in decision.hits] == ["ok"]
    assert policy.runtime_errors["p"] == 1

    class Interrupting:
        def execute(self, context: object) -> bool:
            raise KeyboardInterrupt

    stopped = dataclasses.replace(policy.rules[0], program=Interrupting())
    with pytest.raises(KeyboardInterrupt):  # anything else that is no Exception goes on
        _decide(dataclasses.replace(policy, rules=(stopped,)))
