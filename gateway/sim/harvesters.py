"""Harvesting archetypes, after public reports of distillation campaigns (2025-2026).

naive: one key, high volume, templated reasoning harvest. low_slow: the same under any
plain limit (~26 requests a day). hydra: a campaign over many keys with shared templates,
shared proxy subnets, load-balanced timing, multilingual sweeps and rubric grading.
logprob_miner: top_logprobs / logit_bias sweeps with one-token answers (weight
extraction). paraphrase: reasoning harvest with no reused template. reseller_mixed: a
harvest stream hidden in a reseller's genuine traffic. All pivot to a newly released
model one day in.
"""

from __future__ import annotations

import random
from typing import Any

from gateway.sim import text
from gateway.sim.archetypes import (
    DAY,
    Event,
    Spec,
    _chat,
    _event,
    poisson_times,
    regular_times,
    reseller,
)

NEW_MODEL = "frontier-2"


def _model(t: float, start: float) -> str:
    return NEW_MODEL if t > start + DAY else "gpt-4.1"


def _harvest_event(
    rng: random.Random,
    spec: Spec,
    t: float,
    start: float,
    prompt: str,
    max_tokens: int,
    median: float,
) -> Event:
    msgs = [{"role": "user", "content": prompt}]
    return _event(rng, spec, t, _chat(_model(t, start), msgs, max_tokens), median, 0.5)


def naive(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    template = rng.randrange(2)
    return [
        _harvest_event(rng, spec, t, start, text.harvest_prompt(rng, "en", template), 8192, 1500)
        for t in poisson_times(rng, start, end, rng.uniform(2000, 4000) * spec.scale)
    ]


def low_slow(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    template = rng.randrange(2)
    lang = rng.choice(("en", "en", "zh", "es"))
    return [
        _harvest_event(rng, spec, t, start, text.harvest_prompt(rng, lang, template), 4096, 1400)
        for t in poisson_times(rng, start, end, rng.uniform(20, 30))
    ]


def hydra_member(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    """One key of a campaign: campaign-wide languages and template, regular spacing."""
    langs: tuple[str, ...] = spec.params["languages"]
    template: int = spec.params["template"]
    out: list[Event] = []
    for i, t in enumerate(regular_times(rng, start, end, rng.uniform(22, 30), 0.15)):
        if rng.random() < 0.2:
            prompt = text.rubric_prompt(rng)
        else:
            prompt = text.harvest_prompt(rng, langs[i % len(langs)], template)
        out.append(_harvest_event(rng, spec, t, start, prompt, 4096, 1300))
    return out


def logprob_miner(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    out: list[Event] = []
    for t in poisson_times(rng, start, end, rng.uniform(1500, 3000) * spec.scale):
        extra: dict[str, Any] = {"logprobs": True, "top_logprobs": 20, "temperature": 0}
        if rng.random() < 0.7:
            extra["logit_bias"] = {
                str(rng.randrange(100_000)): 100 for _ in range(rng.randint(1, 8))
            }
        msgs = [{"role": "user", "content": text.words(rng, rng.randint(3, 12))}]
        out.append(_event(rng, spec, t, _chat(_model(t, start), msgs, 1, **extra), 1, 0.01))
    return out


def paraphrase(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    return [
        _harvest_event(
            rng, spec, t, start, text.paraphrase_prompt(rng), rng.choice((4096, 8192)), 1300
        )
        for t in poisson_times(rng, start, end, rng.uniform(400, 1200) * spec.scale)
    ]


def reseller_mixed(rng: random.Random, spec: Spec, start: float, end: float) -> list[Event]:
    """A reseller's genuine stream with a templated harvest stream (about 1 in 5) inside."""
    benign = reseller(rng, spec, start, end)
    rate = len(benign) / max((end - start) / DAY, 1e-9) * 0.25
    template = rng.randrange(2)
    harvest = [
        _harvest_event(rng, spec, t, start, text.harvest_prompt(rng, "en", template), 4096, 1300)
        for t in poisson_times(rng, start, end, rate)
    ]
    return benign + harvest


HARVESTERS = {
    "naive": naive,
    "low_slow": low_slow,
    "hydra": hydra_member,
    "logprob_miner": logprob_miner,
    "paraphrase": paraphrase,
    "reseller_mixed": reseller_mixed,
}
