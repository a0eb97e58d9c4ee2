"""Policy YAML with positions: every key and value keeps the line and column it came from.

pydantic reports errors by path (`("rules", 2, "challenge", "difficulty")`); policy authors
need `file:line:col`. Loading here composes the YAML node graph with a SafeLoader subclass,
builds plain Python data from it, and records the marks of every key and value under the
same path pydantic will use. Duplicate keys are refused (PyYAML would silently keep the
last one, which hides typos).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

# Nesting deeper than this is no policy; the guard also stops alias cycles.
_MAX_DEPTH = 64
_MAX_VALUES = 100_000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a policy, printed as `file:line:col: rule 'id': message`."""

    file: str
    line: int
    col: int
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: "
        return where + (f"rule {self.rule!r}: " if self.rule else "") + self.message


@dataclass(frozen=True, slots=True)
class Spot:
    """Where one value sits in the text: `index` is the character offset of its first char."""

    line: int  # 1-based
    col: int  # 1-based
    index: int
    end_index: int


class _MarkedLoader(yaml.SafeLoader):
    """SafeLoader that builds data itself so it can remember each node's marks."""


@dataclass
class SourceFile:
    """A policy file's text, data, and the positions of its keys and values."""

    path: str
    text: str
    data: Any = None
    values: dict[Path, Spot] = field(default_factory=dict)
    keys: dict[Path, Spot] = field(default_factory=dict)
    built: int = 0
    _line_starts: list[int] = field(default_factory=list)

    def spot_of_index(self, index: int) -> tuple[int, int]:
        """Line and column (1-based) of a character offset in the text."""
        if not self._line_starts:
            self._line_starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        line = bisect.bisect_right(self._line_starts, index) - 1
        return line + 1, index - self._line_starts[line] + 1

    def value_at(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Position of the value at `path`, or of the deepest known ancestor."""
        spot = self._nearest(self.values, tuple(path))
        return (spot.line, spot.col) if spot else (1, 1)

    def key_at(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Position of the key that names `path` (falls back to its value's position)."""
        spot = self.keys.get(tuple(path))
        return (spot.line, spot.col) if spot else self.value_at(path)

    def problem(
        self, path: Sequence[str | int], message: str, *, rule: str | None = None, key: bool = False
    ) -> Problem:
        line, col = self.key_at(path) if key else self.value_at(path)
        return Problem(self.path, line, col, message, rule)

    @staticmethod
    def _nearest(table: dict[Path, Spot], path: Path) -> Spot | None:
        while True:
            if path in table:
                return table[path]
            if not path:
                return None
            path = path[:-1]


EMPTY_POLICY = "file is empty; expected a mapping with 'version: 1'"


def undecodable(path: str, data: bytes, exc: UnicodeDecodeError) -> Problem:
    """Where a file stops being UTF-8, as a problem at the offending line and column."""
    line = data.count(b"\n", 0, exc.start) + 1
    col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    bad = data[exc.start : exc.start + 1].hex()
    return Problem(path, line, col, f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8")


def read_utf8(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """`data` decoded as UTF-8, or a problem naming the first byte that is not."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [undecodable(path, data, exc)]


def parse(
    path: str, text: str, *, empty: str | None = EMPTY_POLICY
) -> tuple[SourceFile, list[Problem]]:
    """Parse YAML text; YAML syntax errors and duplicate keys come back as problems.

    An empty document (nothing but comments, too) is the problem `empty`; with
    `empty=None` it is allowed and `data` stays None.
    """
    src = SourceFile(path=path, text=text)
    loader = _MarkedLoader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        return src, [Problem(path, 1, 1, "YAML nested too deeply to read")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return src, [Problem(path, line, col, f"YAML syntax: {message}")]
    except yaml.YAMLError as exc:
        return src, [Problem(path, 1, 1, f"YAML syntax: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return src, [] if empty is None else [Problem(path, 1, 1, empty)]
    problems: list[Problem] = []
    src.data = _build(loader, src, node, (), problems, 0)
    return src, problems


def _spot(node: yaml.Node) -> Spot:
    mark = node.start_mark
    return Spot(mark.line + 1, mark.column + 1, mark.index, node.end_mark.index)


def _build(
    loader: _MarkedLoader,
    src: SourceFile,
    node: yaml.Node,
    path: Path,
    problems: list[Problem],
    depth: int,
) -> Any:
    src.values[path] = _spot(node)
    src.built += 1
    if src.built > _MAX_VALUES:
        # Aliases can make a small file expand exponentially ("billion laughs").
        if src.built == _MAX_VALUES + 1:
            problems.append(src.problem(path, f"more than {_MAX_VALUES} values (alias bomb?)"))
        return None
    if depth > _MAX_DEPTH:
        problems.append(src.problem(path, "nesting too deep (alias cycle?)"))
        return None
    if isinstance(node, yaml.MappingNode):
        explicit = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        loader.flatten_mapping(node)  # resolves `<<` merge keys like SafeLoader does
        out: dict[Any, Any] = {}
        merged: set[Any] = set()  # keys that came in through `<<`: explicit ones override them
        for key_node, value_node in node.value:
            key = _construct(loader, src, key_node, path, problems)
            if not isinstance(key, str | int | float | bool) and key is not None:
                problems.append(src.problem(path, "mapping keys must be plain scalars"))
                continue
            key_path = (*path, key if isinstance(key, str | int) else str(key))
            if id(key_node) not in explicit:
                merged.add(key)
            elif key in merged:
                merged.discard(key)
            elif key in out:
                first = src.keys[key_path]
                dup = Problem(
                    src.path,
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    f"duplicate key {key!r} (first at line {first.line})",
                )
                problems.append(dup)
                continue
            src.keys[key_path] = _spot(key_node)
            out[key] = _build(loader, src, value_node, key_path, problems, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, src, item, (*path, i), problems, depth + 1)
            for i, item in enumerate(node.value)
        ]
    return _construct(loader, src, node, path, problems)


def _construct(
    loader: _MarkedLoader, src: SourceFile, node: yaml.Node, path: Path, problems: list[Problem]
) -> Any:
    # SafeLoader refuses tags such as `!!python/name:os.system` by raising; that is a
    # problem in the file to report at its position, never an exception for the caller.
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        mark = node.start_mark
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(src.path, mark.line + 1, mark.column + 1, f"YAML: {detail}"))
        return None


def locate_in_scalar(src: SourceFile, path: Path, value: str, offset: int) -> tuple[int, int]:
    """Line and column of character `offset` of the string scalar at `path`.

    Exact for plain, quoted and literal (`|`) scalars on one or several lines; for folded
    scalars the alignment skips the whitespace YAML folded away. It walks the source text
    and the value together, matching each value character to its next occurrence in the
    source, so quotes, escapes and indentation are stepped over.
    """
    spot = src.values.get(path)
    if spot is None:
        return 1, 1
    raw = src.text[spot.index : spot.end_index]
    j = 0
    target = min(max(offset, 0), len(value))
    for i, ch in enumerate(value):
        if i == target:
            break
        if ch.isspace():
            while j < len(raw) and raw[j].isspace():
                j += 1
            continue
        found = raw.find(ch, j)
        if found < 0:
            break
        j = found + 1
    if target < len(value):
        # land on the character itself, not on whitespace or a quote before it
        nxt = value[target]
        if not nxt.isspace():
            found = raw.find(nxt, j)
            j = found if found >= 0 else j
    return src.spot_of_index(spot.index + min(j, len(raw)))
