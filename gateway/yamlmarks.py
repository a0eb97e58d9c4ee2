"""YAML loading that remembers where every key and value came from.

pydantic reports errors by location path (`("upstream", "url")`); operators need
`file:line:col`. This loader keeps a map from path to mark so any validation error
can be pointed back at the text, and it refuses duplicate keys (PyYAML silently keeps
the last one, which hides typos).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class MarkedDocument:
    data: Any
    filename: str
    marks: dict[Path, Mark] = field(default_factory=dict)

    def locate(self, path: Sequence[str | int]) -> Mark:
        """The mark of the deepest known prefix of `path` (a missing key points at its parent)."""
        key = tuple(path)
        while key:
            if key in self.marks:
                return self.marks[key]
            key = key[:-1]
        return self.marks.get((), Mark(1, 1))

    def where(self, path: Sequence[str | int]) -> str:
        mark = self.locate(path)
        return f"{self.filename}:{mark.line}:{mark.col}"


class YamlProblem(Exception):
    """A YAML syntax problem or a duplicate key, already formatted as `file:line:col: msg`."""


def load_marked(text: str, filename: str) -> MarkedDocument:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(f"{filename}:{line}:{col}: {problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(f"{filename}:1:1: {exc}") from exc
    doc = MarkedDocument(data=None, filename=filename)
    if node is None:
        return doc
    doc.data = _construct(node, (), doc)
    return doc


def _construct(node: yaml.Node, path: Path, doc: MarkedDocument) -> Any:
    doc.marks.setdefault(path, Mark(node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader(yaml.serialize(key_node)).get_single_data()
            if key in out:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                raise YamlProblem(f"{doc.filename}:{line}:{col}: duplicate key {key!r}")
            child = (*path, key)
            doc.marks[child] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _construct(value_node, child, doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), doc) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data()
