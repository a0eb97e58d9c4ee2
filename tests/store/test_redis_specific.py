"""What only the Redis store has: key layout, expiry, error translation, reconnection."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.crc import key_slot
from redis.exceptions import RedisError, ResponseError

from gateway.errors import ConfigError, StoreError
from gateway.facts import Cost, Limit
from gateway.store import MemoryStore, open_store
from gateway.store.keys import account_keys, redis_key
from gateway.store.redis import RedisStore

pytestmark = pytest.mark.redis

T0 = 1_764_000_000.0
LIMITS = [Limit("tokens", "minute", 1000)]


@pytest.fixture
async def raw(shared_redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(shared_redis_url, decode_responses=True)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def prefix() -> str:
    return f"dgtest-{uuid.uuid4().hex[:12]}"


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_open_store_picks_backend_by_url() -> None:
    assert isinstance(open_store("memory"), MemoryStore)
    assert isinstance(open_store("memory://"), MemoryStore)
    assert isinstance(open_store("redis://127.0.0.1:1/0"), RedisStore)
    with pytest.raises(ConfigError):
        open_store("mongodb://x")
    with pytest.raises(ConfigError):
        open_store("redis://127.0.0.1:1/0", prefix="dg{x}")


def test_account_keys_share_one_slot_and_escape_braces() -> None:
    for account in ("acct-1", "weird}{name", "%7B"):
        slots = {key_slot(k.encode()) for k in account_keys("dg", account)}
        assert len(slots) == 1
        assert account_keys("dg", account)[0].count("{") == 1
    assert account_keys("dg", "a}")[0] != account_keys("dg", "a%7D")[0]
    nonce = redis_key("dg", "nonce", "x" * 10_000)
    assert len(nonce) < 64


async def test_keys_expire_after_their_window(
    shared_redis_url: str, raw: Redis, prefix: str
) -> None:
    store = open_store(shared_redis_url, prefix=prefix)
    try:
        await store.reserve("ttl", Cost(1, 5, 5), LIMITS, T0)
        await store.grant_pass("ttl", 3, 60, T0)
        minute, hour, day, pass_key = account_keys(prefix, "ttl")
        assert 0 < await raw.ttl(minute) <= 60 + 5 + 60
        assert 3600 < await raw.ttl(hour) <= 3600 + 60 + 60
        assert 86400 < await raw.ttl(day) <= 86400 + 1800 + 60
        assert 0 < await raw.pttl(pass_key) <= 60_000
        await store.clear_account("ttl")
        assert await raw.exists(minute, hour, day, pass_key) == 0
    finally:
        await store.close()
        await raw.delete(*account_keys(prefix, "ttl"))


async def test_script_errors_become_store_errors(
    shared_redis_url: str, raw: Redis, prefix: str
) -> None:
    store = open_store(shared_redis_url, prefix=prefix)
    minute = account_keys(prefix, "wrongtype")[0]
    try:
        await raw.set(minute, "not a hash")
        with pytest.raises(StoreError) as caught:
            await store.reserve("wrongtype", Cost(1, 1, 1), LIMITS, T0)
        assert isinstance(caught.value.__cause__, ResponseError)
    finally:
        await store.close()
        await raw.delete(minute)


async def test_unreachable_redis_fails_fast() -> None:
    store = open_store(f"redis://127.0.0.1:{_unused_port()}/0", timeout_s=0.2)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            await store.reserve("a", Cost(1, 1, 1), LIMITS, T0)
        assert isinstance(caught.value.__cause__, RedisError)
        assert not await store.ping()
        assert time.monotonic() - started < 1.0
    finally:
        await store.close()


async def test_silent_redis_times_out_within_timeout_s() -> None:
    """A server that accepts and never answers costs about timeout_s, not more."""
    accepted: list[asyncio.StreamWriter] = []

    async def swallow(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    store = open_store(f"redis://127.0.0.1:{port}/0", timeout_s=0.2)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError):
            await store.reserve("a", Cost(1, 1, 1), LIMITS, T0)
        assert 0.15 < time.monotonic() - started < 0.8
    finally:
        await store.close()
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()


@pytest.mark.slow
async def test_store_recovers_after_redis_restart(
    redis_servers: Callable[..., Any],
) -> None:
    server = redis_servers()
    url = server.url
    store = open_store(url, timeout_s=0.5)
    try:
        assert (await store.reserve("r", Cost(1, 1, 1), LIMITS, T0)).admitted
        server.stop()
        with pytest.raises(StoreError):
            await store.reserve("r", Cost(1, 1, 1), LIMITS, T0 + 1)
        assert not await store.ping()
        server.start()
        # Same store object: the pool reconnects, and the fresh server (no scripts
        # cached) gets the scripts loaded again on NOSCRIPT.
        res = await store.reserve("r", Cost(1, 1, 1), LIMITS, T0 + 2)
        assert res.admitted and res.usage["requests"]["minute"] == 1
        assert await store.ping()
    finally:
        await store.close()
