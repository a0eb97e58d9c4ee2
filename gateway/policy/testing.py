"""`policy test`: run the cases in `*.tests.yaml` files against the policies beside them.

A test file holds `cases`; each gives a partial request, usage, signals, a tier or an
account, optionally `budget_exceeded`, and what to `expect` (action, and optionally rule,
hits, degrade options, challenge difficulty). The policies tested are, in order of
preference: the file's own `policies:` list (relative to the test file), the sibling
`<name>.yaml` of `<name>.tests.yaml`, or every policy file in the test file's directory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gateway.decision import Decision
from gateway.facts import Account, Cost, Limit, RequestFacts
from gateway.policy.compiled import Policy
from gateway.policy.diagnostics import validation_problems
from gateway.policy.evaluate import decide
from gateway.policy.inputs import full_usage
from gateway.policy.loader import POLICY_SUFFIXES, TEST_SUFFIXES, check_policy, is_test_file
from gateway.policy.source import Problem, parse, read_utf8
from gateway.policy.testschema import Case, SuiteFile
from gateway.store.base import Reservation

_DAY = 86400.0


@dataclass
class CaseResult:
    file: str
    line: int
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class PolicyTestReport:
    results: list[CaseResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)


def find_test_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Test files named by `paths`: directories' `*.tests.yaml`, a policy file's sibling."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and is_test_file(p)))
        elif path.is_file() and is_test_file(path):
            found.append(path)
        elif path.is_file():
            stem = path.name.removesuffix(path.suffix)
            found.extend(
                p for p in (path.with_name(stem + s) for s in TEST_SUFFIXES) if p.is_file()
            )
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or directory"))
    if not found and not problems:
        problems.append(Problem(", ".join(map(str, paths)), 1, 1, "no *.tests.yaml files found"))
    return list(dict.fromkeys(found)), problems


def run_policy_tests(paths: Sequence[str | Path]) -> PolicyTestReport:
    files, problems = find_test_files(paths)
    report = PolicyTestReport(problems=problems)
    for path in files:
        _run_file(path, report)
    return report


EMPTY_TESTS = "file is empty; expected a mapping with 'cases:'"


def _run_file(path: Path, report: PolicyTestReport) -> None:
    text, problems = read_utf8(str(path), path.read_bytes())
    if text is None:
        report.problems.extend(problems)
        return
    src, problems = parse(str(path), text, empty=EMPTY_TESTS)
    if problems or src.data is None:
        report.problems.extend(problems)
        return
    try:
        suite = SuiteFile.model_validate(src.data)
    except ValidationError as exc:
        report.problems.extend(validation_problems(src, exc, SuiteFile))
        return
    policy, problems = check_policy(_policies_for(path, suite))
    if policy is None:
        report.problems.extend(problems)
        return
    for index, case in enumerate(suite.cases):
        line, _ = src.value_at(("cases", index))
        result = CaseResult(str(path), line, case.name)
        try:
            decision = run_case(case, policy)
        except ValueError as exc:
            result.failures.append(f"cannot run: {exc}")
        else:
            result.failures.extend(compare(case, decision))
        report.results.append(result)


def _policies_for(path: Path, suite: SuiteFile) -> list[Path]:
    if suite.policies is not None:
        return [path.parent / p for p in suite.policies]
    stem = path.name
    for suffix in TEST_SUFFIXES:
        stem = stem.removesuffix(suffix)
    siblings = [path.with_name(stem + s) for s in POLICY_SUFFIXES]
    return [p for p in siblings if p.is_file()] or [path.parent]


def run_case(case: Case, policy: Policy) -> Decision:
    """The Decision `policy` makes for one test case."""
    spec = case.account
    tier = case.tier or spec.tier
    created = None if spec.age_days is None else case.now - spec.age_days * _DAY
    account = Account(spec.id, tier, spec.key_id, created, spec.keys)
    req = case.request
    facts = RequestFacts(request_id=f"test-{case.name}", **req.model_dump())
    usage = full_usage(case.usage)
    budget = None
    if case.budget_exceeded is not None:
        over = case.budget_exceeded
        limit = over.limit
        if limit is None:
            known = [
                x.maximum
                for x in policy.limits_for(tier)
                if (x.metric, x.window) == (over.metric, over.window)
            ]
            if not known:
                raise ValueError(
                    f"tier {tier!r} has no {over.metric}/{over.window} budget; give limit:"
                )
            limit = known[0]
        usage[over.metric][over.window] = over.used if over.used is not None else limit
        budget = Reservation(
            account=account.id,
            admitted=False,
            bucket_ts=case.now,
            reserved=Cost(0),
            usage=usage,
            exceeded=Limit(over.metric, over.window, limit),
            retry_after=over.retry_after,
        )
    return decide(facts, account, usage, case.signals, policy, case.now, budget)


def compare(case: Case, decision: Decision) -> list[str]:
    """Differences between what the case expects and what was decided, one line each."""
    expect = case.expect
    out: list[str] = []
    given = expect.model_fields_set

    def check(name: str, want: Any, got: Any) -> None:
        if want != got:
            out.append(f"{name}: expected {want!r}, got {got!r}")

    check("action", expect.action, str(decision.action))
    if "rule" in given:
        check("rule", expect.rule, decision.rule)
    if expect.hits is not None:
        check("hits", sorted(expect.hits), sorted(h.rule for h in decision.hits))
    if expect.degrade is not None:
        check("degrade", expect.degrade, decision.degrade.as_dict() if decision.degrade else {})
    if expect.difficulty is not None:
        check("difficulty", expect.difficulty, decision.challenge and decision.challenge.difficulty)
    if out:
        for hit in decision.hits:
            out.append(f"  hit {hit.rule} ({hit.action}, {hit.mode}) evidence {dict(hit.evidence)}")
    return out
