"""Turn pydantic validation errors into `file:line:col` problems a policy author can act on."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from gateway.policy.source import Path, Problem, SourceFile


def fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names of the model that validates the mapping at `loc` (for "did you mean")."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            if info is None:
                return []
            annotation = info.annotation
        elif get_origin(annotation) in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` and `Annotated[X, ...]` -> X."""
    while True:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) is Annotated or (
            len(args) == 1 and get_origin(annotation) in (Union, UnionType)
        ):
            annotation = args[0]
        else:
            return annotation


def hint(word: object, choices: Sequence[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [c for c in choices if c != word], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def validation_problems(
    src: SourceFile,
    exc: ValidationError,
    model: type[BaseModel],
    prefix: Path = (),
    rule: str | None = None,
) -> list[Problem]:
    """One problem per pydantic error, placed on the offending key or value."""
    problems = []
    for err in exc.errors(include_url=False):
        loc: Path = tuple(err["loc"])
        path = (*prefix, *loc)
        field = ".".join(str(p) for p in loc) or "document"
        kind = err["type"]
        if kind == "missing":
            message = f"missing required field {loc[-1]!r}"
            problems.append(src.problem(path[:-1], message, rule=rule))
        elif kind == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}{hint(loc[-1], fields_at(model, loc[:-1]))}"
            problems.append(src.problem(path, message, rule=rule, key=True))
        else:
            problems.append(src.problem(path, _describe(field, err), rule=rule))
    return problems


def _describe(field: str, err: Any) -> str:
    kind: str = err["type"]
    given = err.get("input")
    if kind == "literal_error":
        if field == "action":
            return f"unknown action {given!r}; expected {err['ctx']['expected']}"
        expected = err["ctx"]["expected"]
        if " or " not in expected:
            return f"{field}: must be {expected} (got {given!r})"
        return f"{field}: {given!r} is not one of {expected}"
    if kind == "value_error":
        return f"{field}: {err['msg'].removeprefix('Value error, ')}"
    if kind == "string_type" and field == "when":
        return f"when: must be a string holding a CEL expression (got {given!r}); quote it"
    if kind == "string_too_short":
        return f"{field}: must not be empty"
    if kind == "list_type" and field == "rules":
        return "rules: must be a list of rules, each starting with '- id:'"
    if kind == "dict_type" and field.startswith("rules."):
        return f"{field}: a rule must be a mapping with id, description, when and action"
    message = err["msg"]
    message = message[0].lower() + message[1:]
    if isinstance(given, str | int | float | bool) or given is None:
        message += f" (got {given!r})"
    return f"{field}: {message}"
