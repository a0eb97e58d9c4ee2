"""Per-account and cross-account signal state: the `SignalBackend` interface and memory backend.

Everything is a fixed-size sketch, never a prompt store:

- per account: decayed counters (half-life HALF_LIFE_S, so shares weigh recent traffic),
  a CUSUM of per-request harvest evidence (half-life CUSUM_HALF_LIFE_S) and one with the
  lower cohort drift, inter-arrival EWMAs, a 24-bin hour histogram, capped IP and /24
  (/64) sets (HLLs in Redis), a bitmask of languages, at most TEMPLATE_SLOTS template
  clusters (SimHash representative, count, CUSUM of the requests in that cluster),
  decayed request counts per capability category and of requests to a newly released
  model, and the token sets of its last BIAS_SETS distinct logit_bias maps;
- across accounts: fingerprint band -> the edge SimHash that first published it and the set
  of accounts that published an edge within MATCH_BITS of that one (a template's reusers;
  a band value alone is a 1-in-65,536 coincidence that busy traffic hits all day), subnet ->
  set of accounts, and union-find over "linked" accounts (those with evidence of their own
  that share a template: a band and its edge within MATCH_BITS; or a subnet) carrying
  campaign aggregates, and the time the gateway first saw each model name (at most
  MODEL_CAP names; one idle for TTL_S makes room) and when that table started (models
  seen in its first MODEL_WARMUP_S are established), and per exact prompt (a 64-bit
  digest) up to PROMPT_CAP accounts that sent it on each of the last two PROMPT_DAY_S
  days (Redis: one field in a hash per day and digest bucket, not a key per prompt), and per
  request shape (cohort) the accounts that were suspects in it within COHORT_WINDOW_S
  and the accounts that used it per day.

Both backends implement the same arithmetic (memory here, Lua in redis_state.py) and pass
the same conformance suite (tests/integration/test_signal_backends.py).
"""

from __future__ import annotations

import functools
import ipaddress
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

from gateway.redisconn import is_memory, redis_client
from gateway.signals import fingerprint
from gateway.store.base import UsageStore

HALF_LIFE_S = 86_400.0
CUSUM_HALF_LIFE_S = 7 * 86_400.0
TTL_S = 8 * 86_400
TEMPLATE_SLOTS = 16
MATCH_BITS = 8
"""Two prompts within this Hamming distance are one template (bench/signals_cost.py)."""
HEAD_BANDS_END = fingerprint.BANDS << fingerprint.BAND_BITS
"""fingerprint.bands values below this are bands of the head edge, the others of the tail."""
TIMING_ALPHA = 0.1
SET_CAP = 256
HOURS_CAP = 2_000
BIAS_SETS = 8
"""logit_bias token sets remembered per account (the most recent distinct ones)."""
CAPABILITY_SLOTS = 6
"""Named capability categories counted per account (lexicon.CAPABILITIES minus "other")."""
PROMPT_DAY_S = 86_400
"""A prompt's senders are booked per day of this length; "lately", for a common question,
is that day or the one before (24 to 48 hours)."""
PROMPT_CAP = 3
"""Senders kept per prompt and day: enough to tell that two others asked it too."""
COHORT_WINDOW_S = 86_400
"""A cohort counts the accounts that were suspects in it within this long."""
COHORT_CAP = 10_000
"""Suspects kept per cohort (the most recent), and users counted per shape and day in
memory (Redis counts them with a HyperLogLog): enough to say "many"."""
COHORT_DAY_S = 86_400
"""Users of a shape are counted per UTC day (of the engine's clock), kept two days."""
MODEL_CAP = 1_000
"""Model names tracked gateway-wide: random names from a client cannot grow the table."""
MODEL_NEW_S = 48 * 3600.0
"""A model first seen less than this long ago is new: traffic on it is a pivot."""
MODEL_WARMUP_S = 6 * 3600.0
"""Models first seen this soon after the table started were in use already, not new."""


# The value objects below are created several times per request on the hot path; they
# are not frozen because a frozen dataclass pays object.__setattr__ per field (~4 µs a
# request in all). Treat them as read-only.
@dataclass(slots=True)
class ObserveInput:
    head: int
    tail: int
    prompt_tokens: int
    elicitation: float
    probing: float
    single_turn: bool
    language_bit: int
    ip: str
    subnet: str
    hour: int
    capability: int
    """Index in lexicon.CAPABILITIES; CAPABILITY_SLOTS and above (other) is not counted."""
    new_model: bool
    bias_set: int = 0
    """features.bias_set: the logit_bias's token ids (0: none)."""
    probing_fixed_bias: float = 0.0
    """What to book as probing when the account used this bias set before."""


@dataclass(slots=True)
class AccountView:
    requests: float
    prompt_tokens: float
    completion_tokens: float
    settled: float
    saturated: float
    elicitation: float
    probing: float
    single_turn: float
    templated: float
    template_match: bool
    template_rep: int
    """Head SimHash of the matched cluster's first prompt: the cluster's id."""
    template_tail: int
    template_count: int
    template_entropy: float
    template_cusum: float
    cusum: float
    timing_cv: float
    hour_spread: float
    distinct_ips: int
    distinct_subnets: int
    languages: int
    pivot: float
    """Decayed count of requests to a model first seen less than MODEL_NEW_S before."""
    focus: float
    """Decayed count of the account's largest capability category."""
    cohort_cusum: float = 0.0
    """The CUSUM of the same evidence with the lower COHORT_DRIFT (score.py)."""
    bias_known: bool = False
    """The request's logit_bias names the tokens of one of the account's last BIAS_SETS."""
    bias_sets: int = 0
    """Distinct logit_bias token sets the account used lately, up to BIAS_SETS."""


@dataclass(slots=True)
class AccountSnapshot:
    """An account's sketch as reviewers see it, decayed to `now`; reading it changes nothing."""

    requests: float
    prompt_tokens: float
    completion_tokens: float
    cusum: float
    template_cusum: float
    templates: int
    distinct_ips: int
    distinct_subnets: int


@dataclass(slots=True)
class CrossInput:
    bands: tuple[int, ...]
    publish: bool
    eligible: bool
    """Own evidence enough to link through shared templates."""
    link_subnet: bool
    """Own evidence enough to link through a shared subnet too."""
    subnet: str
    cusum: float
    requests: float
    completion_tokens: float
    model: str
    """Model name, booked into the first-seen table ("" is not tracked)."""
    edges: tuple[int, int] = (0, 0)
    """(head, tail) SimHashes of the request. A band counts the accounts of a template only
    when the edge it came from is within MATCH_BITS of the edge that first published that
    band value; a band shared with a link anchor links (published by an eligible account)
    only when the edge is within MATCH_BITS of the anchor's."""
    prompt: int = 0
    """features.prompt_digest of the request's prompt; 0 (no text) is not tracked."""
    shape: int = 0
    """features.request_shape of the request: its cohort."""
    suspect: bool = False
    """The account's cohort CUSUM is at COHORT_SUSPECT or above: book it in the cohort."""


@dataclass(slots=True)
class CrossView:
    fingerprint_accounts: int
    subnet_accounts: int
    root: str | None
    """The account's linked component (itself when linked to nobody yet); settle books there."""
    campaign: str | None
    """The component when it spans 2+ accounts: a campaign."""
    campaign_accounts: int
    campaign_cusum: float
    campaign_requests: float
    campaign_completion_tokens: float
    model_first_seen: float | None
    """When the gateway first saw the request's model; None when the model is untracked
    (table full) or was first seen in the table's first MODEL_WARMUP_S (established)."""
    prompt_accounts: int = 0
    """Other accounts that sent this exact prompt on the request's PROMPT_DAY_S day or the
    day before (at most PROMPT_CAP; a sender joins a day's record while it holds fewer
    than PROMPT_CAP)."""
    cohort_accounts: int = 0
    """Suspects of the request's cohort within COHORT_WINDOW_S, this account included
    (at most COHORT_CAP); 0 when the account is no suspect."""
    cohort_users: int = 0
    """Accounts that called with the request's shape on the busier of today and
    yesterday; 0 when the account is no suspect."""


@dataclass(slots=True)
class SettleInput:
    template_rep: int
    completion_tokens: int
    saturated: bool
    increment: float
    """Net CUSUM increment of this request (evidence minus drift, see score.py)."""
    cohort_increment: float = 0.0
    """The same evidence minus the lower COHORT_DRIFT."""


class SignalBackend(ABC):
    """Where signal state lives; every call is one atomic update (≤ 1 Redis round trip)."""

    @abstractmethod
    async def observe_account(self, account: str, inp: ObserveInput, now: float) -> AccountView:
        """Book the request into the account's sketches and return its aggregates."""

    @abstractmethod
    async def observe_cross(self, account: str, inp: CrossInput, now: float) -> CrossView:
        """Publish/lookup cross-account sketches; link the account when eligible."""

    @abstractmethod
    async def settle(
        self, account: str, campaign: str | None, inp: SettleInput, now: float
    ) -> None:
        """Book the response (completion size, truncation, evidence) for account and campaign."""

    @abstractmethod
    async def campaign_of(self, account: str, now: float) -> str | None:
        """The campaign id (root account of its linked component) when it has 2+ accounts."""

    @abstractmethod
    async def snapshot(self, account: str, now: float) -> AccountSnapshot | None:
        """Read-only aggregates of the account (None when it has no state)."""

    @abstractmethod
    async def reset(self, account: str) -> None:
        """Zero the account's harvest evidence (its CUSUMs: per template and the cohort's too).

        Volume counters and sketches stay: they describe traffic, not a verdict. The
        campaign aggregate the account may belong to is shared with other accounts and
        is left alone.
        """

    @abstractmethod
    async def close(self) -> None: ...


def decay(dt: float, half_life: float) -> float:
    return 0.5 ** (dt / half_life) if dt > 0 else 1.0


def timing_cv(mean: float, mean_sq: float, gaps: int) -> float:
    """Coefficient of variation of inter-arrival gaps; 1.0 (Poisson-like) until 5 gaps seen."""
    if gaps < 5 or mean <= 0:
        return 1.0
    return math.sqrt(max(mean_sq - mean * mean, 0.0)) / mean


def normalized_entropy(counts: list[float], bins: int) -> float:
    total = sum(counts)
    if total <= 0:
        return 1.0
    h = -sum(c / total * math.log(c / total) for c in counts if c > 0)
    return h / math.log(bins)


def subnet_of(ip: str) -> str:
    """The /24 of an IPv4 address or the /64 of an IPv6 one (string prefix, no parsing)."""
    if ":" in ip:
        return _v6_prefix(ip)
    head, _, _ = ip.rpartition(".")
    return head + ".0/24" if head else ip


@functools.lru_cache(maxsize=4096)
def _v6_prefix(ip: str) -> str:
    try:
        return str(ipaddress.ip_network(ip + "/64", strict=False))
    except ValueError:
        return ip


def open_signal_backend(
    url: str, *, prefix: str = "dg", timeout_s: float = 0.25, store: UsageStore | None = None
) -> SignalBackend:
    """`memory` / `memory://`, or a Redis URL (`redis://`, `rediss://`, `redis+cluster://`).

    Uses the same URL and prefix as the usage store; signal keys live under
    `{<prefix>:a:...}` and `{<prefix>:x}`, apart from the store's keys. Given the Redis
    usage store opened on that URL (not a cluster), it shares the store's client and
    script batcher.
    """
    if is_memory(url):
        from gateway.signals.state_memory import MemorySignalBackend

        return MemorySignalBackend()
    from gateway.signals.state_redis import RedisSignalBackend
    from gateway.store.redis import RedisStore

    if isinstance(store, RedisStore) and not store.scripts.direct:
        # Not a cluster client: it fails calls instead of queueing them once a node's
        # pool is busy, and each user bounds its own calls in flight to fit its pool.
        return RedisSignalBackend(store.client, prefix, scripts=store.scripts)

    client = redis_client(
        url, prefix=prefix, timeout_s=timeout_s, decode_responses=False, what="signal store"
    )
    return RedisSignalBackend(client, prefix)
