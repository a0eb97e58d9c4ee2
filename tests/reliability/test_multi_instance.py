"""Two gateway processes behind one Redis (single node, then a 3-master cluster).

One account hammers both at once: the budget holds across instances up to the
reservations in flight, usage in the store equals the sum of the log records, and a
challenge solution accepted by one instance is refused as a replay by the other.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from gateway.enforce.challenge import CHALLENGE_HEADER, SOLUTION_HEADER, solve
from gateway.store import open_store
from tests.support.redis_procs import HAVE_REDIS_BINARIES, redis_cluster
from tests.support.serve import GatewayProcess, record_for

pytestmark = [pytest.mark.slow, pytest.mark.redis]

DAY_BUDGET = 6000
MAX_TOKENS = 50
KEYS = {
    "sk-mi-metered-1": ("acct-metered", "metered"),
    "sk-mi-a-2": ("acct-a", "default"),
    "sk-mi-b-3": ("acct-b", "default"),
    "sk-mi-c-4": ("acct-c", "default"),
}
POLICY = f"""version: 1
tiers:
  default:
    tokens: {{minute: 1000000}}
  metered:
    tokens: {{day: {DAY_BUDGET}}}
    expected_completion: {MAX_TOKENS}
rules:
  - id: prove-work
    description: This model needs proof of work.
    when: request.model == "challenge-me"
    action: challenge
    challenge: {{difficulty: 8, pass_requests: 1, pass_seconds: 60, ttl_seconds: 2}}
"""
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Count to fifty."}]}


@pytest.fixture(scope="module", params=["redis", "cluster"])
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "redis":
        from tests.conftest import REDIS_URL

        yield REDIS_URL
        return
    if not HAVE_REDIS_BINARIES:
        pytest.skip("redis-server / redis-cli not installed")
    with redis_cluster(tmp_path_factory.mktemp("cluster")) as url:
        yield url


@pytest.fixture(scope="module")
def instances(
    store_url: str, upstream_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[GatewayProcess], str]]:
    workdir = tmp_path_factory.mktemp("multi")
    policies = workdir / "policies"
    policies.mkdir()
    (policies / "multi.yaml").write_text(POLICY)
    prefix = f"dgmi{uuid.uuid4().hex[:8]}"
    settings = {
        "store.url": store_url,
        "store.prefix": prefix,
        "store.timeout_s": 2.0,  # two shared cores: no spurious fail-open in this test
        "policies.path": str(policies),
        "security.challenge_secret": "shared-secret-of-both-instances",
    }
    gws = [
        GatewayProcess(workdir, upstream_url, settings, keys=KEYS, name=f"gw{i}") for i in (1, 2)
    ]
    threads = [threading.Thread(target=gw.start) for gw in gws]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert all(gw.alive() for gw in gws)
        yield gws, prefix
    finally:
        for gw in gws:
            gw.stop()
        if not store_url.startswith("redis+cluster"):
            _delete_prefix(store_url, prefix)


def _delete_prefix(url: str, prefix: str) -> None:
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


async def test_one_account_over_two_instances_stays_within_budget(
    instances: tuple[list[GatewayProcess], str], store_url: str, request: pytest.FixtureRequest
) -> None:
    gws, prefix = instances
    headers = {"authorization": "Bearer sk-mi-metered-1", "x-mock-tokens": str(MAX_TOKENS)}
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def one(i: int) -> httpx.Response:
            body = {**CHAT, "max_tokens": MAX_TOKENS, "stream": i % 3 == 0}
            url = gws[i % 2].url + "/v1/chat/completions"
            return await client.post(url, json=body, headers=headers)

        responses = await asyncio.gather(*(one(i) for i in range(200)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) == {200, 429}, statuses
    records = [
        record_for(gws[i % 2], r.headers["x-distillguard-request-id"])
        for i, r in enumerate(responses)
    ]
    served = [r for r in records if r["status"] == 200]
    booked = sum(r["prompt_tokens"] + r["completion_tokens"] for r in served)
    # What a reservation under-reserved (the settled cost above it) is the only way
    # past the budget: the reservation check itself is atomic across instances.
    in_flight_error = sum(
        max(0, r["prompt_tokens"] + r["completion_tokens"] - r["reserved_tokens"]) for r in served
    )
    store = open_store(store_url, prefix=prefix, timeout_s=2.0)
    try:
        usage = await store.usage("acct-metered", time.time())
    finally:
        await store.close()
    # Budget refusals are not booked (not even their request): only admissions count.
    assert usage["requests"]["day"] == len(served)
    assert usage["tokens"]["day"] == booked  # the store and the log agree to the token
    assert booked <= DAY_BUDGET + in_flight_error, (booked, in_flight_error)
    assert in_flight_error <= 2 * MAX_TOKENS  # at most the last admission per instance
    assert len(served) * (MAX_TOKENS + 5) > DAY_BUDGET * 0.8  # the budget was really used


def _post(gw: GatewayProcess, key: str, extra: dict[str, str] | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {key}", **(extra or {})}
    body = {**CHAT, "model": "challenge-me"}
    return httpx.post(gw.url + "/v1/chat/completions", json=body, headers=headers, timeout=10)


def test_challenge_solution_is_single_use_across_instances(
    instances: tuple[list[GatewayProcess], str],
) -> None:
    (gw1, gw2), _ = instances
    first = _post(gw1, "sk-mi-a-2")
    assert first.status_code == 428
    token = first.headers[CHALLENGE_HEADER]
    solution = f"{token}:{solve(token)}"
    assert _post(gw1, "sk-mi-a-2", {SOLUTION_HEADER: solution}).status_code == 200
    replayed = _post(gw2, "sk-mi-a-2", {SOLUTION_HEADER: solution})
    assert replayed.status_code == 428
    assert replayed.json()["error"]["code"] == "challenge_required"


def test_challenge_cannot_be_forged_moved_or_used_late(
    instances: tuple[list[GatewayProcess], str],
) -> None:
    (gw1, gw2), _ = instances
    token = _post(gw1, "sk-mi-c-4").headers[CHALLENGE_HEADER]
    nonce = solve(token)
    # Another account cannot use account c's solution, on either instance.
    assert _post(gw2, "sk-mi-b-3", {SOLUTION_HEADER: f"{token}:{nonce}"}).status_code == 428
    # A token edited by the client (e.g. a lower difficulty) fails its signature.
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert _post(gw1, "sk-mi-c-4", {SOLUTION_HEADER: f"{forged}:{nonce}"}).status_code == 428
    assert _post(gw1, "sk-mi-c-4", {SOLUTION_HEADER: f"{token}:not-a-nonce"}).status_code == 428
    time.sleep(3.1)  # ttl_seconds is 2; expiry is rounded up to a whole second
    late = _post(gw2, "sk-mi-c-4", {SOLUTION_HEADER: f"{token}:{nonce}"})
    assert late.status_code == 428
    assert "expired" in (record_for(gw2, late.headers["x-distillguard-request-id"])["error"] or "")


def test_signals_are_shared_across_instances(
    instances: tuple[list[GatewayProcess], str], tmp_path: Path
) -> None:
    gws, _ = instances
    last: dict[str, Any] = {}
    for i in range(6):
        r = httpx.post(
            gws[i % 2].url + "/v1/chat/completions",
            json={**CHAT, "messages": [{"role": "user", "content": f"Question {i} on caching"}]},
            headers={"authorization": "Bearer sk-mi-b-3"},
            timeout=10,
        )
        assert r.status_code == 200
        last = {"id": r.headers["x-distillguard-request-id"], "gw": gws[i % 2]}
    # Both instances fed one per-account aggregate: the sixth request sees six.
    assert record_for(last["gw"], last["id"])["signals"]["requests"] >= 6
