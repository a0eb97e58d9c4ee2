from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.logs.sinks import FileSink
from gateway.review.logs_cli import add_logs_subcommands
from gateway.review.views import summarize

T0 = 1_795_813_200.0  # 2026-11-27T21:00:00Z


def _rec(i: int, account: str, **extra: Any) -> dict[str, Any]:
    base = {
        "ts": f"2026-11-27T{21 + i // 60:02d}:{i % 60:02d}:00.000Z", "ts_epoch": T0 + 60 * i,
        "request_id": f"r-{i:04d}", "account": account, "api_key_id": f"k-{account}",
        "action": "allow", "rule": None, "mode": "enforce", "status": 200, "model": "gpt-x",
        "prompt_tokens": 10, "completion_tokens": 100, "hits": [], "campaign": None,
        "signals": {"harvest_score": 0.1, "template_ratio": 0.2}, "top_signals": [],
    }  # fmt: skip
    return {**base, **extra}


LOGPROB_HIT = {"rule": "logprob-mining", "action": "degrade", "mode": "enforce",
               "evidence": {"request.top_logprobs": 20, "usage.requests.hour": 900},
               "options": {"strip_logprobs": True}}  # fmt: skip
SHADOW_BLOCK = {"rule": "burst", "action": "block", "mode": "shadow",
                "evidence": {"usage.tokens.minute": 250000}}  # fmt: skip


TOP = [["template_ratio", 0.6]]


def _records() -> list[dict[str, Any]]:
    out = [_rec(i, "acct-good") for i in range(5)]
    harvest = {"harvest_score": 0.93, "template_ratio": 0.9}
    for i in range(5, 70):
        hits = [LOGPROB_HIT, SHADOW_BLOCK] if i >= 60 else []
        act = {"action": "degrade", "rule": "logprob-mining", "status": 200} if hits else {}
        extra = {"hits": hits, "campaign": "camp-7", "signals": harvest, **act}
        out.append(_rec(i, "acct-evil", completion_tokens=500, top_signals=TOP, **extra))
    out.append({"ts": "2026-11-27T22:15:00.000Z", "ts_epoch": T0 + 4500, "action": "admin",
                "account": "acct-evil", "admin_action": "block", "reason": "confirmed harvest",
                "actor": "ops@example.com"})  # fmt: skip
    return out


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    sink = FileSink(tmp_path / "dg.jsonl", max_bytes=8000, keep=100)
    sink.write_batch(_records())
    sink.close()
    assert len(list(tmp_path.glob("*.gz"))) >= 2
    return tmp_path


def run_full(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="distillguard")
    add_logs_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code = args.func(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code, out, _ = run_full(capsys, *argv)
    return code, out


def test_query_plain_table(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        capsys, "logs", "query", "--log", str(log_dir), "--action", "degrade", "--limit", "2"
    )
    lines = out.splitlines()
    assert code == 0 and lines[0].split("\t")[:4] == ["ts", "request_id", "account", "action"]
    first = ["2026-11-27T22:00:00.000Z", "r-0060", "acct-evil", "degrade", "logprob-mining"]
    assert lines[1].split("\t") == [*first, "enforce", "200", "10", "500", "gpt-x"]
    assert len(lines) == 3


def test_query_json_and_tail(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "logs", "query", "--log", str(log_dir), "--account", "acct-good", "--json")
    assert [json.loads(x)["request_id"] for x in out.splitlines()] == [
        f"r-{i:04d}" for i in range(5)
    ]
    _, out = run(capsys, "logs", "tail", "--log", str(log_dir), "-n", "3", "--json")
    assert [json.loads(x).get("request_id") for x in out.splitlines()] == ["r-0068", "r-0069", None]
    code, out = run(
        capsys,
        "logs",
        "tail",
        "--log",
        str(log_dir),
        "-n",
        "1",
        "--follow",
        "--max-polls",
        "1",
        "--interval",
        "0",
    )
    assert code == 0 and len(out.splitlines()) == 2


def test_summary_plain_and_shadow_impact(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "logs", "summary", "--log", str(log_dir))
    assert code == 0
    assert "# actions\naction\trequests\nallow\t60\ndegrade\t10\n" in out
    assert "# hits per rule\nrule\tenforce\tshadow\nlogprob-mining\t10\t0\nburst\t0\t10\n" in out
    assert "burst\t10\t10\t0\t0\t1\t5100\n" in out  # 10 requests refused, 1 account, tokens
    assert "acct-evil\t65\t33150\t10" in out


def test_summary_json_matches_view(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "logs", "summary", "--log", str(log_dir), "--json")
    result = json.loads(out)
    assert result["records"] == 70 and result["admin_records"] == 1
    impact = {"requests": 10, "refused": 10, "delayed": 0, "degraded": 0}
    assert result["shadow_impact"]["burst"] == {**impact, "tokens": 5100, "accounts": 1}
    assert result == {**summarize(_records()), "skipped_lines": {"truncated": 0, "bad": 0}}


def test_shadow_hit_not_more_severe_changes_nothing() -> None:
    weak = {"rule": "soft", "action": "degrade", "mode": "shadow", "evidence": {}}
    rec = _rec(0, "a", action="block", rule="ban", hits=[weak])
    assert summarize([rec])["shadow_impact"] == {}


def test_explain_request(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "logs", "explain", "r-0065", "--log", str(log_dir))
    assert code == 0
    assert "request_id\tr-0065" in out and "enforced_action\tdegrade" in out
    assert "# hit 1\nrule\tlogprob-mining\naction\tdegrade\nmode\tenforce\n" in out
    assert "evidence request.top_logprobs\t20" in out and "option strip_logprobs\tTrue" in out
    assert (
        "# hit 2\nrule\tburst\naction\tblock\nmode\tshadow\nevidence usage.tokens.minute\t250000"
        in out
    )
    assert "# signals\nsignal\tvalue\nharvest_score\t0.93\n" in out
    assert "# top signals\nsignal\tcontribution\ntemplate_ratio\t0.6\n" in out


def test_explain_account_timeline(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "logs", "explain", "acct-evil", "--log", str(log_dir))
    assert code == 0
    assert "first_seen\t2026-11-27T21:05:00.000Z" in out
    assert "flagged_since\t2026-11-27T22:00:00.000Z" in out
    assert "harvest_since\t2026-11-27T21:05:00.000Z" in out
    assert "campaign camp-7" in out and "enforced: degrade x10" in out
    assert "2026-11-27T21:00:00.000Z\t55\t28050\t0\t0.93\t0.93\t0.9" in out
    assert "logprob-mining\tdegrade\tenforce\t10\t2026-11-27T22:00:00.000Z" in out
    assert "camp-7\t65\t" in out
    assert "block\tconfirmed harvest\tops@example.com" in out
    _, out = run(capsys, "logs", "explain", "acct-evil", "--log", str(log_dir), "--json")
    tl = json.loads(out)
    assert tl["requests"] == 65 and tl["tokens"] == 65 * 510 and len(tl["series"]) == 2


def test_explain_unknown_is_exit_1(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "logs", "explain", "nobody", "--log", str(log_dir))
    assert code == 1 and out == ""


def test_verify_ok_and_broken(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "logs", "verify", "--log", str(log_dir))
    assert (code, out) == (0, "OK: 71 records, chain intact (from genesis)\n")
    live = log_dir / "dg.jsonl"
    text = live.read_text()
    live.write_text(text.replace("confirmed harvest", "routine check"))
    code, out = run(capsys, "logs", "verify", "--log", str(log_dir))
    where = f"{live}:{text.count(chr(10))}: hash mismatch (request_id -)"
    assert code == 1 and out.startswith("BROKEN after 70 good records: ") and where in out


def test_missing_log_and_bad_time_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_full(capsys, "logs", "summary", "--log", str(tmp_path / "nope"))
    assert code == 2 and "no log file or directory" in err
    code, _, err = run_full(capsys, "logs", "query", "--log", str(tmp_path), "--since", "yesterday")
    assert code == 2 and "not a time" in err
