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

from gateway.policy.inputs import (
    FIELDS,
    TOP_LEVEL,
    sample_inputs,
)

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
_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
_KEYWORDS = frozenset({"true", "false", "null", "in"})

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*)
  | (?P<str>[rRbB]{0,2}(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"
               |'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))
  | (?P<num>(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[uU]?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>.)
    """,
    re.VERBOSE,
)


class ExprProblem(Exception):
    """A problem in an expression, at character `offset` of its source."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass(frozen=True, slots=True)
class VarPath:
    """A dotted variable reference such as `usage.requests.hour`, found at `offset`."""

    parts: tuple[str, ...]
    offset: int

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class Expression:
    source: str
    program: cel.Program
    paths: tuple[VarPath, ...]
    signals: frozenset[str]
    top_names: frozenset[str]

    def evaluate(self, context: cel.Context) -> bool:
        """Run against a prebuilt context; raises whatever the runtime raises."""
        return self.program.execute(context) is True


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    offset: int


def _tokens(source: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(source):
        kind = m.lastgroup or "op"
        if kind not in ("ws", "comment"):
            out.append(_Token(kind, m.group(), m.start()))
    return out


def scan(source: str) -> tuple[list[VarPath], list[_Token], set[str]]:
    """Variable paths, function-call tokens and comprehension-bound names of an expression."""
    toks = _tokens(source)
    bound: set[str] = set()
    for i in range(len(toks) - 3):
        a, b, c, d = toks[i : i + 4]
        if a.text == "." and b.text in _MACROS and c.text == "(" and d.kind == "ident":
            bound.add(d.text)
    paths: list[VarPath] = []
    calls: list[_Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        after_dot = i > 0 and toks[i - 1].text == "."
        if tok.kind != "ident" or tok.text in _KEYWORDS:
            i += 1
            continue
        if nxt is not None and nxt.text == "(":
            calls.append(tok)
            i += 1
            continue
        if after_dot or tok.text in bound:
            i += 1
            continue
        parts = [tok.text]
        j = i + 1
        # extend the chain with `.field`, stopping before a method call `.name(`
        while (
            j + 1 < len(toks)
            and toks[j].text == "."
            and toks[j + 1].kind == "ident"
            and not (j + 2 < len(toks) and toks[j + 2].text == "(")
        ):
            parts.append(toks[j + 1].text)
            j += 2
        paths.append(VarPath(tuple(parts), tok.offset))
        i = j
    return paths, calls, bound


def compile_expression(source: str) -> Expression:
    """Compile and check one `when` expression; raises ExprProblem on the first problem."""
    try:
        program = cel.compile(source)
    except ValueError as exc:
        raise _syntax_problem(source, str(exc)) from exc
    paths, calls, bound = scan(source)
    for call in calls:
        if call.text not in KNOWN_FUNCTIONS and call.text != "has":
            raise ExprProblem(
                call.offset, f"unknown function {call.text!r}{_hint(call.text, KNOWN_FUNCTIONS)}"
            )
    for path in paths:
        _check_path(path, source)
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
    for sample in sample_inputs(expr.signals):
        context = cel.Context(sample)
        try:
            result = expr.program.execute(context)
        except TypeError as exc:
            raise ExprProblem(0, f"type error: {_first_line(exc)}") from exc
        except (RuntimeError, KeyError) as exc:
            raise ExprProblem(0, f"cannot evaluate: {_first_line(exc)}") from exc
        except ArithmeticError:
            # division by zero on a zero sample is a runtime hazard, not a type error:
            # at request time it counts as "not matched" and is counted as an error
            continue
        if not isinstance(result, bool):
            kind = type(result).__name__
            raise ExprProblem(
                0, f"must be a boolean condition, but evaluates to {kind} ({result!r})"
            )


def _syntax_problem(source: str, message: str) -> ExprProblem:
    m = re.search(r"<input>:(\d+):(\d+): (.*)", message)
    if not m:
        return ExprProblem(0, f"syntax error: {_first_line(message)}")
    line, col = int(m.group(1)), int(m.group(2))
    lines = source.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
    # keep the diagnosis, drop the parser's list of every token it would have accepted
    message = m.group(3).split(" expecting ")[0].strip()
    return ExprProblem(min(offset, len(source)), message)


def _find_ident(source: str, name: str) -> int:
    for tok in _tokens(source):
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
