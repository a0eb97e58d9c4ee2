"""harvest_score: a CUSUM of per-request evidence, mapped to [0, 1].

Each settled request adds an evidence increment (a hand-set log-likelihood-ratio-like
sum of the weighted terms below) minus a constant drift DRIFT. The account keeps
S = max(0, S + increment), decayed with a 7-day half-life, as a one-sided CUSUM test:
benign traffic has negative expected increment, so S hovers near 0 and only a stream
that keeps looking like harvesting accumulates it. A slow account still crosses: S
does not depend on the rate, only on how many harvest-like requests it made.

The same CUSUM runs per template cluster inside the account (a harvest template mixed
into a reseller's benign stream accumulates on its own) and per campaign (the sum over
linked accounts: 50 quiet accounts add up to one loud one).

    score(S) = 1 - 0.2 ** (S / THRESHOLD)    so score > 0.8  <=>  S > THRESHOLD

Content alone does not tell a harvester from a person: people who think hard with a
reasoning model ask for long step-by-step answers, single-turn, every day, as a careful
harvester does. What a person cannot do is read hundreds of them a day, or send them
from hosts shared with other keys or through a rotating proxy pool. So long answers
count toward the account's own CUSUM only next to such intent (`increments`).

A third view catches campaigns that share no templates: the cohort. Each account also
keeps a CUSUM with a lower drift, COHORT_DRIFT, in which coerced reasoning always counts
as intent: it grows on traffic that is mildly harvest-like on average, which plenty of
people send. An account whose low-drift CUSUM passes COHORT_SUSPECT is a suspect of its
cohort, the accounts calling the same way (features.request_shape); once a cohort holds
COHORT_MIN suspects within a day, and they are COHORT_SHARE of the accounts calling that
way, each suspect that calls from a campaign's kind of network (`networked`), or that
writes in SWEEP_LANGUAGES languages (a multilingual sweep), is scored by its own low-drift
CUSUM. One person with a harvest-like habit is no cohort, nor are many people on lines
of their own who happen to call alike; many keys driven by one script through shared
hosts or a proxy pool are, and so are keys sweeping one question set across languages.

THRESHOLD is set from benign traffic only (docs/detection.md): the largest S any benign
account of the calibration run reached, times a safety margin.

Terms marked "x richness" only count when the output itself is worth harvesting (long
or truncated completions): benign batch jobs and benchmarks reuse templates too, but
for short answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter

THRESHOLD = 20.0
CAMPAIGN_THRESHOLD = 40.0
LINK_CUSUM = 12.0
"""An account links to others sharing a template only with this much evidence of its own."""
LINK_SUBNET_CUSUM = THRESHOLD
"""Subnets are shared by offices and clouds: linking through one needs a flag of one's own."""
DRIFT = 2.0
COHORT_DRIFT = 1.4
"""Drift of the cohort CUSUM: it grows on traffic that is harvest-like on average but
too mild to act on alone (single-turn questions, answers of a few hundred tokens)."""
COHORT_SUSPECT = 8.0
"""Cohort CUSUM at which an account is a suspect of its cohort (score 0.8 there)."""
COHORT_MIN = 10
"""Suspects a cohort needs within a day before any of them is scored by it."""
COHORT_SHARE = 0.3
"""...and the share of the shape's users they must make up: a shape many people use
(an SDK's defaults) holds suspects by the hundred at scale, a script's shape is its own."""

SWEEP_LANGUAGES = 4
"""Languages (fingerprint.LANGUAGES, "other" included) an account has written in that make
it a multilingual sweep for the cohort: one question set asked across languages, which
campaigns do (the issue's public reports) and a person on a line of their own does not.
Four, not three: a stray stopword ("die", "es") or a prompt with none ("other") adds a
language to a person writing one."""
NETWORK_SHARED_ACCOUNTS = 2
NETWORK_ROTATION_SUBNETS = 4
"""A campaign's network (`networked`): a subnet the account shares with this many accounts
(keys packed onto a few hosts) or a rotation over this many subnets of its own (a proxy
pool). A person reaches the API from a line or two of their own."""

W_ELICIT = 1.6  # coerced reasoning or rubric grading, x0.4..1 as the output grows to 800
W_LONG = 1.2  # completion 400 -> 1200 tokens
W_RATIO = 0.8  # completion/prompt 3 -> 12, x completion 200 -> 800
W_SATURATED = 0.6  # finish_reason "length": the client asked for more than it got
W_MAX_TOKENS = 0.3  # max_tokens 2048 -> 8192
W_SINGLE = 0.4  # one-shot request
W_CONVERSATION = -0.8  # turns 2 -> 6: a person in a dialogue
W_PROBING = 3.0  # top_logprobs sweeps, logit_bias; x tokens copied unless the bias sweeps
W_TEMPLATE = 1.0  # x richness: reused own template
W_SHARED = 1.0  # x richness: template reused by 2 -> 8 accounts
W_SUBNET = 0.3  # x richness: subnet shared by 3 -> 10 accounts
W_REGULAR = 0.3  # x richness: inter-arrival CV below 0.5
W_MULTILINGUAL = 0.4  # x elicitation: 2 -> 4 languages
W_CAPPED = -0.8  # x elicitation: reasoning asked for under max_tokens <= 1024 (evals, not traces)
W_TOOLS = -1.5  # tool definitions: an agent at work, not a question-answer pair being collected
CAPPED_MAX_TOKENS = 1024
PROBE_TOKENS_LO, PROBE_TOKENS_HI = 4, 64
"""Completion tokens over which a logprob or sampling sweep without a moving logit_bias
goes from reading one answer's confidence (calibration, multiple-choice evals: a token or
three) to copying the model's distribution along a whole answer."""
VOLUME_LO, VOLUME_HI = 25.0, 120.0
"""Decayed request count (about a day's worth) over which volume alone shows intent."""


@dataclass(slots=True)
class Evidence:
    """What the increment of one request depends on, known at observe time."""

    elicitation: float
    probing: float
    single_turn: bool
    turns: int
    max_tokens: int
    prompt_tokens: int
    template_match: bool
    fingerprint_accounts: int
    subnet_accounts: int
    timing_cv: float
    languages: int
    has_tools: bool = False
    volume: float = 0.0
    """The account's decayed request count (half-life a day) when the request arrived."""
    common_prompt: bool = False
    """Other accounts sent this very prompt lately: a shared task (a class, a benchmark,
    a popular question), not a dataset being covered."""
    echo: bool = False
    """A legacy completion with `echo`: its logprobs cover the prompt's tokens too."""
    networked: bool = False
    """The account calls from a campaign's kind of network (`networked`)."""
    bias_sweep: bool = False
    """The account's logit_bias is moving across the vocabulary (engine.bias_sweep_of),
    which is how logits are extracted one token at a time."""


def ramp(x: float, lo: float, hi: float) -> float:
    if x <= lo:
        return 0.0
    if x >= hi:
        return 1.0
    return (x - lo) / (hi - lo)


def increments(
    ev: Evidence, completion_tokens: int, finish_reason: str | None
) -> tuple[float, float]:
    """Net CUSUM steps for one settled request, (own, cohort): how it was made, plus what
    it asked for and got, minus each CUSUM's drift.

    They differ in what counts as intent, which turns long answers into harvest evidence:
    for the account's own CUSUM, probing, pipeline volume, or coerced reasoning sent from
    a campaign's network (`networked`); for the cohort CUSUM, coerced reasoning wherever
    it comes from, since a cohort's score itself needs many keys calling the same way
    from such a network, or sweeping languages (SWEEP_LANGUAGES)."""
    z = _manner(ev, completion_tokens)
    if ev.common_prompt:
        # A harvest pays for coverage: it does not buy the answer to a question others
        # are asking too. How the request was made (probing, a dialogue, tools) counts
        # whatever the question.
        return z - DRIFT, z - COHORT_DRIFT
    base, gated = _content(ev, completion_tokens, finish_reason)
    # Long answers are what writers, coding assistants and people thinking hard with a
    # reasoning model get too, and a person does ask for step-by-step answers every day.
    # They count as harvest evidence only next to something that says "dataset":
    # probing, pipeline volume (nobody reads hundreds of long answers a day), or coerced
    # reasoning from hosts shared with other keys or a rotating proxy pool.
    intent = _intent(ev.probing, ev.volume, ev.elicitation, ev.networked)
    own = z + base + intent * gated - DRIFT
    cohort = z + base + max(intent, ev.elicitation) * gated - COHORT_DRIFT
    return own, cohort


def _intent(probing: float, volume: float, elicitation: float, on_network: bool) -> float:
    """How far long answers count as harvest evidence for the account's own CUSUM."""
    return max(
        1.0 if probing >= 0.4 else 0.0,
        ramp(volume, VOLUME_LO, VOLUME_HI),
        elicitation if on_network else 0.0,
    )


def _manner(ev: Evidence, completion_tokens: int) -> float:
    z = 0.0
    if ev.probing >= 0.4:
        # What a sweep copies is the distribution at each token it gets back: top-20
        # logprobs on a one-token answer is a confidence read, on a 500-token answer a
        # soft-label dataset (with `echo`, the prompt's tokens come back scored too). A
        # moving logit_bias extracts logits whatever the length.
        read = completion_tokens + (ev.prompt_tokens if ev.echo else 0)
        copied = 1.0 if ev.bias_sweep else ramp(read, PROBE_TOKENS_LO, PROBE_TOKENS_HI)
        z += W_PROBING * ev.probing * copied
    if not ev.single_turn:
        z += W_CONVERSATION * ramp(ev.turns, 2, 6)
    if ev.has_tools:
        z += W_TOOLS
    return z


def _content(
    ev: Evidence, completion_tokens: int, finish_reason: str | None
) -> tuple[float, float]:
    """What was asked for and got: (evidence whatever the intent, evidence x intent)."""
    long_out = ramp(completion_tokens, 400, 1200)
    # Truncation only says "wanted more" when the client allowed a real answer: evals and
    # probes ask for one token on purpose.
    saturated = 1.0 if finish_reason == "length" and ev.max_tokens >= 256 else 0.0
    richness = max(long_out, saturated)
    # Coerced reasoning is worth harvesting when a real trace comes back; a chain-of-thought
    # eval gets a few hundred tokens, a harvest asks for (and gets) thousands.
    base = W_ELICIT * ev.elicitation * (0.4 + 0.6 * ramp(completion_tokens, 200, 800))
    # The output/input ratio says "short question, big answer" only once the answer is
    # big: a 40-token eval question with a 300-token chain of thought is not a harvest.
    ratio = ramp(completion_tokens / max(ev.prompt_tokens, 1), 3, 12) * ramp(
        completion_tokens, 200, 800
    )
    # Reasoning models need budgets of tens of thousands of tokens: asking for one is
    # ordinary there, and says "dataset" only next to intent.
    gated = (
        W_LONG * long_out
        + W_RATIO * ratio
        + W_SATURATED * saturated
        + W_MAX_TOKENS * ramp(ev.max_tokens, 2048, 8192)
    )
    if 0 < ev.max_tokens <= CAPPED_MAX_TOKENS:
        # A harvest wants whole traces; a chain-of-thought eval caps them short.
        base += W_CAPPED * ev.elicitation
    if ev.single_turn:
        base += W_SINGLE
    if richness:
        # Sharing a template with other accounts is coordination whatever the intent.
        gated += richness * (W_TEMPLATE * ev.template_match + W_REGULAR * (ev.timing_cv < 0.5))
        base += richness * (
            W_SHARED * ramp(ev.fingerprint_accounts, 2, 8)
            + W_SUBNET * ramp(ev.subnet_accounts, 3, 10)
        )
    base += W_MULTILINGUAL * ev.elicitation * ramp(ev.languages, 2, 4)
    return base, gated


def networked(subnet_accounts: float, distinct_subnets: int) -> bool:
    """Whether an account calls from a campaign's kind of network (NETWORK_SHARED_ACCOUNTS):
    `subnet_accounts` share the request's subnet, `distinct_subnets` the account used."""
    return (
        subnet_accounts >= NETWORK_SHARED_ACCOUNTS or distinct_subnets >= NETWORK_ROTATION_SUBNETS
    )


def score(cusum: float, threshold: float = THRESHOLD) -> float:
    """Map a CUSUM statistic to [0, 1); 0.8 exactly at the threshold."""
    return 1.0 - math.pow(0.2, max(cusum, 0.0) / threshold)


def explain(signals: Mapping[str, float], top: int = 5) -> list[tuple[str, float]]:
    """The signals that contribute most to the score, as (name, weighted share) pairs.

    Each account-level share is weighted as in `increments`, which is what made S grow
    (the terms that need intent by the account's intent, as its shares show it); a
    campaign (or a cohort) scoring above the account is listed as `campaign` (`cohort`)
    with its score.
    """
    g = signals.get
    long_out = ramp(g("mean_completion_tokens", 0.0), 400, 1200)
    saturation = g("length_saturation", 0.0)
    rich = max(long_out, saturation)
    reasoning = g("reasoning_share", 0.0)
    intent = _intent(
        g("probing_share", 0.0),
        g("requests", 0.0),
        reasoning,
        networked(g("subnet_accounts", 0.0), int(g("distinct_subnets", 0.0))),
    )
    parts = [
        ("reasoning_share", W_ELICIT * reasoning),
        ("long_outputs", intent * W_LONG * long_out),
        ("output_input_ratio", intent * W_RATIO * ramp(g("output_input_ratio", 0.0), 3, 12)),
        ("length_saturation", intent * W_SATURATED * saturation),
        ("probing_share", W_PROBING * g("probing_share", 0.0)),
        ("single_turn_share", W_SINGLE * (1.0 - g("conversation_share", 0.0))),
    ]
    if rich:  # the terms below are worth nothing without rich outputs
        regular = 1.0 if g("timing_cv", 1.0) < 0.5 else 0.0
        parts += (
            ("template_reuse", intent * W_TEMPLATE * rich * g("template_reuse", 0.0)),
            ("fingerprint_accounts", W_SHARED * rich * ramp(g("fingerprint_accounts", 0.0), 2, 8)),
            ("subnet_accounts", W_SUBNET * rich * ramp(g("subnet_accounts", 0.0), 3, 10)),
            ("timing_regularity", intent * W_REGULAR * rich * regular),
        )
    if g("campaign_score", 0.0) > g("account_score", 0.0):
        parts.append(("campaign", 2.0 * g("campaign_score", 0.0)))
    if g("cohort_score", 0.0) > max(g("account_score", 0.0), g("campaign_score", 0.0)):
        parts.append(("cohort", 2.0 * g("cohort_score", 0.0)))
    # Largest first; reverse=True keeps equal shares in listing order, as a stable sort does.
    ranked = sorted([(k, round(v, 3)) for k, v in parts if v > 0], key=_share, reverse=True)
    return ranked[:top]


_share = itemgetter(1)
