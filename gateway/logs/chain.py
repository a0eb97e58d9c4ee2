"""Hash chain over enforcement log records: tamper evidence for reviewers.

Each record carries `prev_hash` (the previous record's `hash`) and
`hash = sha256(prev_hash + canonical(record without "hash"))`, where canonical is
`json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`. Editing,
deleting or reordering any line breaks the link at that line.

The chain spans rotated files: the first record of a fresh log is anchored at
`GENESIS` ("0" * 64); the first record of the file opened after a rotation carries the
hash of the last record of the file it rotated away from. So a directory verifies as one
chain (rotated files oldest first, then the live file). When retention has deleted the
oldest files, the first surviving record is anchored at a hash we cannot check; `verify`
accepts it and reports the anchor so a reviewer can tell "complete" from "tail only".
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from gateway.logs.reader import discover, open_lines

GENESIS = "0" * 64


def canonical(record: Mapping[str, Any]) -> str:
    """The canonical JSON text of a record, `hash` excluded."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return _dumps_sorted(body)


def _dumps_sorted(body: Mapping[str, Any]) -> str:
    if type(body) is dict and _plain(body.values()):
        # orjson writes the same text as json.dumps below for plain values (_plain) about
        # 8x faster: the log writer's threads went from 5-6% to ~3% of the gateway's CPU.
        try:
            return orjson.dumps(body, option=orjson.OPT_SORT_KEYS).decode()
        except TypeError:
            pass  # an int over 64 bits, a lone surrogate: json.dumps copes
    try:
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except TypeError:
        # Mixed-type dict keys or unserialisable values: normalise through JSON once so the
        # written text and a later re-parse canonicalise identically.
        normal = json.loads(json.dumps(body, default=str))
        return json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_SCALARS = frozenset({str, int, bool, type(None)})
_INF = math.inf


def _plain(values: Iterable[Any]) -> bool:
    """True when orjson's sorted text of these values is json.dumps's, byte for byte.

    Floats as jsoncodec.float_written_alike says. Strings, ints, bools, None, lists,
    tuples and dicts with str keys are written alike. Exact types only: a subclass (an
    enum, a str subclass) or any other object goes to json.dumps, as do dicts with other
    keys (json.dumps converts them).
    """
    # float_written_alike is inlined, as comparisons: a call per float (a record carries
    # ~40 signals) made this check cost more than three times the orjson.dumps it guards.
    for value in values:
        kind = type(value)
        if kind in _SCALARS:
            continue
        if kind is float:
            # Zero, or 1e-4 <= |value| < inf; NaN fails both comparisons.
            if value and not (1e-4 <= value < _INF or -_INF < value <= -1e-4):
                return False
        elif kind is dict:
            for key in value:
                if type(key) is not str:
                    return False
            if not _plain(value.values()):
                return False
        elif kind is list or kind is tuple:
            if not _plain(value):
                return False
        else:
            return False
    return True


def link_hash(prev_hash: str, canonical_text: str) -> str:
    # surrogatepass: a lone surrogate from client-controlled text must not make hashing fail.
    data = (prev_hash + canonical_text).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def seal(record: Mapping[str, Any], prev_hash: str) -> tuple[str, str]:
    """Return (json line without newline, hash) for `record` chained after `prev_hash`.

    The line is the canonical text with `"hash"` appended last: one serialisation per
    record instead of two, and verifiers re-canonicalise anyway.
    """
    text = _dumps_sorted({**record, "prev_hash": prev_hash})
    digest = link_hash(prev_hash, text)
    return f'{text[:-1]},"hash":"{digest}"}}', digest


@dataclass(frozen=True, slots=True)
class BrokenLink:
    file: str
    line: int
    request_id: str | None
    expected: str
    found: str
    reason: str

    def describe(self) -> str:
        rid = self.request_id or "-"
        return (
            f"{self.file}:{self.line}: {self.reason} (request_id {rid}): "
            f"expected {self.expected}, found {self.found}"
        )


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    records: int
    broken: BrokenLink | None = None
    anchors: tuple[str, ...] = ()  # prev_hash of each chain's first record

    @property
    def complete(self) -> bool:
        """True when every chain starts at GENESIS (nothing rotated away)."""
        return all(a == GENESIS for a in self.anchors)


def verify(paths: str | Path | Iterable[str | Path]) -> VerifyResult:
    """Verify a file, a directory (every log in it) or an ordered list of files."""
    chains = _chains(paths)
    total = 0
    anchors: list[str] = []
    for files in chains:
        count, broken, anchor = _verify_chain(files)
        total += count
        if anchor is not None:
            anchors.append(anchor)
        if broken is not None:
            return VerifyResult(False, total, broken, tuple(anchors))
    return VerifyResult(True, total, None, tuple(anchors))


def _chains(paths: str | Path | Iterable[str | Path]) -> list[list[Path]]:
    if isinstance(paths, str | Path):
        return discover(Path(paths))
    return [[Path(p) for p in paths]]


def _verify_chain(files: list[Path]) -> tuple[int, BrokenLink | None, str | None]:
    prev: str | None = None
    anchor: str | None = None
    count = 0
    for path in files:
        for lineno, raw, complete in open_lines(path):
            try:
                rec = json.loads(raw)
            except ValueError:
                reason = "unparseable line" if complete else "truncated last line"
                return count, BrokenLink(str(path), lineno, None, "JSON", "garbage", reason), anchor
            if not isinstance(rec, dict):
                return (
                    count,
                    BrokenLink(str(path), lineno, None, "object", "other", "not a record"),
                    anchor,
                )
            rid = rec.get("request_id")
            found_prev = str(rec.get("prev_hash", ""))
            if prev is None:
                anchor = prev = found_prev
            if found_prev != prev:
                return (
                    count,
                    BrokenLink(str(path), lineno, rid, prev, found_prev, "prev_hash mismatch"),
                    anchor,
                )
            expected = link_hash(prev, canonical(rec))
            found = str(rec.get("hash", ""))
            if found != expected:
                return (
                    count,
                    BrokenLink(str(path), lineno, rid, expected, found, "hash mismatch"),
                    anchor,
                )
            prev = found
            count += 1
    return count, None, anchor
