from __future__ import annotations

import gzip
import json
import math
import random
import struct
import time
from pathlib import Path
from typing import Any

from gateway.decision import Action
from gateway.logs.chain import GENESIS, _dumps_sorted, _plain, canonical, link_hash, verify
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


def _json_text(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _odd_value(rng: random.Random, depth: int = 0) -> Any:
    """Values a record may hold, with the ones where orjson and json.dumps part ways."""
    floats = [0.0, -0.0, 1e-4, 9.99e-5, 1e-5, 1e-7, 1e15, 9999999999999998.0, 1e16, 1e22,
              math.nan, math.inf, -math.inf, 5e-324, 0.30000000000000004, 66534.822]  # fmt: skip
    kind = rng.randrange(12 if depth < 3 else 8)
    if kind == 0:
        return rng.choice(floats) * rng.choice((1, -1))
    if kind == 1:
        return struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
    if kind == 2:
        return round(rng.random() * 10 ** rng.randint(-8, 18), rng.randint(0, 6))
    if kind == 3:
        return rng.choice((0, -1, 2**63 - 1, -(2**63), 2**64, -(2**70), True, False, None))
    if kind == 4:
        chars = [chr(rng.randrange(0x110000)) for _ in range(rng.randrange(6))]
        return "".join(c for c in chars if not 0xD800 <= ord(c) < 0xE000)
    if kind == 5:
        return rng.choice(('\x00\x1f\x7f"\\\n\t\u2028', "bad \udc80", "plain", "é😀"))
    if kind == 6:
        return rng.choice((Action.BLOCK, Path("p"), ("a", 1)))
    if kind == 7:
        return rng.random()
    if kind in (8, 9):
        return [_odd_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    # str keys of odd text, now and then an int key (json.dumps converts it, orjson refuses)
    keys: list[Any] = [str(_odd_value(rng, 3)) for _ in range(3)]
    if rng.random() < 0.05:
        keys.append(1)
    return {key: _odd_value(rng, depth + 1) for key in keys}


def test_fast_canonical_text_is_json_dumps_text() -> None:
    # The orjson path must write exactly what json.dumps writes, or the hash chain of an
    # old log would no longer verify the same way; whatever it cannot match goes to json.
    rng = random.Random(7)
    for _ in range(20_000):
        body = {f"k{i}": _odd_value(rng) for i in range(rng.randrange(1, 6))}
        try:
            expected = _json_text(body)
        except (TypeError, ValueError):
            continue  # the fallback's own normalisation, unchanged
        assert _dumps_sorted(body) == expected, body


def test_a_gateway_record_takes_the_fast_path() -> None:
    rec = {**_rec(3), "latency_ms": 1.234, "hits": [{"rule": "r", "evidence": {"x": 0.5}}]}
    assert _plain(rec.values())
    assert not _plain([{"age_days": 3e-05}]) and not _plain([math.nan]) and _plain([1e16])
