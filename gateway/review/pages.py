"""The dashboard's layout, login and overview pages, from the dicts ReviewService returns.

Pure functions (data in, Markup out) so they are tested without a server. Every value is
escaped by html.esc/tag/table; only Markup built here is inserted raw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gateway.review import charts
from gateway.review.html import NONE, Markup, esc, join, num, render, table, tag, url_part

_EMPTY = Markup("")


def page(base: str, title: str, body: Markup, nav: Markup, flash: Markup = _EMPTY) -> Markup:
    footer = "distillguard review · data from the usage store and the enforcement log"
    return render(
        "layout.html", base=base, title=title, nav=nav, body=body, flash=flash, footer=footer
    )


def nav(base: str, csrf: str | None) -> Markup:
    links = [tag("a", "Overview", href=base)]
    if csrf is None:
        return tag("nav", join(links))
    logout = Markup(
        f'<form method="post" action="{esc(base)}/logout">'
        f'<input type="hidden" name="csrf" value="{esc(csrf)}">'
        '<button type="submit">Sign out</button></form>'
    )
    return tag("nav", join([*links, logout]))


def flash(message: str | None, error: bool = False) -> Markup:
    if not message:
        return Markup("")
    return tag("div", message, class_="flash error" if error else "flash ok", role="status")


def login(base: str, hours: float) -> Markup:
    return render("login.html", base=base, hours=f"{hours:g}")


def _tile(label: str, value: Any, sub: Any = "", cls: str = "") -> Markup:
    return tag(
        "div",
        join(
            [
                tag("div", label, class_="label"),
                tag("div", value, class_=f"value {cls}".strip()),
                tag("div", sub, class_="sub"),
            ]
        ),
        class_="tile",
    )


def _status(d: Mapping[str, Any]) -> Markup:
    pol, store, log, up = d["policy"], d["store"], d["log"], d["upstream"]
    reloads = f"reloads ok {pol['reloads_ok']}, refused {pol['reloads_refused']}"
    up_sub = f"p50 {num(up.get('p50_ms'), 1)} ms · p95 {num(up.get('p95_ms'), 1)} ms"
    share = up.get("failure_share")
    tiles = [
        _tile(
            "Policy",
            pol["version"],
            pol["last_error"] or reloads,
            "bad" if pol["last_error"] else "",
        ),
        _tile(
            "Store",
            "ok" if store["ok"] else "unreachable",
            store["url"],
            "ok" if store["ok"] else "bad",
        ),
        _tile(
            "Upstream 5xx (recent)",
            NONE if share is None else f"{share:.1%}",
            up_sub,
            "bad" if share else "ok",
        ),
        _tile(
            "Log records",
            num(log.get("records")),
            f"written {log['written']}, dropped {log['dropped']}",
            "bad" if log["dropped"] else "",
        ),
        _tile("Allowlisted", d["allowlist"]["accounts"], d["allowlist"]["error"] or "accounts"),
    ]
    return join(tiles)


def allowlisted_badge(on: bool) -> Markup:
    return tag("span", "allowlisted", class_="badge allowlisted") if on else _EMPTY


def account_link(base: str, account: str) -> Markup:
    return tag("a", account, href=f"{base}/accounts/{url_part(account)}")


def action_name(name: str) -> Markup:
    return tag("span", name, class_=f"act-{name}")


def overview(base: str, d: Mapping[str, Any]) -> Markup:
    if "series" not in d:
        body = tag("section", "No enforcement log file is configured (log.file).", class_="card")
        return join([tag("section", _status(d), class_="status"), body])
    s = d["series"]
    times = s["times"]
    step = f"{s['step_s'] // 60} min" if s["step_s"] else "step"
    actions = [(a, v, charts.ACTION_COLORS.get(a, "#888")) for a, v in s["actions"].items()]
    top = d["top_accounts"]
    rules = d["rules"]
    peak = max((r["enforce"] + r["shadow"] for r in rules), default=0)
    log = d["log"]
    coverage = (
        f"{num(log.get('records'))} requests from {log.get('first_ts')} to {log.get('last_ts')}"
        if log.get("records")
        else "The log has no request records yet."
    )
    if log.get("skipped_files"):
        coverage += f" ({log['skipped_files']} oldest rotated files not read)"
    return render(
        "overview.html",
        base=base,
        status=_status(d),
        coverage=coverage,
        step=step,
        requests_chart=charts.line_chart(
            times, [("requests", s["requests"], "#2f6fb0")], "Requests"
        ),
        tokens_chart=charts.line_chart(
            times, [("tokens", s["tokens"], "#7aa974")], "Tokens"
        ),
        actions_legend=charts.legend(
            [(f"{a} {num(d['actions'].get(a, 0))}", v, c) for a, v, c in actions]
        ),
        actions_chart=charts.stacked_bars(times, actions, "Actions", size=charts.WIDE),
        top_accounts=table(
            ["account", "peak score", "score now", "requests", "tokens", "refused/changed",
             "last action", "campaign", ""],
            [
                (
                    account_link(base, r["account"]),
                    num(r["peak_score"], 3),
                    num(r["score"], 3),
                    num(r["requests"]),
                    num(r["tokens"]),
                    num(r["non_allow"]),
                    action_name(r["last_action"]),
                    r["campaign"] or NONE,
                    allowlisted_badge(r["allowlisted"]),
                )
                for r in top
            ],
            "No accounts in the log yet.",
        ),
        rules=table(
            ["rule", "enforce", "shadow", ""],
            [
                (r["rule"], num(r["enforce"]), num(r["shadow"]),
                 charts.bar(r["enforce"] + r["shadow"], peak))
                for r in rules
            ],
            "No rule has matched yet.",
        ),
        shadow=table(
            ["rule", "requests", "refused", "delayed", "degraded", "tokens", "accounts"],
            [
                (r["rule"], num(r["requests"]), num(r["refused"]), num(r["delayed"]),
                 num(r["degraded"]), num(r["tokens"]), num(r["accounts"]))
                for r in d["shadow_impact"]
            ],
            "No shadow rule would have changed an outcome.",
        ),
    )  # fmt: skip
