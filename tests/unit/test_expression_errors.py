"""Odd `when` expressions are problems at file:line:col with a short message.

Never the Rust parser's debug dump, a traceback, or a crash of the CEL runtime.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.errors import PolicyError
from gateway.policy.cli import check_main
from gateway.policy.expressions import MAX_CHAIN, MAX_LENGTH, ExprProblem, compile_expression
from gateway.policy.loader import load_policy

# Names of Rust debug values that must never reach a policy author.
LEAKS = ("OtherError", "ParseError", "source_info", "expr_id", "{ ", "Traceback")


def _policy(tmp_path: Path, when: str) -> Path:
    path = tmp_path / "policy.yaml"
    quoted = json.dumps(when, ensure_ascii=False)  # YAML reads \ud83d\ude00 as two halves
    rule = f"  - id: r1\n    description: d\n    when: {quoted}\n    action: log\n"
    path.write_text("version: 1\nrules:\n" + rule, encoding="utf-8")
    return path


def _problem(tmp_path: Path, when: str) -> str:
    with pytest.raises(PolicyError) as err:
        load_policy([_policy(tmp_path, when)])
    text = str(err.value)
    assert not any(leak in text for leak in LEAKS), text
    return text


@pytest.mark.parametrize(
    ("when", "col"),
    [
        ("(" * 200 + "request.stream" + ")" * 200, 12 + 96),  # the 97th bracket
        ("[" * 200 + "1" + "]" * 200 + " == []", 12 + 96),
        ("size(" * 100 + "'x'" + ")" * 100 + " > 0", 12 + 480),
        ("request.stream ? true : " * 200 + "false", 12 + 96 * 24),  # the 97th `?:`
    ],
)
def test_brackets_past_the_parsers_limit_are_one_short_problem(
    tmp_path: Path, when: str, col: int
) -> None:
    text = _problem(tmp_path, when)
    assert f"policy.yaml:5:{col}: rule 'r1': when: expression nested too deeply (limit 96)" in text


@pytest.mark.parametrize(
    "when",
    [
        "request.n" + " + 1" * 2000 + " > 1",
        "request" + ".b" * 300 + " == 1",
        "request" + "[0]" * 300 + " == 1",
        "request.f()" * 300 + " == 1",
        "(" * 50 + "request.n" + " + 1" * 10 + ")" * 50 + " + 1" * 250 + " > 1",
    ],
)
def test_operator_chains_too_deep_for_the_runtime_are_refused(tmp_path: Path, when: str) -> None:
    text = _problem(tmp_path, when)
    assert f"when: expression nested too deeply (more than {MAX_CHAIN} levels" in text


def test_a_very_long_expression_is_refused_before_the_parser_panics(tmp_path: Path) -> None:
    # a syntax error past column 65535 made the parser's message formatting panic
    when = "request.stream && " + "x" * 70000 + " +"
    text = _problem(tmp_path, when)
    assert "policy.yaml:5:12: rule 'r1': when: expression is 70020 characters long " in text
    assert f"(limit {MAX_LENGTH})" in text


def test_the_chain_problem_points_at_the_operator_past_the_limit() -> None:
    source = "request.n" + " + 1" * 300 + " > 1"
    with pytest.raises(ExprProblem) as err:
        compile_expression(source)
    # `.` is level 1, so the 256th `+` is level 257
    assert err.value.offset == len("request.n") + 255 * len(" + 1") + 1
    assert source[err.value.offset] == "+"


@pytest.mark.parametrize(
    "source",
    [
        "request.n" + " + 1" * 250 + " > 1",
        " || ".join(["request.n > 1"] * 3000),  # long, but the parser balances || and &&
        " && ".join(["(request.n + 1 + 1 + 1 > 1)"] * 2000),
        "!" * 200 + "true",  # a run of `!` folds; it is not nesting
        "-" * 201 + "1 < 0",
        "request.model in [" + ", ".join(f"'m{i}'" for i in range(2000)) + "]",
        "request.n != 1 && request.n <= 2 && request.n >= 0 && request.n == 2",
    ],
)
def test_long_but_shallow_expressions_still_load(source: str) -> None:
    assert compile_expression(source).source == source


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("request.stream\x00 && true", r"policy.yaml:5:26: rule 'r1': when: Syntax error: "
         r"token recognition error at: '\x00'"),  # escaped, not a raw NUL on the terminal
        ("réquest.model == 'x'", "policy.yaml:5:13: rule 'r1': when: Syntax error: "
         "token recognition error at: 'é'"),
        ("request.model == 'héllo 😀' && request.stréam", "policy.yaml:5:53: rule 'r1': when: "
         "Syntax error: token recognition error at: 'é'"),
        ("foo(request.n) > 1", "policy.yaml:5:12: rule 'r1': when: unknown function 'foo'"),
        ("[1, 2][request.n + 5] == 1", "policy.yaml:5:12: rule 'r1': when: "
         "cannot evaluate: index out of bounds: 6"),  # was an IndexError traceback
        ("{'a': 1}[request.model] == 1", "policy.yaml:5:12: rule 'r1': when: "
         "cannot evaluate: no such key ''"),
        ("duration(request.model) > duration('1s')", "when: cannot evaluate: "
         "Function 'duration' error: Parsing Error: invalid value"),
        ("request.model.matches('[')", "when: cannot evaluate: Function 'matches' error: "
         "'[' not a valid regex: unclosed character class"),
    ],
)  # fmt: skip
def test_odd_expressions_are_clean_problems(tmp_path: Path, when: str, expected: str) -> None:
    assert expected in _problem(tmp_path, when)


def test_policy_check_cli_prints_the_problem_not_a_dump(tmp_path: Path) -> None:
    out = io.StringIO()
    path = _policy(tmp_path, "(" * 200 + "request.stream" + ")" * 200)
    assert check_main([str(path)], out=out) == 1
    assert out.getvalue().splitlines() == [
        f"{path}:5:108: rule 'r1': when: expression nested too deeply (limit 96)",
        "1 problem(s) found",
    ]


def test_expressions_that_crashed_the_process_are_refused_in_a_subprocess(
    tmp_path: Path,
) -> None:
    """20k levels segfaulted cel.compile (`.b`) or Program.execute (`+ 1`) on 8 MiB stacks;
    a syntax error past column 65535 panicked in Rust, printing to stderr.

    Checked in a child process, so a regression fails this test instead of killing pytest.
    """
    chains = {"member": ".b", "index": "[0]", "plus": "+1"}  # 40k to 60k characters
    for name, link in chains.items():
        text = f"version: 1\nrules:\n  - id: {name}\n    description: d\n"
        when = "request.n" + link * 20000 + (" > 1" if name == "plus" else " == 1")
        text += f"    when: {json.dumps(when, ensure_ascii=False)}\n    action: log\n"
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    long = "request.stream && " + "x" * 70000 + " +"
    text = f"version: 1\nrules:\n  - id: long\n    description: d\n    when: {json.dumps(long)}\n"
    (tmp_path / "long.yaml").write_text(text + "    action: log\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "policy", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, (run.returncode, run.stderr[-2000:])
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[-1] == "4 problem(s) found", run.stdout
    assert "when: expression is 70020 characters long" in lines[1]  # files in name order
    for line in lines[:1] + lines[2:-1]:
        assert f"when: expression nested too deeply (more than {MAX_CHAIN} levels" in line
