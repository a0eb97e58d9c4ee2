"""Hand-rolled inline SVG charts: no JavaScript, no network, scale with the page.

Each chart is one <svg> with a viewBox; hovering a column shows its values through SVG
<title> elements (native browser tooltips). All text passes through html.esc.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gateway.review.html import Markup, esc, join, num

W, H = 720, 200
LEFT, RIGHT, TOP, BOTTOM = 52, 10, 10, 24

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


def _frame(
    times: Sequence[str | None], y_max: float, title: str, y_fmt: Callable[[float], str]
) -> list[str]:
    """Axes, grid and labels shared by every chart."""
    parts = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{esc(title)}">']
    parts.append(f"<title>{esc(title)}</title>")
    plot_h = H - TOP - BOTTOM
    for frac in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - frac)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        label = esc(y_fmt(y_max * frac))
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    n = len(times)
    if n:
        for i, anchor in ((0, "start"), (n // 2, "middle"), (n - 1, "end")):
            x = _x(i, n)
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{H - 6}" text-anchor="{anchor}">'
                f"{esc(_short(times[i]))}</text>"
            )
    return parts


def _x(i: int, n: int) -> float:
    return LEFT + (W - LEFT - RIGHT) * ((i + 0.5) / max(n, 1))


def _y(value: float, y_max: float) -> float:
    return TOP + (H - TOP - BOTTOM) * (1 - min(value / y_max, 1.0))


def line_chart(
    times: Sequence[str | None],
    series: Sequence[Series],
    title: str,
    y_max: float | None = None,
    y_fmt: Callable[[float], str] = num,
) -> Markup:
    """One polyline per series; gaps (None) break the line."""
    top = y_max or max((v for _, vals, _ in series for v in vals if v is not None), default=0)
    top = top or 1.0
    parts = _frame(times, top, title, y_fmt)
    n = len(times)
    for _name, values, colour in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{_x(i, n):.1f},{_y(v, top):.1f}")
        for run in runs:
            if len(run) == 1:
                x, y = run[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>')
            elif run:
                points = " ".join(run)
                parts.append(f'<polyline class="line" points="{points}" stroke="{colour}"/>')
    parts += _hover(times, series, y_fmt)
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(times: Sequence[str | None], stacks: Sequence[Series], title: str) -> Markup:
    """One bar per time step, one segment per series, stacked in the given order."""
    n = len(times)
    totals = [sum((vals[i] or 0) for _, vals, _ in stacks) for i in range(n)]
    top = max(totals, default=0) or 1.0
    parts = _frame(times, top, title, num)
    width = max((W - LEFT - RIGHT) / max(n, 1) - 1, 1)
    for i in range(n):
        base = 0.0
        for _name, values, colour in stacks:
            v = values[i] or 0
            if v <= 0:
                continue
            y0, y1 = _y(base + v, top), _y(base, top)
            x = _x(i, n) - width / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{width:.1f}" '
                f'height="{max(y1 - y0, 0.5):.1f}" fill="{colour}"/>'
            )
            base += v
    parts += _hover(times, stacks, num)
    parts.append("</svg>")
    return Markup("".join(parts))


def _hover(
    times: Sequence[str | None], series: Sequence[Series], y_fmt: Callable[[float], str]
) -> list[str]:
    """Invisible full-height columns whose <title> lists every series at that step."""
    n = len(times)
    width = (W - LEFT - RIGHT) / max(n, 1)
    out = []
    for i in range(n):
        lines = [_short(times[i])]
        lines += [f"{name}: {y_fmt(vals[i]) if vals[i] is not None else '–'}" for name, vals, _ in series]
        out.append(
            f'<rect class="hover" x="{LEFT + width * i:.1f}" y="{TOP}" width="{width:.1f}" '
            f'height="{H - TOP - BOTTOM}"><title>{esc(chr(10).join(lines))}</title></rect>'
        )
    return out


def legend(series: Sequence[Series]) -> Markup:
    items = (
        Markup(f'<span class="key"><i style="background:{esc(colour)}"></i>{esc(name)}</span>')
        for name, _, colour in series
    )
    return Markup(f'<div class="legend">{join(items)}</div>')


def bar(value: float, maximum: float, colour: str = "#2f6fb0") -> Markup:
    """A small inline bar for table cells."""
    pct = 0.0 if maximum <= 0 else min(100.0, 100.0 * value / maximum)
    return Markup(
        f'<span class="bar"><i style="width:{pct:.1f}%;background:{esc(colour)}"></i></span>'
    )
