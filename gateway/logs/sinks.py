"""Where enforcement records go: a rotating, hash-chained file; stdout; a Redis stream.

Sinks are synchronous and called by the writer task off the event loop (in a thread),
one batch at a time, never concurrently for the same sink. A sink may raise; the writer
counts the failure and keeps feeding the other sinks.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TextIO

import redis

from gateway.logs.chain import GENESIS, seal
from gateway.logs.reader import ROTATED, open_lines

log = logging.getLogger(__name__)

Record = Mapping[str, Any]


class Sink(Protocol):
    name: str

    def write_batch(self, records: Sequence[Record]) -> None: ...

    def close(self) -> None: ...


class FileSink:
    """JSON lines with a hash chain, rotated by size and by age.

    Rotated files are `<stem>.<UTC stamp>.jsonl.gz` next to the live `<stem>.jsonl`,
    compressed in a background thread; retention keeps the newest `keep` rotated files.
    On start the chain continues from the last complete record (of the live file, or of the
    newest rotated file when the live one is empty); a partial last line left by a crash is
    cut off first, since appending after it would glue two records together.
    Writes are flushed per batch but not fsynced: a host crash can lose the last batch.
    """

    name = "file"

    def __init__(
        self,
        path: str | Path,
        max_bytes: int = 100 * 1024 * 1024,
        max_age_s: float = 86400.0,
        keep: int = 30,
        gzip_rotated: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        if not self.path.name.endswith(".jsonl"):
            raise ValueError(f"log file name must end in .jsonl: {self.path}")
        self.stem = self.path.name[: -len(".jsonl")]
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s
        self.keep = keep
        self.gzip_rotated = gzip_rotated
        self._clock = clock
        self._lock = threading.Lock()  # retention runs from compressor threads too
        self._compressors: list[threading.Thread] = []
        self.written = 0
        self.errors = 0
        self.rotations = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._prev, self._opened_at = self._recover()
        self._fh = self.path.open("ab")
        self._size = self._fh.tell()
        self._good_size: int | None = None  # set when a failed write left bytes to cut
        self._finish_interrupted_rotations()

    @property
    def last_hash(self) -> str:
        return self._prev

    def write_batch(self, records: Sequence[Record]) -> None:
        self._repair()
        now = self._clock()
        if self._size == 0:
            self._opened_at = now  # age counts from the first record, not from an idle open
        elif now - self._opened_at >= self.max_age_s:
            self._rotate(now)
        chunks: list[bytes] = []
        prev = self._prev
        pending = 0
        for rec in records:
            try:
                line, digest = seal(rec, prev)
            except (TypeError, ValueError, RecursionError) as exc:
                self.errors += 1
                log.warning("enforcement log: unserialisable record skipped: %s", exc)
                continue
            data = _encode(line)
            if self._size + pending + len(data) > self.max_bytes and self._size + pending > 0:
                self._append(chunks, pending, prev_before=prev)
                chunks, pending = [], 0
                self._rotate(self._clock())
            chunks.append(data)
            pending += len(data)
            prev = digest
        self._append(chunks, pending, prev_before=prev)

    def _append(self, chunks: list[bytes], size: int, prev_before: str) -> None:
        if not chunks:
            return
        start = self._size
        try:
            self._fh.write(b"".join(chunks))
            self._fh.flush()
        except OSError:
            self.errors += len(chunks)
            self._good_size = start
            self._repair()
            raise
        self._size += size
        self._prev = prev_before
        self.written += len(chunks)

    def _repair(self) -> None:
        """Cut bytes a failed write left behind so the chain stays contiguous on disk."""
        if self._good_size is None:
            return
        try:
            self._fh.truncate(self._good_size)
        except OSError as exc:
            log.warning("enforcement log: cannot cut partial write yet: %s", exc)
            raise
        self._size = self._good_size
        self._good_size = None

    def _rotate(self, now: float) -> None:
        self._fh.close()
        target = self._rotated_name(now)
        os.replace(self.path, target)
        self._fh = self.path.open("ab")
        self._size = 0
        self._opened_at = now
        self.rotations += 1
        if self.gzip_rotated:
            self._compress_later(target)
        else:
            self._retain()

    def _rotated_name(self, now: float) -> Path:
        while True:
            stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = self.path.with_name(f"{self.stem}.{stamp}.jsonl")
            if not target.exists() and not target.with_name(target.name + ".gz").exists():
                return target
            now += 1e-6  # two rotations within one microsecond: keep names unique and ordered

    def _compress_later(self, src: Path) -> None:
        self._compressors = [t for t in self._compressors if t.is_alive()]
        t = threading.Thread(target=self._compress, args=(src,), name="dg-log-gzip", daemon=True)
        self._compressors.append(t)
        t.start()

    def _compress(self, src: Path) -> None:
        dst = src.with_name(src.name + ".gz")
        tmp = src.with_name(src.name + ".gz.tmp")
        try:
            with src.open("rb") as fin, gzip.open(tmp, "wb", compresslevel=6) as fout:
                shutil.copyfileobj(fin, fout, 1024 * 1024)
            os.replace(tmp, dst)
            src.unlink()
        except OSError as exc:
            # The plain rotated file stays readable; the next start retries compression.
            self.errors += 1
            log.warning("enforcement log: compressing %s failed: %s", src, exc)
            return
        self._retain()

    def _rotated(self) -> list[Path]:
        found: dict[str, list[Path]] = {}
        for entry in self.path.parent.iterdir():
            m = ROTATED.match(entry.name)
            if m and m["stem"] == self.stem:
                found.setdefault(m["stamp"], []).append(entry)
        return [p for stamp in sorted(found) for p in sorted(found[stamp])]

    def _finish_interrupted_rotations(self) -> None:
        """A crash mid-compression leaves a .tmp, or a plain file beside its finished .gz."""
        for tmp in self.path.parent.glob(f"{self.stem}.*.jsonl.gz.tmp"):
            tmp.unlink(missing_ok=True)
        if not self.gzip_rotated:
            return
        for plain in [p for p in self._rotated() if p.suffix == ".jsonl"]:
            if plain.with_name(plain.name + ".gz").exists():
                plain.unlink()  # os.replace made the .gz whole before the crash
            else:
                self._compress_later(plain)

    def _retain(self) -> None:
        with self._lock:
            rotated = self._rotated()
            stamps = sorted({ROTATED.match(p.name)["stamp"] for p in rotated})  # type: ignore[index]
            drop = set(stamps[: max(0, len(stamps) - self.keep)])
            for p in rotated:
                if ROTATED.match(p.name)["stamp"] in drop:  # type: ignore[index]
                    p.unlink(missing_ok=True)

    def _recover(self) -> tuple[str, float]:
        """(last hash to chain from, time the live file was started).

        The start time is the stamp of the newest rotation (when this file was opened, in
        our clock), else the file's first record's time: restarts don't reset the age.
        """
        now = self._clock()
        rotated = self._rotated()
        started = _stamp_epoch(rotated[-1]) if rotated else None
        if self.path.exists() and self.path.stat().st_size > 0:
            _cut_partial_tail(self.path)
            prev, first_epoch = _chain_state(self.path)
            if prev is not None:
                started = started if started is not None else first_epoch
                return prev, min(now, started if started is not None else now)
        if rotated:
            prev, _ = _chain_state(rotated[-1])
            return prev or GENESIS, now
        return GENESIS, now

    def close(self) -> None:
        for t in self._compressors:
            t.join()
        self._fh.close()


def _encode(line: str) -> bytes:
    try:
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: escape them; the parsed value (hence the hash) is unchanged.
        return (json.dumps(json.loads(line), separators=(",", ":")) + "\n").encode()


def _stamp_epoch(path: Path) -> float:
    stamp = ROTATED.match(path.name)["stamp"]  # type: ignore[index]
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC).timestamp()


def _cut_partial_tail(path: Path) -> None:
    with path.open("rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        pos = size
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            block = fh.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                end = pos - step + nl + 1
                break
            pos -= step
        else:
            end = 0
        if end < size:
            log.warning("enforcement log: cut %d bytes of partial record from %s", size - end, path)
            fh.truncate(end)


def _chain_state(path: Path) -> tuple[str | None, float | None]:
    """(hash of the last record, ts_epoch of the first) in a file; a full scan, once at start."""
    last: bytes | None = None
    first: bytes | None = None
    for _, line, complete in open_lines(path):
        if complete:
            first = first or line
            last = line
    try:
        prev = json.loads(last)["hash"] if last else None
        epoch = json.loads(first).get("ts_epoch") if first else None
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("enforcement log: cannot read the chain state of %s; restarting it", path)
        return GENESIS, None
    return (str(prev) if prev else None), (float(epoch) if epoch is not None else None)


class StdoutSink:
    """One JSON line per record (ASCII-escaped: stdout's encoding is not ours to pick)."""

    name = "stdout"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def write_batch(self, records: Sequence[Record]) -> None:
        out = self._stream or sys.stdout
        out.write("".join(json.dumps(r, default=str) + "\n" for r in records))
        out.flush()

    def close(self) -> None:
        (self._stream or sys.stdout).flush()


class RedisStreamSink:
    """XADD each record to a capped stream; while Redis fails, skip it for `backoff_s`."""

    name = "redis"

    def __init__(
        self,
        redis_url: str,
        stream: str = "dg:log",
        maxlen: int = 100_000,
        timeout_s: float = 1.0,
        backoff_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.maxlen = maxlen
        self.backoff_s = backoff_s
        self._clock = clock
        self._client = redis.Redis.from_url(
            redis_url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._retry_at = 0.0
        self.written = 0
        self.failed = 0

    def write_batch(self, records: Sequence[Record]) -> None:
        if self._clock() < self._retry_at:
            self.failed += len(records)
            return
        pipe = self._client.pipeline(transaction=False)
        for rec in records:
            fields: dict[str | bytes, str] = {"record": json.dumps(rec, default=str)}
            pipe.xadd(self.stream, fields, maxlen=self.maxlen, approximate=True)  # type: ignore[arg-type]
        try:
            pipe.execute()
        except redis.RedisError as exc:
            self.failed += len(records)
            self._retry_at = self._clock() + self.backoff_s
            log.warning("enforcement log: redis stream sink failing: %s", exc)
            return
        self.written += len(records)

    def close(self) -> None:
        self._client.close()
