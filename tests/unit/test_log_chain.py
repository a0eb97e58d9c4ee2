from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from gateway.logs.chain import GENESIS, canonical, link_hash, verify
from gateway.logs.sinks import FileSink


def _rec(i: int, **extra: object) -> dict[str, object]:
    signals = {"harvest_score": 0.1 * (i % 10)}
    base = {"ts_epoch": time.time() + i, "request_id": f"r-{i:04d}", "account": "acct-1"}
    return {**base, "action": "allow", "hits": [], "signals": signals, **extra}


def _write(path: Path, n: int, **kw: object) -> FileSink:
    sink = FileSink(path, **kw)  # type: ignore[arg-type]
    sink.write_batch([_rec(i) for i in range(n)])
    sink.close()
    return sink


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_intact_file_verifies_from_genesis(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    _write(log, 10)
    result = verify(log)
    assert result.ok and result.records == 10 and result.complete
    first = json.loads(_lines(log)[0])
    assert first["prev_hash"] == GENESIS
    assert first["hash"] == link_hash(GENESIS, canonical(first))


def test_edited_field_points_at_that_line(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    _write(log, 10)
    lines = _lines(log)
    rec = json.loads(lines[4])
    rec["action"] = "block"
    lines[4] = json.dumps(rec) + "\n"
    log.write_text("".join(lines), encoding="utf-8")
    result = verify(log)
    assert not result.ok and result.broken is not None
    assert (result.broken.line, result.broken.request_id) == (5, "r-0004")
    assert result.broken.reason == "hash mismatch"
    assert result.records == 4


def test_deleted_line_breaks_the_next_link(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    _write(log, 10)
    lines = _lines(log)
    del lines[6]
    log.write_text("".join(lines), encoding="utf-8")
    broken = verify(log).broken
    assert broken is not None
    assert (broken.line, broken.request_id, broken.reason) == (7, "r-0007", "prev_hash mismatch")


def test_reordered_lines_are_detected(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    _write(log, 10)
    lines = _lines(log)
    lines[2], lines[3] = lines[3], lines[2]
    log.write_text("".join(lines), encoding="utf-8")
    broken = verify(log).broken
    assert broken is not None and broken.line == 3 and broken.request_id == "r-0003"


def test_chain_spans_rotated_gzip_files_and_restarts(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    sink = FileSink(log, max_bytes=600, keep=100)
    for i in range(0, 30, 3):
        sink.write_batch([_rec(i), _rec(i + 1), _rec(i + 2)])
    sink.close()
    # A restart continues the chain from the live file's last record.
    _write(log, 2, max_bytes=10_000)
    rotated = sorted(tmp_path.glob("dg.*.jsonl.gz"))
    assert len(rotated) >= 3 and sink.rotations == len(rotated)
    with gzip.open(rotated[1], "rt") as fh:
        second_first = json.loads(fh.readline())
    with gzip.open(rotated[0], "rt") as fh:
        first_last = json.loads(fh.readlines()[-1])
    assert second_first["prev_hash"] == first_last["hash"]
    result = verify(tmp_path)
    assert result.ok and result.records == 32 and result.complete
    # Retention deleting the oldest file leaves a verifiable, non-genesis tail.
    rotated[0].unlink()
    tail = verify(tmp_path)
    assert tail.ok and not tail.complete


def test_tampering_inside_a_gzip_file_is_found(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    _write(log, 20, max_bytes=1200)
    target = sorted(tmp_path.glob("dg.*.jsonl.gz"))[0]
    with gzip.open(target, "rt") as fh:
        lines = fh.readlines()
    lines[1] = lines[1].replace('"acct-1"', '"acct-2"')
    with gzip.open(target, "wt") as fh:
        fh.writelines(lines)
    broken = verify(tmp_path).broken
    assert broken is not None and broken.file == str(target) and broken.line == 2


def test_lone_surrogate_and_odd_values_still_chain(tmp_path: Path) -> None:
    log = tmp_path / "dg.jsonl"
    sink = FileSink(log)
    sink.write_batch([_rec(0, note="bad \udc80 text", odd={1: "x", "b": Path("p")}), _rec(1)])
    sink.close()
    assert verify(log).ok
    assert "\\udc80" in log.read_text(encoding="utf-8")
