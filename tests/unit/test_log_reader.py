from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gateway.logs.chain import verify
from gateway.logs.reader import Filters, ReadStats, discover, follow, iter_records, parse_time, tail
from gateway.logs.sinks import FileSink

T0 = 1_790_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def rec(i: int, account: str = "acct-1", **extra: Any) -> dict[str, Any]:
    base = {"ts_epoch": T0 + i, "request_id": f"r-{i:04d}", "account": account,
            "api_key_id": "k-1", "action": "allow", "mode": "enforce", "rule": None,
            "model": "gpt-x", "hits": []}  # fmt: skip
    return {**base, **extra}


def ids(records: Any) -> list[str]:
    return [r["request_id"] for r in records]


def test_rotation_by_size_gzips_and_reads_in_order(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "dg.jsonl", max_bytes=1000, keep=50)
    for i in range(40):
        sink.write_batch([rec(i)])
    sink.close()
    chains = discover(tmp_path)
    assert len(chains) == 1 and chains[0][-1].name == "dg.jsonl"
    assert all(p.name.endswith(".jsonl.gz") for p in chains[0][:-1]) and len(chains[0]) > 5
    assert all(p.stat().st_size <= 1000 for p in [tmp_path / "dg.jsonl"])
    assert ids(iter_records(tmp_path)) == [f"r-{i:04d}" for i in range(40)]


def test_rotation_by_age_with_injected_clock(tmp_path: Path) -> None:
    clock = Clock()
    sink = FileSink(tmp_path / "dg.jsonl", max_age_s=60, gzip_rotated=False, clock=clock)
    sink.write_batch([rec(0), rec(1)])
    clock.now += 59
    sink.write_batch([rec(2)])
    assert sink.rotations == 0
    clock.now += 1
    sink.write_batch([rec(3)])
    sink.close()
    rotated = sorted(tmp_path.glob("dg.*.jsonl"))
    assert sink.rotations == 1 and [p.name for p in rotated] == ["dg.20260921T141420000000Z.jsonl"]
    assert ids(iter_records(rotated[0])) == ["r-0000", "r-0001", "r-0002"]
    assert ids(iter_records(tmp_path)) == ["r-0000", "r-0001", "r-0002", "r-0003"]
    assert verify(tmp_path).ok


def test_retention_keeps_newest(tmp_path: Path) -> None:
    clock = Clock()
    sink = FileSink(tmp_path / "dg.jsonl", max_age_s=10, keep=2, gzip_rotated=False, clock=clock)
    for i in range(6):
        sink.write_batch([rec(i)])
        clock.now += 10
    sink.close()
    assert len(list(tmp_path.glob("dg.*.jsonl"))) == 2
    assert ids(iter_records(tmp_path)) == ["r-0003", "r-0004", "r-0005"]
    assert verify(tmp_path).ok


def test_truncated_last_line_is_skipped_and_cut_on_restart(tmp_path: Path) -> None:
    path = tmp_path / "dg.jsonl"
    sink = FileSink(path, clock=Clock())
    sink.write_batch([rec(0), rec(1)])
    sink.close()
    with path.open("ab") as fh:
        fh.write(b'{"request_id": "r-half", "acc')
    stats = ReadStats()
    assert ids(iter_records(path, stats=stats)) == ["r-0000", "r-0001"]
    assert stats.truncated == 1 and stats.bad == 0
    sink = FileSink(path, clock=Clock())  # restart: the partial record goes, the chain goes on
    sink.write_batch([rec(2)])
    sink.close()
    assert ids(iter_records(path)) == ["r-0000", "r-0001", "r-0002"]
    assert verify(path).ok


def test_truncated_gzip_counts_and_keeps_what_decoded(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "dg.jsonl", max_bytes=3000, keep=50)
    sink.write_batch([rec(i) for i in range(30)])
    sink.close()
    gz = sorted(tmp_path.glob("*.gz"))[0]
    gz.write_bytes(gz.read_bytes()[:-30])
    stats = ReadStats()
    got = ids(iter_records(gz, stats=stats))
    assert stats.truncated == 1 and len(got) > 0 and got == [f"r-{i:04d}" for i in range(len(got))]


def test_filters(tmp_path: Path) -> None:
    shadow_hit = {"rule": "burst", "action": "throttle", "mode": "shadow", "evidence": {}}
    records = [
        rec(0),
        rec(1, account="acct-2", action="block", rule="ban"),
        rec(2, hits=[shadow_hit]),
        rec(3, account="acct-2", model="other"),
    ]
    path = tmp_path / "dg.jsonl"
    sink = FileSink(path)
    sink.write_batch(records)
    sink.close()
    assert ids(iter_records(path, Filters(account="acct-2"))) == ["r-0001", "r-0003"]
    assert ids(iter_records(path, Filters(action="block"))) == ["r-0001"]
    assert ids(iter_records(path, Filters(rule="burst", mode="shadow"))) == ["r-0002"]
    assert ids(iter_records(path, Filters(rule="burst", mode="enforce"))) == []
    assert ids(iter_records(path, Filters(model="other"))) == ["r-0003"]
    assert ids(iter_records(path, Filters(since=T0 + 1, until=T0 + 2))) == ["r-0001", "r-0002"]
    assert ids(tail(path, Filters(account="acct-1"), n=1)) == ["r-0002"]


def test_parse_time() -> None:
    assert parse_time("15m", now=10_000.0) == 10_000.0 - 900
    assert parse_time("2h", now=10_000.0) == 10_000.0 - 7200
    assert parse_time("1d", now=100_000.0) == 100_000.0 - 86400
    assert parse_time("2026-11-27T21:30:00.123Z") == pytest.approx(1795815000.123)
    assert parse_time("2026-11-27T21:30:00") == 1795815000.0
    with pytest.raises(ValueError, match="not a time"):
        parse_time("yesterday")


def test_tail_spans_files(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "dg.jsonl", max_bytes=800, keep=50)
    for i in range(20):
        sink.write_batch([rec(i)])
    sink.close()
    assert ids(tail(tmp_path, n=7)) == [f"r-{i:04d}" for i in range(13, 20)]


def test_follow_sees_appends_across_rotation(tmp_path: Path) -> None:
    clock = Clock()
    sink = FileSink(tmp_path / "dg.jsonl", max_age_s=10, gzip_rotated=False, clock=clock)
    sink.write_batch([rec(0)])
    step = {"n": 0}

    def sleep(_: float) -> None:
        # Each idle poll the "gateway" writes one more record; the third one rotates first.
        step["n"] += 1
        if step["n"] == 3:
            clock.now += 10
        if step["n"] <= 4:
            sink.write_batch([rec(step["n"])])

    got = ids(follow(tmp_path, poll_s=0, max_polls=6, sleep=sleep))
    sink.close()
    assert got == ["r-0001", "r-0002", "r-0003", "r-0004"]
    assert len(list(tmp_path.glob("dg.*.jsonl"))) == 1


def test_restart_finishes_interrupted_compression(tmp_path: Path) -> None:
    clock = Clock()
    sink = FileSink(tmp_path / "dg.jsonl", max_age_s=10, gzip_rotated=False, clock=clock)
    for i in range(3):
        sink.write_batch([rec(i)])
        clock.now += 10
    sink.close()
    plain = sorted(tmp_path.glob("dg.*.jsonl"))
    (tmp_path / f"{plain[0].name}.gz.tmp").write_bytes(b"partial")
    sink = FileSink(tmp_path / "dg.jsonl", max_age_s=10, clock=clock)
    sink.close()  # joins the compressor threads
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"{p.name}.gz" for p in plain] + ["dg.jsonl"])
    assert ids(iter_records(tmp_path)) == ["r-0000", "r-0001", "r-0002"]
    assert verify(tmp_path).ok
