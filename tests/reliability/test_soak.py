"""The soak harness (bench/soak.py) for 20 seconds: `make soak` runs it for 10 minutes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.procs import ROOT
from tests.support.redis_procs import HAVE_REDIS_BINARIES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not HAVE_REDIS_BINARIES, reason="redis-server not installed"),
]


def test_short_soak(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    args = ["--duration", "20", "--rate", "15", "--window", "5", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert report["requests"] >= 0.9 * 20 * 15  # the open loop kept its rate
    assert report["errors"] == 0 and report["error_kinds"] == {}
    assert report["records"] == report["requests"]  # every request has its log record
    assert report["rss_growth_mb"] <= 20
    assert len(report["windows"]) >= 3
