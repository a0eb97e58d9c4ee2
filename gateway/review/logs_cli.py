"""`distillguard logs tail|query|summary|explain|verify`: review the enforcement log.

`add_logs_subcommands(subparsers)` registers the commands on the top-level argparse
subparsers; each sets `func` to a handler taking the parsed args and returning the exit
code. Output is a rich table on a terminal and tab-separated text otherwise (pipes, tests);
`--json` gives JSON lines / one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from gateway.logs import chain, reader
from gateway.logs.reader import Filters, Record
from gateway.review import views

DEFAULT_LOG = os.environ.get("DISTILLGUARD_LOG", "logs")
QUERY_COLUMNS = ("ts", "request_id", "account", "action", "rule", "mode", "status",
                 "prompt_tokens", "completion_tokens", "model")  # fmt: skip

Handler = Callable[[argparse.Namespace], int]


def add_logs_subcommands(subparsers: Any) -> argparse.ArgumentParser:
    logs: argparse.ArgumentParser = subparsers.add_parser("logs", help="review enforcement logs")
    sub = logs.add_subparsers(dest="logs_command", required=True)

    def command(name: str, handler: Handler, help_: str, filters: bool = True) -> Any:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--log", default=DEFAULT_LOG, help="log file or directory")
        if filters:
            _add_filters(p)
        p.set_defaults(func=handler)
        return p

    p = command("tail", cmd_tail, "last matching records; --follow for new ones")
    p.add_argument("-n", "--lines", type=int, default=20)
    p.add_argument("--follow", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--interval", type=float, default=0.5, help=argparse.SUPPRESS)
    p.add_argument("--max-polls", type=int, default=None, help=argparse.SUPPRESS)
    p = command("query", cmd_query, "matching records as a table or JSON lines")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=100, help="0 for no limit")
    p = command("summary", cmd_summary, "accounts, actions, rule hits, shadow impact")
    p.add_argument("--json", action="store_true")
    p.add_argument("--top", type=int, default=10)
    p = command("explain", cmd_explain, "one request, or one account's timeline", filters=False)
    p.add_argument("target", metavar="ACCOUNT_OR_REQUEST_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--points", type=int, default=48, help="max hourly rows")
    command("verify", cmd_verify, "check the hash chain", filters=False)
    return logs


def _add_filters(p: argparse.ArgumentParser) -> None:
    flags = {"--account": "account", "--key": "api_key_id", "--rule": "rule", "--model": "model",
             "--since": "since", "--until": "until"}  # fmt: skip
    for flag, dest in flags.items():
        p.add_argument(flag, dest=dest, default=None)
    p.add_argument("--action", choices=[*views.SEVERITY, "admin"], default=None)
    p.add_argument("--mode", choices=["enforce", "shadow"], default=None)


def filters_from(args: argparse.Namespace, now: float | None = None) -> Filters:
    return Filters(
        account=args.account,
        api_key_id=args.api_key_id,
        rule=args.rule,
        action=args.action,
        mode=args.mode,
        model=args.model,
        since=reader.parse_time(args.since, now) if args.since else None,
        until=reader.parse_time(args.until, now) if args.until else None,
    )


def _guarded(fn: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except (FileNotFoundError, ValueError) as exc:
            print(f"distillguard logs: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            return 130

    run.__doc__ = fn.__doc__
    return run


@_guarded
def cmd_tail(args: argparse.Namespace) -> int:
    flt = filters_from(args)
    out = sys.stdout
    _records(out, reader.tail(args.log, flt, args.lines), args.json)
    if args.follow:
        for rec in reader.follow(args.log, flt, args.interval, args.max_polls):
            _records(out, [rec], args.json, header=False)
    return 0


@_guarded
def cmd_query(args: argparse.Namespace) -> int:
    flt = filters_from(args)
    limit = args.limit or None
    stats = reader.ReadStats()
    with _progress(args.log) as tick:
        rows = _take(reader.iter_records(args.log, flt, stats, progress=tick), limit)
        _records(sys.stdout, rows, args.json)
    _warn_skipped(stats)
    return 0


def _warn_skipped(stats: reader.ReadStats) -> None:
    """On stderr, so output stays parseable: the results leave out unreadable lines."""
    if stats.bad or stats.truncated:
        print(
            f"distillguard logs: skipped {stats.bad} unreadable or malformed record(s) and "
            f"{stats.truncated} truncated line(s)/file(s); `distillguard logs verify` "
            "tells where",
            file=sys.stderr,
        )


@_guarded
def cmd_summary(args: argparse.Namespace) -> int:
    stats = reader.ReadStats()
    with _progress(args.log) as tick:
        result = views.summarize(
            reader.iter_records(args.log, filters_from(args), stats, tick), args.top
        )
    result["skipped_lines"] = {"truncated": stats.truncated, "bad": stats.bad}
    _warn_skipped(stats)
    if args.json:
        print(json.dumps(result), file=sys.stdout)
        return 0
    out = sys.stdout
    _kv(
        out,
        "summary",
        {k: result[k] for k in ("records", "accounts", "first_ts", "last_ts", "admin_records")},
    )
    _table(out, "actions", ("action", "requests"), result["actions"].items())
    acct_cols = ("account", "requests", "tokens", "non_allow")
    for key in ("top_accounts_by_tokens", "top_accounts_by_actions"):
        _table(
            out, key.replace("_", " "), acct_cols, ([r[c] for c in acct_cols] for r in result[key])
        )
    rule_rows = ((r, c["enforce"], c["shadow"]) for r, c in result["rule_hits"].items())
    _table(out, "hits per rule", ("rule", "enforce", "shadow"), rule_rows)
    impact_cols = ("requests", "refused", "delayed", "degraded", "accounts", "tokens")
    impact = ((r, *(v[c] for c in impact_cols)) for r, v in result["shadow_impact"].items())
    _table(out, "shadow impact (had it been enforced)", ("rule", *impact_cols), impact)
    return 0


@_guarded
def cmd_explain(args: argparse.Namespace) -> int:
    target: str = args.target
    timeline = views.AccountTimeline(target)
    found: Record | None = None
    stats = reader.ReadStats()
    with _progress(args.log) as tick:
        for rec in reader.iter_records(args.log, Filters(contains=target), stats, tick):
            if rec.get("request_id") == target:
                found = rec
                break
            timeline.add(rec)
    _warn_skipped(stats)
    if found is not None:
        return _explain_request(views.explain_request(found), args.json)
    if not timeline.requests and not timeline.admin:
        print(f"no request or account {target!r} in {args.log}", file=sys.stderr)
        return 1
    return _explain_account(timeline.result(args.points), args.json)


@_guarded
def cmd_verify(args: argparse.Namespace) -> int:
    for files in reader.discover(Path(args.log)):
        for path in files:
            damage = reader.gzip_damage(path)
            if damage is not None:
                print(f"BROKEN: {damage}")
                return 1
    result = chain.verify(args.log)
    if result.broken is not None:
        print(f"BROKEN after {result.records} good records: {result.broken.describe()}")
        return 1
    scope = "from genesis" if result.complete else "anchored after rotated-away files"
    print(f"OK: {result.records} records, chain intact ({scope})")
    return 0


def _explain_request(ex: dict[str, Any], as_json: bool) -> int:
    out = sys.stdout
    if as_json:
        print(json.dumps(ex), file=out)
        return 0
    _kv(out, "request", {**ex["fields"], "enforced_action": ex["enforced_action"]})
    for i, hit in enumerate(ex["hits"], 1):
        head = {"rule": hit["rule"], "action": hit["action"], "mode": hit["mode"]}
        evidence = {f"evidence {k}": v for k, v in hit["evidence"].items()}
        options = {f"option {k}": v for k, v in hit["options"].items()}
        _kv(out, f"hit {i}", {**head, **evidence, **options})
    _table(out, "signals", ("signal", "value"), ex["signals"].items())
    _table(out, "top signals", ("signal", "contribution"), ex["top_signals"])
    return 0


def _explain_account(tl: dict[str, Any], as_json: bool) -> int:
    out = sys.stdout
    if as_json:
        print(json.dumps(tl), file=out)
        return 0
    keys = (
        "account",
        "requests",
        "tokens",
        "first_seen",
        "last_seen",
        "flagged_since",
        "harvest_since",
    )
    _kv(out, "account", {**{k: tl[k] for k in keys}, "verdict": _verdict(tl)})
    sig_names = sorted({n for row in tl["series"] for n in row["signals"]})
    cols = ("hour", "requests", "tokens", "non_allow", "harvest_max", *sig_names)
    rows = ([r["hour"], r["requests"], r["tokens"], r["non_allow"], r["harvest_max"],
             *(r["signals"].get(n) for n in sig_names)] for r in tl["series"])  # fmt: skip
    every = tl["hours_sampled_every"]
    _table(
        out,
        f"per hour (every {every}h of {tl['hours_total']})" if every > 1 else "per hour",
        cols,
        rows,
    )
    dcols = ("rule", "action", "mode", "count", "first", "last", "first_evidence", "last_evidence")
    _table(out, "decisions", dcols, ([d.get(c) for c in dcols] for d in tl["decisions"]))
    rcols = ("ts", "request_id", "action", "rule", "hits")
    _table(out, "recent decisions", rcols, ([d[c] for c in rcols] for d in tl["recent_decisions"]))
    ccols = ("requests", "first", "last")
    _table(
        out,
        "campaigns",
        ("campaign", *ccols),
        ((c, *(v[k] for k in ccols)) for c, v in tl["campaigns"].items()),
    )
    acols = ("ts", "admin_action", "reason", "actor", "note")
    _table(out, "admin actions", acols, ([a[c] for c in acols] for a in tl["admin_actions"]))
    return 0


def _verdict(tl: dict[str, Any]) -> str:
    if not tl["flagged_since"] and not tl["harvest_since"]:
        return "no rule fired; no harvesting evidence"
    parts = []
    if tl["harvest_since"]:
        parts.append(f"harvest_score >= {tl['harvest_threshold']} since {tl['harvest_since']}")
    if tl["flagged_since"]:
        parts.append(f"rules firing since {tl['flagged_since']}")
    if tl["campaigns"]:
        parts.append("campaign " + ", ".join(tl["campaigns"]))
    done = {a: n for a, n in tl["actions"].items() if a not in ("allow", "log")}
    parts.append("enforced: " + (", ".join(f"{a} x{n}" for a, n in done.items()) or "nothing"))
    return "; ".join(parts)


def _take(records: Iterable[Record], limit: int | None) -> list[Record]:
    out = []
    for rec in records:
        out.append(rec)
        if limit is not None and len(out) >= limit:
            break
    return out


def _records(out: TextIO, records: Sequence[Record], as_json: bool, header: bool = True) -> None:
    if as_json:
        out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        out.flush()
        return
    rows = ([r.get(c) for c in QUERY_COLUMNS] for r in records)
    _table(out, None, QUERY_COLUMNS, rows, header=header)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict | list):
        return _printable(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    if isinstance(value, float):
        return f"{value:.4g}"
    return _printable(str(value).replace("\t", " ").replace("\n", " "))


# C0 controls, DEL and C1 controls (0x9b is a one-byte CSI on some terminals).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Control characters as visible escapes: a client picks its model name, and an ESC
    in it printed raw would let it restyle, retitle or overwrite the reviewer's terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def _table(
    out: TextIO,
    title: str | None,
    cols: Sequence[str],
    rows: Iterable[Sequence[Any]],
    header: bool = True,
) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    cols = [_printable(c) for c in cols]
    if out.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, show_header=header)
        for c in cols:
            table.add_column(c, overflow="fold")
        for row in cells:
            # Text, not markup: client-controlled values like "[bold]" must print as is.
            table.add_row(*(Text(c) for c in row))
        Console(file=out).print(table)
        return
    lines = [f"# {title}"] if title else []
    if header:
        lines.append("\t".join(cols))
    lines.extend("\t".join(row) for row in cells)
    out.write("\n".join(lines) + "\n")
    out.flush()


def _kv(out: TextIO, title: str, fields: dict[str, Any]) -> None:
    _table(out, title, ("field", "value"), fields.items(), header=False)


@contextmanager
def _progress(path: str) -> Iterator[Callable[[int], None] | None]:
    """A byte-based progress bar on stderr when the user watches a terminal."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading logs", total=reader.total_bytes(path))
        yield lambda n: bar.advance(task, n)
