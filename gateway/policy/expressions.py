"""CEL `when` expressions: compile once at load, check names and types, run per request.

The `cel` package (Rust) has no static checker, so loading does three things itself:
a small lexer finds the dotted variable paths (`usage.requests.hour`) and function
calls an expression uses and checks them against the known input schema, and each
program is then run against typed sample inputs so that "No such overload" type errors
and non-boolean results fail the load instead of a request. Problems carry the character
offset in the expression, which the loader turns into file:line:col.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cel

from gateway.policy.inputs import FIELDS, TOP_LEVEL, sample_inputs
from gateway.policy.scan import MACROS, VarPath, scan, tokens

# Functions native to the Rust CEL runtime (probed against common-expression-language 0.10).
# Operators (`_+_`, `!_`, `@in`, ...) are always allowed.
KNOWN_FUNCTIONS = frozenset(
    {
        "size", "contains", "startsWith", "endsWith", "matches",
        "int", "uint", "double", "string", "bytes", "timestamp", "duration", "dyn", "type",
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds",
    }
)  # fmt: skip
_CEL_TYPES = {"float": "double", "str": "string", "dict": "map", "NoneType": "null"}


class ExprProblem(Exception):
    """A problem in an expression, at character `offset` of its source."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass(frozen=True, slots=True)
class Expression:
    """A checked `when`: its program as written, and what it reads."""

    source: str
    program: cel.Program
    paths: tuple[VarPath, ...]
    signals: frozenset[str]
    top_names: frozenset[str]


def compile_expression(source: str) -> Expression:
    """Compile and check one `when` expression; raises ExprProblem on the first problem."""
    try:
        program = cel.compile(source)
    except (ValueError, RuntimeError) as exc:
        raise _syntax_problem(source, str(exc)) from exc
    paths, calls, bound = scan(source)
    for path in paths:
        _check_path(path, source)
    for call in calls:
        if call.text not in KNOWN_FUNCTIONS and call.text not in MACROS:
            raise ExprProblem(
                call.offset,
                f"unknown function {call.text!r}{_hint(call.text, KNOWN_FUNCTIONS)}; available: "
                "size, contains, startsWith, endsWith, matches, int, uint, double, string",
            )
    unknown = set(program.variables()) - set(TOP_LEVEL) - bound
    if unknown:
        name = sorted(unknown)[0]
        raise ExprProblem(_find_ident(source, name), f"unknown name {name!r}")
    expr = Expression(
        source=source,
        program=program,
        paths=tuple(p for p in paths if p.parts[0] in TOP_LEVEL),
        signals=frozenset(
            p.parts[1] for p in paths if p.parts[0] == "signals" and len(p.parts) > 1
        ),
        top_names=frozenset(p.parts[0] for p in paths if p.parts[0] in TOP_LEVEL),
    )
    _check_types(expr)
    return expr


def _check_path(path: VarPath, source: str) -> None:
    top = path.parts[0]
    if top not in TOP_LEVEL:
        raise ExprProblem(
            path.offset,
            f"unknown name {top!r}{_hint(top, TOP_LEVEL)}; expressions may use "
            + ", ".join(TOP_LEVEL),
        )
    node: Any = FIELDS[top]
    offset = path.offset + len(top)
    for depth, part in enumerate(path.parts[1:], start=1):
        field_offset = source.find(part, offset)
        offset = field_offset + len(part)
        where = ".".join(path.parts[:depth])
        if node == "signals":  # any name: missing signals read as 0.0
            if depth > 1:
                raise ExprProblem(field_offset, f"{where} is a number; it has no fields")
            continue
        if not isinstance(node, Mapping):
            raise ExprProblem(field_offset, f"{where} is a {node}; it has no fields")
        if part not in node:
            raise ExprProblem(
                field_offset,
                f"unknown field {part!r} of {where}{_hint(part, node)}; known: " + ", ".join(node),
            )
        node = node[part]


def _check_types(expr: Expression) -> None:
    samples = sample_inputs(expr.signals)
    arithmetic: list[ArithmeticError] = []
    for sample in samples:
        context = cel.Context(sample)
        try:
            result = expr.program.execute(context)
        except TypeError as exc:
            raise ExprProblem(0, f"type error: {_first_line(exc)}") from exc
        except ArithmeticError as exc:
            # division by zero on a zero sample is a run-time hazard, not a type error:
            # at request time it counts as "not matched" (see Policy.runtime_errors)
            arithmetic.append(exc)
            continue
        except (RuntimeError, KeyError, ValueError) as exc:
            raise ExprProblem(0, f"cannot evaluate: {_first_line(exc)}") from exc
        if not isinstance(result, bool):
            kind = _CEL_TYPES.get(type(result).__name__, type(result).__name__)
            message = f"must be a boolean condition, but evaluates to {kind} ({result!r})"
            raise ExprProblem(0, message)
    if len(arithmetic) == len(samples):
        raise ExprProblem(0, f"fails on every input: {_first_line(arithmetic[0])}")


def _syntax_problem(source: str, message: str) -> ExprProblem:
    found = re.findall(r"<input>:(\d+):(\d+): (.*)", message)
    if not found:
        return ExprProblem(0, f"syntax error: {_first_line(message)}")
    # the parser may report a macro problem at 0:0 before the real position; prefer a real one
    line_s, col_s, text = next((f for f in found if f[0] != "0"), found[0])
    line, col = max(int(line_s), 1), max(int(col_s), 1)
    lines = source.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
    # keep the diagnosis, drop the parser's list of every token it would have accepted
    return ExprProblem(min(offset, len(source)), text.split(" expecting ")[0].strip())


def _find_ident(source: str, name: str) -> int:
    for tok in tokens(source):
        if tok.kind == "ident" and tok.text == name:
            return tok.offset
    return 0


def _hint(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _first_line(exc: object) -> str:
    text = str(exc).strip().split("\n")[0]
    # the runtime's advice sentence is long; keep the diagnosis
    return text.split(". ")[0].rstrip(".")
