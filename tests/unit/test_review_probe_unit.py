"""Regressions from a probe of the review surface that need no gateway: the logs CLI's
terminal output and the views' reading of damaged timestamps and token counts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from gateway.review.digest import Digest
from gateway.review.logs_cli import add_logs_subcommands
from gateway.review.views import AccountTimeline, epoch_of, tokens_of

EVIL = "<x\x1b[31mRED\x1b]0;title\x07\rfake\x9bline\x7f"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    parser = argparse.ArgumentParser(prog="distillguard")
    add_logs_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def test_cli_prints_control_characters_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Any key holder picks its model name; raw ESC/OSC would drive the reviewer's terminal.
    log = tmp_path / "dg.jsonl"
    hit = {"rule": "watch", "action": "log", "mode": "enforce", "evidence": {"model": EVIL}}
    rec = {
        "ts": "2026-11-28T05:00:00.000Z", "ts_epoch": 1_795_842_000.0, "request_id": "r-1",
        "account": "acct-1", "action": "log", "rule": "watch", "mode": "enforce",
        "model": EVIL, "hits": [hit], "prompt_tokens": 1, "completion_tokens": 1,
    }  # fmt: skip
    log.write_text(json.dumps(rec, ensure_ascii=False) + "\n")
    outputs = [
        _run(capsys, "logs", "tail", "--log", str(log), "-n", "1"),
        _run(capsys, "logs", "explain", "r-1", "--log", str(log)),
        _run(capsys, "logs", "explain", "acct-1", "--log", str(log)),
    ]
    for out in outputs:
        assert not any(c in out for c in "\x1b\x07\r\x9b\x7f"), out
    assert "<x\\x1b[31mRED\\x1b]0;title\\x07\\x0dfake\\x9bline\\x7f" in outputs[0]
    assert "model\t<x\\x1b[31mRED" in outputs[1]
    # --json stays the machine format, escaped by JSON itself.
    raw = _run(capsys, "logs", "tail", "--log", str(log), "-n", "1", "--json")
    assert json.loads(raw)["model"] == EVIL


@pytest.mark.parametrize("epoch", [1e300, -1e12, float("nan"), float("inf")])
def test_unshowable_epochs_read_as_no_time(epoch: float) -> None:
    rec = {"ts": "2026-11-28T05:00:00.000Z", "ts_epoch": epoch, "account": "a"}
    assert epoch_of(rec) is None
    digest = Digest()
    digest.add(rec)
    assert digest.records == 0 and digest.series()["times"] == []
    timeline = AccountTimeline("a")
    timeline.add(rec)
    assert timeline.result()["requests"] == 0


def test_out_of_range_iso_timestamps_read_as_no_time() -> None:
    assert epoch_of({"ts": "9999-12-31T23:59:59-14:00"}) is None
    assert epoch_of({"ts": "2026-11-28T05:00:00Z"}) == 1_795_842_000.0


def test_non_finite_token_counts_count_as_zero() -> None:
    assert tokens_of({"prompt_tokens": float("nan"), "completion_tokens": 5}) == 5
    assert tokens_of({"prompt_tokens": float("inf"), "completion_tokens": None}) == 0
