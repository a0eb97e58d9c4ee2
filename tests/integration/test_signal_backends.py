"""One suite over both signal backends: memory and the real Redis (unique prefix, cleaned)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from gateway.errors import ConfigError
from gateway.facts import Account
from gateway.signals import MemorySignalBackend, SignalBackend, SignalEngine, fingerprint
from gateway.signals.fingerprint import MASK64
from gateway.signals.state import (
    MATCH_BITS,
    MODEL_CAP,
    MODEL_WARMUP_S,
    TTL_S,
    CrossInput,
    ObserveInput,
    open_signal_backend,
)
from gateway.signals.state_redis import RedisSignalBackend
from gateway.sim import text
from tests.support.facts import chat_facts, published

T0 = 1_763_942_400.0


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def backend(
    request: pytest.FixtureRequest, redis_url: str, redis_prefix: str
) -> AsyncIterator[SignalBackend]:
    if request.param == "memory":
        yield MemorySignalBackend()
        return
    b = RedisSignalBackend(aioredis.Redis.from_url(redis_url), redis_prefix)
    yield b
    await b.close()


async def _run(engine: SignalEngine, rounds: int = 8) -> list[dict[str, float]]:
    """A small mixed stream: a 5-key templated campaign, a chat user, a batch job.

    A model is released at round 8 (the chat user tries it first), after the first-seen
    table's warm-up; the campaign pivots to it from round 9.
    """
    rng = random.Random(11)
    out: list[dict[str, float]] = []
    for rnd in range(rounds):
        for k in range(5):
            now = T0 + rnd * 3600 + k * 500
            f = chat_facts(
                f"h{k}-{rnd}",
                text.harvest_prompt(rng, "en", 1),
                f"45.9.{k}.7",
                max_tokens=4096,
                model="m-old" if rnd < 9 else "m-new",
            )
            out.append(await engine.observe(Account(f"h{k}"), f, now))
            await engine.settle(Account(f"h{k}"), f, 1400, "stop", now + 20)
        f = chat_facts(
            f"c-{rnd}",
            text.human_prompt(rng, 0.2),
            "73.1.1.1",
            model="m-new" if rnd >= 8 else "m-old",
        )
        out.append(await engine.observe(Account("chat"), f, T0 + rnd * 3600 + 2900))
        await engine.settle(Account("chat"), f, 300, "stop", T0 + rnd * 3600 + 2910)
        f = chat_facts(
            f"b-{rnd}",
            text.batch_prompt(rng, 0),
            "34.100.7.2",
            logprobs=True,
            top_logprobs=1,
            max_tokens=16,
            model="m-old",
        )
        out.append(await engine.observe(Account("batch"), f, T0 + rnd * 3600 + 3000))
        await engine.settle(Account("batch"), f, 3, "stop", T0 + rnd * 3600 + 3001)
    return out


async def test_campaign_is_found_and_benign_accounts_stay_out(backend: SignalBackend) -> None:
    engine = SignalEngine(backend)
    out = await _run(engine)
    end = T0 + 9 * 3600
    camp = await engine.campaign_of(Account("h0"), end)
    assert camp is not None
    assert {await engine.campaign_of(Account(f"h{k}"), end) for k in range(5)} == {camp}
    assert await engine.campaign_of(Account("chat"), end) is None
    assert await engine.campaign_of(Account("batch"), end) is None
    harvest_last = out[-3]  # h4, the last key of the last round
    assert harvest_last["harvest_score"] > 0.8
    assert harvest_last["campaign_accounts"] == 5
    assert out[-2]["harvest_score"] < 0.3  # chat
    assert out[-1]["harvest_score"] < 0.1  # batch
    assert out[-1]["template_reuse"] > 0.8


async def test_backends_agree_on_every_signal(redis_url: str, redis_prefix: str) -> None:
    # 14 rounds: capability_focus needs 10 (decayed) requests per account to read non-zero
    memory = await _run(SignalEngine(MemorySignalBackend()), rounds=14)
    r = RedisSignalBackend(aioredis.Redis.from_url(redis_url), redis_prefix)
    try:
        shared = await _run(SignalEngine(r), rounds=14)
    finally:
        await r.close()
    assert len(memory) == len(shared)
    assert memory[-3]["model_pivot"] > 0.3 and memory[-3]["capability_focus"] > 0.2
    assert memory[-2]["model_pivot"] > 0.3 and memory[-1]["model_pivot"] == 0.0
    for m, s in zip(memory, shared, strict=True):
        assert m.keys() == s.keys()
        for key in m:
            assert s[key] == pytest.approx(m[key], rel=1e-9, abs=1e-9), key


async def test_every_redis_key_expires(redis_url: str, redis_prefix: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    backend = RedisSignalBackend(aioredis.Redis.from_url(redis_url), redis_prefix)
    try:
        await _run(SignalEngine(backend))
        keys = [k async for k in client.scan_iter(match=f"*{redis_prefix}*", count=1000)]
        assert keys
        ttls = [await client.ttl(k) for k in keys]
        assert all(t > 0 for t in ttls)
    finally:
        await backend.close()
        await client.aclose()


async def test_links_need_the_template_not_one_shared_band(backend: SignalBackend) -> None:
    """Both backends: a band shared by chance does not link, the same template does.

    Account names hold ':' (Redis anchors store 'high:low:account')."""
    rng = random.Random(9)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    for k in range(3):
        view = await backend.observe_cross(f"org:c{k}", published(head, tail, 25.0), T0 + k)
    assert view.campaign is not None and view.campaign_accounts == 3
    low = (1 << fingerprint.BAND_BITS) - 1
    # The lowest tail band kept, a bit of each other band and random others flipped.
    chance = tail ^ (rng.getrandbits(64) | 1 << 17 | 1 << 33 | 1 << 49) & ~low
    assert chance & low == tail & low and (chance ^ tail).bit_count() > MATCH_BITS
    dev = await backend.observe_cross("org:dev", published(head ^ MASK64, chance, 12.4), T0 + 5)
    assert dev.campaign is None and dev.campaign_accounts == 1
    near = await backend.observe_cross(
        "org:c3", published(rng.getrandbits(64), tail ^ (1 << 3 | 1 << 40), 12.4), T0 + 6
    )
    assert near.campaign == view.campaign and near.campaign_accounts == 4
    assert await backend.campaign_of("org:dev", T0 + 7) is None
    assert await backend.campaign_of("org:c3", T0 + 7) == view.campaign


async def test_template_clusters_are_bounded(backend: SignalBackend) -> None:
    rng = random.Random(4)
    for i in range(200):
        inp = ObserveInput(
            head=rng.getrandbits(64),
            tail=rng.getrandbits(64),
            prompt_tokens=10,
            elicitation=0.0,
            probing=0.0,
            single_turn=True,
            language_bit=1,
            ip=f"10.0.{i}.1",
            subnet=f"10.0.{i}.0/24",
            hour=i % 24,
            capability=i % 7,
            new_model=False,
        )
        view = await backend.observe_account("diverse", inp, T0 + i)
    assert not view.template_match
    assert view.template_entropy > 0.95  # all 16 slots hold one prompt each
    assert view.distinct_subnets >= 190


async def test_open_signal_backend_picks_by_url(redis_url: str) -> None:
    shared = open_signal_backend(redis_url, prefix="dgtest-unused")
    assert isinstance(shared, RedisSignalBackend)
    await shared.close()
    assert isinstance(open_signal_backend("memory"), MemorySignalBackend)
    with pytest.raises(ConfigError, match="expected memory"):
        open_signal_backend("mysql://x")


async def test_reset_zeroes_evidence_and_snapshot_reads_without_writing(
    backend: SignalBackend,
) -> None:
    engine = SignalEngine(backend)
    await _run(engine)
    end = T0 + 9 * 3600
    assert await backend.snapshot("nobody", end) is None
    before = await backend.snapshot("h0", end)
    assert before is not None
    assert before.requests > 6 and before.completion_tokens > 8000  # decayed: 8 requests
    assert max(before.cusum, before.template_cusum) > 20
    assert before == await backend.snapshot("h0", end)  # reading is not booking
    await backend.reset("h0")
    await backend.reset("nobody")  # no state: nothing to do, no error
    after = await backend.snapshot("h0", end)
    assert after is not None
    assert after.cusum == 0 and after.template_cusum == 0
    assert after.requests == pytest.approx(before.requests)
    assert after.templates == before.templates
    other = await backend.snapshot("h1", end)
    assert other is not None and max(other.cusum, other.template_cusum) > 20
    # Fresh evidence accumulates again from zero: the account's own score restarts.
    rng = random.Random(5)
    f = chat_facts("h0-again", text.harvest_prompt(rng, "en", 1), "45.9.0.7", max_tokens=4096)
    signals = await engine.observe(Account("h0"), f, end + 60)
    assert signals["account_score"] == 0.0
    assert signals["cusum"] == 0.0


async def test_model_table_is_bounded(
    backend: SignalBackend, redis_url: str, redis_prefix: str
) -> None:
    """Random model names fill the table up to MODEL_CAP; more are untracked, not new."""
    start = T0 + MODEL_WARMUP_S  # names first seen after the warm-up can be new

    def cross(model: str) -> CrossInput:
        return CrossInput((), False, False, False, "1.2.3.0/24", 0.0, 1.0, 0.0, model)

    assert (await backend.observe_cross("a", cross("base"), T0)).model_first_seen is None
    for i in range(MODEL_CAP - 1):
        view = await backend.observe_cross("a", cross(f"junk-{i}"), start + i)
        assert view.model_first_seen == start + i
    later = start + MODEL_CAP
    assert (await backend.observe_cross("a", cross("overflow"), later)).model_first_seen is None
    used = await backend.observe_cross("a", cross("junk-5"), later + 10)
    assert used.model_first_seen == start + 5
    # names idle for TTL_S make room; those used since ("junk-5") stay
    idle = later + TTL_S + 1
    assert (await backend.observe_cross("a", cross("fresh"), idle)).model_first_seen == idle
    assert (await backend.observe_cross("a", cross("junk-5"), idle)).model_first_seen == start + 5
    if isinstance(backend, RedisSignalBackend):
        client = aioredis.Redis.from_url(redis_url)
        try:
            assert await client.zcard(f"{{{redis_prefix}:x}}:ml") == 2
            assert await client.hlen(f"{{{redis_prefix}:x}}:mf") == 3  # and its start time
        finally:
            await client.aclose()
