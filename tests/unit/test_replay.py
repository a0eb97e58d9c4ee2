from __future__ import annotations

import asyncio
import functools
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.errors import ConfigError
from gateway.facts import Account
from gateway.gate import Gate
from gateway.policy.reload import PolicyHolder
from gateway.proxy.apis import api_for_path
from gateway.request_facts import build_facts
from gateway.signals.engine import SignalEngine
from gateway.signals.state import open_signal_backend
from gateway.sim.capture import TrafficCapture
from gateway.sim.replay import replay
from gateway.sim.score import load_labels, score
from gateway.sim.simulate import simulate
from gateway.store.memory import MemoryStore

POLICIES = Path(__file__).parents[2] / "policies" / "default.yaml"


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replay") / "t.jsonl"
    simulate(out, scenario="mixed", seed=5, days=0.25, scale=0.05)
    return out


@pytest.fixture(scope="module")
def replayed(traffic: Path) -> tuple[Path, int, list[int]]:
    """Decisions of one replay (module-wide: a replay is the slow part of these tests)."""
    out = traffic.with_name("decisions.jsonl")
    seen: list[int] = []
    stats = asyncio.run(replay(POLICIES, traffic, out, seen.append))
    assert stats.skipped == 0
    return out, stats.records, seen


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_one_decision_per_record_with_matching_ids(
    traffic: Path, replayed: tuple[Path, int, list[int]]
) -> None:
    out, count, seen = replayed
    records, decisions = _lines(traffic), _lines(out)
    assert count == len(records) == len(decisions)
    assert sum(seen) == len(records)
    assert [d["request_id"] for d in decisions] == [r["id"] for r in records]
    assert [d["account"] for d in decisions] == [r["account"] for r in records]
    assert {d["action"] for d in decisions} > {"allow"}  # harvesters get caught


async def test_same_input_gives_byte_identical_output(
    traffic: Path, replayed: tuple[Path, int, list[int]], tmp_path: Path
) -> None:
    await replay(POLICIES, traffic, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == replayed[0].read_bytes()


async def test_replay_decides_like_a_live_gate(
    traffic: Path, replayed: tuple[Path, int, list[int]]
) -> None:
    """The live wiring (app.py: memory store, signal engine, Gate) over the same records."""
    out = replayed[0]
    gate = Gate(
        MemoryStore(),
        PolicyHolder([POLICIES]),
        SignalEngine(open_signal_backend("memory")),
        "open",
    )
    for rec, dec in zip(_lines(traffic), _lines(out), strict=True):
        path = rec["path"]
        facts = build_facts(
            request_id=rec["id"],
            api=api_for_path(path),
            path=path,
            body=rec["request"],
            prompt_tokens=rec["response"]["usage"]["prompt_tokens"],
            client_ip=rec["client_ip"],
        )
        account = Account(id=rec["account"], tier="default", key_id=rec["api_key_id"])
        admission = await gate.admit(account, facts, rec["ts"])
        served = 0 if admission.refused else rec["response"]["usage"]["completion_tokens"]
        finish = None if admission.refused else rec["response"]["finish_reason"]
        cap = admission.completion_cap
        if cap is not None and served > cap:
            served, finish = cap, "length"
        await gate.settle(admission, served, finish, rec["ts"])
        assert (admission.decision.header_action, admission.decision.rule) == (
            dec["action"],
            dec["rule"],
        ), rec["id"]
        assert served == dec["completion_tokens"]
        assert round(admission.signals["harvest_score"], 4) == dec["signals"]["harvest_score"]


async def test_out_of_order_traffic_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "t.jsonl"
    rec = {"id": "r1", "ts": 100.0, "account": "a", "request": {"model": "m", "messages": []}}
    src.write_text(json.dumps(rec) + "\n" + json.dumps({**rec, "id": "r2", "ts": 50.0}) + "\n")
    with pytest.raises(ConfigError, match="ascending ts"):
        await replay(POLICIES, src, tmp_path / "d.jsonl")


def test_score_reports_recall_leak_and_false_positives(
    traffic: Path, replayed: tuple[Path, int, list[int]]
) -> None:
    out = replayed[0]
    labels = load_labels(traffic.with_name(traffic.name + ".labels.jsonl"))
    result = score(_lines(out), _lines(traffic), labels)
    assert result["harvesters"] > 0 and result["benign"] > 0
    # Six hours: the high-volume harvesters are caught, the slow ones not yet.
    for name in ("naive", "logprob_miner", "paraphrase", "reseller_mixed"):
        assert result["archetypes"][name]["rate"] == 1.0, name
    assert result["benign_fp_rate"] == 0.0
    assert 0.0 <= result["harvester_leak_median"] <= result["harvester_leak_p90"] <= 1.0
    assert result["hours_to_flag_median"] is not None


def test_leak_reads_anthropic_and_responses_usage() -> None:
    """A campaign's take counts output_tokens too: with completion_tokens alone, a
    /v1/messages campaign asked for nothing and its leak was a token count, not a share."""
    traffic, decisions = [], []
    for i, usage in enumerate(
        ({"input_tokens": 9, "output_tokens": 300}, {"prompt_tokens": 9, "completion_tokens": 100})
    ):
        traffic.append(
            {"id": f"r{i}", "ts": float(i), "account": "h", "response": {"usage": usage}}
        )
        action = "allow" if i == 0 else "block"
        decisions.append({"request_id": f"r{i}", "action": action, "rule": "x", "mode": "enforce"})
        decisions[-1]["completion_tokens"] = usage.get("output_tokens", 0)
    labels = {"h": {"archetype": "a", "harvester": True, "campaign": "c"}}
    result = score(decisions, traffic, labels)
    assert result["campaigns"]["c"]["leak"] == 0.75  # 300 served of 400 asked for
    assert result["harvester_own_leak_median"] == 0.75


def test_capture_samples_whole_accounts_and_writes_replayable_records(
    traffic: Path, tmp_path: Path
) -> None:
    records = _lines(traffic)
    cap = TrafficCapture(tmp_path / "cap.jsonl", 0.5, salt="s", hold_s=60.0)
    # Offer each request when it "finishes", up to 30 s after it arrived: out of order.
    finishing = sorted(records, key=lambda r: r["ts"] + int(r["id"][2:]) * 7 % 30)
    for rec in finishing:
        resp = rec["response"]
        cap.offer(
            request_id=rec["id"],
            ts=rec["ts"],
            now=rec["ts"] + 30,
            account=rec["account"],
            api_key_id=rec["api_key_id"],
            client_ip=rec["client_ip"],
            path=rec["path"],
            body=rec["request"],
            status=resp["status"],
            prompt_tokens=resp["usage"]["prompt_tokens"],
            completion_tokens=resp["usage"]["completion_tokens"],
            finish_reason=resp["finish_reason"],
            text=resp["text"],
        )
    cap.close()
    captured = _lines(tmp_path / "cap.jsonl")
    sampled = {r["account"] for r in records if cap.wants(r["account"])}
    assert 0 < len(sampled) < len({r["account"] for r in records})
    assert cap.dropped_late == 0
    want = [r["id"] for r in records if r["account"] in sampled]
    assert sorted(c["id"] for c in captured) == sorted(want) and len(captured) == len(want)
    assert [c["ts"] for c in captured] == sorted(c["ts"] for c in captured)
    assert captured[0]["request"] == next(r for r in records if r["account"] in sampled)["request"]
    again = TrafficCapture(tmp_path / "other.jsonl", 0.5, salt="s")
    assert {a for a in sampled if again.wants(a)} == sampled  # stable across instances


async def test_captured_traffic_replays(tmp_path: Path) -> None:
    cap = TrafficCapture(tmp_path / "cap.jsonl", 1.0, hold_s=0.0)
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    offer = functools.partial(
        cap.offer,
        account="acct-1",
        api_key_id="k-1",
        client_ip="198.51.100.7",
        path="/v1/chat/completions",
        body=body,
        status=200,
        prompt_tokens=3,
        completion_tokens=5,
        finish_reason="stop",
    )
    for i in range(3):
        offer(request_id=f"r{i}", ts=100.0 + i, now=100.0 + i)
    offer(request_id="late", ts=50.0, now=103.0)
    cap.close()
    assert cap.written == 3 and cap.dropped_late == 1
    stats = await replay(POLICIES, tmp_path / "cap.jsonl", tmp_path / "d.jsonl")
    assert stats.records == 3
    assert "k-1" in (tmp_path / "cap.jsonl").read_text()


def test_capture_rejects_a_bad_rate(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        TrafficCapture(tmp_path / "x.jsonl", 1.5)
