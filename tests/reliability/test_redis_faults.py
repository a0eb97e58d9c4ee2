"""Redis killed, restarted and slowed under load, with a gateway failing open and one closed.

A private redis-server (not the shared one) backs two gateway processes; a steady mix
of streamed and plain requests runs through both while Redis is SIGKILLed, left down,
restarted on the same port, and later frozen with DEBUG SLEEP.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reliability.conftest import DEFAULT_KEY, RAW_KEYS
from tests.support.redis_procs import HAVE_REDIS_BINARIES, PrivateRedis
from tests.support.serve import GatewayProcess

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not HAVE_REDIS_BINARIES, reason="redis-server not installed"),
]

STORE_TIMEOUT_S = 0.25
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Summarise Redis."}]}


@dataclass
class Outcome:
    started: float
    elapsed: float
    status: int | None
    request_id: str | None
    body: str
    error: str | None = None


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    workdir = tmp_path_factory.mktemp("private-redis")
    server = PrivateRedis(workdir, "--enable-debug-command", "yes").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def gateways(
    redis_server: PrivateRedis, upstream_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, GatewayProcess]]:
    workdir = tmp_path_factory.mktemp("redis-faults")
    started = {}
    try:
        for mode in ("open", "closed"):
            started[mode] = GatewayProcess(
                workdir,
                upstream_url,
                {
                    "store.url": redis_server.url,
                    "store.prefix": f"dgrel{mode}",
                    "store.timeout_s": STORE_TIMEOUT_S,
                    "store.failure_mode": mode,
                },
                keys=RAW_KEYS,
                name=f"fail-{mode}",
            )
        # Start both before waiting for either: two cold starts in parallel.
        threads = [threading.Thread(target=gw.start) for gw in started.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert all(gw.alive() for gw in started.values())
        yield started
    finally:
        for gw in started.values():
            gw.stop()


async def drive(url: str, stop: asyncio.Event, out: list[Outcome], worker: int) -> None:
    headers = {"authorization": f"Bearer {DEFAULT_KEY}", "x-mock-tokens": "20"}
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        n = 0
        while not stop.is_set():
            n += 1
            stream = (n + worker) % 2 == 0
            started = time.monotonic()
            try:
                r = await client.post(
                    "/v1/chat/completions", json={**CHAT, "stream": stream}, headers=headers
                )
                out.append(
                    Outcome(
                        started,
                        time.monotonic() - started,
                        r.status_code,
                        r.headers.get("x-distillguard-request-id"),
                        r.text,
                    )
                )
            except httpx.HTTPError as exc:
                out.append(Outcome(started, time.monotonic() - started, None, None, "", repr(exc)))
            await asyncio.sleep(0.02)


Step = tuple[float, str, Callable[[], object] | None]


async def run_load(gws: dict[str, GatewayProcess], script: list[Step]) -> dict[str, Any]:
    """Two workers per gateway while `script` (delay, name, action) steps run in turn."""
    stop = asyncio.Event()
    outcomes: dict[str, list[Outcome]] = {mode: [] for mode in gws}
    workers = [
        asyncio.create_task(drive(gw.url, stop, outcomes[mode], w))
        for mode, gw in gws.items()
        for w in range(2)
    ]
    marks = {}
    for delay, name, action in script:
        await asyncio.sleep(delay)
        marks[name] = time.monotonic()
        if action is not None:
            await asyncio.to_thread(action)
        marks[name + "-done"] = time.monotonic()
    stop.set()
    await asyncio.wait_for(asyncio.gather(*workers), 15)
    return {"outcomes": outcomes, "marks": marks}


def records_by_id(gw: GatewayProcess, ids: set[str]) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + 10
    found: dict[str, dict[str, Any]] = {}
    while time.monotonic() < deadline:
        found = {r["request_id"]: r for r in gw.records() if r["request_id"] in ids}
        if len(found) == len(ids):
            break
        time.sleep(0.1)
    return found


def well_formed_body(outcome: Outcome) -> bool:
    if outcome.body.startswith("data:"):
        return outcome.body.rstrip().endswith("data: [DONE]")
    return bool(json.loads(outcome.body))


async def test_redis_killed_and_restarted_under_load(
    gateways: dict[str, GatewayProcess], redis_server: PrivateRedis
) -> None:
    script: list[Step] = [
        (1.0, "killed", redis_server.kill),
        (2.0, "back", redis_server.start),
        (4.0, "end", None),
    ]
    result = await run_load(gateways, script)
    killed_at, back_at = result["marks"]["killed-done"], result["marks"]["back"]
    for mode, gw in gateways.items():
        outcomes: list[Outcome] = result["outcomes"][mode]
        assert gw.alive(), gw.output()[-2000:]
        assert not [o.error for o in outcomes if o.error], mode  # nothing hung, nothing broke
        assert max(o.elapsed for o in outcomes) < 3.0, mode
        assert all(well_formed_body(o) for o in outcomes), mode
        ids = {o.request_id for o in outcomes if o.request_id}
        assert len(ids) == len(outcomes), mode  # every answer names its request
        records = records_by_id(gw, ids)
        assert set(records) == ids, f"{mode}: {len(ids) - len(records)} log records missing"
        during = [o for o in outcomes if killed_at + 0.3 < o.started < back_at]
        late = [o for o in outcomes if o.started > back_at + 3.0]
        assert during and late, mode
        if mode == "open":
            assert {o.status for o in outcomes} == {200}
            assert all(records[o.request_id]["store"] == "fail-open" for o in during)
        else:
            assert {o.status for o in during} == {503}
            for o in during:
                error = json.loads(o.body)["error"]
                assert error["code"] == "store_unavailable" and error["message"]
                assert records[o.request_id]["store"] == "fail-closed"
            assert {o.status for o in outcomes} <= {200, 503}
        # Reconnected within 3 s of Redis coming back: late requests are booked again.
        assert {o.status for o in late} == {200}, mode
        assert all(records[o.request_id]["store"] == "ok" for o in late), mode


async def test_slow_redis_never_stalls_a_request(
    gateways: dict[str, GatewayProcess], redis_server: PrivateRedis
) -> None:
    def freeze() -> None:
        # DEBUG SLEEP blocks the server itself: every command waits behind it.
        def sleep_server() -> None:
            with redis_server.client() as client:
                client.execute_command("DEBUG", "SLEEP", "2.5")

        threading.Thread(target=sleep_server).start()

    result = await run_load(gateways, [(0.5, "frozen", freeze), (3.5, "end", None)])
    frozen_at = result["marks"]["frozen-done"]
    for mode, gw in gateways.items():
        outcomes: list[Outcome] = result["outcomes"][mode]
        assert not [o.error for o in outcomes if o.error], mode
        frozen = [o for o in outcomes if frozen_at + 0.2 < o.started < frozen_at + 2.0]
        assert frozen, mode
        # A handful of store round trips, each bounded by the store timeout.
        slowest = max(o.elapsed for o in frozen)
        assert slowest < 8 * STORE_TIMEOUT_S + 0.5, (mode, slowest)
        statuses = {o.status for o in frozen}
        assert statuses == ({200} if mode == "open" else {503}), (mode, statuses)
        assert gw.alive()


def test_outputs_have_no_tracebacks(gateways: dict[str, GatewayProcess], tmp_path: Path) -> None:
    """Faults are logged as warnings, never as an unhandled exception in the server."""
    for mode, gw in gateways.items():
        output = gw.output()
        assert "Traceback" not in output, f"{mode}: {output[-3000:]}"
        assert "Exception in ASGI application" not in output
