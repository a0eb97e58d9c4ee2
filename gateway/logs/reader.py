"""Read enforcement logs: one file, or a directory of rotated (gzipped) files plus the live one.

Streaming only: records are parsed one line at a time, never loaded as a whole. A line
without its trailing newline (the writer died mid-line, or we raced it) is skipped and
counted; so is a gzip member cut short. Unparseable lines in the middle are counted as
`bad` and skipped here; `chain.verify` is the strict check.

Hot loop note: filters contribute byte "needles" that must appear in a matching line, so
a query for one account or request id skips `json.loads` on almost every line.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

ROTATED = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)\.jsonl(?P<gz>\.gz)?$")
_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)([smhdw])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Values safe to search as raw bytes: no JSON escaping can differ between writers.
_PLAIN = re.compile(r"^[A-Za-z0-9_.:@+\- ]+$")
_PROGRESS_EVERY = 65536

Record = dict[str, Any]

# Fields the review views read, by the type the writer gives them (None always allowed).
_TEXT_FIELDS = ("ts", "request_id", "account", "api_key_id", "action", "rule", "mode", "model",
                "campaign")  # fmt: skip
_NUMBER_FIELDS = ("prompt_tokens", "completion_tokens")
_HIT_TEXT = ("rule", "action", "mode")
_HIT_MAPS = ("evidence", "options")


def well_formed(rec: Record) -> bool:
    """Whether the fields the views read have the writer's types (no `"action": ["a"]`).

    A record that parses as JSON but has, say, a list for `action` or a number for a hit
    would crash the summary or the explain view; it is as unusable as a garbled line.
    """
    for name in _TEXT_FIELDS:
        value = rec.get(name)
        if value is not None and type(value) is not str:
            return False
    for name in _NUMBER_FIELDS:
        value = rec.get(name)
        if value is not None and type(value) not in (int, float):
            return False
    hits = rec.get("hits")
    if hits is not None:
        if type(hits) is not list:
            return False
        for hit in hits:
            if type(hit) is not dict:
                return False
            if any(hit.get(k) is not None and type(hit[k]) is not str for k in _HIT_TEXT):
                return False
            if any(hit.get(k) is not None and type(hit[k]) is not dict for k in _HIT_MAPS):
                return False
    signals = rec.get("signals")
    if signals is not None:
        if type(signals) is not dict:
            return False
        if not all(type(v) in (int, float) for v in signals.values()):
            return False
    top = rec.get("top_signals")
    return top is None or (type(top) is list and all(type(p) is list for p in top))


def discover(path: Path) -> list[list[Path]]:
    """The chains under `path`: a file is one chain; a directory has one per log stem,
    each ordered oldest rotated file first and the live `<stem>.jsonl` last."""
    if path.is_file():
        return [[path]]
    if not path.is_dir():
        raise FileNotFoundError(f"no log file or directory at {path}")
    rotated: dict[str, dict[str, Path]] = {}
    live: dict[str, Path] = {}
    loose: list[Path] = []
    for entry in path.iterdir():
        if not entry.is_file():
            continue
        m = ROTATED.match(entry.name)
        if m:
            by_stamp = rotated.setdefault(m["stem"], {})
            # During compression both exist: the finished .gz wins.
            if m["gz"] or m["stamp"] not in by_stamp:
                by_stamp[m["stamp"]] = entry
        elif entry.name.endswith(".jsonl"):
            live[entry.name[: -len(".jsonl")]] = entry
        elif entry.name.endswith(".jsonl.gz"):
            loose.append(entry)
    chains: list[list[Path]] = []
    for stem in sorted(set(rotated) | set(live)):
        stamps = rotated.get(stem, {})
        files = [stamps[s] for s in sorted(stamps)]
        if stem in live:
            files.append(live[stem])
        chains.append(files)
    chains.extend([p] for p in sorted(loose))
    return chains


def live_file(path: Path) -> Path:
    """The file new records land in: `path` itself, or the newest live log in a directory."""
    if path.is_file():
        return path
    lives = [files[-1] for files in discover(path) if files[-1].name.endswith(".jsonl")]
    lives = [p for p in lives if not ROTATED.match(p.name)]
    if not lives:
        raise FileNotFoundError(f"no live .jsonl log in {path}")
    return max(lives, key=lambda p: p.stat().st_mtime)


def parse_time(text: str, now: float | None = None) -> float:
    """Epoch seconds from ISO 8601 (naive means UTC), epoch digits, or relative `15m`/`2h`/`1d`."""
    m = _RELATIVE.match(text.strip())
    if m:
        return (time.time() if now is None else now) - float(m[1]) * _UNIT[m[2]]
    try:
        return float(text)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"not a time: {text!r} (use ISO 8601 or 15m, 2h, 1d)") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def record_epoch(rec: Record) -> float | None:
    epoch = rec.get("ts_epoch")
    if isinstance(epoch, int | float):
        return float(epoch)
    ts = rec.get("ts")
    if isinstance(ts, str):
        try:
            return parse_time(ts)
        except ValueError:
            return None
    return None


@dataclass(slots=True)
class Filters:
    account: str | None = None
    api_key_id: str | None = None
    rule: str | None = None
    action: str | None = None
    mode: str | None = None
    model: str | None = None
    request_id: str | None = None
    since: float | None = None
    until: float | None = None
    contains: str | None = None  # prefilter only: lines lacking this JSON string are skipped

    def needles(self) -> list[bytes]:
        values = (self.account, self.api_key_id, self.rule, self.action, self.mode)
        extra = (self.model, self.request_id, self.contains)
        out = [v for v in (*values, *extra) if v and _PLAIN.match(v)]
        return [json.dumps(v).encode() for v in out]

    def match(self, rec: Record) -> bool:
        for key in ("account", "api_key_id", "model", "request_id", "action"):
            want = getattr(self, key)
            if want is not None and rec.get(key) != want:
                return False
        if (self.rule or self.mode) and not self._rule_mode(rec):
            return False
        if self.since is not None or self.until is not None:
            epoch = record_epoch(rec)
            if epoch is None:
                return False
            if self.since is not None and epoch < self.since:
                return False
            if self.until is not None and epoch > self.until:
                return False
        return True

    def _rule_mode(self, rec: Record) -> bool:
        # A rule/mode filter matches the deciding rule or any hit (shadow hits included).
        candidates = [rec, *(h for h in rec.get("hits") or () if isinstance(h, dict))]
        return any(
            (self.rule is None or c.get("rule") == self.rule)
            and (self.mode is None or c.get("mode") == self.mode)
            for c in candidates
        )


@dataclass(slots=True)
class ReadStats:
    records: int = 0
    truncated: int = 0
    bad: int = 0
    files: list[str] = field(default_factory=list)


def _open(path: Path) -> tuple[BinaryIO, BinaryIO]:
    raw = path.open("rb")
    if path.name.endswith(".gz"):
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw, raw


def open_lines(path: Path, stats: ReadStats | None = None) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line without newline, complete) for every non-empty line of a file."""
    raw, stream = _open(path)
    lineno = 0
    try:
        for line in stream:
            lineno += 1
            complete = line.endswith(b"\n")
            body = line.rstrip(b"\r\n")
            if body:
                yield lineno, body, complete
    except (EOFError, gzip.BadGzipFile, zlib.error):
        # A gzip file cut short (crash mid-rotation): keep what decoded, count the loss.
        if stats is not None:
            stats.truncated += 1
    finally:
        stream.close()
        raw.close()


def gzip_damage(path: Path) -> str | None:
    """Why a gzip log cannot be read to its end (cut short, corrupt, not gzip), or None.

    Readers keep what decodes and count the loss; the hash chain must not read a damaged
    rotated file as a shorter intact one, so `logs verify` asks this first.
    """
    if not path.name.endswith(".gz"):
        return None
    lines = 0
    try:
        with gzip.open(path, "rb") as fh:
            for _ in fh:
                lines += 1
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        where = f"after line {lines}" if lines else "from its start"
        return f"{path}: gzip data unreadable {where} (cut short or corrupt: {exc})"
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror}"
    return None


def iter_file(
    path: Path,
    filters: Filters | None = None,
    stats: ReadStats | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Matching records of one file, in file order."""
    st = stats if stats is not None else ReadStats()
    st.files.append(str(path))
    needles = filters.needles() if filters else []
    check = filters.match if filters else None
    loads = json.loads
    raw, stream = _open(path)
    seen = 0
    reported = 0
    try:
        for line in stream:
            seen += 1
            if progress is not None and seen % _PROGRESS_EVERY == 0:
                pos = raw.tell()
                progress(pos - reported)
                reported = pos
            if needles and not all(n in line for n in needles):
                continue
            try:
                rec = loads(line)
            except ValueError:
                if line.endswith(b"\n"):
                    st.bad += 1
                elif line.strip():
                    st.truncated += 1
                continue
            if type(rec) is not dict or not well_formed(rec):
                st.bad += 1
                continue
            if check is None or check(rec):
                st.records += 1
                yield rec
    except (EOFError, gzip.BadGzipFile, zlib.error):
        st.truncated += 1
    finally:
        if progress is not None:
            progress(path.stat().st_size - reported)
        stream.close()
        raw.close()


def iter_records(
    path: str | Path,
    filters: Filters | None = None,
    stats: ReadStats | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Matching records of a file or a whole directory, chain by chain, oldest first."""
    for files in discover(Path(path)):
        for f in files:
            yield from iter_file(f, filters, stats, progress)


def total_bytes(path: str | Path) -> int:
    return sum(f.stat().st_size for files in discover(Path(path)) for f in files)


def tail(path: str | Path, filters: Filters | None = None, n: int = 20) -> list[Record]:
    """The last `n` matching records; reads newest files first and stops once it has `n`."""
    files = [f for chain in discover(Path(path)) for f in chain]
    out: deque[Record] = deque()
    for f in reversed(files):
        want = n - len(out)
        if want <= 0:
            break
        last: deque[Record] = deque(iter_file(f, filters), maxlen=want)
        out.extendleft(reversed(last))
    return list(out)


def follow(
    path: str | Path,
    filters: Filters | None = None,
    poll_s: float = 0.5,
    max_polls: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Record]:
    """Records appended to the live file from now on; reopens it when it is rotated away.

    `max_polls` bounds the idle polls (tests); None follows until the caller stops iterating.
    """
    live = live_file(Path(path))
    fh = live.open("rb")
    fh.seek(0, os.SEEK_END)
    inode = os.fstat(fh.fileno()).st_ino
    pending = b""
    polls = 0
    try:
        while max_polls is None or polls < max_polls:
            chunk = fh.read()
            if chunk:
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    rec = _parse(line)
                    if rec is not None and (filters is None or filters.match(rec)):
                        yield rec
                continue
            try:
                st = os.stat(live)
            except FileNotFoundError:
                st = None
            if st is not None and (st.st_ino != inode or st.st_size < fh.tell()):
                # Rotated (new inode) or truncated: the old handle is drained, switch over.
                fh.close()
                fh = live.open("rb")
                inode = os.fstat(fh.fileno()).st_ino
                pending = b""
                continue
            polls += 1
            sleep(poll_s)
    finally:
        fh.close()


def _parse(line: bytes) -> Record | None:
    if not line.strip():
        return None
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    return rec if isinstance(rec, dict) and well_formed(rec) else None
