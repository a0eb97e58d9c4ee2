"""Regression tests for odd non-HTTP inputs: config, policy, traffic, labels, simulate, keys
and log files. Each bad input must give a clear error naming where it is, never a traceback,
a hang, or a silently wrong result."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import main
from gateway.errors import ConfigError
from gateway.logs.reader import ReadStats, gzip_damage, iter_records, well_formed
from gateway.logs.sinks import FileSink
from gateway.policy.loader import check_policy
from gateway.settings import load_settings
from gateway.sim.replay import read_traffic, record_problem, replay
from gateway.sim.score import load_labels

POLICIES = Path(__file__).parents[2] / "policies" / "default.yaml"


def _settings(tmp_path: Path, text: str | bytes, **kw: Any) -> Any:
    path = tmp_path / "config.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return load_settings(path, environ=kw.pop("environ", {}), **kw)


def _config_error(tmp_path: Path, text: str | bytes, **kw: Any) -> str:
    with pytest.raises(ConfigError) as info:
        _settings(tmp_path, text, **kw)
    return str(info.value)


# --- config file and environment ---


def test_config_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    message = _config_error(tmp_path, b'listen:\n  host: "\xff"\n')
    assert message == f"{tmp_path / 'config.yaml'}:2:10: not valid UTF-8 (byte 0xff); " + (
        "save the file as UTF-8"
    )


@pytest.mark.parametrize("text", ["", "# nothing configured yet\n"])
def test_empty_config_means_defaults(tmp_path: Path, text: str) -> None:
    assert _settings(tmp_path, text).listen.port == 8080


def test_bool_is_no_port(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "listen:\n  port: true\n")
    assert message.endswith(":2:3: listen.port: must be a number, not true")


@pytest.mark.parametrize("token", ["change-me", "  short-token   ", "x" * 15])
def test_a_guessable_admin_token_is_refused(tmp_path: Path, token: str) -> None:
    message = _config_error(tmp_path, f"security:\n  admin_token: '{token}'\n")
    assert ":2:3: security.admin_token: must be at least 16 characters" in message
    assert token.strip() not in message  # a secret, even a bad one, is not echoed


def test_a_long_admin_token_is_accepted(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "security:\n  admin_token: " + "x" * 16 + "\n")
    assert settings.security.admin_token is not None


@pytest.mark.parametrize("value", [".inf", ".nan"])
def test_infinite_durations_are_refused(tmp_path: Path, value: str) -> None:
    message = _config_error(tmp_path, f"listen:\n  grace_period_s: {value}\n")
    assert ":2:3: listen.grace_period_s: Input should be a finite number" in message


def test_bad_trusted_proxy(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "security:\n  trusted_proxies: [10.0.0.0/8, nope]\n")
    assert "security.trusted_proxies: 'nope' is not an IP address or CIDR block" in message


def test_bad_store_url_is_a_config_error_not_a_startup_crash(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "store:\n  url: mongodb://x\n")
    assert ":2:3: store.url: expected memory, redis://" in message
    assert "Value error" not in message


def test_log_file_needs_jsonl_suffix(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "log:\n  file: logs/enforcement.log\n")
    assert ":2:3: log.file: the log file name must end in .jsonl" in message


def test_unknown_encoding(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "tokens:\n  default_encoding: bogus\n")
    assert ":2:3: tokens.default_encoding: unknown tiktoken encoding 'bogus'" in message


def test_env_var_below_an_unknown_section_is_named(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "{}\n", environ={"DISTILLGUARD_NOPE__X": "1"})
    assert message == "environment DISTILLGUARD_NOPE__X: nope: unknown field"


def test_override_does_not_hide_a_scalar_section(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "listen: 5\n", overrides={"listen.port": 9000})
    assert message.startswith(f"{tmp_path / 'config.yaml'}:1:1: listen: ")


def test_flag_is_named_by_its_own_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--log", str(tmp_path / "x.log")]) == 2
    assert capsys.readouterr().err.startswith("command-line --log: log.file: ")


def test_unwritable_log_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["serve", "--log", str(blocker / "dg.jsonl")]) == 2
    assert "log.file: cannot open for writing" in capsys.readouterr().err


def test_keys_file_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_bytes(b"keys:\n  - \xfe\n")
    assert main(["serve", "--keys", str(keys), "--log", str(tmp_path / "dg.jsonl")]) == 2
    assert capsys.readouterr().err.startswith(f"{keys}:2:5: not valid UTF-8 (byte 0xfe)")


# --- keys CLI ---


@pytest.mark.parametrize(
    "argv",
    [
        ["keys", "hash", ""],
        ["keys", "add", "--store", "redis://127.0.0.1:1/0", "--account", "a", ""],
        ["keys", "add", "--store", "redis://127.0.0.1:1/0", "--account", " ", "k"],
        ["keys", "revoke", "--store", "redis://127.0.0.1:1/0", ""],
    ],
)
def test_empty_key_or_account_is_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "must not be empty" in capsys.readouterr().err


def test_malformed_store_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "list", "--store", "redis://x:y:z"]) == 2
    assert capsys.readouterr().err.startswith("--store: invalid URL: ")


# --- policy files ---


def test_policy_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"version: 1\nrules:\n  - id: a\n    description: \xff\n")
    policy, problems = check_policy([path])
    assert policy is None
    assert [str(p) for p in problems] == [
        f"{path}:4:18: not valid UTF-8 (byte 0xff); " + ("save the file as UTF-8")
    ]


# --- traffic records ---


def _rec(**fields: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": "r-1",
        "ts": 1764000000.0,
        "account": "acct-1",
        "path": "/v1/chat/completions",
        "request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
        "response": {"status": 200, "text": "hello", "usage": {"completion_tokens": 3}},
    }
    rec.update(fields)
    return rec


def _usage(**usage: Any) -> dict[str, Any]:
    return _rec(response={"status": 200, "text": "x", "usage": usage})


@pytest.mark.parametrize(
    ("rec", "field"),
    [
        (_rec(ts="1764000000"), "ts"),
        (_rec(ts=True), "ts"),
        (_rec(ts=None), "ts"),
        (_rec(ts=float("nan")), "ts"),
        (_rec(ts=float("inf")), "ts"),
        (_rec(ts=10**400), "ts"),
        (_rec(account=None), "account"),
        (_rec(account=42), "account"),
        (_rec(account={"a": 1}), "account"),
        (_rec(account=""), "account"),
        (_rec(id={"x": 1}), "id"),
        (_rec(path=5), "path"),
        (_rec(request="hello"), "request"),
        (_rec(response="ok"), "response"),
        (_rec(response={"status": "ok"}), "response.status"),
        (_rec(response={"status": 2e300}), "response.status"),
        (_rec(response={"text": 5}), "response.text"),
        (_rec(response={"usage": "x"}), "response.usage"),
        (_usage(completion_tokens=-300), "response.usage.completion_tokens"),
        (_usage(completion_tokens=True), "response.usage.completion_tokens"),
        (_usage(completion_tokens="300"), "response.usage.completion_tokens"),
        (_usage(completion_tokens=3.5), "response.usage.completion_tokens"),
        (_usage(prompt_tokens=-7), "response.usage.prompt_tokens"),
    ],
)
def test_bad_traffic_fields_are_named(rec: dict[str, Any], field: str) -> None:
    problem = record_problem(rec)
    assert problem is not None and problem.startswith(f"{field}: ")


@pytest.mark.parametrize(
    "rec",
    [
        _rec(),
        _rec(ts=-5, path=None, response=None),
        _rec(response={"status": None, "usage": None}),
        _usage(completion_tokens=10**30, prompt_tokens=0),
    ],
)
def test_good_traffic_passes(rec: dict[str, Any]) -> None:
    assert record_problem(rec) is None


def test_read_traffic_skips_bad_utf8_line_only(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    good = json.dumps(_rec()).encode()
    path.write_bytes(good + b"\n" + b'{"id": "\xff"}\n' + good + b"\n" + good[:20])
    with path.open("rb") as fh:
        got = [(n, rec is not None) for n, rec in read_traffic(fh)]
    assert got == [(1, True), (2, False), (3, True), (4, False)]


def test_replay_keeps_going_and_says_why(tmp_path: Path) -> None:
    traffic, out = tmp_path / "t.jsonl", tmp_path / "o.jsonl"
    lines = [
        json.dumps(_rec(id="r-1")),
        json.dumps(_rec(id="r-2", account=None)),
        json.dumps(_rec(id="r-3", ts=1764000001.0, response="ok")),
        json.dumps(_usage(completion_tokens=-5)),
        json.dumps(_rec(id="r-5", ts=1764000002.0)),
    ]
    traffic.write_text("\n".join(lines) + "\n")
    stats = asyncio.run(replay(POLICIES, traffic, out))
    assert stats.records == 2 and stats.skipped == 3
    assert stats.problems == [
        f"{traffic}:2: account: must be a non-empty string (got null)",
        f'{traffic}:3: response: must be an object (got "ok")',
        f"{traffic}:4: response.usage.completion_tokens: must be a non-negative integer (got -5)",
    ]
    assert [json.loads(x)["request_id"] for x in out.read_text().splitlines()] == ["r-1", "r-5"]


def test_replay_out_of_order_names_ts_and_keeps_output(tmp_path: Path) -> None:
    traffic, out = tmp_path / "t.jsonl", tmp_path / "o.jsonl"
    later, earlier = _rec(id="r-1", ts=1764000005.0), _rec(id="r-2", ts=1764000001.0)
    traffic.write_text(json.dumps(later) + "\n" + json.dumps(earlier) + "\n")
    with pytest.raises(ConfigError, match=r":2: ts: 1764000001.0 is before"):
        asyncio.run(replay(POLICIES, traffic, out))
    assert len(out.read_text().splitlines()) == 1


def _replay_cli(tmp_path: Path, traffic: Path, *extra: str) -> int:
    argv = ["replay", "--policies", str(POLICIES), "--traffic", str(traffic)]
    return main([*argv, "--out", str(tmp_path / "o.jsonl"), *extra])


def test_replay_cli_nothing_usable_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    traffic = tmp_path / "t.jsonl"
    traffic.write_bytes(b"\xff\xfe\n[1]\n")
    assert _replay_cli(tmp_path, traffic) == 1
    err = capsys.readouterr().err
    assert f"skipped {traffic}:1: not valid UTF-8 (byte 0xff)" in err
    assert f"skipped {traffic}:2: not a JSON object (got [1])" in err
    assert "no usable traffic records" in err


def test_replay_cli_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _replay_cli(tmp_path, tmp_path / "missing.jsonl") == 2
    assert "replay: --traffic" in capsys.readouterr().err
    traffic = tmp_path / "t.jsonl"
    traffic.write_text(json.dumps(_rec()) + "\n")
    argv = [
        "replay",
        "--policies",
        str(POLICIES),
        "--traffic",
        str(traffic),
        "--out",
        str(tmp_path),
    ]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(f"replay: --out {tmp_path}: ")


# --- labels ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"account": "a", "harvester": "no"}\n', ":1: harvester: must be bool or null"),
        ('{"account": "a"}\n{"account": "b", "harv\n', ":2: not a JSON label row"),
        ('{"archetype": "chat"}\n', ":1: account: must be str"),
        ("[1]\n", ":1: not a JSON object"),
    ],
)
def test_bad_labels(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(text)
    with pytest.raises(ConfigError, match=f"^{path}{expected}"):
        load_labels(path)


def test_bad_labels_fail_before_the_replay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    traffic, labels = tmp_path / "t.jsonl", tmp_path / "l.jsonl"
    traffic.write_text(json.dumps(_rec()) + "\n")
    labels.write_bytes(b"\xff\n")
    assert _replay_cli(tmp_path, traffic, "--labels", str(labels)) == 2
    assert not (tmp_path / "o.jsonl").exists()
    assert capsys.readouterr().err.startswith(f"{labels}:1: not a JSON label row")


# --- simulate ---


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--days", "nan"], "--days: must be a positive number"),
        (["--days", "inf"], "--days: must be a positive number"),
        (["--scale", "nan"], "--scale: must be a positive number"),
        (["--days", "1e9"], "--days x --scale is 1e+09; at most 100"),
    ],
)
def test_simulate_bad_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], expected: str
) -> None:
    assert main(["simulate", "--out", str(tmp_path / "t.jsonl"), *extra]) == 2
    assert expected in capsys.readouterr().err


def test_simulate_out_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--out", str(tmp_path), "--days", "0.01"]) == 2
    assert capsys.readouterr().err.startswith(f"--out {tmp_path}: is a directory")


# --- enforcement logs ---


def test_well_formed() -> None:
    good = {"ts": "x", "action": "allow", "hits": [{"rule": "r", "evidence": {}}], "signals": {}}
    assert well_formed(good)
    assert well_formed({})
    bad: dict[str, Any]
    for bad in (
        {"action": ["a"]},
        {"account": 7},
        {"prompt_tokens": "7"},
        {"hits": "h"},
        {"hits": [1]},
        {"hits": [{"rule": []}]},
        {"hits": [{"evidence": 5}]},
        {"signals": [1]},
        {"signals": {"harvest_score": "hi"}},
        {"top_signals": 5},
    ):
        assert not well_formed(bad), bad


def _logs(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["logs", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_malformed_record_is_skipped_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "dg.jsonl"
    bad = {"ts": 5, "account": "acct-x", "action": ["a"], "hits": [1], "request_id": "rq-1"}
    good = {"ts": "2026-11-27T21:00:00.000Z", "account": "acct-x", "action": "allow",
            "request_id": "rq-2", "hits": [], "signals": {}}  # fmt: skip
    log.write_text(json.dumps(bad) + "\n" + json.dumps(good) + "\n")
    stats = ReadStats()
    assert [r["request_id"] for r in iter_records(log, stats=stats)] == ["rq-2"]
    assert stats.bad == 1
    code, out, err = _logs(capsys, "summary", "--log", str(log))
    assert code == 0 and "records\t1" in out and "skipped 1 unreadable or malformed" in err
    code, _, err = _logs(capsys, "explain", "rq-1", "--log", str(log))
    assert code == 1 and "no request or account 'rq-1'" in err


def test_verify_finds_a_damaged_rotated_gzip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sink = FileSink(tmp_path / "dg.jsonl", max_bytes=3000, keep=50)
    sink.write_batch(
        [{"request_id": f"r-{i}", "account": "a", "pad": "x" * 200} for i in range(40)]
    )
    sink.close()
    assert _logs(capsys, "verify", "--log", str(tmp_path))[0] == 0
    first = sorted(tmp_path.glob("*.jsonl.gz"))[0]
    assert gzip_damage(first) is None
    first.write_bytes(b"not gzip at all\n")  # was read as an empty file: chain "OK"
    code, out, _ = _logs(capsys, "verify", "--log", str(tmp_path))
    assert code == 1 and out.startswith(f"BROKEN: {first}: gzip data unreadable from its start")
    second = sorted(tmp_path.glob("*.jsonl.gz"))[1]
    data = second.read_bytes()
    second.write_bytes(data[: len(data) // 2])
    assert "gzip data unreadable after line" in (gzip_damage(second) or "")
    with gzip.open(sorted(tmp_path.glob("*.jsonl.gz"))[2], "rb") as fh:
        assert fh.read()


def test_policy_tests_file_not_utf8_or_empty_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.policy.testing import run_policy_tests

    bad = tmp_path / "h.tests.yaml"
    bad.write_bytes(b"cases:\n  - name: x\xff\n")
    empty = tmp_path / "e.tests.yaml"
    empty.write_bytes(b"")
    report = run_policy_tests([bad, empty])
    shown = [str(p) for p in report.problems]
    assert any("h.tests.yaml:2:12" in s and "not valid UTF-8" in s for s in shown), shown
    assert any("e.tests.yaml" in s and "expected a mapping with 'cases:'" in s for s in shown)


def test_simulate_scaled_to_almost_nothing_still_writes(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    assert main(["simulate", "--out", str(out), "--days", "0.001", "--scale", "0.001"]) == 0
    assert out.exists()
