"""`policy check` / `policy test`: output and exit codes; the shipped pack and its tests."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gateway.policy import cli

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"


def _run(fn: object, paths: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = fn(paths, out=out)  # type: ignore[operator]
    return code, out.getvalue()


def test_check_ok_prints_summary() -> None:
    code, out = _run(cli.check_main, [str(POLICIES)])
    assert code == 0
    assert out.startswith("OK: 10 rules, 4 tiers in 1 file(s); policy version ")


def test_check_reports_every_problem_and_fails(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "version: 1\nrules:\n  - id: x\n    description: d\n    when: reqest.n > 1\n"
        "    action: log\n"
    )
    (tmp_path / "b.yaml").write_text("version: 3\n")
    code, out = _run(cli.check_main, [str(tmp_path)])
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path}/a.yaml:5:11: rule 'x': when: unknown name 'reqest' (did you mean "
        "'request'?); expressions may use request, usage, tier, account, signals",
        f"{tmp_path}/b.yaml:1:10: version: must be 1 (got 3)",
        "2 problem(s) found",
    ]


def test_shipped_pack_tests_pass() -> None:
    code, out = _run(cli.test_main, [str(POLICIES)])
    assert code == 0, out
    assert " 0 failed" in out and "FAIL" not in out


def test_examples_cover_every_action_and_pass() -> None:
    names = {p.name.removesuffix(".yaml") for p in (POLICIES / "examples").glob("*.yaml")}
    assert {
        "throttle-reject", "throttle-delay", "challenge", "degrade",
        "block", "log", "shadow", "exempt",
    } <= names  # fmt: skip
    for name in [n for n in names if not n.endswith(".tests")]:
        assert f"{name}.tests" in names, f"{name} has no tests"
    code, out = _run(cli.check_main, [str(POLICIES / "examples")])
    assert code == 0, out
    code, out = _run(cli.test_main, [str(POLICIES / "examples")])
    assert code == 0, out


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / "p.yaml").write_text(
        "version: 1\nrules:\n  - id: big-n\n    description: d\n    when: request.n > 4\n"
        "    action: degrade\n    degrade: {n: 1}\n"
    )
    return tmp_path


def test_test_runner_pass_and_fail_with_diff(suite: Path) -> None:
    (suite / "p.tests.yaml").write_text(
        "cases:\n"
        "  - name: small n passes\n"
        "    request: {n: 2}\n"
        "    expect: {action: allow, rule: null, hits: []}\n"
        "  - name: wrong expectation\n"
        "    request: {n: 8}\n"
        "    expect: {action: block, rule: big-n, degrade: {n: 2}}\n"
    )
    code, out = _run(cli.test_main, [str(suite)])
    assert code == 1
    lines = out.splitlines()
    assert f"  PASS small n passes  ({suite}/p.tests.yaml:2)" in lines
    assert f"  FAIL wrong expectation  ({suite}/p.tests.yaml:5)" in lines
    assert "      action: expected 'block', got 'degrade'" in lines
    assert "      degrade: expected {'n': 2}, got {'n': 1}" in lines
    assert "        hit big-n (degrade, enforce) evidence {'request.n': 8}" in lines
    assert lines[-1] == "1 passed, 1 failed"


def test_test_file_errors_are_located(suite: Path) -> None:
    (suite / "p.tests.yaml").write_text(
        "cases:\n  - name: typo\n    requets: {n: 2}\n    expect: {action: allow}\n"
    )
    code, out = _run(cli.test_main, [str(suite / "p.yaml")])
    assert code == 1
    assert out.splitlines() == [
        f"{suite}/p.tests.yaml:3:5: unknown field 'requets' (did you mean 'request'?)",
        "0 passed, 0 failed, 1 error(s)",
    ]


def test_test_file_can_name_its_policies(suite: Path) -> None:
    sub = suite / "cases"
    sub.mkdir()
    (sub / "any.tests.yaml").write_text(
        "policies: [../p.yaml]\ncases:\n  - name: n\n    request: {n: 9}\n"
        "    expect: {action: degrade, rule: big-n}\n"
    )
    assert _run(cli.test_main, [str(sub)])[0] == 0


def test_no_test_files_is_an_error(tmp_path: Path) -> None:
    code, out = _run(cli.test_main, [str(tmp_path)])
    assert code == 1
    assert "no *.tests.yaml files found" in out
