"""Hand-rolled inline SVG charts: no JavaScript, no network, scale with the page.

Each chart is one <svg> with a viewBox; hovering a column shows its values through SVG
<title> elements (native browser tooltips). All text passes through html.esc.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gateway.review.html import NONE, Markup, esc, join, num

NARROW = (720, 200)
WIDE = (1200, 220)
"""viewBox sizes: labels keep one on-screen size when a chart spans half or all the page."""
LEFT, RIGHT, TOP, BOTTOM = 60, 12, 10, 24

ACTION_COLORS = {
    "allow": "#7aa974",
    "log": "#5b8def",
    "degrade": "#e3b505",
    "throttle": "#f08a24",
    "challenge": "#9b59b6",
    "block": "#d64545",
}
PALETTE = ("#2f6fb0", "#d64545", "#7aa974", "#9b59b6", "#f08a24", "#17a2b8")

Series = tuple[str, Sequence[float | None], str]
"""(name, values, colour)."""


def _short(ts: str | None) -> str:
    # ISO 8601 "2025-11-24T23:59:58.579Z" -> "11-24 23:59"
    return f"{ts[5:10]} {ts[11:16]}" if ts and len(ts) >= 16 else (ts or "")


class _Box:
    """Plot geometry of one chart."""

    def __init__(self, size: tuple[int, int], n: int, y_max: float) -> None:
        self.w, self.h = size
        self.n = max(n, 1)
        self.y_max = y_max
        self.step = (self.w - LEFT - RIGHT) / self.n

    def x(self, i: int) -> float:
        return LEFT + self.step * (i + 0.5)

    def y(self, value: float) -> float:
        return TOP + (self.h - TOP - BOTTOM) * (1 - min(value / self.y_max, 1.0))


def _frame(
    box: _Box, times: Sequence[str | None], title: str, y_fmt: Callable[[float], str]
) -> list[str]:
    """Axes, grid and labels shared by every chart."""
    w, h, y_max = box.w, box.h, box.y_max
    parts = [f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{esc(title)}">']
    parts.append(f"<title>{esc(title)}</title>")
    plot_h = h - TOP - BOTTOM
    for frac in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - frac)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{w - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        label = esc(y_fmt(y_max * frac) if y_max >= 10 or y_fmt is not num else f"{y_max * frac:g}")
        parts.append(
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>'
        )
    n = len(times)
    if n:
        ticks = {0: "start", n // 2: "middle", n - 1: "end"} if n > 2 else {n - 1: "middle"}
        for i, anchor in ticks.items():
            x = box.x(i)
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{h - 6}" text-anchor="{anchor}">'
                f"{esc(_short(times[i]))}</text>"
            )
    return parts


def line_chart(
    times: Sequence[str | None],
    series: Sequence[Series],
    title: str,
    y_max: float | None = None,
    y_fmt: Callable[[float], str] = num,
    size: tuple[int, int] = NARROW,
) -> Markup:
    """One polyline per series; gaps (None) break the line."""
    top = y_max or max((v for _, vals, _ in series for v in vals if v is not None), default=0)
    box = _Box(size, len(times), top or 1.0)
    parts = _frame(box, times, title, y_fmt)
    for _name, values, colour in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{box.x(i):.1f},{box.y(v):.1f}")
        for run in runs:
            if len(run) == 1:
                x, y = run[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{esc(colour)}"/>')
            elif run:
                points = " ".join(run)
                parts.append(f'<polyline class="line" points="{points}" stroke="{esc(colour)}"/>')
    parts += _hover(box, times, series, y_fmt)
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(
    times: Sequence[str | None],
    stacks: Sequence[Series],
    title: str,
    size: tuple[int, int] = NARROW,
) -> Markup:
    """One bar per time step, one segment per series, stacked in the given order."""
    n = len(times)
    totals = [sum((vals[i] or 0) for _, vals, _ in stacks) for i in range(n)]
    box = _Box(size, n, max(totals, default=0) or 1.0)
    parts = _frame(box, times, title, num)
    width = max(box.step - 1, 1)
    for i in range(n):
        base = 0.0
        for _name, values, colour in stacks:
            v = values[i] or 0
            if v <= 0:
                continue
            y0, y1 = box.y(base + v), box.y(base)
            x = box.x(i) - width / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{width:.1f}" '
                f'height="{max(y1 - y0, 0.5):.1f}" fill="{esc(colour)}"/>'
            )
            base += v
    parts += _hover(box, times, stacks, num)
    parts.append("</svg>")
    return Markup("".join(parts))


def _hover(
    box: _Box, times: Sequence[str | None], series: Sequence[Series], y_fmt: Callable[[float], str]
) -> list[str]:
    """Invisible full-height columns whose <title> lists every series at that step."""
    out = []
    for i in range(len(times)):
        lines = [_short(times[i])]
        for name, vals, _ in series:
            v = vals[i]
            lines.append(f"{name}: {NONE if v is None else y_fmt(v)}")
        out.append(
            f'<rect class="hover" x="{LEFT + box.step * i:.1f}" y="{TOP}" width="{box.step:.1f}" '
            f'height="{box.h - TOP - BOTTOM}"><title>{esc(chr(10).join(lines))}</title></rect>'
        )
    return out


# Swatches and bars are SVG, not styled HTML: the page's CSP allows no inline styles.
def legend(series: Sequence[Series]) -> Markup:
    items = (
        Markup(
            '<span class="key"><svg viewBox="0 0 10 10" aria-hidden="true">'
            f'<rect width="10" height="10" fill="{esc(colour)}"/></svg>{esc(name)}</span>'
        )
        for name, _, colour in series
    )
    return Markup(f'<div class="legend">{join(items)}</div>')


def bar(value: float, maximum: float, colour: str = "#2f6fb0") -> Markup:
    """A small inline bar for table cells."""
    pct = 0.0 if maximum <= 0 else min(100.0, 100.0 * value / maximum)
    return Markup(
        '<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">'
        f'<rect width="100" height="8" class="track"/>'
        f'<rect width="{pct:.1f}" height="8" fill="{esc(colour)}"/></svg>'
    )
