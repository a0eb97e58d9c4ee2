"""run_scripts: several Lua scripts in one round trip, and no double run after NOSCRIPT;
ScriptBatcher: the calls of one loop turn in one pipeline."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from gateway import redisconn
from gateway.facts import Account
from gateway.gate import Gate
from gateway.policy.reload import PolicyHolder
from gateway.redisconn import ScriptBatcher, run_scripts
from gateway.signals import SignalEngine
from gateway.signals.state import open_signal_backend
from gateway.store import open_store
from tests.support.facts import chat_facts

pytestmark = pytest.mark.redis

INCR = "return redis.call('INCRBY', KEYS[1], ARGV[1])"


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    c = aioredis.Redis.from_url(redis_url)
    yield c
    await c.aclose()


async def _script_exists_calls(client: aioredis.Redis) -> int:
    stats = await client.info("commandstats")
    return int(stats.get("cmdstat_script|exists", {}).get("calls", 0))


async def test_scripts_run_once_each_in_one_round_trip(
    client: aioredis.Redis, redis_prefix: str
) -> None:
    incr = client.register_script(INCR)
    a, b = f"{redis_prefix}:a", f"{redis_prefix}:b"
    await client.script_load(INCR)
    before = await _script_exists_calls(client)
    assert await run_scripts(client, [(incr, [a], [2]), (incr, [b], [5])]) == [2, 5]
    # redis-py's own pipeline would have asked SCRIPT EXISTS first: a second round trip.
    assert await _script_exists_calls(client) == before


async def test_a_flushed_script_is_loaded_again_and_nothing_runs_twice(
    client: aioredis.Redis, redis_prefix: str
) -> None:
    incr = client.register_script(INCR)
    key = f"{redis_prefix}:n"
    await client.script_flush()
    assert await run_scripts(client, [(incr, [key], [1]), (incr, [key], [10])]) == [1, 11]
    assert int(await client.get(key)) == 11


async def test_a_script_error_is_raised(client: aioredis.Redis, redis_prefix: str) -> None:
    broken = client.register_script("return redis.call('INCRBY', KEYS[1], 'x')")
    await client.script_load("return redis.call('INCRBY', KEYS[1], 'x')")
    with pytest.raises(aioredis.ResponseError):
        await run_scripts(client, [(broken, [f"{redis_prefix}:e"], [])])


async def test_batcher_sends_one_turns_calls_in_one_pipeline(
    client: aioredis.Redis, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    incr = client.register_script(INCR)
    batches: list[int] = []

    async def counted(c: aioredis.Redis, calls: list, **kw: bool) -> list:
        batches.append(len(calls))
        return await run_scripts(c, calls, **kw)

    monkeypatch.setattr(redisconn, "run_scripts", counted)
    batcher = ScriptBatcher(client)
    keys = [f"{redis_prefix}:k{i % 3}" for i in range(7)]
    results = await asyncio.gather(*(batcher.run(incr, [k], [1]) for k in keys))
    assert results == [1, 1, 1, 2, 2, 2, 3]  # in call order, each run once
    assert batches == [7]
    assert await batcher.run(incr, [keys[0]], [5]) == 8  # a lone call: a batch of one
    assert batches == [7, 1]


async def test_batcher_fails_only_the_call_whose_script_failed(
    client: aioredis.Redis, redis_prefix: str
) -> None:
    incr = client.register_script(INCR)
    broken = client.register_script("return redis.call('INCRBY', KEYS[1], 'x')")
    batcher = ScriptBatcher(client)
    good, bad = await asyncio.gather(
        batcher.run(incr, [f"{redis_prefix}:g"], [4]),
        batcher.run(broken, [f"{redis_prefix}:b"], []),
        return_exceptions=True,
    )
    assert good == 4 and isinstance(bad, aioredis.ResponseError)
    with pytest.raises(aioredis.ResponseError):
        await batcher.run_all([(incr, [f"{redis_prefix}:g"], [1]), (broken, ["x"], [])])
    assert int(await client.get(f"{redis_prefix}:g")) == 5  # the good call of run_all ran


async def test_batcher_fails_every_call_when_redis_is_unreachable(unused_tcp_port: int) -> None:
    dead = aioredis.Redis(port=unused_tcp_port, socket_connect_timeout=0.5)
    incr = dead.register_script(INCR)
    batcher = ScriptBatcher(dead)
    answers = await asyncio.gather(
        *(batcher.run(incr, ["k"], [1]) for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(a, aioredis.ConnectionError) for a in answers)
    await dead.aclose()


async def test_a_cancelled_caller_leaves_the_rest_of_its_batch_alone(
    client: aioredis.Redis, redis_prefix: str
) -> None:
    incr = client.register_script(INCR)
    batcher = ScriptBatcher(client)
    key = f"{redis_prefix}:c"
    first = asyncio.ensure_future(batcher.run(incr, [key], [1]))
    second = asyncio.ensure_future(batcher.run(incr, [key], [10]))
    await asyncio.sleep(0)  # both queued
    first.cancel()
    assert await second == 11  # the cancelled call had left already: it ran first
    assert int(await client.get(key)) == 11


async def test_a_request_makes_three_round_trips_with_redis(
    redis_url: str, redis_prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Usage and signals share one client and batcher: the reservation goes with the
    account's signal update, the cross-account update alone (it needs the first answer),
    and the two settles together. One request alone, so nothing else joins a batch."""
    batches: list[int] = []

    async def counted(c: aioredis.Redis, calls: list, **kw: bool) -> list:
        batches.append(len(calls))
        return await run_scripts(c, calls, **kw)

    monkeypatch.setattr(redisconn, "run_scripts", counted)
    (tmp_path / "p.yaml").write_text("version: 1\nrules: []\n")
    store = open_store(redis_url, prefix=redis_prefix, timeout_s=2.0)
    backend = open_signal_backend(redis_url, prefix=redis_prefix, timeout_s=2.0, store=store)
    gate = Gate(store, PolicyHolder([tmp_path]), SignalEngine(backend))
    try:
        facts = chat_facts("r-1", "Explain step by step why the sky is blue.", "198.51.100.7")
        admission = await gate.admit(Account(id="acct-rt"), facts, 1000.0)
        assert admission.store_status == "ok" and admission.signals["requests"] == 1
        assert batches == [2, 1]
        await gate.settle(admission, 300, "stop", 1001.0)
        assert batches == [2, 1, 2]
        usage = await store.usage("acct-rt", 1001.0)
        assert usage["completion_tokens"]["minute"] == 300
    finally:
        await store.close()
