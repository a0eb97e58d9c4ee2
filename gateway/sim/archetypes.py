"""Traffic archetypes: each turns an account spec into timed request/response events.

Benign archetypes are made deliberately hard: chat users sometimes ask for step-by-step
answers, batch jobs and RAG backends reuse fixed templates, benchmark runs are templated
bursts (some chain-of-thought, some reading logprobs), resellers span many IPs and
languages, offices and clouds put unrelated accounts in one /24.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gateway.sim import text

DAY = 86_400.0
CHAT_PATH = "/v1/chat/completions"


@dataclass(frozen=True, slots=True)
class Spec:
    account: str
    archetype: str
    harvester: bool
    campaign: str | None
    key_id: str
    ips: tuple[str, ...]
    scale: float = 1.0
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Event:
    ts: float
    spec: Spec
    ip: str
    request: dict[str, Any]
    response: dict[str, Any]
    path: str = CHAT_PATH


def tokens_of(s: str) -> int:
    return max(1, len(s.encode()) // 4)


def _prompt_tokens(messages: list[dict[str, Any]]) -> int:
    return sum(tokens_of(str(m.get("content", ""))) + 4 for m in messages)


def respond(
    rng: random.Random, max_tokens: int | None, median: float, spread: float = 0.5
) -> dict[str, Any]:
    want = int(rng.lognormvariate(math.log(median), spread)) + 1
    cap = max_tokens if max_tokens else 16_384
    done = min(want, cap)
    return {
        "status": 200,
        "text": text.reply_stub(rng),
        "reasoning": None,
        "usage": {"prompt_tokens": 0, "completion_tokens": done},
        "finish_reason": "length" if want >= cap else "stop",
    }


def _event(
    rng: random.Random,
    spec: Spec,
    ts: float,
    req: dict[str, Any],
    median: float,
    spread: float = 0.5,
) -> Event:
    resp = respond(rng, req.get("max_tokens"), median, spread)
    msgs = req.get("messages") or [{"content": req.get("prompt", "")}]
    resp["usage"]["prompt_tokens"] = _prompt_tokens(msgs)
    return Event(ts, spec, rng.choice(spec.ips), req, resp)


def _chat(
    model: str, messages: list[dict[str, Any]], max_tokens: int | None, **extra: Any
) -> dict[str, Any]:
    req: dict[str, Any] = {"model": model, "messages": messages}
    if max_tokens:
        req["max_tokens"] = max_tokens
    req.update(extra)
    return req


# --- timing ---------------------------------------------------------------------------


def poisson_times(rng: random.Random, start: float, end: float, per_day: float) -> list[float]:
    out: list[float] = []
    if per_day <= 0:
        return out  # a rate scaled down to nothing: expovariate(0) divides by zero
    t = start + rng.expovariate(per_day / DAY)
    while t < end and len(out) < 200_000:
        out.append(t)
        t += rng.expovariate(per_day / DAY)
    return out


def diurnal_times(
    rng: random.Random, start: float, end: float, per_day: float, tz: int
) -> list[float]:
    """Session starts during the user's waking hours (local 8-23)."""
    out: list[float] = []
    day = start - (start % DAY)
    while day < end:
        for _ in range(max(0, int(rng.gauss(per_day, per_day / 3)))):
            t = day + (rng.uniform(8, 23) - tz) % 24 * 3600
            if start <= t < end:
                out.append(t)
        day += DAY
    return sorted(out)


def regular_times(
    rng: random.Random, start: float, end: float, per_day: float, jitter: float
) -> list[float]:
    step = DAY / per_day
    t = start + rng.uniform(0, step)
    out: list[float] = []
    while t < end and len(out) < 200_000:
        out.append(t)
        t += step * rng.uniform(1 - jitter, 1 + jitter)
    return out


# --- benign ---------------------------------------------------------------------------


def chat_user(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t0 in diurnal_times(rng, start, end, rng.uniform(1, 6) * spec.scale, rng.randint(-8, 9)):
        messages: list[dict[str, Any]] = []
        t = t0
        for turn in range(rng.randint(1, 8)):
            ask = text.human_prompt(rng, 0.08) if turn == 0 else text.follow_up(rng)
            messages = [*messages, {"role": "user", "content": ask}]
            mt = rng.choice((None, None, 1024, 2048, 4096))
            ev = _event(rng, spec, t, _chat("gpt-4o", messages, mt), 250, 0.8)
            out.append(ev)
            messages = [
                *messages,
                {"role": "assistant", "content": text.words(rng, rng.randint(20, 60))},
            ]
            t += rng.uniform(20, 240)
    return out


def developer(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t0 in diurnal_times(rng, start, end, rng.uniform(5, 25) * spec.scale, rng.randint(-8, 9)):
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": "You are a coding assistant."}
        ]
        t = t0
        for turn in range(rng.choice((1, 1, 2, 3, 5))):
            ask = text.code_prompt(rng) if turn == 0 else text.follow_up(rng)
            messages = [*messages, {"role": "user", "content": ask}]
            out.append(
                _event(
                    rng,
                    spec,
                    t,
                    _chat("gpt-4.1", messages, rng.choice((2048, 4096, None))),
                    450,
                    0.7,
                )
            )
            messages = [*messages, {"role": "assistant", "content": text.CODE_SNIPPETS[turn % 4]}]
            t += rng.uniform(30, 600)
    return out


def batch_job(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    template = rng.randrange(len(text.BATCH_TEMPLATES))
    use_logprobs = rng.random() < 0.4
    rate = rng.uniform(200, 1500) * spec.scale
    if rng.random() < 0.5:
        times = regular_times(rng, start, end, rate, 0.05)
    else:
        times = poisson_times(rng, start, end, rate)
    out: list[Event] = []
    for t in times:
        extra: dict[str, Any] = {"temperature": 0}
        if use_logprobs:
            extra.update(logprobs=True, top_logprobs=rng.choice((1, 2, 3)))
        msgs = [{"role": "user", "content": text.batch_prompt(rng, template)}]
        out.append(
            _event(
                rng,
                spec,
                t,
                _chat("gpt-4o-mini", msgs, rng.choice((16, 64, 256)), **extra),
                25,
                0.6,
            )
        )
    return out


def rag_backend(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    system = f"You are the support assistant of {text.words(rng, 2)}. Answer only from the context."
    out: list[Event] = []
    for t in poisson_times(rng, start, end, rng.uniform(150, 900) * spec.scale):
        context = text.rag_context(rng, rng.randint(2, 5))
        user = f"Context:\n{context}\n\nQuestion: {text.rag_question(rng)}"
        msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        out.append(_event(rng, spec, t, _chat("gpt-4o", msgs, 512), 180, 0.5))
    return out


def benchmark(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    """One or two eval runs: a templated burst, chain-of-thought or logprob-scored."""
    out: list[Event] = []
    for _ in range(rng.choice((1, 1, 2))):
        t = rng.uniform(start, end - DAY / 4)
        kind = rng.choice(("cot", "mc", "mc_logprobs"))
        for _ in range(int(rng.uniform(200, 1500) * min(spec.scale, 1.0) + 50)):
            t += rng.expovariate(2.0)
            msgs = [{"role": "user", "content": text.benchmark_prompt(rng, kind == "cot")}]
            if kind == "cot":
                out.append(
                    _event(
                        rng,
                        spec,
                        t,
                        _chat("gpt-4.1", msgs, rng.choice((512, 1024)), temperature=0),
                        230,
                        0.4,
                    )
                )
            else:
                extra: dict[str, Any] = {"temperature": 0}
                if kind == "mc_logprobs":
                    extra.update(logprobs=True, top_logprobs=5)
                out.append(_event(rng, spec, t, _chat("gpt-4.1", msgs, 1, **extra), 1, 0.01))
    return out


def agent(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    tools = [
        {"type": "function", "function": {"name": n, "parameters": {}}}
        for n in ("search", "sheet", "book")
    ]
    out: list[Event] = []
    for t0 in poisson_times(rng, start, end, rng.uniform(10, 60) * spec.scale):
        messages: list[dict[str, Any]] = [{"role": "user", "content": text.agent_task(rng)}]
        t = t0
        for _ in range(rng.randint(2, 8)):
            out.append(_event(rng, spec, t, _chat("gpt-4.1", messages, 1024, tools=tools), 90, 0.6))
            messages = [
                *messages,
                {"role": "assistant", "content": "calling tool"},
                {"role": "tool", "content": text.words(rng, rng.randint(20, 120))},
            ]
            t += rng.uniform(1, 8)
    return out


def reseller(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    """Many end users behind one key: diverse prompts, languages, IPs, some step-by-step."""
    out: list[Event] = []
    for t in poisson_times(rng, start, end, rng.uniform(300, 1200) * spec.scale):
        msgs = [{"role": "user", "content": text.human_prompt(rng, 0.1)}]
        if rng.random() < 0.5:
            msgs = [
                {"role": "user", "content": text.human_prompt(rng, 0.0)},
                {"role": "assistant", "content": text.words(rng, 30)},
                *msgs,
            ]
        out.append(
            _event(rng, spec, t, _chat("gpt-4o", msgs, rng.choice((None, 1024, 4096))), 300, 0.8)
        )
    return out


BENIGN: dict[str, Callable[[random.Random, Spec, float, float], list[Event]]] = {
    "chat": chat_user,
    "developer": developer,
    "batch": batch_job,
    "rag": rag_backend,
    "benchmark": benchmark,
    "agent": agent,
    "reseller": reseller,
}
