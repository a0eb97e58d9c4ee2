"""`simulate --style alt`: a second traffic generator, independent of archetypes.py.

Written to check that detection tuned on the default style is not tuned to its
artefacts. Everything differs: wording (alt_text.py, reasoning asked for in words the
lexicon mostly lacks), timing (heavy-tailed log-normal gaps, office-hours operators,
key-rotating bursts), API shapes (Anthropic messages with `thinking`, Responses API with
`reasoning`), response lengths (gamma, not log-normal), and harvester tactics:

trickle: one key, ~25 a day in office hours, reasoning via `reasoning_effort` only.
swarm: 25 keys on distinct residential addresses, paraphrased prompts, Responses API.
convo_farmer: fabricated two-turn histories before each templated harvest question.
sampler: n=8 samples with top_logprobs 10 (distribution mapping), short outputs.
piggyback: an app's genuine traffic with 15% Anthropic `thinking` harvest inside.
burst_rotator: 10 keys, each used for one burst of ~150 requests then dropped.

Benign archetypes are chosen to be hard: students asking for shown work, writers
getting long outputs, graders using rubrics, coding agents with `thinking` enabled and
long answers, evaluation runs with chain of thought.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from gateway.sim import alt_text as tx
from gateway.sim.archetypes import DAY, Event, Spec

CHAT, MESSAGES, RESPONSES = "/v1/chat/completions", "/v1/messages", "/v1/responses"
Maker = Callable[[random.Random, Spec, float, float], list[Event]]

BENIGN_COUNTS = {
    "casual": 150,
    "student": 40,
    "writer": 20,
    "labeler": 5,
    "translator": 5,
    "coder": 15,
    "evaluator": 5,
}
HARVEST_COUNTS = {"trickle": 5, "convo_farmer": 2, "sampler": 2, "piggyback": 2}
CAMPAIGNS = {"swarm": (2, 25), "burst_rotator": (1, 10)}


def _tokens(s: str) -> int:
    return max(1, round(len(s) / 3.6))


def _reply(rng: random.Random, cap: int | None, mean: float, shape: float = 2.0) -> tuple[int, str]:
    want = max(1, int(rng.gammavariate(shape, mean / shape)))
    limit = cap or 32_000
    return min(want, limit), "length" if want >= limit else "stop"


def _ev(
    rng: random.Random,
    spec: Spec,
    t: float,
    path: str,
    body: dict[str, Any],
    prompt: str,
    mean: float,
    shape: float = 2.0,
) -> Event:
    """One request; `prompt` is all the text the model reads (the whole conversation)."""
    cap = body.get("max_tokens") or body.get("max_output_tokens")
    done, finish = _reply(rng, cap, mean, shape)
    response = {
        "status": 200,
        "text": tx.phrase(rng, 6),
        "reasoning": None,
        "usage": {"prompt_tokens": _tokens(prompt) + 7, "completion_tokens": done},
        "finish_reason": finish,
    }
    return Event(t, spec, rng.choice(spec.ips), body, response, path)


def _chat(model: str, turns: list[str], max_tokens: int | None, **extra: Any) -> dict[str, Any]:
    roles = ("user", "assistant")
    msgs = [{"role": roles[i % 2], "content": c} for i, c in enumerate(turns)]
    body: dict[str, Any] = {"model": model, "messages": msgs, **extra}
    if max_tokens:
        body["max_tokens"] = max_tokens
    return body


def _anthropic(
    turns: list[str], max_tokens: int, thinking: int = 0, **extra: Any
) -> dict[str, Any]:
    body = _chat("claude-sonnet-4", turns, max_tokens, **extra)
    if thinking:
        body["thinking"] = {"type": "enabled", "budget_tokens": thinking}
    return body


# --- timing ------------------------------------------------------------------------


def lognormal_gaps(rng: random.Random, start: float, end: float, per_day: float) -> list[float]:
    """Heavy-tailed gaps with the given mean rate (sigma 1.2: bursts and lulls)."""
    mu = math.log(DAY / per_day) - 0.72  # mean of a log-normal is exp(mu + sigma^2 / 2)
    out: list[float] = []
    t = start + rng.uniform(0, DAY / per_day)
    while t < end and len(out) < 100_000:
        out.append(t)
        t += rng.lognormvariate(mu, 1.2)
    return out


def office_hours(rng: random.Random, start: float, end: float, per_day: float) -> list[float]:
    """An operator's script that runs 9 to 18 in its own time zone, weekdays and all."""
    tz = rng.randint(-10, 10)
    out: list[float] = []
    day = start - start % DAY
    while day < end:
        n = int(rng.gauss(per_day, per_day / 5))
        out += [day + ((rng.uniform(9, 18) - tz) % 24) * 3600 for _ in range(max(n, 0))]
        day += DAY
    return sorted(t for t in out if start <= t < end)


def evening(rng: random.Random, start: float, end: float, per_day: float) -> list[float]:
    tz = rng.randint(-9, 9)
    out: list[float] = []
    day = start - start % DAY
    while day < end:
        for _ in range(max(0, int(rng.expovariate(1 / per_day)))):
            out.append(day + ((rng.gauss(20, 2.0) - tz) % 24) * 3600)
        day += DAY
    return sorted(t for t in out if start <= t < end)


# --- benign ------------------------------------------------------------------------


def casual(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    return _casual(rng, spec, lognormal_gaps(rng, start, end, rng.uniform(2, 12)))


def _casual(rng: random.Random, spec: Spec, times: list[float]) -> list[Event]:
    out: list[Event] = []
    anthropic = rng.random() < 0.3
    for t in times:
        turns = [tx.fill(rng, rng.choice(tx.CASUAL))]
        for _ in range(rng.choice((0, 0, 1, 2, 4))):
            turns += [tx.phrase(rng, rng.randint(15, 60)), tx.fill(rng, "and the {a}?")]
        if rng.random() < 0.06:
            turns[-1] += " Explain your reasoning."
        body = _anthropic(turns, 1024) if anthropic else _chat("gpt-4o", turns, None)
        out.append(_ev(rng, spec, t, MESSAGES if anthropic else CHAT, body, " ".join(turns), 220))
    return out


def student(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in evening(rng, start, end, rng.uniform(4, 25)):
        ask = tx.fill(rng, rng.choice(tx.STUDENT)) + " " + rng.choice(tx.STUDENT_ASKS)
        body = _chat("gpt-4o-mini", [ask], rng.choice((None, 2048)))
        out.append(_ev(rng, spec, t, CHAT, body, ask, rng.uniform(350, 700)))
    return out


def writer(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in lognormal_gaps(rng, start, end, rng.uniform(3, 15)):
        ask = tx.fill(rng, rng.choice(tx.WRITER), n=str(rng.choice((800, 1500, 2500))))
        body = _chat("gpt-4.1", [ask], 4096, temperature=0.9)
        out.append(_ev(rng, spec, t, CHAT, body, ask, 2200, 4.0))
    return out


def labeler(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    frame = rng.choice(tx.LABELER)
    out: list[Event] = []
    for t in office_hours(rng, start, end, rng.uniform(500, 3000)):
        ask = tx.fill(rng, frame)
        out.append(_ev(rng, spec, t, CHAT, _chat("gpt-4o-mini", [ask], 16, temperature=0), ask, 3))
    return out


def translator(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in lognormal_gaps(rng, start, end, rng.uniform(300, 2000)):
        ask = tx.fill(rng, tx.TRANSLATE, r=tx.phrase(rng, rng.randint(60, 400)))
        out.append(_ev(rng, spec, t, CHAT, _chat("gpt-4o", [ask], 2048), ask, _tokens(ask) * 1.2))
    return out


def coder(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    tools = [{"name": n, "input_schema": {"type": "object"}} for n in ("read", "edit", "bash")]
    out: list[Event] = []
    for t0 in office_hours(rng, start, end, rng.uniform(5, 20)):
        turns = [f"Refactor the {tx.noun(rng)} module so the {tx.noun(rng)} tests pass."]
        t = t0
        for _ in range(rng.randint(3, 15)):
            body = _anthropic(turns, 16_000, thinking=8_000, tools=tools)
            out.append(_ev(rng, spec, t, MESSAGES, body, " ".join(turns), 1400))
            turns += ["tool_use edit", "tool_result " + tx.phrase(rng, rng.randint(30, 200))]
            t += rng.uniform(5, 60)
    return out


def evaluator(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for _ in range(rng.randint(1, 3)):
        t = rng.uniform(start, end - DAY / 8)
        for _ in range(rng.randint(300, 2000)):
            t += rng.expovariate(4.0)
            ask = tx.fill(rng, tx.EVAL_COT)
            body = _chat("gpt-4.1", [ask], 1024, temperature=0)
            out.append(_ev(rng, spec, t, CHAT, body, ask, 380, 3.0))
    return out


# --- harvesting --------------------------------------------------------------------


def trickle(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in office_hours(rng, start, end, rng.uniform(15, 35)):
        ask = tx.fill(rng, rng.choice(tx.HARVEST_FRAMES))
        body = _chat("o4-mini", [ask], 16_000, reasoning_effort="high")
        out.append(_ev(rng, spec, t, CHAT, body, ask, 2600, 3.0))
    return out


def swarm_member(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in lognormal_gaps(rng, start, end, rng.uniform(20, 40)):
        ask = tx.paraphrased_harvest(rng)
        body: dict[str, Any] = {"model": "o4-mini", "input": ask, "max_output_tokens": 16_000}
        body["reasoning"] = {"effort": "high"}
        out.append(_ev(rng, spec, t, RESPONSES, body, ask, 2400, 3.0))
    return out


def convo_farmer(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    frame = rng.choice(tx.HARVEST_FRAMES)
    out: list[Event] = []
    for t in lognormal_gaps(rng, start, end, rng.uniform(200, 600)):
        d = rng.choice(tx.DOMAINS)
        history = [s.format(d=d) for s in rng.choice(tx.FAKE_HISTORY)]
        ask = tx.fill(rng, frame, d=d)
        body = _chat("gpt-4.1", [*history, ask], 8192)
        out.append(_ev(rng, spec, t, CHAT, body, " ".join([*history, ask]), 2000))
    return out


def sampler(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in lognormal_gaps(rng, start, end, rng.uniform(800, 2000)):
        ask = tx.fill(rng, "{q}")
        extra = {"n": 8, "logprobs": True, "top_logprobs": 10, "temperature": 1.0}
        out.append(_ev(rng, spec, t, CHAT, _chat("gpt-4.1", [ask], 256, **extra), ask, 120))
    return out


def piggyback(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    """An app's users (many, casual) with a harvest stream of ~15% inside."""
    rate = rng.uniform(300, 900)
    out = _casual(rng, spec, lognormal_gaps(rng, start, end, rate))
    for t in lognormal_gaps(rng, start, end, rate * 0.18):
        ask = tx.fill(rng, rng.choice(tx.HARVEST_FRAMES))
        body = _anthropic([ask], 16_000, thinking=10_000)
        out.append(_ev(rng, spec, t, MESSAGES, body, ask, 2800, 3.0))
    return out


def burst_rotator(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    t = rng.uniform(start, end - DAY / 4)
    frame = tx.HARVEST_FRAMES[spec.params.get("template", 0) % len(tx.HARVEST_FRAMES)]
    for _ in range(rng.randint(100, 200)):
        t += rng.expovariate(1 / 20)
        ask = tx.fill(rng, frame)
        out.append(_ev(rng, spec, t, CHAT, _chat("gpt-4.1", [ask], 8192), ask, 2200))
    return out


BENIGN: dict[str, Maker] = {
    "casual": casual,
    "student": student,
    "writer": writer,
    "labeler": labeler,
    "translator": translator,
    "coder": coder,
    "evaluator": evaluator,
}
HARVESTERS: dict[str, Maker] = {
    "trickle": trickle,
    "swarm": swarm_member,
    "convo_farmer": convo_farmer,
    "sampler": sampler,
    "piggyback": piggyback,
    "burst_rotator": burst_rotator,
}


def specs(rng: random.Random, scenario: str, scale: float) -> list[Spec]:
    """Accounts of the alt style; residential addresses only (no shared subnets to lean on)."""

    def home() -> str:
        a, b, c = rng.randint(60, 220), rng.randint(0, 255), rng.randint(0, 255)
        return f"{a}.{b}.{c}.{rng.randint(2, 250)}"

    raw: list[tuple[str, bool, str | None, tuple[str, ...], dict[str, Any]]] = []
    if scenario in ("mixed", "benign"):
        for arch, n in BENIGN_COUNTS.items():
            raw += [(arch, False, None, (home(),), {}) for _ in range(max(1, round(n * scale)))]
    if scenario in ("mixed", "harvest"):
        for arch, n in HARVEST_COUNTS.items():
            for i in range(max(1, round(n * scale))):
                raw.append((arch, True, f"alt-{arch}-{i + 1}", (home(), home()), {}))
        for arch, (campaigns, members) in CAMPAIGNS.items():
            for c in range(campaigns):
                for _ in range(max(4, round(members * scale))):
                    ips = tuple(home() for _ in range(4))
                    raw.append((arch, True, f"alt-{arch}-{c + 1}", ips, {"template": c}))
    rng.shuffle(raw)
    return [
        Spec(f"user-{i:05d}", arch, harv, camp, f"key-{i:05d}", pool, 1.0, params)
        for i, (arch, harv, camp, pool, params) in enumerate(raw, start=1)
    ]
