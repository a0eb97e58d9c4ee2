"""Policy loading: the bad corpus fails at the right file:line:col, good files load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.errors import MAX_PROBLEMS_SHOWN, PolicyError
from gateway.policy.loader import check_policy, load_policy

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "policies" / "bad"
GOOD = ROOT / "tests" / "policies" / "good"
EXPECT = re.compile(r"^# expect: (?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def _bad_cases() -> list[Path]:
    return sorted([*BAD.glob("*.yaml"), *(p for p in BAD.iterdir() if p.is_dir())])


def _expectation(case: Path) -> re.Match[str]:
    files = sorted(case.glob("*.yaml")) if case.is_dir() else [case]
    for file in files:
        found = EXPECT.match(file.read_text(encoding="utf-8").split("\n", 1)[0])
        if found:
            return found
    raise AssertionError(f"{case} has no '# expect:' header")


def test_bad_corpus_is_large_enough() -> None:
    assert len(_bad_cases()) >= 22


@pytest.mark.parametrize("case", _bad_cases(), ids=lambda p: p.name)
def test_bad_policy_fails_where_expected(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    want = _expectation(case)
    policy, problems = check_policy([case.relative_to(ROOT)])
    assert policy is None
    where = f":{want['line']}:{want['col']}: "
    matching = [
        str(p)
        for p in problems
        if Path(p.file).name == want["file"] and where in str(p) and want["message"] in str(p)
    ]
    assert matching, f"expected {want.group(0)!r}, got {[str(p) for p in problems]}"


@pytest.mark.parametrize("case", sorted(GOOD.iterdir()), ids=lambda p: p.name)
def test_good_policy_loads(case: Path) -> None:
    policy = load_policy([case])
    assert len(policy.version) == 12
    assert policy.files == (str(case),)


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "version: 1\n"
        "rules:\n"
        "  - id: a\n"
        "    description: x\n"
        "    when: reqest.n > 1\n"
        "    action: log\n"
        "  - id: b\n"
        "    descripton: y\n"
        "    when: request.n > 1\n"
        "    action: log\n"
        "  - id: c\n"
        "    description: z\n"
        "    when: request.n > 1\n"
        "    action: nope\n"
    )
    with pytest.raises(PolicyError) as err:
        load_policy([tmp_path])
    text = "\n".join(err.value.problems)
    assert f"{tmp_path}/p.yaml:5:11: rule 'a': when: unknown name 'reqest'" in text
    assert f"{tmp_path}/p.yaml:8:5: rule 'b': unknown field 'descripton'" in text
    assert f"{tmp_path}/p.yaml:14:13: rule 'c': unknown action 'nope'" in text


def test_thousands_of_problems_are_all_kept_but_the_message_shows_the_first(
    tmp_path: Path,
) -> None:
    rule = "  - {id: x, description: d, when: 'request.n > 1', action: log}\n"
    (tmp_path / "p.yaml").write_text("version: 1\nrules:\n" + rule * 500)
    with pytest.raises(PolicyError) as err:
        load_policy([tmp_path])
    assert len(err.value.problems) == 499  # every repeat of the first id
    lines = str(err.value).splitlines()
    assert len(lines) == MAX_PROBLEMS_SHOWN + 1
    assert lines[0] == err.value.problems[0] and "duplicate rule id 'x'" in lines[0]
    assert lines[-1] == f"... and {499 - MAX_PROBLEMS_SHOWN} more problems"


def test_directory_merges_policy_files_and_skips_test_files(tmp_path: Path) -> None:
    rule = (
        "version: 1\nrules:\n  - {{id: {0}, description: d, when: 'request.n > 1', action: log}}\n"
    )
    (tmp_path / "a.yaml").write_text(rule.format("one"))
    (tmp_path / "b.yml").write_text(rule.format("two"))
    (tmp_path / "a.tests.yaml").write_text("cases: not a policy\n")
    (tmp_path / "notes.txt").write_text("ignored")
    policy = load_policy([tmp_path])
    assert [r.id for r in policy.rules] == ["one", "two"]
    assert policy.rule("two") is not None


def test_version_hashes_the_file_bytes(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nrules: []\n")
    first = load_policy([path]).version
    assert load_policy([path]).version == first
    path.write_text("version: 1\nrules: []\n# a comment changes the version\n")
    assert load_policy([path]).version != first


def test_missing_path_and_empty_directory_are_problems(tmp_path: Path) -> None:
    _, problems = check_policy([tmp_path / "nope.yaml", tmp_path])
    messages = [p.message for p in problems]
    assert messages == ["no such file or directory", "no policy files (*.yaml, *.yml) here"]


def test_when_positions_inside_block_and_quoted_scalars(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "version: 1\n"
        "rules:\n"
        "  - id: literal\n"
        "    description: d\n"
        "    when: |\n"
        "      // comment line\n"
        "      request.n > 1 &&\n"
        "        usage.tokens.wek > 5\n"
        "    action: log\n"
        "  - id: quoted\n"
        "    description: d\n"
        '    when: "request.model == \\"x\\" && account.agee > 1.0"\n'
        "    action: log\n"
    )
    _, problems = check_policy([tmp_path])
    spots = sorted((p.line, p.col, p.rule) for p in problems)
    assert spots == [(8, 22, "literal"), (12, 46, "quoted")]


def test_duplicate_tier_across_files_names_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("version: 1\ntiers:\n  free: {requests: {minute: 1}}\n")
    (tmp_path / "b.yaml").write_text("version: 1\ntiers:\n  free: {requests: {minute: 2}}\n")
    _, problems = check_policy([tmp_path])
    assert [str(p) for p in problems] == [
        f"{tmp_path}/b.yaml:3:3: tier 'free' is defined twice (also at {tmp_path}/a.yaml:3:3)"
    ]


def test_tier_limits_and_fallback_to_default() -> None:
    policy = load_policy([GOOD / "all_actions.yaml"])
    limits = {(x.metric, x.window): x.maximum for x in policy.limits_for("default")}
    assert limits == {
        ("requests", "minute"): 60,
        ("tokens", "minute"): 100000,
        ("tokens", "hour"): 1000000,
    }
    assert policy.limits_for("no-such-tier") == policy.limits_for("default")
    gold = policy.tier_settings("gold")
    assert (gold.expected_completion, gold.cut_stream) == (4096, False)
    assert policy.tier_settings("default").expected_completion == 1024


def test_no_default_tier_means_no_budgets() -> None:
    policy = load_policy([GOOD / "minimal.yaml"])
    assert policy.limits_for("free") == ()
    assert policy.tier_settings("free").cut_stream is False


def test_referenced_signals_are_collected_once_per_policy() -> None:
    policy = load_policy([ROOT / "policies" / "default.yaml"])
    assert {"harvest_score", "reasoning_elicitation", "campaign_score"} <= policy.signal_names
