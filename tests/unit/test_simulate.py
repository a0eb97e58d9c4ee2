from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.sim import alt
from gateway.sim.archetypes import BENIGN
from gateway.sim.harvesters import HARVESTERS
from gateway.sim.simulate import simulate, simulate_main


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("sim") / "t.jsonl"
    simulate(out, seed=3, days=1.0, scale=0.1)
    return out, out.with_name(out.name + ".labels.jsonl")


def test_same_seed_is_byte_identical(tmp_path: Path, small: tuple[Path, Path]) -> None:
    again = tmp_path / "again.jsonl"
    assert simulate_main(["--out", str(again), "--seed", "3", "--days", "1", "--scale", "0.1"]) == 0
    assert again.read_bytes() == small[0].read_bytes()
    assert again.with_name("again.jsonl.labels.jsonl").read_bytes() == small[1].read_bytes()


def test_other_seed_differs(tmp_path: Path, small: tuple[Path, Path]) -> None:
    other = tmp_path / "o.jsonl"
    simulate(other, seed=4, days=1.0, scale=0.1)
    assert other.read_bytes() != small[0].read_bytes()


def test_records_follow_the_contract(small: tuple[Path, Path]) -> None:
    records = [json.loads(line) for line in small[0].read_text().splitlines()]
    assert len(records) > 1000
    ts = [r["ts"] for r in records]
    assert ts == sorted(ts)
    assert len({r["id"] for r in records}) == len(records)
    for r in records[:200]:
        assert {
            "id",
            "ts",
            "account",
            "api_key_id",
            "client_ip",
            "path",
            "request",
            "response",
        } <= r.keys()
        assert {"status", "usage", "finish_reason"} <= r["response"].keys()
        assert r["response"]["usage"]["completion_tokens"] >= 1
        assert "harvester" not in json.dumps(r)  # labels never leak into traffic


def test_labels_cover_every_archetype_and_campaign(small: tuple[Path, Path]) -> None:
    labels = [json.loads(line) for line in small[1].read_text().splitlines()]
    archetypes = {row["archetype"] for row in labels}
    assert archetypes == set(BENIGN) | set(HARVESTERS)
    for row in labels:
        assert row["harvester"] == (row["archetype"] in HARVESTERS)
        assert (row["campaign"] is not None) == row["harvester"]
    records = {json.loads(line)["account"] for line in small[0].read_text().splitlines()}
    assert records <= {row["account"] for row in labels}
    hydra = [row for row in labels if row["archetype"] == "hydra"]
    assert len(hydra) >= 8 and len({row["campaign"] for row in hydra}) == 1


def test_benign_scenario_has_no_harvesters(tmp_path: Path) -> None:
    out = tmp_path / "b.jsonl"
    res = simulate(out, scenario="benign", seed=1, days=0.5, scale=0.05)
    assert res.harvesters == 0
    assert res.records > 0


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    assert simulate_main(["--out", str(tmp_path / "x"), "--days", "0"]) == 2
    with pytest.raises(ValueError, match="unknown scenario"):
        simulate(tmp_path / "y", scenario="nope")


@pytest.fixture(scope="module")
def alt_small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("alt") / "a.jsonl"
    simulate(out, seed=3, days=1.0, scale=0.1, style="alt")
    return out, out.with_name(out.name + ".labels.jsonl")


def test_alt_style_is_reproducible_and_differs(
    tmp_path: Path, alt_small: tuple[Path, Path]
) -> None:
    again = tmp_path / "again.jsonl"
    argv = ["--out", str(again), "--seed", "3", "--days", "1", "--scale", "0.1", "--style", "alt"]
    assert simulate_main(argv) == 0
    assert again.read_bytes() == alt_small[0].read_bytes()
    with pytest.raises(ValueError, match="unknown style"):
        simulate(tmp_path / "z", style="nope")


def test_alt_style_follows_the_contract_with_other_apis(alt_small: tuple[Path, Path]) -> None:
    records = [json.loads(line) for line in alt_small[0].read_text().splitlines()]
    labels = [json.loads(line) for line in alt_small[1].read_text().splitlines()]
    assert [r["ts"] for r in records] == sorted(r["ts"] for r in records)
    assert {row["archetype"] for row in labels} == set(alt.BENIGN) | set(alt.HARVESTERS)
    assert {r["path"] for r in records} == {
        "/v1/chat/completions",
        "/v1/messages",
        "/v1/responses",
    }
    for r in records:
        usage = r["response"]["usage"]
        assert usage["completion_tokens"] >= 1 and usage["prompt_tokens"] >= 1
        assert "harvester" not in json.dumps(r)
    for row in labels:
        assert row["harvester"] == (row["archetype"] in alt.HARVESTERS)
