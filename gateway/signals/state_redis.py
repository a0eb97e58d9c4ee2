"""Redis signal state: several gateway instances share one picture of accounts and campaigns.

Per-account keys share the hash tag `{<prefix>:a:<account>}` (hash, IP HLL, subnet HLL),
so the account script touches one cluster slot. Cross-account structures (fingerprint and
subnet HLLs, anchors, union-find parents, campaign aggregates) live under the tag
`{<prefix>:x}`: one slot, so union-find stays atomic in one script. Every key has a TTL.
observe = 2 script calls (account script, then cross script, which needs the first
answer); settle = 2 calls in one batch. Calls go through redisconn.ScriptBatcher, which
sends the calls of one event-loop turn (this request's and others') in one pipeline.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.commands.core import AsyncScript
from redis.exceptions import RedisClusterException, RedisError

from gateway.errors import StoreError
from gateway.redisconn import ScriptBatcher
from gateway.signals import lua
from gateway.signals.state import (
    BIAS_SETS,
    COHORT_CAP,
    COHORT_DAY_S,
    COHORT_WINDOW_S,
    CUSUM_HALF_LIFE_S,
    HALF_LIFE_S,
    HEAD_BANDS_END,
    HOURS_CAP,
    MATCH_BITS,
    MODEL_CAP,
    MODEL_WARMUP_S,
    PROMPT_CAP,
    PROMPT_DAY_S,
    TEMPLATE_SLOTS,
    TIMING_ALPHA,
    TTL_S,
    AccountSnapshot,
    AccountView,
    CrossInput,
    CrossView,
    ObserveInput,
    SettleInput,
    SignalBackend,
    decay,
    normalized_entropy,
    timing_cv,
)

MAX_IN_FLIGHT = 64
_LOW32 = 0xFFFFFFFF
# Template entries are `hh:hl:th:tl:count:cusum;` (lua.py): zero the last field of each.
_RESET = """
local k = KEYS[1]
if redis.call('EXISTS', k) == 0 then return 0 end
local tp = string.gsub(redis.call('HGET', k, 'tp') or '', ':[^:;]*;', ':0;')
redis.call('HSET', k, 's', '0', 'sl', '0', 'tp', tp)
return 1
"""


def _halves(edges: tuple[int, int]) -> tuple[int, int, int, int]:
    """Both edges as unsigned 32-bit halves: Redis' Lua has doubles and a 32-bit `bit`."""
    head, tail = edges
    return head >> 32, head & _LOW32, tail >> 32, tail & _LOW32


class RedisSignalBackend(SignalBackend):
    def __init__(
        self, client: Redis | RedisCluster, prefix: str = "dg", scripts: ScriptBatcher | None = None
    ) -> None:
        """`scripts`: the usage store's batcher when sharing its client, so that a request's
        usage and signal calls leave in the same pipelines."""
        self._r = client
        self._prefix = prefix
        self._cross = f"{{{prefix}:x}}"
        self._observe_account = client.register_script(lua.ACCOUNT_OBSERVE)
        self._settle_account = client.register_script(lua.ACCOUNT_SETTLE)
        self._observe_cross = client.register_script(lua.CROSS_OBSERVE)
        self._settle_campaign = client.register_script(lua.CAMPAIGN_SETTLE)
        self._campaign_of = client.register_script(lua.CAMPAIGN_OF)
        self._reset = client.register_script(_RESET)
        self._scripts = scripts or ScriptBatcher(client)
        # redis-py's cluster client breaks connections when many first calls initialise it
        # at once, and fails (instead of queueing) when a node's pool is exhausted: the
        # first call initialises it alone, and calls in flight are bounded, as in the store.
        self._ready = not isinstance(client, RedisCluster)
        self._ready_lock = asyncio.Lock()
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)

    @contextlib.asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        if not self._ready:
            async with self._ready_lock:
                if not self._ready and isinstance(self._r, RedisCluster):
                    await self._r.initialize()
                self._ready = True
        async with self._in_flight:
            yield

    def _account_keys(self, account: str) -> list[str]:
        tag = f"{{{self._prefix}:a:{account}}}"
        return [tag, tag + ":ip", tag + ":sn"]

    async def observe_account(self, account: str, inp: ObserveInput, now: float) -> AccountView:
        args: list[Any] = [
            repr(now),
            HALF_LIFE_S,
            CUSUM_HALF_LIFE_S,
            TTL_S,
            inp.prompt_tokens,
            repr(inp.elicitation),
            repr(inp.probing),
            int(inp.single_turn),
            inp.language_bit,
            inp.ip,
            inp.subnet,
            inp.hour,
            inp.head >> 32,
            inp.head & _LOW32,
            inp.tail >> 32,
            inp.tail & _LOW32,
            MATCH_BITS,
            TEMPLATE_SLOTS,
            TIMING_ALPHA,
            HOURS_CAP,
            int(inp.new_model),
            inp.capability,
            inp.bias_set,
            repr(inp.probing_fixed_bias),
            BIAS_SETS,
        ]
        try:
            async with self._guard():
                r = await self._scripts.run(
                    self._observe_account, self._account_keys(account), args
                )
        except (RedisError, RedisClusterException) as exc:
            raise StoreError("signal state: account observe failed") from exc
        v = [x.decode() if isinstance(x, bytes) else str(x) for x in r]
        hh, hl, th, tl = (int(p) for p in v[10].split(":"))
        counts = [float(x) for x in v[12].split(",") if x]
        return AccountView(
            requests=float(v[0]),
            prompt_tokens=float(v[1]),
            completion_tokens=float(v[2]),
            settled=float(v[3]),
            saturated=float(v[4]),
            elicitation=float(v[5]),
            probing=float(v[6]),
            single_turn=float(v[7]),
            templated=float(v[8]),
            template_match=v[9] == "1",
            template_rep=hh << 32 | hl,
            template_tail=th << 32 | tl,
            template_count=int(float(v[11])),
            template_entropy=normalized_entropy(counts, TEMPLATE_SLOTS),
            template_cusum=float(v[13]),
            cusum=float(v[14]),
            timing_cv=timing_cv(float(v[15]), float(v[16]), int(v[17])),
            hour_spread=normalized_entropy([float(x or 0) for x in v[18].split(",")], 24),
            distinct_ips=int(v[19]),
            distinct_subnets=int(v[20]),
            languages=int(v[21]).bit_count(),
            pivot=float(v[22]),
            focus=float(v[23]),
            cohort_cusum=float(v[24]),
            bias_known=v[25] == "1",
            bias_sets=int(v[26]),
        )

    async def observe_cross(self, account: str, inp: CrossInput, now: float) -> CrossView:
        args: list[Any] = [
            account,
            repr(now),
            TTL_S,
            int(inp.publish),
            int(inp.eligible),
            inp.subnet,
            repr(inp.cusum),
            repr(inp.requests),
            repr(inp.completion_tokens),
            HALF_LIFE_S,
            CUSUM_HALF_LIFE_S,
            int(inp.link_subnet),
            inp.model,
            MODEL_CAP,
            MODEL_WARMUP_S,
            *_halves(inp.edges),
            MATCH_BITS,
            HEAD_BANDS_END,
            inp.prompt,
            PROMPT_DAY_S,
            PROMPT_CAP,
            inp.shape,
            int(inp.suspect),
            COHORT_WINDOW_S,
            COHORT_CAP,
            COHORT_DAY_S,
            *inp.bands,
        ]
        try:
            async with self._guard():
                r = await self._scripts.run(self._observe_cross, [self._cross], args)
        except (RedisError, RedisClusterException) as exc:
            raise StoreError("signal state: cross-account observe failed") from exc
        v = [x.decode() if isinstance(x, bytes) else str(x) for x in r]
        root = v[2] or None
        members = int(v[3])
        return CrossView(
            fingerprint_accounts=int(v[0]),
            subnet_accounts=int(v[1]),
            root=root,
            campaign=root if members >= 2 else None,
            campaign_accounts=members if root else 0,
            campaign_cusum=float(v[4]),
            campaign_requests=float(v[5]),
            campaign_completion_tokens=float(v[6]),
            model_first_seen=float(v[7]) if v[7] else None,
            prompt_accounts=int(v[8]),
            cohort_accounts=int(v[9]),
            cohort_users=int(v[10]),
        )

    async def settle(
        self, account: str, campaign: str | None, inp: SettleInput, now: float
    ) -> None:
        rep = inp.template_rep
        account_args: list[str | int | float] = [
            repr(now),
            HALF_LIFE_S,
            CUSUM_HALF_LIFE_S,
            TTL_S,
            inp.completion_tokens,
            int(inp.saturated),
            repr(inp.increment),
            rep >> 32,
            rep & _LOW32,
            repr(inp.cohort_increment),
        ]
        campaign_args: list[str | int | float] = [
            campaign or "",
            repr(now),
            TTL_S,
            HALF_LIFE_S,
            CUSUM_HALF_LIFE_S,
            repr(inp.increment),
            inp.completion_tokens,
        ]
        try:
            async with self._guard():
                # One batch; a cluster client sends the two (different slots) side by side.
                calls: list[tuple[AsyncScript, list[Any], list[Any]]] = [
                    (self._settle_account, list(self._account_keys(account)), account_args)
                ]
                if campaign is not None:
                    calls.append((self._settle_campaign, [self._cross], campaign_args))
                await self._scripts.run_all(calls)
        except (RedisError, RedisClusterException) as exc:
            raise StoreError("signal state: settle failed") from exc

    async def campaign_of(self, account: str, now: float) -> str | None:
        try:
            async with self._guard():
                r = await self._scripts.run(self._campaign_of, [self._cross], [account, TTL_S])
        except (RedisError, RedisClusterException) as exc:
            raise StoreError("signal state: campaign lookup failed") from exc
        if r is None:
            return None
        return r.decode() if isinstance(r, bytes) else str(r)

    async def snapshot(self, account: str, now: float) -> AccountSnapshot | None:
        k, ip, sn = self._account_keys(account)
        try:
            async with self._guard(), self._r.pipeline(transaction=False) as pipe:
                pipe.hmget(k, ["t", "req", "pt", "ct", "s", "tp"])
                pipe.pfcount(ip)
                pipe.pfcount(sn)
                fields, ips, subnets = await pipe.execute()
        except (RedisError, RedisClusterException) as exc:
            raise StoreError("signal state: snapshot failed") from exc
        t, req, pt, ct, s, tp = (x.decode() if isinstance(x, bytes) else x for x in fields)
        if t is None:
            return None
        dt = now - float(t)
        f, fs = decay(dt, HALF_LIFE_S), decay(dt, CUSUM_HALF_LIFE_S)
        entries = [e.split(":") for e in (tp or "").split(";") if e]
        return AccountSnapshot(
            requests=float(req or 0) * f,
            prompt_tokens=float(pt or 0) * f,
            completion_tokens=float(ct or 0) * f,
            cusum=float(s or 0) * fs,
            template_cusum=max((float(e[5]) for e in entries), default=0.0) * fs,
            templates=len(entries),
            distinct_ips=int(ips),
            distinct_subnets=int(subnets),
        )

    async def reset(self, account: str) -> None:
        try:
            async with self._guard():
                await self._reset(keys=self._account_keys(account)[:1])
        except (RedisError, RedisClusterException) as exc:
            raise StoreError("signal state: reset failed") from exc

    async def close(self) -> None:
        await self._r.aclose()
