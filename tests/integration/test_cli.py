"""The CLI as an operator meets it: key registry, config errors, policy check."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from gateway.identity import hash_key
from tests.support.procs import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def registry_prefix(redis_url: str) -> Iterator[str]:
    prefix = f"dgcli{uuid.uuid4().hex[:8]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_keys_hash_matches_sha256() -> None:
    out = run("keys", "hash", "test")
    assert out.returncode == 0
    assert out.stdout.strip() == hash_key("test")


def test_keys_add_list_revoke_round_trip(redis_url: str, registry_prefix: str) -> None:
    store = ["--store", redis_url, "--prefix", registry_prefix]
    added = run("keys", "add", *store, "--account", "acct-cli", "--tier", "free")
    assert added.returncode == 0, added.stderr
    raw_key = added.stdout.split()[1]
    listed = run("keys", "list", *store)
    assert "acct-cli\tfree\tactive" in listed.stdout
    # The raw key is shown once at creation and never again.
    assert raw_key not in listed.stdout
    revoked = run("keys", "revoke", *store, raw_key)
    assert revoked.returncode == 0
    assert "acct-cli\tfree\trevoked" in run("keys", "list", *store).stdout
    missing = run("keys", "revoke", *store, "not-a-key")
    assert missing.returncode == 1 and "no such key" in missing.stderr


def test_bad_config_names_file_line_and_field(tmp_path: Path) -> None:
    config = tmp_path / "gateway.yaml"
    config.write_text("upstream:\n  url: ftp://nowhere\nstore:\n  falure_mode: open\n")
    out = run("serve", "--config", str(config))
    assert out.returncode == 2
    assert f"{config}:2:3: upstream.url:" in out.stderr
    assert f"{config}:4:3: store.falure_mode: unknown field" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_keys_file_is_reported_not_raised(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text("keys:\n  - sha256: nothex\n    account: a\n")
    out = run("serve", "--keys", str(keys), "--port", "0")
    assert out.returncode == 2
    assert f"{keys}:2:" in out.stderr and "sha256" in out.stderr
    assert "Traceback" not in out.stderr


def test_policy_check_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\nrules:\n"
        "  - id: a\n    description: d\n    when: request.modle == 'x'\n    action: block\n"
        "  - id: b\n    description: d\n    when: 'true'\n    action: explode\n"
    )
    out = run("policy", "check", str(bad))
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines() + out.stderr.strip().splitlines()
    assert any(line.startswith(f"{bad}:5:") and "rule 'a'" in line for line in lines), lines
    assert any(line.startswith(f"{bad}:10:") and "rule 'b'" in line for line in lines), lines
    shipped = run("policy", "check", str(ROOT / "policies"))
    assert shipped.returncode == 0, shipped.stdout + shipped.stderr
    tested = run("policy", "test", str(ROOT / "policies"))
    assert tested.returncode == 0, tested.stdout + tested.stderr
