"""What the harness can put between the load generator and the mock: the gateway in its
variants, nginx and LiteLLM's proxy. Each starts pinned to the server core, next to the mock.
"""

from __future__ import annotations

import secrets
import shutil
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from procs import SERVER_CPU, Proc, free_port, pinned, start, wait_ready

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
LITELLM = ROOT / "build" / "litellm-venv" / "bin" / "litellm"
BIG = 1_000_000_000
# Asked of the gateway to skip the harvest signals; if it refuses the setting, the
# "no signals" variant falls back to a policy without signal-referencing rules.
# Loopback only, a throwaway process: the key guards nothing but satisfies LiteLLM's boot check.
LITELLM_MASTER_KEY = "sk-bench-" + secrets.token_hex(16)
SIGNALS_OFF_ENV = {"DISTILLGUARD_SIGNALS__ENABLED": "false"}


@dataclass
class Target:
    key: str
    label: str
    start: Callable[[Path, int], tuple[Proc, int]]
    """(work dir, mock port) -> (process, port it listens on)"""
    notes: list[str] = field(default_factory=list)
    fixed_key: str | None = None
    """Sent on every request instead of the cycled bench keys (LiteLLM's master key)."""


def start_mock(work: Path, tokens: int) -> tuple[Proc, int]:
    port = free_port()
    code = (
        "import sys; from gateway.mock_upstream import run_mock; "
        "run_mock('127.0.0.1', int(sys.argv[1]), natural_tokens=int(sys.argv[2]))"
    )
    proc = start(
        "mock", pinned(SERVER_CPU, [str(VENV_PY), "-c", code, str(port), str(tokens)]), work
    )
    wait_ready(proc, f"http://127.0.0.1:{port}/v1/models")
    return proc, port


def bench_policies(work: Path, *, signal_rules: bool) -> Path:
    """The shipped pack with tier budgets raised out of reach, so the load is never refused
    for volume; the rules (and so the decision work) stay as shipped."""
    pack = yaml.safe_load((ROOT / "policies" / "default.yaml").read_text())
    for tier in pack.get("tiers", {}).values():
        for metric in ("requests", "tokens"):
            if isinstance(tier.get(metric), dict):
                tier[metric] = {window: BIG for window in tier[metric]}
    if not signal_rules:
        pack["rules"] = [r for r in pack.get("rules", []) if "signals." not in str(r.get("when"))]
    out = work / ("policies" if signal_rules else "policies-nosignals")
    out.mkdir(parents=True, exist_ok=True)
    (out / "default.yaml").write_text(yaml.safe_dump(pack, sort_keys=False))
    return out


def gateway(
    key: str, label: str, store: str, *, signals: str = "on", source: Path | None = None
) -> Target:
    """signals: `on`, `env` (ask the gateway to switch them off), `rules` (no signal rules).
    source: a checkout to run the gateway from (`python -m` imports from its directory)."""

    def run(work: Path, mock_port: int) -> tuple[Proc, int]:
        port = free_port()
        policies = bench_policies(work, signal_rules=signals == "on")
        logs = work / f"logs-{key}"
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        argv = [
            str(VENV_PY), "-m", "gateway.cli", "serve",
            "--host", "127.0.0.1", "--port", str(port),
            "--upstream", f"http://127.0.0.1:{mock_port}",
            "--store", store, "--passthrough-keys",
            "--policies", str(policies),
            "--log", str(logs / "enforcement.jsonl"),
            "--log-level", "warning",
        ]  # fmt: skip
        env = SIGNALS_OFF_ENV if signals == "env" else None
        proc = start(key, pinned(SERVER_CPU, argv), work, env=env, cwd=source)
        wait_ready(proc, f"http://127.0.0.1:{port}/_distillguard/health", timeout_s=90)
        return proc, port

    return Target(key, label, run)


def plumbing() -> Target:
    """uvicorn + Starlette + the upstream client with no gateway logic: the floor."""

    def run(work: Path, mock_port: int) -> tuple[Proc, int]:
        port = free_port()
        app = Path(__file__).resolve().parent / "plumbing_app.py"
        argv = [str(VENV_PY), str(app), f"http://127.0.0.1:{mock_port}", str(port)]
        proc = start("plumbing", pinned(SERVER_CPU, argv), work)
        wait_ready(proc, f"http://127.0.0.1:{port}/_distillguard/health", timeout_s=60)
        return proc, port

    return Target("plumbing", "HTTP plumbing only (uvicorn + Starlette + upstream client)", run)


def nginx() -> Target:
    def run(work: Path, mock_port: int) -> tuple[Proc, int]:
        if shutil.which("nginx") is None:
            raise RuntimeError("nginx is not installed (apt-get install -y nginx)")
        port = free_port()
        prefix = work / "nginx"
        prefix.mkdir(parents=True, exist_ok=True)
        template = string.Template((Path(__file__).parent / "nginx.conf.template").read_text())
        conf = prefix / "nginx.conf"
        conf.write_text(template.substitute(prefix=prefix, port=port, upstream_port=mock_port))
        argv = ["nginx", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "stderr.log")]
        proc = start("nginx", pinned(SERVER_CPU, argv), work)
        wait_ready(proc, f"http://127.0.0.1:{port}/v1/models")
        return proc, port

    return Target("nginx", "nginx 1.22 (proxy_buffering off)", run)


def litellm_config(mock_port: int) -> dict[str, Any]:
    # No database, so no virtual keys (their limits need Postgres and Prisma's engines,
    # which download at run time): every request uses the master key, and the limits in
    # play are the router's per-deployment rpm/tpm, set far above the load.
    return {
        "model_list": [
            {
                "model_name": "gpt-4o-mini",
                "litellm_params": {
                    "model": "openai/gpt-4o-mini",
                    "api_base": f"http://127.0.0.1:{mock_port}/v1",
                    "api_key": "sk-mock",
                    "rpm": BIG,
                    "tpm": BIG,
                },
            }
        ],
        "general_settings": {"master_key": LITELLM_MASTER_KEY},
        "litellm_settings": {"drop_params": True, "telemetry": False},
    }


def litellm() -> Target:
    def run(work: Path, mock_port: int) -> tuple[Proc, int]:
        if not LITELLM.exists():
            raise RuntimeError(f"{LITELLM} missing: run `make bench-peers` (it installs it)")
        port = free_port()
        conf = work / "litellm.yaml"
        conf.write_text(yaml.safe_dump(litellm_config(mock_port)))
        argv = [
            str(LITELLM), "--config", str(conf), "--host", "127.0.0.1", "--port", str(port),
            "--num_workers", "1",
        ]  # fmt: skip
        env = {"LITELLM_TELEMETRY": "False", "LITELLM_LOG": "ERROR", "NO_DOCS": "True"}
        proc = start("litellm", pinned(SERVER_CPU, argv), work, env=env)
        wait_ready(proc, f"http://127.0.0.1:{port}/health/liveliness", timeout_s=180)
        return proc, port

    return Target(
        "litellm", f"LiteLLM proxy {_litellm_version()}", run, fixed_key=LITELLM_MASTER_KEY
    )


def _litellm_version() -> str:
    meta = sorted((ROOT / "build" / "litellm-venv").glob("lib/python*/site-packages/litellm-*"))
    if not meta:
        return "(not installed)"
    return meta[-1].name.removeprefix("litellm-").split(".dist-info")[0]


def by_name(names: list[str]) -> list[Target]:
    table = {
        "dg-memory": lambda: gateway("dg-memory", "distillguard, memory store", "memory"),
        "dg-redis": lambda: gateway(
            "dg-redis", "distillguard, Redis store (db 15)", "redis://127.0.0.1:6379/15"
        ),
        "dg-nosignals": lambda: gateway(
            "dg-nosignals", "distillguard, memory, signals off", "memory", signals="env"
        ),
        "dg-nosignal-rules": lambda: gateway(
            "dg-nosignal-rules",
            "distillguard, memory, no signal rules",
            "memory",
            signals="rules",
        ),
        "plumbing": plumbing,
        "nginx": nginx,
        "litellm": litellm,
    }
    unknown = [n for n in names if n not in table]
    if unknown:
        sys.exit(f"unknown target(s): {', '.join(unknown)}; known: {', '.join(table)}")
    return [table[n]() for n in names]
