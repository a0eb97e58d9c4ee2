"""Policies: YAML rules compiled at load, judged per request by the pure `decide`.

schema.py       the file format (pydantic, strict, unknown keys refused)
source.py       YAML with line/col of every key and value
diagnostics.py  pydantic errors -> `file:line:col: rule 'id': message`
inputs.py       what expressions see: request, usage, tier, account, signals
expressions.py  CEL compile, name/field/function checks, sample type checks
loader.py       files -> merged, compiled Policy (every problem in one pass)
compiled.py     Policy, CompiledRule, tier budgets
evaluate.py     decide(facts, account, usage, signals, policy, now, budget)
reload.py       PolicyHolder: validated hot reload, last good kept
testing.py      `policy test` runner (testschema.py: the *.tests.yaml format)
cli.py          check_main / test_main
"""

from gateway.policy.compiled import CompiledRule, Policy, TierSettings
from gateway.policy.evaluate import BUDGET_RULE, decide
from gateway.policy.loader import check_policy, load_policy
from gateway.policy.reload import PolicyHolder
from gateway.policy.source import Problem

__all__ = [
    "BUDGET_RULE",
    "CompiledRule",
    "Policy",
    "PolicyHolder",
    "Problem",
    "TierSettings",
    "check_policy",
    "decide",
    "load_policy",
]
