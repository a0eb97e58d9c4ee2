"""`distillguard demo`: the gateway, the mock model API and simulated traffic, end to end.

Everything runs in one process on loopback with the in-memory store and the shipped
policy pack. Simulated benign and harvesting accounts (a day of traffic) are driven
through the live gateway; the gateway's clock follows the records' timestamps, so a
day of behaviour plays out in under a minute and the decisions are the ones the
gateway would make in real time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gateway.app import create_app
from gateway.identity import hash_key
from gateway.mock_upstream import MockSettings, create_mock_app
from gateway.settings import load_settings
from gateway.sim.cli import print_score_table
from gateway.sim.score import load_labels, score
from gateway.sim.simulate import simulate

OUT = Path("demo-out")
CONCURRENCY = 16


class VirtualClock:
    """The gateway's clock during the demo: the timestamp of the latest record sent."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def run_demo(port: int = 8080, linger_s: float | None = None, days: float = 1.0) -> int:
    try:
        return asyncio.run(_demo(port, linger_s, days))
    except KeyboardInterrupt:
        return 0


async def _demo(port: int, linger_s: float | None, days: float) -> int:
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    OUT.mkdir(exist_ok=True)
    traffic_path, labels_path = OUT / "traffic.jsonl", OUT / "traffic.labels.jsonl"
    log_dir = OUT / "logs"
    for old in log_dir.glob("*"):
        old.unlink()
    console.print("[bold]distillguard demo[/]: simulating a day of benign and harvesting traffic")
    simulate(traffic_path, scenario="mixed", seed=7, days=days, scale=0.5, labels=labels_path)
    records = list(_read(traffic_path))
    labels = load_labels(labels_path)
    keys_path = _write_keys(labels)
    admin_token = secrets.token_urlsafe(16)
    clock = VirtualClock(float(records[0]["ts"]))
    mock_port = port + 1
    settings = load_settings(
        None,
        {
            "listen.host": "127.0.0.1",
            "listen.port": port,
            "upstream.url": f"http://127.0.0.1:{mock_port}",
            "keys.file": str(keys_path),
            "log.file": str(log_dir / "enforcement.jsonl"),
            "security.trusted_proxies": ["127.0.0.1/32"],
            "security.admin_token": admin_token,
            "policies.reload_interval_s": 0,
        },
        environ={},
    )
    gateway = _server(create_app(settings, clock=clock), port)
    mock = _server(create_mock_app(MockSettings()), mock_port)
    servers = [asyncio.create_task(mock.serve()), asyncio.create_task(gateway.serve())]
    while not (gateway.started and mock.started):
        await asyncio.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    statuses = await _drive(records, base, clock, console)
    # Let the log writer drain before reading the log back.
    await asyncio.sleep(0.5)
    _report(console, statuses, log_dir, traffic_path, labels)
    console.print(
        f"\nDashboard: [bold]{base}/_distillguard/ui[/] (admin token: {admin_token})\n"
        f"Metrics:   {base}/_distillguard/metrics\n"
        f"Review:    distillguard logs summary --log {log_dir}\n"
        f"           distillguard logs explain ACCOUNT --log {log_dir}"
    )
    if linger_s is None and sys.stdin.isatty():
        console.print("Serving until Ctrl-C.")
        linger_s = float("inf")
    if linger_s:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(linger_s)
    gateway.should_exit = mock.should_exit = True
    await asyncio.gather(*servers)
    return 0


async def _drive(
    records: list[dict[str, Any]], base: str, clock: VirtualClock, console: Console
) -> dict[int, int]:
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(maxsize=CONCURRENCY * 2)
    progress = Progress(
        TextColumn("driving traffic"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            while (rec := await queue.get()) is not None:
                response = await client.post(
                    rec["path"], json=rec["request"], headers=_headers(rec)
                )
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                progress.advance(task)

        with progress:
            task = progress.add_task("drive", total=len(records))
            workers = [asyncio.create_task(worker()) for _ in range(CONCURRENCY)]
            for rec in records:
                clock.now = max(clock.now, float(rec["ts"]))
                await queue.put(rec)
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
    return statuses


def _headers(rec: dict[str, Any]) -> dict[str, str]:
    usage = (rec.get("response") or {}).get("usage") or {}
    headers = {
        "authorization": f"Bearer {_key(rec['account'])}",
        "x-forwarded-for": str(rec.get("client_ip", "")),
        "x-request-id": str(rec["id"]),
        # The mock answers with the simulated length, so served tokens match the record.
        "x-mock-tokens": str(int(usage.get("completion_tokens") or 60)),
        "x-mock-reasoning-tokens": "0",
    }
    if rec["path"] == "/v1/messages":
        headers["x-api-key"] = headers.pop("authorization").removeprefix("Bearer ")
    return headers


def _report(
    console: Console,
    statuses: dict[int, int],
    log_dir: Path,
    traffic_path: Path,
    labels: dict[str, dict[str, Any]],
) -> None:
    decisions = list(_read(log_dir / "enforcement.jsonl"))
    actions: dict[str, int] = {}
    for dec in decisions:
        actions[dec["action"]] = actions.get(dec["action"], 0) + 1
    table = Table(title="Decisions")
    table.add_column("action")
    table.add_column("requests", justify="right")
    for action, count in sorted(actions.items(), key=lambda kv: -kv[1]):
        table.add_row(action, str(count))
    console.print(table)
    console.print("HTTP statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    result = score(decisions, _read(traffic_path), labels)
    print_score_table(result, console)
    _print_caught(console, decisions, labels)


def _print_caught(
    console: Console, decisions: list[dict[str, Any]], labels: dict[str, dict[str, Any]]
) -> None:
    first: dict[str, dict[str, Any]] = {}
    for dec in sorted(decisions, key=lambda d: d.get("ts_epoch", 0)):
        enforced = dec["action"] in ("block", "challenge", "throttle", "degrade")
        if enforced and dec.get("rule") != "tier-budget" and dec["account"] not in first:
            first[dec["account"]] = dec
    table = Table(title="Caught accounts (first enforcement and its evidence)")
    for col in ("account", "truth", "first action", "rule", "at", "campaign", "top signals"):
        table.add_column(col)
    for account, dec in sorted(first.items(), key=lambda kv: kv[1].get("ts_epoch", 0))[:15]:
        label = labels.get(account, {})
        top = ", ".join(f"{name}={value:g}" for name, value in dec.get("top_signals", [])[:3])
        table.add_row(
            account,
            str(label.get("archetype", "?")),
            dec["action"],
            str(dec.get("rule")),
            dec["ts"][11:19],
            str(dec.get("campaign") or "-"),
            top,
        )
    console.print(table)
    if len(first) > 15:
        console.print(
            f"... and {len(first) - 15} more; `distillguard logs summary` lists them all."
        )


def _key(account: str) -> str:
    return f"demo-{account}"


def _write_keys(labels: dict[str, dict[str, Any]]) -> Path:
    path = OUT / "keys.yaml"
    rows = [
        f"  - sha256: {hash_key(_key(account))}\n    account: {account}\n    tier: default\n"
        for account in sorted(labels)
    ]
    path.write_text("keys:\n" + "".join(rows))
    return path


def _server(app: Any, port: int) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        proxy_headers=False,
    )
    return uvicorn.Server(config)


def _read(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
