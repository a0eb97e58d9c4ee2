from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from gateway.facts import Account, RequestFacts
from gateway.signals import MemorySignalBackend, SignalEngine, fingerprint
from gateway.signals.score import COHORT_MIN, THRESHOLD, explain, score
from gateway.signals.state import MATCH_BITS
from gateway.sim import text
from tests.support.facts import chat_facts, published

T0 = 1_763_942_400.0


async def _harvest(
    engine: SignalEngine,
    acct: str,
    n: int,
    t: float,
    ip: str,
    rng: random.Random,
    gap: float = 3300.0,
) -> list[dict[str, float]]:
    out = []
    for i in range(n):
        f = chat_facts(f"{acct}-{i}", text.harvest_prompt(rng, "en", 0), ip, max_tokens=8192)
        out.append(await engine.observe(Account(acct), f, t + i * gap))
        await engine.settle(Account(acct), f, 1500, "stop", t + i * gap + 30)
    return out


async def test_templated_reasoning_harvest_at_a_pipelines_pace_crosses_point_eight() -> None:
    """A request a minute, each a templated reasoning ask with a 1,500-token trace: pipeline
    volume, flagged within the hour. Twenty-six a day (one key of a slow campaign) is what
    a person thinking hard with a reasoning model sends, and takes days on its own."""
    engine = SignalEngine(MemorySignalBackend())
    sig = await _harvest(engine, "h", 70, T0, "45.1.1.9", random.Random(1), gap=60.0)
    first = next(i for i, s in enumerate(sig) if s["harvest_score"] > 0.8)
    assert first <= 60
    assert sig[-1]["template_reuse"] > 0.8
    assert sig[-1]["reasoning_share"] == 1.0
    assert next(name for name, _ in engine.explain(sig[-1])) == "reasoning_share"
    slow = await _harvest(
        SignalEngine(MemorySignalBackend()), "s", 26, T0, "45.1.1.8", random.Random(1)
    )
    assert max(s["harvest_score"] for s in slow) < 0.8


async def test_chat_user_asking_step_by_step_in_long_conversations_stays_low() -> None:
    engine = SignalEngine(MemorySignalBackend())
    rng = random.Random(2)
    msgs: list[dict[str, str]] = []
    worst = 0.0
    for i in range(200):
        ask = text.human_prompt(rng, 0.3) if i % 5 == 0 else text.follow_up(rng)
        msgs = (
            [{"role": "user", "content": ask}]
            if i % 5 == 0
            else [*msgs, {"role": "assistant", "content": "ok"}, {"role": "user", "content": ask}]
        )
        f = chat_facts(f"c-{i}", ask, "73.2.2.2", messages=msgs)
        s = await engine.observe(Account("chat"), f, T0 + i * 600)
        await engine.settle(Account("chat"), f, 400, "stop", T0 + i * 600 + 10)
        worst = max(worst, s["harvest_score"])
    assert worst < 0.3


async def test_quiet_accounts_sharing_a_template_form_one_campaign() -> None:
    engine = SignalEngine(MemorySignalBackend())
    rng = random.Random(3)
    last: dict[str, float] = {}
    # Round-robin, one request per account per ~hour: each account stays quiet. The keys
    # share a rented /24; from lines of their own they would link only with more volume.
    for rnd in range(8):
        for k in range(6):
            acct = f"hydra-{k}"
            f = chat_facts(
                f"{acct}-{rnd}", text.harvest_prompt(rng, "en", 1), f"45.9.9.{k}", max_tokens=4096
            )
            now = T0 + rnd * 3600 + k * 600
            last = await engine.observe(Account(acct), f, now)
            await engine.settle(Account(acct), f, 1400, "stop", now + 20)
    campaign = await engine.campaign_of(Account("hydra-0"), T0 + 9 * 3600)
    assert campaign is not None
    assert await engine.campaign_of(Account("hydra-5"), T0 + 9 * 3600) == campaign
    assert last["campaign_accounts"] >= 5
    assert last["fingerprint_accounts"] >= 5
    assert last["campaign_score"] > 0.8
    assert last["campaign_cusum"] > THRESHOLD


def _one_band_of(tail: int, rng: random.Random) -> int:
    """A tail that agrees with `tail` on its lowest band only, and is far from it."""
    low = (1 << fingerprint.BAND_BITS) - 1
    while True:
        other = rng.getrandbits(64) & ~low | tail & low
        diff = other ^ tail
        bands = [diff >> (fingerprint.BAND_BITS * i) & low for i in range(1, fingerprint.BANDS)]
        if all(bands) and diff.bit_count() > MATCH_BITS:
            return other


async def test_a_common_band_alone_does_not_link_but_the_same_template_does() -> None:
    """seed 3's developer: link-eligible on a template of its own, its tail shared one band
    value with a campaign's (by chance), and that alone linked it to the campaign."""
    backend = MemorySignalBackend()
    rng = random.Random(7)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    for k in range(3):  # a campaign: one template, evidence of their own
        view = await backend.observe_cross(f"camp-{k}", published(head, tail, 25.0), T0 + k)
    campaign = view.campaign
    assert campaign is not None and view.campaign_accounts == 3
    # Many accounts without evidence publish prompts sharing that band value: a hub.
    for k in range(40):
        hub = published(rng.getrandbits(64), _one_band_of(tail, rng), 1.0)
        await backend.observe_cross(f"user-{k}", hub, T0 + 10 + k)
    dev = await backend.observe_cross(
        "dev", published(rng.getrandbits(64), _one_band_of(tail, rng), 12.4), T0 + 60
    )
    # The band value is common, but no template: nobody counts as sharing one with dev
    # (only its own fresh band values count it), and it links nobody.
    assert dev.fingerprint_accounts == 1
    assert dev.campaign is None
    assert await backend.campaign_of("dev", T0 + 60) is None
    assert score(12.4) < 0.8  # so nothing lends it a score above the bar
    # The same template, a few bits off in the tail and any head, still links.
    near = tail ^ (1 << 3 | 1 << 21 | 1 << 50)
    joined = await backend.observe_cross(
        "camp-3", published(rng.getrandbits(64), near, 12.4), T0 + 70
    )
    assert joined.campaign == campaign and joined.campaign_accounts == 4


async def test_campaign_for_reports_the_link_seen_at_observe() -> None:
    engine = SignalEngine(MemorySignalBackend())
    f = chat_facts("solo-1", "hello there", "10.0.0.1")
    await engine.observe(Account("solo"), f, T0)
    assert engine.campaign_for("solo-1") is None
    assert engine.campaign_for("never-seen") is None


async def test_settle_without_observe_books_volume_only() -> None:
    engine = SignalEngine(MemorySignalBackend())
    f = chat_facts("x-1", "hello", "10.0.0.1")
    await engine.settle(Account("x"), f, 100, "stop", T0)  # unknown account: no error
    await engine.observe(Account("x"), chat_facts("x-2", "hello", "10.0.0.1"), T0 + 1)
    await engine.settle(Account("x"), f, 100, "stop", T0 + 2)
    s = await engine.observe(Account("x"), chat_facts("x-3", "hello", "10.0.0.1"), T0 + 3)
    assert s["completion_tokens"] > 99
    assert s["cusum"] == 0.0


async def test_running_entropies_match_a_full_recount() -> None:
    """hour_spread and template_entropy are kept incrementally; a recount must agree,
    across the hour histogram's halving and template slot evictions."""
    from gateway.signals import state
    from gateway.signals.state import ObserveInput

    backend = MemorySignalBackend()
    rng = random.Random(4)
    view = None
    for i in range(3 * state.HOURS_CAP):
        hour = 7 if rng.random() < 0.8 else rng.randrange(24)
        head = rng.getrandbits(64) if rng.random() < 0.5 else 0
        inp = ObserveInput(
            head, head, 10, 0.0, 0.0, True, 1, "1.2.3.4", "1.2.3.0/24", hour, 6, False
        )
        view = await backend.observe_account("a", inp, T0 + i)
    assert view is not None
    acct = backend._acct["a"]
    assert max(acct.hours) <= state.HOURS_CAP
    hours = [float(h) for h in acct.hours]
    assert view.hour_spread == pytest.approx(state.normalized_entropy(hours, 24), abs=1e-9)
    counts = [e.count for e in acct.tpl]
    assert len(counts) == state.TEMPLATE_SLOTS
    want = state.normalized_entropy(counts, state.TEMPLATE_SLOTS)
    assert view.template_entropy == pytest.approx(want, abs=1e-9)


def _proxy_pool(k: int, rnd: int) -> str:
    """Each request leaves through another exit of a residential proxy pool."""
    return f"81.{(7 * k + rnd) % 250}.{rnd % 200}.4"


def _own_line(k: int, rnd: int) -> str:
    return f"81.{k}.3.4"


async def _script(
    engine: SignalEngine,
    keys: int,
    rounds: int,
    model: Any,
    ip: Callable[[int, int], str] = _proxy_pool,
    prompt_of: Callable[[int, int], str] = lambda k, rnd: (
        f"Explain step by step: question {rnd} of batch {k}, about primes."
    ),
) -> dict[str, Any]:
    """Keys driven by one script: a reasoning ask on a new question each time, a moderate
    answer, a few requests a day per key. Returns each key's last signals."""
    last: dict[str, Any] = {}
    for rnd in range(rounds):
        for k in range(keys):
            prompt = prompt_of(k, rnd)
            f = chat_facts(f"s{k}-{rnd}", prompt, ip(k, rnd), max_tokens=2000, model=model(k))
            now = T0 + rnd * 3000 + k * 60
            last[f"s{k}"] = await engine.observe(Account(f"s{k}"), f, now)
            await engine.settle(Account(f"s{k}"), f, 450, "stop", now + 20)
    return last


async def test_mild_keys_calling_one_way_add_up_as_a_cohort() -> None:
    """Each key is too mild to score on its own (its CUSUM stays near 0), but twelve keys
    calling the same way are suspects of one cohort and score together; the same traffic
    from one key, or from keys that call differently (other models), scores nothing."""
    many = await _script(SignalEngine(MemorySignalBackend()), 12, 30, lambda k: "m")
    for sig in many.values():
        assert sig["cusum"] < 2.0
        assert sig["cohort_accounts"] >= COHORT_MIN
        assert sig["harvest_score"] == sig["cohort_score"] > 0.8
        assert ("cohort", round(2 * sig["cohort_score"], 3)) in explain(sig)
    alone = await _script(SignalEngine(MemorySignalBackend()), 1, 30, lambda k: "m")
    assert alone["s0"]["cohort_cusum"] > 8.0
    assert alone["s0"]["cohort_score"] == 0.0 and alone["s0"]["harvest_score"] < 0.5
    apart = await _script(SignalEngine(MemorySignalBackend()), 12, 30, lambda k: f"m{k}")
    assert {sig["cohort_accounts"] for sig in apart.values()} == {1.0}
    assert max(sig["harvest_score"] for sig in apart.values()) < 0.5


async def test_a_cohort_needs_a_campaigns_network() -> None:
    """Twelve people who call the same way, each from a line of their own, are no cohort
    however alike their questions; the same keys packed onto one /24 are."""
    people = await _script(SignalEngine(MemorySignalBackend()), 12, 30, lambda k: "m", _own_line)
    for sig in people.values():
        assert sig["cohort_accounts"] >= COHORT_MIN and sig["distinct_subnets"] == 1
        assert sig["cohort_score"] == 0.0 and sig["harvest_score"] < 0.5
        assert sig["loose_cohort_score"] > 0.8  # for review: they do call alike
    packed = await _script(
        SignalEngine(MemorySignalBackend()), 12, 30, lambda k: "m", lambda k, rnd: f"81.9.9.{k}"
    )
    for sig in packed.values():
        assert sig["subnet_accounts"] == 12 and sig["distinct_subnets"] == 1
        assert sig["harvest_score"] == sig["cohort_score"] > 0.8


_SWEEP = (
    "Explain step by step: what is question {rnd} of batch {k}, about the primes?",
    "Explica paso a paso: la pregunta {rnd} del lote {k}, sobre los primos.",
    "Explique étape par étape : la question {rnd} du lot {k}, sur les nombres premiers.",
    "Erkläre Schritt für Schritt: die Frage {rnd} der Serie {k}, über die Primzahlen.",
)


async def test_a_cohort_sweeping_languages_scores_from_lines_of_its_own() -> None:
    """The issue's multilingual sweep: keys on lines of their own asking one question set
    across four languages are a cohort that scores; the same keys in two languages are
    people calling alike."""
    for languages, scored in ((4, True), (2, False)):
        keys = await _script(
            SignalEngine(MemorySignalBackend()),
            12,
            30,
            lambda k: "m",
            _own_line,
            lambda k, rnd, n=languages: _SWEEP[(k + rnd) % n].format(k=k, rnd=rnd),
        )
        for sig in keys.values():
            assert sig["languages"] == languages and sig["distinct_subnets"] == 1
            assert sig["loose_cohort_score"] > 0.8
            if scored:
                assert sig["harvest_score"] == sig["cohort_score"] > 0.8
            else:
                assert sig["cohort_score"] == 0.0 and sig["harvest_score"] < 0.5


async def test_a_shape_the_crowd_uses_is_no_cohort() -> None:
    """The same twelve keys, calling the way forty people in conversations also call:
    suspects are under COHORT_SHARE of the shape's users, so nobody is scored by it."""
    engine = SignalEngine(MemorySignalBackend())
    for k in range(40):
        turns = [{"role": "user", "content": f"hi {k}"}, {"role": "assistant", "content": "hello"}]
        f = chat_facts(f"p{k}", f"and then {k}?", f"90.{k}.1.1", max_tokens=2000, model="m")
        f.body["messages"] = [*turns, {"role": "user", "content": f"and then {k}?"}]
        await engine.observe(Account(f"p{k}"), f, T0 + k)
        await engine.settle(Account(f"p{k}"), f, 200, "stop", T0 + k + 5)
    crowd = await _script(engine, 12, 30, lambda k: "m")
    for sig in crowd.values():
        assert sig["cohort_accounts"] >= COHORT_MIN and sig["cohort_users"] == 52
        assert sig["cohort_score"] == 0.0 and sig["harvest_score"] < 0.5


def _logprob_calls(
    n: int,
    prompt_of: Any,
    *,
    top_logprobs: int,
    max_tokens: int,
    bias_of: Any = lambda i: None,
) -> list[RequestFacts]:
    """n chat requests with logprobs and top_logprobs, request i asking prompt_of(i) with
    the logit_bias bias_of(i) (None: no logit_bias)."""
    calls = []
    for i in range(n):
        prompt, bias = prompt_of(i), bias_of(i)
        body: dict[str, Any] = {"messages": [{"role": "user", "content": prompt}]}
        if bias is not None:
            body["logit_bias"] = bias
        calls.append(
            RequestFacts(
                request_id=f"r{i}",
                api="openai",
                path="/v1/chat/completions",
                prompt_text=prompt,
                client_ip="34.1.1.1",
                prompt_tokens=12,
                body=body,
                logprobs=True,
                top_logprobs=top_logprobs,
                logit_bias=bias is not None,
                max_tokens=max_tokens,
            )
        )
    return calls


async def _signals_after(
    account: str, requests: list[RequestFacts], completion_tokens: int, finish: str
) -> dict[str, float]:
    """Observe and settle each request 30 s apart; the last request's signals."""
    engine = SignalEngine(MemorySignalBackend())
    sig: dict[str, float] = {}
    for i, f in enumerate(requests):
        sig = await engine.observe(Account(account), f, T0 + i * 30)
        await engine.settle(Account(account), f, completion_tokens, finish, T0 + i * 30 + 1)
    return sig


async def test_a_classifier_pinning_its_labels_is_no_logit_bias_sweep() -> None:
    """logit_bias on the same label tokens every time, top_logprobs 5, one token out: a
    classifier; the same calls moving the bias from token to token: extraction."""

    def calls(bias_of: Any) -> list[RequestFacts]:
        ticket = "Ticket {}: refund? yes/no".format
        return _logprob_calls(200, ticket, top_logprobs=5, max_tokens=1, bias_of=bias_of)

    pinned = await _signals_after("clf", calls(lambda i: {"9891": 100, "2201": 100}), 1, "length")
    assert pinned["logprob_probing"] == 0.4 and pinned["harvest_score"] < 0.5
    sweep = await _signals_after("clf", calls(lambda i: {str(1000 + i): 100}), 1, "length")
    assert sweep["logprob_probing"] == 1.0 and sweep["harvest_score"] > 0.8


async def test_top_logprobs_on_one_token_answers_is_a_calibration_read_not_a_copy() -> None:
    """The same top-20 sweep over 200 questions: on a one-letter answer it reads the
    model's confidence (a calibration study), on 400-token answers it copies the
    distribution along each answer."""
    question = "Question {}: which option is correct? A, B, C or D".format
    one_letter = _logprob_calls(200, question, top_logprobs=20, max_tokens=1)
    calibration = await _signals_after("lab", one_letter, 1, "stop")
    assert calibration["logprob_probing"] == 0.7 and calibration["harvest_score"] < 0.5
    long_answers = _logprob_calls(200, question, top_logprobs=20, max_tokens=512)
    soft_labels = await _signals_after("lab", long_answers, 400, "stop")
    assert soft_labels["harvest_score"] > 0.8


async def test_an_extractor_cycling_a_few_bias_sets_at_a_time_is_still_a_sweep() -> None:
    """logit_bias over three token sets at a time, moving on every 30 requests, and plain
    top-20 reads in between, one token out: each set repeats (a classifier's habit) but
    the account keeps moving across the vocabulary. Pinning two label sets for good stays
    a classifier."""

    def calls(bias_of: Any) -> list[RequestFacts]:
        word = "The {}th word of the sentence".format
        return _logprob_calls(300, word, top_logprobs=20, max_tokens=1, bias_of=bias_of)

    def cycling(i: int) -> dict[str, int] | None:
        if i % 4 == 0:
            return None
        window = 1000 + (i // 30) * 10
        return {str(window + k): 100 for k in range(i % 3 + 1)}

    sweep = await _signals_after("x", calls(cycling), 1, "length")
    assert sweep["harvest_score"] > 0.8
    pinned = await _signals_after("x", calls(lambda i: {"32": 100, "33": 100}), 1, "length")
    assert pinned["harvest_score"] < 0.5
