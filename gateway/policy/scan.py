"""A small CEL lexer: the variable paths and function calls an expression uses.

The Rust CEL package exposes only top-level names (`Program.variables()`), but load-time
checks, evidence and context flattening need whole paths such as `usage.requests.hour`
with their positions, so this scans the source text itself. It understands strings
(so `'a.b'` is no path), comments, method calls (`request.model.startsWith(...)` is the
path `request.model`), `['key']` selection and names bound by comprehension macros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MACROS = frozenset({"all", "exists", "exists_one", "map", "filter", "has"})
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


@dataclass(frozen=True, slots=True)
class VarPath:
    """A variable reference such as `usage.requests.hour`: source[offset:end]."""

    parts: tuple[str, ...]
    offset: int
    end: int
    in_has: bool = False  # the argument of has(): must stay a field selection

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    offset: int


def tokens(source: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(source):
        kind = m.lastgroup or "op"
        if kind not in ("ws", "comment"):
            out.append(_Token(kind, m.group(), m.start()))
    return out


def scan(source: str) -> tuple[list[VarPath], list[_Token], set[str]]:
    """Variable paths, function-call tokens and comprehension-bound names of an expression."""
    toks = tokens(source)
    bound: set[str] = set()
    for i in range(len(toks) - 3):
        a, b, c, d = toks[i : i + 4]
        if a.text == "." and b.text in MACROS and c.text == "(" and d.kind == "ident":
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
        # extend the chain with `.field` or `['field']`, stopping before a method `.name(`
        while j + 1 < len(toks):
            if (
                toks[j].text == "."
                and toks[j + 1].kind == "ident"
                and not (j + 2 < len(toks) and toks[j + 2].text == "(")
            ):
                parts.append(toks[j + 1].text)
                j += 2
            elif (
                toks[j].text == "["
                and j + 2 < len(toks)
                and _is_plain_string(toks[j + 1])
                and toks[j + 2].text == "]"
            ):
                parts.append(toks[j + 1].text[1:-1])
                j += 3
            else:
                break
        last = toks[j - 1]
        in_has = i >= 2 and toks[i - 1].text == "(" and toks[i - 2].text == "has"
        paths.append(VarPath(tuple(parts), tok.offset, last.offset + len(last.text), in_has))
        i = j
    return paths, calls, bound


def _is_plain_string(tok: _Token) -> bool:
    """A one-quoted literal without escapes: its text between the quotes is its value."""
    text = tok.text
    return (
        tok.kind == "str"
        and len(text) >= 2
        and text[0] in "'\""
        and text[-1] == text[0]
        and "\\" not in text
        and text[1:-1] != ""
        and text[1] != text[0]
    )
