"""The dashboard's account page: live state, history, evidence, campaign, appeal forms.

A pure function of ReviewService.account's dict; every value is escaped by html.esc.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gateway.facts import METRICS, WINDOWS
from gateway.review import charts
from gateway.review.html import NONE, Markup, esc, join, num, render, table, tag, url_part
from gateway.review.pages import account_link, action_name
from gateway.review.service import ACCOUNT_ACTIONS

ACTION_LABELS = {
    "allowlist": ("Allowlist", "Exempt from budgets and refusals; still metered and logged."),
    "unallowlist": ("Remove from allowlist", "Policies apply to it again."),
    "unblock": ("Clear a block", "Forget its usage windows and passes, reset harvest evidence."),
    "reset_score": ("Reset the score", "Zero its harvest evidence; usage windows stay."),
}
SIGNAL_SERIES = (
    ("harvest_max", "harvest score (max)", "#d64545"),
    ("account_score", "account score", "#2f6fb0"),
    ("campaign_score", "campaign score", "#9b59b6"),
    ("template_reuse", "template reuse", "#7aa974"),
    ("reasoning_share", "reasoning share", "#f08a24"),
)


def _facts(items: Sequence[tuple[str, Any]]) -> Markup:
    return tag("dl", join(join([tag("dt", k), tag("dd", v)]) for k, v in items), class_="facts")


def _evidence(ev: Mapping[str, Any] | None) -> Markup:
    if not ev:
        return Markup(NONE)
    return tag("ul", join(tag("li", f"{k} = {v}") for k, v in ev.items()), class_="evidence mono")


def account_page(base: str, d: Mapping[str, Any], csrf: str) -> Markup:
    log = d.get("log") or {}
    acct = d["account"]
    badges = []
    if d["allowlisted"]:
        badges.append(tag("span", "allowlisted", class_="badge allowlisted"))
    if d["policy_exempt"]:
        badges.append(tag("span", "exempt by policy", class_="badge allowlisted"))
    if log.get("flagged_since"):
        badges.append(tag("span", "flagged", class_="badge flagged"))
    if d.get("campaign"):
        badges.append(tag("span", f"campaign {d['campaign']}", class_="badge campaign"))
    facts = _facts(
        [
            ("tier", d.get("tier") or NONE),
            ("requests / tokens in log", f"{num(log.get('requests'))} / {num(log.get('tokens'))}"),
            (
                "first / last seen",
                f"{log.get('first_seen') or NONE} / {log.get('last_seen') or NONE}",
            ),
            ("flagged since", log.get("flagged_since") or NONE),
            (
                f"harvest ≥ {log.get('harvest_threshold', 0.8)} since",
                log.get("harvest_since") or NONE,
            ),
            (
                "actions",
                ", ".join(f"{k} {v}" for k, v in (log.get("actions") or {}).items()) or NONE,
            ),
            *(("error", e) for e in d["errors"]),
        ]
    )
    series = log.get("series") or []
    hours = [p["hour"] for p in series]
    usage_series = [
        ("requests", [p["requests"] for p in series], "#2f6fb0"),
        ("refused/changed", [p["non_allow"] for p in series], "#d64545"),
    ]
    token_series = [("tokens", [p["tokens"] for p in series], "#7aa974")]
    sig_series = [
        (
            label,
            [
                p.get("harvest_max") if key == "harvest_max" else p["signals"].get(key)
                for p in series
            ],
            colour,
        )
        for key, label, colour in SIGNAL_SERIES
    ]
    sig_series = [s for s in sig_series if any(v is not None for v in s[1])]
    return render(
        "account.html",
        account=acct,
        badges=join(badges, " "),
        facts=facts,
        usage=_usage(d),
        signals=_signals(d.get("signals")),
        usage_legend=charts.legend(usage_series),
        usage_chart=charts.line_chart(hours, usage_series, "Requests per hour"),
        tokens_chart=charts.line_chart(hours, token_series, "Tokens per hour"),
        signals_legend=charts.legend(sig_series),
        signals_chart=charts.line_chart(
            hours,
            sig_series,
            "Signals per hour",
            y_max=1.0,
            y_fmt=lambda v: f"{v:.1f}",
            size=charts.WIDE,
        ),
        decisions=table(
            ["rule", "action", "mode", "count", "first", "last", "evidence (last)"],
            [
                (r["rule"], action_name(r["action"]), r["mode"], num(r["count"]), r["first"],
                 r["last"], _evidence(r.get("last_evidence")))
                for r in log.get("decisions") or ()
            ],
            "No rule has matched this account.",
        ),
        recent=table(
            ["ts", "request", "action", "rule", "hits"],
            [
                (r["ts"], tag("span", r["request_id"], class_="mono"), action_name(r["action"]),
                 r["rule"] or NONE, ", ".join(r["hits"]) or NONE)
                for r in reversed(log.get("recent_decisions") or [])
            ],
            "No refused or changed requests.",
        ),
        campaign=_campaign(base, d),
        trail=table(
            ["ts", "action", "reason", "actor", "note"],
            [
                (a["ts"], a["admin_action"], a["reason"], a["actor"], a.get("note") or "")
                for a in reversed(log.get("admin_actions") or [])
            ],
            "No reviewer has acted on this account.",
        ),
        forms=_forms(base, acct, d["allowlisted"], csrf),
    )  # fmt: skip


def _usage(d: Mapping[str, Any]) -> Markup:
    usage = d.get("usage")
    if usage is None:
        return tag("p", "The store did not answer.", class_="bad")
    limits = {(lim["metric"], lim["window"]): lim["maximum"] for lim in d.get("limits") or ()}

    def cell(metric: str, window: str) -> str:
        used = usage[metric][window]
        limit = limits.get((metric, window))
        return num(used) if limit is None else f"{num(used)} / {num(limit)}"

    return table(["metric", *WINDOWS], [(m, *(cell(m, w) for w in WINDOWS)) for m in METRICS])


def _signals(s: Mapping[str, Any] | None) -> Markup:
    if s is None:
        return tag(
            "p", "No signal state for this account (unseen, expired, or reset).", class_="muted"
        )
    rows = [
        ("account score", num(s["account_score"], 3)),
        ("evidence (CUSUM)", num(s["cusum"], 2)),
        ("template evidence (CUSUM)", num(s["template_cusum"], 2)),
        ("requests (decayed)", num(s["requests"], 1)),
        ("completion tokens (decayed)", num(s["completion_tokens"])),
        ("template clusters", s["templates"]),
        ("distinct IPs / subnets", f"{s['distinct_ips']} / {s['distinct_subnets']}"),
    ]
    return table(["signal", "value"], rows)


def _campaign(base: str, d: Mapping[str, Any]) -> Markup:
    campaign = d.get("campaign")
    if not campaign:
        return tag("p", "Not linked to other accounts.", class_="muted")
    linked = d.get("linked_accounts") or []
    intro = tag("p", f"Campaign {campaign}: {len(linked)} other linked accounts seen in the log.")
    links = join((account_link(base, a) for a in linked), " · ")
    return join([intro, tag("p", links)])


def _forms(base: str, account: str, allowlisted: bool, csrf: str) -> Markup:
    action_url = f"{base}/accounts/{url_part(account)}/actions"
    forms = []
    for name in ACCOUNT_ACTIONS:
        if name == ("unallowlist" if not allowlisted else "allowlist"):
            continue
        label, help_text = ACTION_LABELS[name]
        fid = f"f-{name}"
        button = '<button type="submit" class="danger">' if name == "unblock" else "<button>"
        forms.append(
            Markup(
                f'<form method="post" action="{esc(action_url)}" id="{fid}">'
                f'<h3>{esc(label)}</h3><p class="muted">{esc(help_text)}</p>'
                f'<input type="hidden" name="csrf" value="{esc(csrf)}">'
                f'<input type="hidden" name="action" value="{esc(name)}">'
                f'<label for="{fid}-reason">Reason</label>'
                f'<textarea id="{fid}-reason" name="reason" rows="2" required'
                ' maxlength="500"></textarea>'
                f'<label for="{fid}-actor">Your name</label>'
                f'<input id="{fid}-actor" name="actor" maxlength="100" placeholder="admin">'
                f"{button}{esc(label)}</button></form>"
            )
        )
    return tag("div", join(forms), class_="forms")
