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

# The Rust parser stops at 96 nested brackets by itself, but chains of binary operators
# and member selections (`a + 1 + 1 ...`, `a.b.b ...`) nest its tree just as deeply
# without any bracket, and at a few thousand levels compiling or running the program
# overflows the native stack: a segfault, not an exception (10k-20k levels on an 8 MiB
# stack, 1k-2k on 1 MiB). Policies never need more than a few dozen.
MAX_CHAIN = 256
# Rust formats with widths of at most 65535 (see _check_size); no policy needs this much.
MAX_LENGTH = 65_000
_CHAINING = frozenset(".+*/%<>=[")
_OPERAND_END = frozenset({"ident", "num", "str"})
_SEPARATORS = frozenset(",:?&|")
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")
_RECURSION = re.compile(r"Recursion limit of (\d+) exceeded")
# a Rust value's debug form (`Error { input: "", code: Float }`) means nothing to a user
_RUST_DEBUG = re.compile(r"\b\w+(?:\(\w+)? \{ \w+: .*$")


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
    _check_size(source)
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


def _check_size(source: str) -> None:
    """Refuse expressions the CEL runtime cannot survive, before handing them to it.

    Too long: the parser's error message pads a caret to the error's column, and a
    column past 65535 makes that formatting panic (a BaseException, plus a Rust message
    on stderr). Too deep: see MAX_CHAIN.
    """
    if len(source) > MAX_LENGTH:
        raise ExprProblem(0, f"expression is {len(source)} characters long (limit {MAX_LENGTH})")
    _check_depth(source)


def _check_depth(source: str) -> None:
    """An upper bound on the parse tree's depth, from the tokens, against MAX_CHAIN.

    Each open bracket is a level holding the operators chained in its current operand
    (`a + b.c[0]`: three) plus the depth of the deepest bracket closed inside that
    operand. `&&` and `||` start a new operand because the parser balances them, and so
    do list, map and argument separators and `?:`. Unary `!` and `-` runs are folded by
    the parser.
    """
    # per open bracket: [operators in the current operand, deepest closed bracket in it,
    # deepest operand so far]; `depth` is the sum of the first two over all open brackets
    levels = [[0, 0, 0]]
    depth = 0
    prev_kind, prev_text, prev_end = "", "", -1
    for tok in tokens(source):
        text, chained = tok.text, False
        if tok.kind == "op":
            after_operand = prev_kind in _OPERAND_END or prev_text in _CLOSING
            if text in _SEPARATORS:
                depth -= levels[-1][0] + levels[-1][1]
                levels[-1][:2] = [0, 0]
            elif text in _OPENING or text in _CLOSING:
                # `a[0]` and `a.f()` select from `a`: one more level of its chain
                chained = text in "[(" and after_operand
            elif text == "=":
                # `==`, `<=`, `>=` are one operator; `!=` is counted at its `=`
                chained = not (prev_end == tok.offset and prev_text in ("<", ">", "="))
            elif text == "-":
                chained = after_operand  # binary minus; a run of unary ones folds
            else:
                chained = text in _CHAINING
        elif tok.kind == "ident" and text == "in":
            chained = True
        if chained:
            levels[-1][0] += 1
            depth += 1
        if tok.kind == "op" and text in _CLOSING and len(levels) > 1:
            closed = levels.pop()
            depth -= closed[0] + closed[1]
            level = levels[-1]
            if closed[2] + 1 > level[1]:
                depth += closed[2] + 1 - level[1]
                level[1] = closed[2] + 1
        level = levels[-1]
        level[2] = max(level[2], level[0] + level[1])
        if depth > MAX_CHAIN:
            message = f"more than {MAX_CHAIN} levels of operators and brackets"
            raise ExprProblem(tok.offset, f"expression nested too deeply ({message})")
        if tok.kind == "op" and text in _OPENING:
            levels.append([0, 0, 0])
        prev_kind, prev_text, prev_end = tok.kind, text, tok.offset + len(text)


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
        except KeyError as exc:
            # str(KeyError('')) is "''": say what it is
            raise ExprProblem(0, f"cannot evaluate: no such key {_key(exc)}") from exc
        except (RuntimeError, LookupError, ValueError) as exc:
            # IndexError included: `[1, 2][request.n + 5]` is out of range on every input
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
    deep = _RECURSION.search(text)
    if deep:
        text = f"expression nested too deeply (limit {deep.group(1)})"
    # keep the diagnosis, drop the parser's list of every token it would have accepted
    return ExprProblem(min(offset, len(source)), _readable(text.split(" expecting ")[0].strip()))


def _find_ident(source: str, name: str) -> int:
    for tok in tokens(source):
        if tok.kind == "ident" and tok.text == name:
            return tok.offset
    return 0


def _hint(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _first_line(exc: object) -> str:
    lines = str(exc).strip().split("\n")
    text = lines[0]
    if text.endswith(":"):
        # a regex error's cause sits on its own line after a picture of the pattern
        cause = next((x.strip() for x in lines[1:] if x.strip().startswith("error:")), "")
        text = f"{text} {cause.removeprefix('error: ')}".strip()
    # the runtime's advice sentence is long; keep the diagnosis
    return _readable(text.split(". ")[0].rstrip("."))


def _key(exc: KeyError) -> str:
    return repr(exc.args[0]) if exc.args else "?"


def _readable(text: str) -> str:
    """`text` without Rust debug values, and with control characters (NUL...) escaped."""
    text = _RUST_DEBUG.sub("invalid value", text)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
