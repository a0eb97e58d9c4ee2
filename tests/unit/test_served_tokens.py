"""Hidden reasoning: billed to the budget, not counted as harvestable output.

o-series models bill their reasoning as completion tokens and return none of it; a client
cannot distil what it never received, so the harvesting evidence (long outputs, output to
input ratio) counts what was served. Live and replay agree on it.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.proxy.apis import read_json_response, read_stream_event, reasoning_tokens_of
from gateway.proxy.relay import Tally
from gateway.sim.capture import TrafficCapture
from gateway.sim.replay import replay

POLICIES = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"


def test_reasoning_tokens_are_read_from_either_api_usage_block() -> None:
    chat = {"completion_tokens": 900, "completion_tokens_details": {"reasoning_tokens": 700}}
    responses = {"output_tokens": 900, "output_tokens_details": {"reasoning_tokens": 640}}
    assert reasoning_tokens_of(chat) == 700 and reasoning_tokens_of(responses) == 640
    for odd in ({}, {"completion_tokens_details": None}, {"completion_tokens_details": []}):
        assert reasoning_tokens_of(odd) is None
    for value in (True, -5, 1.5, "700"):
        assert (
            reasoning_tokens_of({"completion_tokens_details": {"reasoning_tokens": value}}) is None
        )


def test_a_response_and_a_stream_event_report_their_reasoning() -> None:
    body = {
        "choices": [{"message": {"role": "assistant", "content": "42"}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": 20,
            "completion_tokens": 900,
            "completion_tokens_details": {"reasoning_tokens": 880},
        },
    }
    reading = read_json_response("openai", "/v1/chat/completions", body)
    assert (reading.completion_tokens, reading.reasoning_tokens) == (900, 880)
    last = {"choices": [], "usage": body["usage"]}
    assert read_stream_event("openai", "/v1/chat/completions", last).reasoning_tokens == 880


def test_hidden_reasoning_is_what_never_reached_the_client() -> None:
    # Nothing reported, or no reasoning: nothing hidden.
    assert Tally(completion_tokens=20, upstream_completion=20).hidden_reasoning is None
    assert Tally(completion_tokens=20, upstream_reasoning=5).hidden_reasoning is None
    # Hidden reasoning: billed, not sent.
    hidden = Tally(completion_tokens=21, upstream_completion=900, upstream_reasoning=880)
    assert hidden.hidden_reasoning == 879
    # Reasoning that was streamed out is in the gateway's own count: nothing hidden.
    shown = Tally(completion_tokens=900, upstream_completion=900, upstream_reasoning=880)
    assert shown.hidden_reasoning is None


def _record(ts: float, rid: str, usage: dict[str, Any], reasoning: str | None) -> dict[str, Any]:
    return {
        "id": rid,
        "ts": ts,
        "account": "acct-o3",
        "path": "/v1/chat/completions",
        "request": {
            "model": "o3-mini",
            "reasoning_effort": "high",
            "messages": [
                {"role": "user", "content": "Prove that there are infinitely many primes."}
            ],
        },
        "response": {
            "status": 200,
            "text": "Suppose finitely many...",
            "reasoning": reasoning,
            "usage": usage,
            "finish_reason": "stop",
        },
    }


def test_replay_counts_hidden_reasoning_out_of_the_evidence_only(tmp_path: Path) -> None:
    usage = {
        "prompt_tokens": 14,
        "completion_tokens": 2_400,
        "completion_tokens_details": {"reasoning_tokens": 1_800},
    }
    outcomes = {}
    for name, reasoning in (("hidden", None), ("shown", "First, suppose ...")):
        traffic = tmp_path / f"{name}.jsonl"
        records = [
            _record(1_764_000_000.0, "r-1", usage, reasoning),
            _record(1_764_000_060.0, "r-2", usage, reasoning),
        ]
        traffic.write_text("".join(json.dumps(r) + "\n" for r in records))
        out = tmp_path / f"{name}.out"
        asyncio.run(replay(POLICIES, traffic, out))
        decisions = [json.loads(line) for line in out.read_text().splitlines()]
        outcomes[name] = decisions
    hidden, shown = outcomes["hidden"], outcomes["shown"]
    # The account's served output after the first answer, as the second decision saw it
    # (a decayed total: a minute of the one-day half-life takes off a twentieth of a percent).
    assert hidden[1]["signals"]["completion_tokens"] == pytest.approx(600, rel=1e-3)
    assert shown[1]["signals"]["completion_tokens"] == pytest.approx(2_400, rel=1e-3)
    # What the log reports as the request's completion is the billed figure either way.
    assert hidden[0]["completion_tokens"] == shown[0]["completion_tokens"] == 2_400


def test_replay_reads_the_completion_from_either_apis_usage_names(tmp_path: Path) -> None:
    """A record of an Anthropic answer may keep `output_tokens`; its text may be cut short
    (a capture that keeps only the start of each answer): the usage figure is the count."""
    anthropic = _record(1_764_000_000.0, "r-1", {"input_tokens": 14, "output_tokens": 1_500}, None)
    anthropic["path"] = "/v1/messages"
    anthropic["request"] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,
        "messages": [{"role": "user", "content": "Prove that there are infinitely many primes."}],
    }
    neither = _record(1_764_000_060.0, "r-2", {"input_tokens": 14}, None)
    bad = _record(1_764_000_120.0, "r-3", {"output_tokens": "many"}, None)
    traffic, out = tmp_path / "t.jsonl", tmp_path / "d.jsonl"
    traffic.write_text("".join(json.dumps(r) + "\n" for r in (anthropic, neither, bad)))
    stats = asyncio.run(replay(POLICIES, traffic, out))
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    assert decisions[0]["completion_tokens"] == 1_500
    assert 0 < decisions[1]["completion_tokens"] < 20  # no figure: the text is counted
    assert stats.skipped == 1 and "response.usage.output_tokens" in stats.problems[0]


def test_capture_keeps_the_hidden_part_for_replay(tmp_path: Path) -> None:
    cap = TrafficCapture(tmp_path / "cap.jsonl", 1.0, salt="s", hold_s=0.0)
    common: dict[str, Any] = {
        "ts": 1_764_000_000.0,
        "now": 1_764_000_001.0,
        "account": "acct-o3",
        "api_key_id": "k-1",
        "client_ip": "203.0.113.9",
        "path": "/v1/chat/completions",
        "body": {"model": "o3-mini", "messages": []},
        "status": 200,
        "prompt_tokens": 14,
        "completion_tokens": 2_400,
        "finish_reason": "stop",
    }
    cap.offer(request_id="r-1", hidden_reasoning_tokens=1_800, **common)
    cap.offer(request_id="r-2", **common)
    cap.close()
    captured = {
        r["id"]: r["response"]["usage"]
        for r in map(json.loads, (tmp_path / "cap.jsonl").read_text().splitlines())
    }
    assert captured["r-1"]["completion_tokens_details"] == {"reasoning_tokens": 1_800}
    assert "completion_tokens_details" not in captured["r-2"]
