"""Build a gateway app for tests: in-process (ASGITransport) with real upstream/Redis."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from gateway.app import create_app
from gateway.identity import hash_key
from gateway.settings import Settings, load_settings

POLICY_DIR = Path(__file__).resolve().parents[1] / "integration" / "policy_fixture"
KEYS = {"sk-test-default": ("acct-default", "default"), "sk-test-tiny": ("acct-tiny", "tiny")}


def write_keys(path: Path, keys: dict[str, tuple[str, str]] | None = None) -> Path:
    rows = [
        f"  - sha256: {hash_key(raw)}\n    account: {account}\n    tier: {tier}\n"
        for raw, (account, tier) in (keys or KEYS).items()
    ]
    path.write_text("keys:\n" + "".join(rows))
    return path


def gateway_settings(tmp_path: Path, upstream: str, **overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "upstream.url": upstream,
        "keys.file": str(write_keys(tmp_path / "keys.yaml")),
        "log.file": str(tmp_path / "log" / "enforcement.jsonl"),
        "policies.path": str(POLICY_DIR),
        "policies.reload_interval_s": 0,
    }
    base.update(overrides)
    return load_settings(None, base, environ={})


@contextlib.asynccontextmanager
async def gateway_client(settings: Settings, **app_kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, **app_kwargs)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client


def read_log(settings: Settings) -> list[dict[str, Any]]:
    assert settings.log.file is not None
    return read_records(Path(settings.log.file))


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of an enforcement log file (none when it does not exist yet)."""
    if not path.exists():
        return []
    # "\n" only: str.splitlines also cuts at U+2028, U+0085 and \x1c-\x1e, which the log
    # writes raw inside strings (a fuzzed model name had one).
    return [json.loads(line) for line in path.read_text().split("\n") if line.strip()]


def auth(key: str = "sk-test-default") -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}
