from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import redis

from gateway.logs.chain import verify
from gateway.logs.reader import iter_records
from gateway.logs.sinks import FileSink, RedisStreamSink, StdoutSink
from gateway.logs.writer import LogWriter
from tests.support.gateway import read_records


class ListSink:
    name = "list"

    def __init__(self) -> None:
        self.records: list[Mapping[str, Any]] = []
        self.closed = False

    def write_batch(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.records.extend(records)

    def close(self) -> None:
        self.closed = True


class BrokenSink:
    name = "broken"

    def __init__(self) -> None:
        self.calls = 0

    def write_batch(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.calls += 1
        raise OSError(28, "No space left on device")

    def close(self) -> None:
        raise OSError(28, "No space left on device")


def rec(i: int) -> dict[str, Any]:
    return {"ts_epoch": time.time(), "request_id": f"r-{i}", "account": "a", "action": "allow"}


async def test_close_flushes_everything_queued(tmp_path: Path) -> None:
    file_sink = FileSink(tmp_path / "dg.jsonl")
    mem = ListSink()
    writer = LogWriter([file_sink, mem], batch_max=64)
    await writer.start()
    for i in range(1000):
        writer.write(rec(i))
    await writer.close(timeout_s=10)
    assert writer.written == 1000 and writer.dropped == 0 and mem.closed
    assert [r["request_id"] for r in iter_records(tmp_path)] == [f"r-{i}" for i in range(1000)]
    assert verify(tmp_path).records == 1000


async def test_full_queue_drops_without_blocking() -> None:
    drops: list[int] = []
    mem = ListSink()
    writer = LogWriter([mem], queue_size=100, on_drop=lambda: drops.append(1))
    # Not started: nothing drains, so the queue fills and the rest must be dropped at once.
    began = time.perf_counter()
    for i in range(1000):
        writer.write(rec(i))
    assert time.perf_counter() - began < 0.5
    assert writer.dropped == 900 and len(drops) == 900 and writer.queued == 100
    await writer.close(timeout_s=5)
    assert len(mem.records) == 100 and writer.written == 100
    writer.write(rec(0))  # after close: counted, not raised
    assert writer.dropped == 901


async def test_raising_drop_hook_never_reaches_the_caller() -> None:
    def hook() -> None:
        raise RuntimeError("metrics broken")

    writer = LogWriter([ListSink()], queue_size=1, on_drop=hook)
    writer.write(rec(0))
    writer.write(rec(1))
    assert writer.dropped == 1
    await writer.close()


async def test_failing_sink_does_not_stop_the_others(tmp_path: Path) -> None:
    broken = BrokenSink()
    mem = ListSink()
    writer = LogWriter([broken, mem], batch_max=10)
    await writer.start()
    for i in range(50):
        writer.write(rec(i))
        if i % 10 == 9:
            await asyncio.sleep(0.01)
    await writer.close()
    assert len(mem.records) == 50 and mem.closed
    assert broken.calls >= 5 and writer.sink_errors["broken"] == broken.calls + 1


async def test_writer_keeps_the_loop_responsive(tmp_path: Path) -> None:
    writer = LogWriter([FileSink(tmp_path / "dg.jsonl")])
    await writer.start()
    worst = 0.0
    for _ in range(20):
        for i in range(1000):
            writer.write(rec(i))
        t = time.perf_counter()
        await asyncio.sleep(0)
        worst = max(worst, time.perf_counter() - t)
    await writer.close(timeout_s=20)
    assert writer.dropped == 0 and writer.written == 20_000
    assert worst < 0.25


async def test_stdout_sink_writes_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    writer = LogWriter([StdoutSink()])
    await writer.start()
    writer.write({"request_id": "r-1", "note": "é"})
    await writer.close()
    assert json.loads(capsys.readouterr().out) == {"request_id": "r-1", "note": "é"}


@pytest.mark.redis
async def test_redis_stream_sink(redis_url: str) -> None:
    stream = f"dgtest-{uuid.uuid4().hex[:10]}:log"
    sink = RedisStreamSink(redis_url, stream=stream, maxlen=1000)
    writer = LogWriter([sink])
    await writer.start()
    for i in range(20):
        writer.write(rec(i))
    await writer.close()
    client = redis.Redis.from_url(redis_url)
    try:
        entries: list[tuple[bytes, dict[bytes, bytes]]] = client.xrange(stream)  # type: ignore[assignment]
        assert [json.loads(f[b"record"])["request_id"] for _, f in entries] == [
            f"r-{i}" for i in range(20)
        ]
    finally:
        client.delete(stream)
        client.close()
    assert sink.written == 20 and sink.failed == 0


async def test_redis_down_is_counted_not_raised() -> None:
    sink = RedisStreamSink("redis://127.0.0.1:1/0", timeout_s=0.2, backoff_s=60)
    mem = ListSink()
    writer = LogWriter([sink, mem], batch_max=5)
    await writer.start()
    for i in range(20):
        writer.write(rec(i))
    await writer.close()
    assert sink.failed == 20 and sink.written == 0 and len(mem.records) == 20


async def test_records_arriving_one_by_one_are_written_in_batches() -> None:
    class BatchSink(ListSink):
        def __init__(self) -> None:
            super().__init__()
            self.batches = 0

        def write_batch(self, records: Sequence[Mapping[str, Any]]) -> None:
            self.batches += 1
            super().write_batch(records)

    sink = BatchSink()
    writer = LogWriter([sink], linger_s=0.05)
    await writer.start()
    began = time.perf_counter()
    for i in range(200):  # one record per loop turn, as requests finish
        writer.write(rec(i))
        await asyncio.sleep(0)
    await writer.close(timeout_s=5)
    # Without the linger each record woke the writer and took its own thread hop.
    assert [r["request_id"] for r in sink.records] == [f"r-{i}" for i in range(200)]
    assert sink.batches <= 5
    assert time.perf_counter() - began < 1.0  # close does not wait out lingers one by one


async def test_a_record_with_unicode_line_breaks_in_a_string_is_one_line(tmp_path: Path) -> None:
    # The writer leaves U+2028, U+0085 and \x1c raw inside JSON strings; only "\n" ends a
    # record. A fuzzed model name with one made a test helper (str.splitlines) cut a
    # record in two; the reviewers' reader and the chain check must not.
    odd = "a\u2028b\x85c\x1cd"
    writer = LogWriter([FileSink(tmp_path / "dg.jsonl")])
    await writer.start()
    writer.write({**rec(0), "model": odd})
    await writer.close(timeout_s=10)
    assert [r["model"] for r in iter_records(tmp_path)] == [odd]
    assert [r["model"] for r in read_records(tmp_path / "dg.jsonl")] == [odd]
    assert verify(tmp_path).records == 1
