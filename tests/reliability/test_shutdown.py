"""SIGTERM under load: in-flight streams drain within the grace period, none is lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.reliability.conftest import DEFAULT_KEY, RAW_KEYS
from tests.support.serve import GatewayProcess

pytestmark = pytest.mark.slow

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Stream slowly."}]}


def _stream(gw: GatewayProcess, tokens: int, out: list[dict[str, object]]) -> None:
    headers = {
        "authorization": f"Bearer {DEFAULT_KEY}",
        "x-mock-tokens": str(tokens),
        "x-mock-chunk-ms": "50",
    }
    result: dict[str, object] = {"id": None, "done": False, "error": None}
    try:
        with httpx.stream(
            "POST",
            gw.url + "/v1/chat/completions",
            json={**CHAT, "stream": True},
            headers=headers,
            timeout=15,
        ) as r:
            result["id"] = r.headers["x-distillguard-request-id"]
            text = "".join(r.iter_text())
            result["done"] = text.rstrip().endswith("data: [DONE]")
    except httpx.HTTPError as exc:
        result["error"] = repr(exc)
    out.append(result)


def _run(gw: GatewayProcess, tokens: int, count: int) -> tuple[list[dict[str, object]], float]:
    """Start `count` slow streams, SIGTERM once they are flowing; outcomes and exit time."""
    out: list[dict[str, object]] = []
    threads = [threading.Thread(target=_stream, args=(gw, tokens, out)) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(0.8)
    gw.sigterm()
    signalled = time.monotonic()
    with pytest.raises(httpx.TransportError):  # no new connection is accepted
        time.sleep(0.2)
        httpx.post(gw.url + "/v1/chat/completions", json=CHAT, timeout=2)
    # uvicorn re-raises the captured SIGTERM once it has shut down cleanly.
    assert gw.wait(20) in (0, -15)
    exited = time.monotonic() - signalled
    for thread in threads:
        thread.join(20)
    return out, exited


@pytest.fixture
def pair(upstream_url: str, tmp_path: Path) -> list[GatewayProcess]:
    gws = [
        GatewayProcess(
            tmp_path, upstream_url, {"listen.grace_period_s": grace}, keys=RAW_KEYS, name=name
        )
        for name, grace in (("long-grace", 6), ("short-grace", 1))
    ]
    threads = [threading.Thread(target=gw.start) for gw in gws]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    yield gws
    for gw in gws:
        gw.stop()


def test_sigterm_drains_in_flight_streams(pair: list[GatewayProcess]) -> None:
    long_grace, short_grace = pair
    results: dict[str, tuple[list[dict[str, object]], float]] = {}
    # ~2 s streams against 6 s of grace; ~6 s streams against 1 s of grace, concurrently.
    runners = [
        threading.Thread(target=lambda: results.update(long=_run(long_grace, 40, 6))),
        threading.Thread(target=lambda: results.update(short=_run(short_grace, 120, 4))),
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(60)

    drained, exited = results["long"]
    assert len(drained) == 6 and all(r["done"] for r in drained), drained
    assert exited < 6
    cut, exited_short = results["short"]
    assert exited_short < 1 + 3  # the grace period, plus the log flush and loop teardown
    assert len(cut) == 4 and not any(r["done"] for r in cut)

    for gw, outcomes in ((long_grace, drained), (short_grace, cut)):
        by_id = {rec["request_id"]: rec for rec in gw.records()}
        for outcome in outcomes:
            assert outcome["id"] in by_id, f"{gw.log_path}: accepted request without a record"
    assert "Traceback" not in long_grace.output()
    # Past the grace period uvicorn cancels the streams and logs each cancellation itself.
    errors = [
        line
        for line in short_grace.output().splitlines()
        if line.split(":")[0].endswith(("Error", "Exception"))
    ]
    assert all("timeout graceful shutdown exceeded" in line for line in errors), errors
    for outcome in drained:
        assert by_id_of(long_grace)[str(outcome["id"])]["completion_tokens"] == 40
    for outcome in cut:
        record = by_id_of(short_grace)[str(outcome["id"])]
        assert record["disconnected"] is True and 0 < record["completion_tokens"] < 120


def by_id_of(gw: GatewayProcess) -> dict[str, dict[str, object]]:
    return {str(rec["request_id"]): rec for rec in gw.records()}
