"""Redis usage store: every state change is one Lua script call (one atomic round trip).

Time always comes from the callers' `now`, never from Redis, so replay on simulated
time and live traffic count the same way; key TTLs (wall clock) only collect garbage
and are longer than any window. Every redis-py exception leaves this module as
StoreError, with the original as __cause__.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import RedisClusterException, RedisError

from gateway.errors import StoreError
from gateway.facts import WINDOWS, Cost, Limit, Metric, Usage, Window
from gateway.redisconn import ScriptBatcher
from gateway.store.base import KeyRecord, Reservation, UsageStore
from gateway.store.keys import account_keys, redis_key, usage_keys
from gateway.store.sliding import SPANS, Counts, Outcome, reservation, to_usage

Client = Redis | RedisCluster

_METRIC_CODES: dict[Metric, str] = {
    "requests": "r",
    "prompt_tokens": "p",
    "completion_tokens": "c",
    "tokens": "t",
}
_WINDOW_NUMBERS: dict[Window, int] = {w: i + 1 for i, w in enumerate(WINDOWS)}
# ARGV[2..10] of the window scripts: the sliding-window geometry, defined once in Python.
_SPAN_ARGS: tuple[int, ...] = tuple(
    n for w in WINDOWS for n in (SPANS[w].bucket, SPANS[w].lag, SPANS[w].ttl)
)
_FIELD_COLUMN = {"r": 0, "p": 1, "c": 2}


def _lua(name: str) -> str:
    return (files("gateway.store") / "lua" / f"{name}.lua").read_text(encoding="utf-8")


class RedisStore(UsageStore):
    concurrent_io = True

    def __init__(
        self, client: Client, prefix: str, *, max_in_flight: int = 64, wait_s: float = 0.25
    ) -> None:
        """`max_in_flight` calls at once (the cluster client fails instead of queueing
        when a node's pool is exhausted); a call waits at most `wait_s` for its turn."""
        self._client = client
        self._prefix = prefix
        self._gate = asyncio.Semaphore(max_in_flight)
        self._wait_s = wait_s
        # redis-py's cluster client breaks connections when many first calls
        # initialize it at once, so the first call initializes it alone.
        self._ready = not isinstance(client, RedisCluster)
        self._ready_lock = asyncio.Lock()
        prelude = _lua("window")
        self._reserve = client.register_script(prelude + _lua("reserve"))
        self._settle = client.register_script(prelude + _lua("settle"))
        self._usage = client.register_script(prelude + _lua("usage"))
        self._consume_pass = client.register_script(_lua("consume_pass"))
        self._use_once = client.register_script(_lua("use_once"))
        self._scripts = ScriptBatcher(client)

    @property
    def client(self) -> Client:
        """Shared with the signal backend (signals/state.py), with `scripts`."""
        return self._client

    @property
    def scripts(self) -> ScriptBatcher:
        return self._scripts

    async def reserve(
        self, account: str, cost: Cost, limits: Sequence[Limit], now: float
    ) -> Reservation:
        args: list[str | int] = [repr(now), *_SPAN_ARGS]
        args += [cost.requests, cost.prompt_tokens, cost.completion_tokens]
        for limit in limits:
            args += [_METRIC_CODES[limit.metric], _WINDOW_NUMBERS[limit.window], limit.maximum]
        async with self._translated("reserve"):
            reply = await self._scripts.run(self._reserve, usage_keys(self._prefix, account), args)
        return reservation(account, cost, limits, now, _outcome(reply))

    async def settle(self, reservation: Reservation, actual: Cost, now: float) -> None:
        if not reservation.admitted:
            return  # nothing was booked; counting refusals would prolong lockouts
        booked = reservation.reserved
        deltas = (
            actual.requests - booked.requests,
            actual.prompt_tokens - booked.prompt_tokens,
            actual.completion_tokens - booked.completion_tokens,
        )
        if not any(deltas):
            return
        args: list[str | int] = [repr(now), *_SPAN_ARGS, repr(reservation.bucket_ts), *deltas]
        async with self._translated("settle"):
            await self._scripts.run(
                self._settle, usage_keys(self._prefix, reservation.account), args
            )

    async def usage(self, account: str, now: float) -> Usage:
        async with self._translated("usage"):
            reply = await self._scripts.run(
                self._usage, usage_keys(self._prefix, account), [repr(now), *_SPAN_ARGS]
            )
        values = [int(v) for v in reply]
        return to_usage({w: _counts(values[3 * i : 3 * i + 3]) for i, w in enumerate(WINDOWS)})

    async def use_once(self, token: str, ttl_seconds: float, now: float) -> bool:
        key = redis_key(self._prefix, "nonce", token)
        args: list[str | int] = [repr(now), repr(now + ttl_seconds), _millis(ttl_seconds)]
        async with self._translated("use_once"):
            return bool(await self._scripts.run(self._use_once, [key], args))

    async def grant_pass(self, account: str, requests: int, seconds: float, now: float) -> None:
        key = redis_key(self._prefix, "pass", account)
        async with self._translated("grant_pass"):
            if requests > 0 and seconds > 0:
                await self._client.set(key, f"{requests}:{now + seconds!r}", px=_millis(seconds))
            else:
                await self._client.delete(key)

    async def consume_pass(self, account: str, now: float) -> bool:
        key = redis_key(self._prefix, "pass", account)
        async with self._translated("consume_pass"):
            return bool(await self._scripts.run(self._consume_pass, [key], [repr(now)]))

    async def clear_account(self, account: str) -> None:
        async with self._translated("clear_account"):
            await self._client.delete(*account_keys(self._prefix, account))

    async def set_allowlisted(self, account: str, on: bool, now: float) -> None:
        key = redis_key(self._prefix, "allowlist")
        async with self._translated("set_allowlisted"):
            if on:
                # HSETNX: allowlisting twice keeps the first "since" timestamp.
                await self._client.hsetnx(key, account, repr(now))
            else:
                await self._client.hdel(key, account)

    async def allowlisted_accounts(self) -> set[str]:
        async with self._translated("allowlisted_accounts"):
            names = await self._client.hkeys(redis_key(self._prefix, "allowlist"))
        return {n if isinstance(n, str) else n.decode() for n in names}

    async def put_key(self, record: KeyRecord) -> None:
        value = json.dumps(
            {
                "account": record.account,
                "tier": record.tier,
                "created_ts": record.created_ts,
                "revoked": record.revoked,
            }
        )
        async with self._translated("put_key"):
            await self._client.hset(self._registry, record.sha256, value)

    async def get_key(self, sha256: str) -> KeyRecord | None:
        async with self._translated("get_key"):
            value = await self._client.hget(self._registry, sha256)
        return None if value is None else _record(sha256, value)

    async def list_keys(self) -> list[KeyRecord]:
        async with self._translated("list_keys"):
            entries = await self._client.hgetall(self._registry)
        records = [_record(sha, value) for sha, value in entries.items()]
        return sorted(records, key=lambda r: (r.created_ts, r.sha256))

    async def ping(self) -> bool:
        try:
            return bool(await self._client.ping())
        except (RedisError, RedisClusterException, OSError):
            return False

    async def close(self) -> None:
        async with self._translated("close"):
            await self._client.aclose()

    @asynccontextmanager
    async def _translated(self, op: str) -> AsyncIterator[None]:
        """Bounds concurrency and turns every redis-py failure into StoreError."""
        try:
            async with asyncio.timeout(self._wait_s):
                await self._gate.acquire()
        except TimeoutError as exc:
            raise StoreError(f"redis {op}: no free slot within {self._wait_s}s") from exc
        try:
            if not self._ready:
                await self._initialize()
            yield
        except (RedisError, RedisClusterException, OSError) as exc:
            raise StoreError(f"redis {op} failed: {exc!r}") from exc
        finally:
            self._gate.release()

    async def _initialize(self) -> None:
        async with self._ready_lock:
            if not self._ready and isinstance(self._client, RedisCluster):
                await self._client.initialize()
            self._ready = True

    @property
    def _registry(self) -> str:
        return redis_key(self._prefix, "registry")


def _millis(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def _counts(values: Sequence[int]) -> Counts:
    return (values[0], values[1], values[2])


def _record(sha256: str | bytes, value: str | bytes) -> KeyRecord:
    data = json.loads(value)
    return KeyRecord(
        sha256=sha256 if isinstance(sha256, str) else sha256.decode(),
        account=str(data["account"]),
        tier=str(data["tier"]),
        created_ts=float(data["created_ts"]),
        revoked=bool(data.get("revoked", False)),
    )


def _outcome(reply: list[Any]) -> Outcome:
    """Decodes reserve.lua's reply (layout documented at the top of that script)."""
    totals: dict[Window, Counts] = {}
    his: dict[Window, int | None] = {}
    for i, w in enumerate(WINDOWS):
        r, p, c, hi = reply[2 + 4 * i : 6 + 4 * i]
        totals[w] = (int(r), int(p), int(c))
        his[w] = None if hi is None else int(hi)
    n_failing = int(reply[14])
    failing = [int(i) for i in reply[15 : 15 + n_failing]]
    rest = reply[15 + n_failing :]
    buckets = {WINDOWS[int(rest[j]) - 1]: _buckets(rest[j + 1]) for j in range(0, len(rest), 2)}
    return Outcome(totals, his, failing, int(reply[1]), buckets)


def _buckets(flat: list[str]) -> dict[int, Counts]:
    """Bucket counters of a window hash's HGETALL; totals and lo/hi are skipped."""
    out: dict[int, list[int]] = {}
    for name, value in zip(flat[::2], flat[1::2], strict=True):
        index, sep, metric = name.partition(":")
        if sep:
            out.setdefault(int(index), [0, 0, 0])[_FIELD_COLUMN[metric]] = int(value)
    return {i: _counts(c) for i, c in out.items()}
