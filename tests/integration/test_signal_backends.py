"""One suite over both signal backends: memory and the real Redis (unique prefix, cleaned)."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from gateway.errors import ConfigError
from gateway.facts import Account
from gateway.signals import (
    MemorySignalBackend,
    SignalBackend,
    SignalEngine,
    fingerprint,
    state_memory,
    state_redis,
)
from gateway.signals.fingerprint import MASK64
from gateway.signals.state import (
    BIAS_SETS,
    MATCH_BITS,
    MODEL_CAP,
    MODEL_WARMUP_S,
    PROMPT_CAP,
    TTL_S,
    CrossInput,
    ObserveInput,
    SettleInput,
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
                f"45.9.9.{k + 7}",
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
        assert all(0 < t <= TTL_S for t in ttls)
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


async def test_a_template_counts_its_accounts_not_a_band_shared_by_chance(
    backend: SignalBackend,
) -> None:
    """Both backends: fingerprint_accounts counts the accounts that published an edge near
    the one that holds a band value, not every account whose prompt hit that value."""
    rng = random.Random(19)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    for k in range(3):
        view = await backend.observe_cross(f"t{k}", published(head, tail, 1.0), T0 + k)
    assert view.fingerprint_accounts == 3
    low = (1 << fingerprint.BAND_BITS) - 1
    chance = tail ^ (rng.getrandbits(64) | 1 << 17 | 1 << 33 | 1 << 49) & ~low
    assert chance & low == tail & low and (chance ^ tail).bit_count() > MATCH_BITS
    far = published(head ^ MASK64, chance, 1.0)
    peek = await backend.observe_cross("dev", dataclasses.replace(far, publish=False), T0 + 5)
    assert peek.fingerprint_accounts == 0
    # publishing it holds its other band values alone and leaves the template's as it was
    assert (await backend.observe_cross("dev", far, T0 + 6)).fingerprint_accounts == 1
    near = published(rng.getrandbits(64), tail ^ (1 << 3 | 1 << 40), 1.0)
    looked = await backend.observe_cross("t3", dataclasses.replace(near, publish=False), T0 + 7)
    assert looked.fingerprint_accounts == 3
    assert (await backend.observe_cross("t3", near, T0 + 8)).fingerprint_accounts == 4


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
    assert signals["cusum"] == signals["cohort_cusum"] == 0.0


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


SHORT_TTL = 2
"""TTL_S for the expiry tests: Redis expires keys on its own clock, so the test waits."""


@pytest.fixture
def short_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both backends read TTL_S (and the model table's warm-up) at call time: shrink them."""
    for module in (state_memory, state_redis):
        monkeypatch.setattr(module, "TTL_S", SHORT_TTL)
        monkeypatch.setattr(module, "PROMPT_DAY_S", SHORT_TTL)
        monkeypatch.setattr(module, "COHORT_WINDOW_S", SHORT_TTL)
        monkeypatch.setattr(module, "MODEL_WARMUP_S", 0.5)
    monkeypatch.setattr(state_memory, "SWEEP_S", SHORT_TTL / 8)


class _Clock:
    """`now` for a backend: simulated for memory; for Redis real time keeps pace, as its
    keys expire on its clock. A late wakeup only makes a key older, never younger."""

    def __init__(self, backend: SignalBackend) -> None:
        self._real = isinstance(backend, RedisSignalBackend)
        self._start = time.monotonic()

    async def at(self, offset: float) -> float:
        if self._real:
            await asyncio.sleep(max(0.0, self._start + offset - time.monotonic()))
        return T0 + offset


def _one_request(rng: random.Random) -> ObserveInput:
    head = rng.getrandbits(64)
    return ObserveInput(head, head, 10, 0.0, 0.0, True, 1, "10.8.8.8", "10.8.8.0/24", 3, 0, False)


def _named(model: str) -> CrossInput:
    return CrossInput((), False, False, False, "1.2.3.0/24", 0.0, 1.0, 0.0, model)


async def _campaign(backend: SignalBackend, head: int, tail: int, now: float) -> None:
    """c0, c1, c2 publish one template with evidence: one campaign, rooted at c1 (the
    second account takes the first's component: equal sizes keep the caller's root)."""
    for k in range(3):
        view = await backend.observe_cross(f"c{k}", published(head, tail, 25.0), now)
    assert view.campaign == "c1" and view.campaign_accounts == 3


async def test_senders_of_one_prompt_are_counted_and_forgotten(
    backend: SignalBackend, short_ttl: None
) -> None:
    """prompt_accounts: the other accounts that sent this exact prompt on the request's
    PROMPT_DAY_S day or the day before, at most PROMPT_CAP; no text (digest 0) is
    untracked. (T0 starts a day: SHORT_TTL divides it.)"""
    clock = _Clock(backend)
    now = await clock.at(0)
    asked = dataclasses.replace(published(1, 2, 0.0), prompt=0xDEADBEEF12345678)
    senders = ("s0", "s1", "s0", "s2", "s3", "s4")
    seen = [(await backend.observe_cross(a, asked, now)).prompt_accounts for a in senders]
    assert seen == [0, 1, 1, 2, PROMPT_CAP, PROMPT_CAP]
    other = dataclasses.replace(asked, prompt=7)
    assert (await backend.observe_cross("s1", other, now)).prompt_accounts == 0
    blank = dataclasses.replace(asked, prompt=0)
    for account in ("s0", "s1", "s2"):
        assert (await backend.observe_cross(account, blank, now)).prompt_accounts == 0
    # The next day yesterday's senders still count, and today's join them, each day
    # holding its own PROMPT_CAP.
    now = await clock.at(SHORT_TTL * 1.25)
    assert (await backend.observe_cross("s5", asked, now)).prompt_accounts == PROMPT_CAP
    assert (await backend.observe_cross("s0", asked, now)).prompt_accounts == PROMPT_CAP
    assert (await backend.observe_cross("s9", other, now)).prompt_accounts == 1
    # Two days on, only the senders of the day before count.
    now = await clock.at(SHORT_TTL * 2.25)
    assert (await backend.observe_cross("s6", asked, now)).prompt_accounts == 2
    assert (await backend.observe_cross("s1", other, now)).prompt_accounts == 1
    now = await clock.at(SHORT_TTL * 3.25)
    assert (await backend.observe_cross("s1", other, now)).prompt_accounts == 0


async def test_cohort_counts_its_recent_suspects(
    backend: SignalBackend, short_ttl: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cohort_accounts: the suspects booked in the request's shape within COHORT_WINDOW_S,
    the caller included, the most recent COHORT_CAP kept; a non-suspect books nothing."""
    for module in (state_memory, state_redis):
        monkeypatch.setattr(module, "COHORT_CAP", 4)
    clock = _Clock(backend)

    def ask(shape: int, suspect: bool = True) -> CrossInput:
        return dataclasses.replace(published(1, 2, 0.0), shape=shape, suspect=suspect)

    async def book(account: str, inp: CrossInput, now: float) -> int:
        return (await backend.observe_cross(account, inp, now)).cohort_accounts

    now = await clock.at(0)
    assert [await book(a, ask(5), now) for a in ("a0", "a1", "a0")] == [1, 2, 2]
    assert await book("calm", ask(5, suspect=False), now) == 0
    assert await book("a9", ask(6), now) == 1  # another shape, another cohort
    now = await clock.at(1.2)
    assert [await book(a, ask(5), now) for a in ("a2", "a3", "a4")] == [3, 4, 4]
    # a0 and a1 were booked at 0: past the window now, whatever the cap left
    now = await clock.at(SHORT_TTL + 0.5)
    assert await book("a5", ask(5), now) == 4  # a2, a3, a4 (1.2) and a5
    now = await clock.at(2 * SHORT_TTL + 2.0)
    assert await book("a6", ask(5), now) == 1


async def test_users_of_a_shape_are_counted_per_day(backend: SignalBackend) -> None:
    """cohort_users: accounts that called with the shape on the busier of today and
    yesterday (UTC days of the engine's clock), reported to suspects only."""

    def ask(shape: int, suspect: bool) -> CrossInput:
        return dataclasses.replace(published(1, 2, 0.0), shape=shape, suspect=suspect)

    async def users(account: str, inp: CrossInput, now: float) -> int:
        return (await backend.observe_cross(account, inp, now)).cohort_users

    now = T0 + 100.0  # T0 is a UTC midnight
    assert [await users(f"u{k}", ask(5, False), now) for k in range(5)] == [0] * 5
    assert await users("u0", ask(5, True), now) == 5
    assert await users("s0", ask(5, True), now) == 6
    assert await users("s0", ask(9, True), now) == 1  # another shape
    now += 86_400.0  # the next day: yesterday was busier
    assert await users("s1", ask(5, True), now) == 6
    now += 86_400.0  # two days on: the busy day is forgotten (s1 yesterday, s2 today)
    assert await users("s2", ask(5, True), now) == 1


async def test_an_account_remembers_its_last_logit_bias_sets(backend: SignalBackend) -> None:
    """bias_known: the request's logit_bias token set is one of the account's last
    BIAS_SETS; a known set books the probing it would have without the bias. bias_sets:
    how many distinct sets the account remembers, whether the request has a bias or not."""
    rng, now = random.Random(41), T0

    async def send(account: str, bias_set: int) -> tuple[bool, float, int]:
        inp = dataclasses.replace(
            _one_request(rng), probing=1.0, bias_set=bias_set, probing_fixed_bias=0.25
        )
        view = await backend.observe_account(account, inp, now)
        return view.bias_known, view.probing, view.bias_sets

    assert await send("clf", 7) == (False, 1.0, 1)
    assert await send("clf", 7) == (True, 1.25, 1)
    assert await send("other", 7) == (False, 1.0, 1)  # per account
    assert (await send("clf", 0))[2] == 1  # a request without one still reads the count
    for k in range(BIAS_SETS):
        assert (await send("clf", 100 + k))[::2] == (False, min(k + 2, BIAS_SETS))
    assert (await send("clf", 7))[0] is False  # pushed out by BIAS_SETS newer sets
    assert (await send("clf", 100 + BIAS_SETS - 1))[::2] == (True, BIAS_SETS)
    assert (await send("clf", 0))[::2] == (False, BIAS_SETS)  # no logit_bias


async def test_state_idle_for_ttl_is_forgotten(backend: SignalBackend, short_ttl: None) -> None:
    """Accounts, campaigns, anchors, sketches and the model table: gone after TTL_S idle,
    in memory as in Redis, and what comes next starts from nothing."""
    clock, rng = _Clock(backend), random.Random(21)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    now = await clock.at(0)
    await _campaign(backend, head, tail, now)
    await backend.observe_account("solo", _one_request(rng), now)
    assert (await backend.observe_cross("m", _named("base"), now)).model_first_seen is None
    now = await clock.at(0.6)  # past the table's warm-up: a new model
    assert (await backend.observe_cross("m", _named("x"), now)).model_first_seen == now

    now = await clock.at(0.6 + SHORT_TTL + 1.0)
    await backend.settle("solo", None, SettleInput(0, 100, False, 5.0), now)  # books nothing
    assert await backend.snapshot("solo", now) is None
    assert [await backend.campaign_of(f"c{k}", now) for k in range(3)] == [None] * 3
    peek = dataclasses.replace(published(head, tail, 1.0), publish=False)
    assert (await backend.observe_cross("peek", peek, now)).fingerprint_accounts == 0
    late = await backend.observe_cross("late", published(head, tail, 25.0), now)
    assert (late.fingerprint_accounts, late.subnet_accounts) == (1, 2)
    assert late.campaign is None and late.campaign_accounts == 1
    # c0 starts over: a component of its own, linked to the anchor "late" now holds
    back = await backend.observe_cross("c0", published(head, tail, 25.0), now)
    assert back.campaign is not None and back.campaign_accounts == 2
    assert back.campaign_requests == pytest.approx(60.0)
    assert back.fingerprint_accounts == 2
    # the table started over too: "x" is one of its first models, established
    assert (await backend.observe_cross("m", _named("x"), now)).model_first_seen is None


async def test_use_keeps_state_and_anchors_lapse(backend: SignalBackend, short_ttl: None) -> None:
    """What each call refreshes, as lua.py does: an account by its requests, sketches by
    publishing, a member's parent by its lookups, the campaign by any member. An anchor
    is set once and lapses TTL_S later, in use or not."""
    clock, rng = _Clock(backend), random.Random(22)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    now = await clock.at(0)
    await _campaign(backend, head, tail, now)
    for account in ("busy", "idle"):
        await backend.observe_account(account, _one_request(rng), now)
    now = await clock.at(1.2)
    for account in ("c0", "c2"):
        await backend.observe_cross(account, published(head, tail, 25.0), now)
    await backend.observe_account("busy", _one_request(rng), now)

    now = await clock.at(2.4)
    assert await backend.snapshot("idle", now) is None
    busy = await backend.snapshot("busy", now)
    assert busy is not None and busy.requests > 1.9
    assert await backend.campaign_of("c0", now) == "c1"
    seen = await backend.observe_cross("seen", published(head, tail, 1.0), now)
    assert (seen.fingerprint_accounts, seen.subnet_accounts) == (4, 4)
    assert seen.root is None
    # the template's anchors were set at 0: "late" takes them over instead of linking
    late = await backend.observe_cross("late", published(head, tail, 25.0), now)
    assert late.campaign is None and late.campaign_accounts == 1


async def test_lookups_alone_do_not_keep_a_campaign(
    backend: SignalBackend, short_ttl: None
) -> None:
    """campaign_of refreshes parent entries, not the aggregate: only traffic keeps that."""
    clock, rng = _Clock(backend), random.Random(25)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    await _campaign(backend, head, tail, await clock.at(0))
    assert await backend.campaign_of("c0", await clock.at(1.2)) == "c1"
    now = await clock.at(2.4)
    assert await backend.campaign_of("c0", now) is None
    # c0's entry still leads to c1, whose aggregate is gone: nothing to merge into
    # (lua.union), so linking to c0 links nobody
    await backend.observe_cross("c0", published(head, tail, 25.0), now)
    late = await backend.observe_cross("late", published(head, tail, 25.0), now)
    assert late.campaign is None and late.campaign_accounts == 1


async def test_a_component_in_use_keeps_its_root(backend: SignalBackend, short_ttl: None) -> None:
    """The root's parent entry lives while members use the component: the root account
    coming back after TTL_S finds its campaign whole, not restarted at one member."""
    clock, rng = _Clock(backend), random.Random(23)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    await _campaign(backend, head, tail, await clock.at(0))
    now = await clock.at(1.2)
    for account in ("c0", "c2"):
        await backend.observe_cross(account, published(head, tail, 25.0), now)
    now = await clock.at(2.4)
    root = await backend.observe_cross("c1", published(head, tail, 25.0), now)
    assert root.campaign == "c1" and root.campaign_accounts == 3
    assert await backend.campaign_of("c0", now) == "c1"


async def test_members_outlive_a_lapsed_root_entry(
    backend: SignalBackend, redis_url: str, redis_prefix: str
) -> None:
    """A parent entry gone from under live members (as a Redis key lapses) leaves its
    account a root: lookups stop there, and the campaign aggregate still answers."""
    rng = random.Random(24)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    await _campaign(backend, head, tail, T0)
    if isinstance(backend, RedisSignalBackend):
        client = aioredis.Redis.from_url(redis_url)
        try:
            assert await client.delete(f"{{{redis_prefix}:x}}:p:c1") == 1
        finally:
            await client.aclose()
    else:
        assert isinstance(backend, MemorySignalBackend)
        del backend._parent["c1"]
    assert await backend.campaign_of("c0", T0 + 60) == "c1"
    assert await backend.campaign_of("c1", T0 + 60) is None  # no entry of its own
    view = await backend.observe_cross("c2", published(head, tail, 25.0), T0 + 60)
    assert view.campaign == "c1" and view.campaign_accounts == 3
