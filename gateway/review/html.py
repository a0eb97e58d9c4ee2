"""Server-side HTML for the dashboard: escaping by default, templates from package data.

Every value put into a page goes through `esc` unless it is `Markup` (HTML this package
built from escaped parts), so text from the log, which a client partly controls (account
ids from passthrough keys, model names, rule evidence), can never inject markup.
Templates are `string.Template` files in review/templates/, filled by `render`.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from importlib.resources import files
from string import Template
from typing import Any
from urllib.parse import quote

NONE = "\u2013"
"""What a table cell shows for a missing value (an en dash)."""


class Markup(str):
    """Text that is already HTML; `esc` passes it through untouched."""

    __slots__ = ()


def esc(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    return Markup(sep.join(esc(p) for p in parts))


def tag(name: str, content: Any = "", **attrs: Any) -> Markup:
    """<name attrs>content</name>; attribute names use `_` for `-`, a trailing `_` dropped."""
    rendered = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"'
        for k, v in attrs.items()
        if v is not None and v is not False
    )
    return Markup(f"<{name}{rendered}>{esc(content)}</{name}>")


def url_part(value: str) -> str:
    """A path segment: account ids may hold `/`, `?` or `#`."""
    return quote(value, safe="")


@functools.cache
def _template(name: str) -> Template:
    text = (files("gateway.review") / "templates" / name).read_text(encoding="utf-8")
    return Template(text)


def render(name: str, **values: Any) -> Markup:
    """Fill template `name`; every value is escaped unless it is Markup."""
    return Markup(_template(name).substitute({k: esc(v) for k, v in values.items()}))


def num(value: float | int | None, digits: int = 0) -> str:
    """Compact figures for tables and axes: 1234 -> 1.2k, 2.5e6 -> 2.5M."""
    if value is None:
        return NONE
    v = float(value)
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= size:
            return f"{v / size:.1f}{suffix}"
    return f"{v:.{digits}f}"


def table(headers: Iterable[str], rows: Iterable[Iterable[Any]], empty: str = "none") -> Markup:
    head = join(tag("th", h) for h in headers)
    body = [join(tag("td", cell) for cell in row) for row in rows]
    if not body:
        return tag("p", empty, class_="muted")
    inner = [Markup(f"<thead><tr>{head}</tr></thead><tbody>")]
    inner += [Markup(f"<tr>{r}</tr>") for r in body]
    return tag("table", join([*inner, Markup("</tbody>")]))
