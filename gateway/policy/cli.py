"""`distillguard policy check|test`: print the results and return the exit code."""

from __future__ import annotations

import sys
from typing import TextIO

from gateway.policy.loader import check_policy
from gateway.policy.testing import run_policy_tests


def check_main(paths: list[str], out: TextIO | None = None) -> int:
    """Validate policy files: every problem as `file:line:col: ...`; 1 if any, else 0."""
    out = out or sys.stdout
    policy, problems = check_policy(paths)
    for problem in problems:
        print(problem, file=out)
    if policy is None:
        print(f"{len(problems)} problem(s) found", file=out)
        return 1
    print(
        f"OK: {len(policy.rules)} rules, {len(policy.tiers)} tiers in {len(policy.files)} "
        f"file(s); policy version {policy.version}",
        file=out,
    )
    return 0


def test_main(paths: list[str], out: TextIO | None = None) -> int:
    """Run `*.tests.yaml` cases: PASS/FAIL per case with the differences; 1 on any failure."""
    out = out or sys.stdout
    report = run_policy_tests(paths)
    for problem in report.problems:
        print(problem, file=out)
    current = ""
    for result in report.results:
        if result.file != current:
            current = result.file
            print(current, file=out)
        status = "PASS" if result.passed else "FAIL"
        print(f"  {status} {result.name}  ({result.file}:{result.line})", file=out)
        for line in result.failures:
            print(f"      {line}", file=out)
    passed = sum(r.passed for r in report.results)
    failed = len(report.results) - passed
    errors = f", {len(report.problems)} error(s)" if report.problems else ""
    print(f"{passed} passed, {failed} failed{errors}", file=out)
    return 0 if report.ok else 1


# not a pytest test, despite the name the CLI contract gives it
test_main.__test__ = False  # type: ignore[attr-defined]
