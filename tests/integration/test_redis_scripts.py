"""run_scripts: several Lua scripts in one round trip, and no double run after NOSCRIPT."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from gateway.redisconn import run_scripts

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
