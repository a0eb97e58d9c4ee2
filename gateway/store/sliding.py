"""Sliding-window arithmetic shared by the memory and Redis stores.

A window of W seconds with buckets of b seconds (W a multiple of b) counts, at time
t, the buckets with index i >= floor(t / b) - W / b, where bucket i covers
[i * b, (i + 1) * b): exactly the buckets whose start lies in (t - W - b, t] (base.py).
Buckets written later than t (another gateway whose clock runs ahead) are counted
too, which keeps the "never undercount" promise. Bucket i leaves the window at
t = (i + W / b + 1) * b, which is what retry_after and reset are computed from.

Counts are (requests, prompt_tokens, completion_tokens); `tokens` is derived. The
admission rule in `admit` is mirrored line by line by lua/reserve.lua.

Choices base.py leaves open, the same in both backends:
- A refused reservation books nothing (reserved = Cost(0)), has allowance 0, and
  settling it is a no-op: counting refusals would let retries prolong a lockout.
- A request refused after an admitted reserve (blocked by policy) is released with
  settle(res, Cost(1, 0, 0)): the request still counts, its tokens do not.
- `exceeded` is the limit the request can never fit (its own need > maximum, also
  named in `notes`), else the refused limit that clears last; retry_after waits for
  all refused limits, so a retry after it is admitted if nothing else was booked.
- A request that generates (expected completion > 0) needs one completion token of
  room under `tokens` and `completion_tokens` limits besides its prompt: at exactly
  the limit it is refused, never admitted with an allowance of 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gateway.facts import WINDOW_SECONDS, WINDOWS, Cost, Limit, Metric, Usage, Window
from gateway.store.base import BUCKET_SECONDS, Reservation

Counts = tuple[int, int, int]
# Margin on key lifetimes so a key never expires while one of its buckets is live.
TTL_MARGIN_S = 60


@dataclass(frozen=True, slots=True)
class Span:
    bucket: int
    lag: int
    """W / b: bucket i is live while floor(t / b) - lag <= i."""
    ttl: int
    """Seconds after its newest bucket opened when every bucket of the window is stale."""


SPANS: dict[Window, Span] = {
    w: Span(
        BUCKET_SECONDS[w],
        WINDOW_SECONDS[w] // BUCKET_SECONDS[w],
        WINDOW_SECONDS[w] + BUCKET_SECONDS[w] + TTL_MARGIN_S,
    )
    for w in WINDOWS
}
DAY_IDLE_S = WINDOW_SECONDS["day"] + BUCKET_SECONDS["day"]
"""After this long without traffic every bucket of every window is stale."""


def bucket_index(ts: float, window: Window) -> int:
    return math.floor(ts / SPANS[window].bucket)


def oldest_live(now: float, window: Window) -> int:
    return bucket_index(now, window) - SPANS[window].lag


def leaves_at(index: int, window: Window) -> float:
    """The first instant at which bucket `index` is no longer counted."""
    span = SPANS[window]
    return float((index + span.lag + 1) * span.bucket)


def amount(counts: Counts, metric: Metric) -> int:
    if metric == "requests":
        return counts[0]
    if metric == "prompt_tokens":
        return counts[1]
    if metric == "completion_tokens":
        return counts[2]
    return counts[1] + counts[2]


def prompt_need(limit: Limit, cost: Cost) -> int:
    """What the request's prompt (and request count) takes of `limit`."""
    if limit.metric == "requests":
        return cost.requests
    if limit.metric in ("prompt_tokens", "tokens"):
        return cost.prompt_tokens
    return 0


def own_need(limit: Limit, cost: Cost) -> int:
    """What the request needs of `limit` to fit on its own: its prompt, plus one completion
    token when it generates any, so an account at its limit is refused rather than
    admitted with nothing left to answer with."""
    need = prompt_need(limit, cost)
    if limit.metric in ("tokens", "completion_tokens"):
        need += min(1, cost.completion_tokens)
    return need


def completion_room(
    totals: Mapping[Window, Counts], cost: Cost, limits: Sequence[Limit]
) -> int | None:
    """Completion tokens left under the tightest token limit after the prompt; None: no limit."""
    room: int | None = None
    for limit in limits:
        if limit.metric in ("tokens", "completion_tokens"):
            left = (
                limit.maximum
                - amount(totals[limit.window], limit.metric)
                - prompt_need(limit, cost)
            )
            room = left if room is None else min(room, left)
    return None if room is None else max(room, 0)


def admit(
    totals: Mapping[Window, Counts], cost: Cost, limits: Sequence[Limit]
) -> tuple[list[int], int]:
    """(indexes of the limits the request would pass, completion tokens to reserve)."""
    failing = [
        i
        for i, limit in enumerate(limits)
        if amount(totals[limit.window], limit.metric) + own_need(limit, cost) > limit.maximum
    ]
    if failing:
        return failing, 0
    room = completion_room(totals, cost, limits)
    reserved = cost.completion_tokens if room is None else min(cost.completion_tokens, room)
    return [], max(reserved, 0)


def fits_at(limit: Limit, cost: Cost, used: int, buckets: Mapping[int, Counts], hi: int) -> float:
    """When enough old buckets have left for the request to fit under `limit`."""
    excess = used + own_need(limit, cost) - limit.maximum
    if own_need(limit, cost) <= limit.maximum:
        for index in sorted(buckets):
            excess -= amount(buckets[index], limit.metric)
            if excess <= 0:
                return leaves_at(index, limit.window)
    # Never fits on its own: the honest answer is "after everything drained".
    return leaves_at(hi, limit.window)


def delay(now: float, at: float) -> float:
    """`at - now`, nudged up so that `now + delay >= at` holds in floating point."""
    if at <= now:
        return 0.0
    d = at - now
    while now + d < at:
        d = math.nextafter(d, math.inf)
    return d


def to_usage(totals: Mapping[Window, Counts]) -> Usage:
    # Built column by column in one pass: this runs on every reservation.
    requests: dict[str, int] = {}
    prompt: dict[str, int] = {}
    completion: dict[str, int] = {}
    tokens: dict[str, int] = {}
    for w in WINDOWS:
        r, p, c = totals[w]
        requests[w], prompt[w], completion[w], tokens[w] = r, p, c, p + c
    return {
        "requests": requests,
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "tokens": tokens,
    }


@dataclass(slots=True)  # not frozen, as Reservation (base.py): read-only, one a request
class Outcome:
    """What a backend observed in its atomic step, before it becomes a Reservation."""

    totals: dict[Window, Counts]
    """Usage of each window before booking."""
    his: dict[Window, int | None]
    """Newest bucket index of each window after booking (None: window empty)."""
    failing: list[int]
    reserved_completion: int
    buckets: dict[Window, dict[int, Counts]]
    """Live buckets of the windows of failing limits (only filled on refusal)."""


def reservation(
    account: str, cost: Cost, limits: Sequence[Limit], now: float, out: Outcome
) -> Reservation:
    admitted = not out.failing
    reserved = (
        Cost(cost.requests, cost.prompt_tokens, out.reserved_completion) if admitted else Cost(0)
    )
    after = {
        w: (
            t[0] + reserved.requests,
            t[1] + reserved.prompt_tokens,
            t[2] + reserved.completion_tokens,
        )
        for w, t in out.totals.items()
    }
    notes: list[str] = []
    # (never fits on its own, fits at, limit): the exceeded limit is the one that
    # cannot fit at all, else the one that clears last; retry waits for all of them.
    blocked: list[tuple[bool, float, Limit]] = []
    for i in out.failing:
        limit = limits[i]
        w = limit.window
        hi = out.his[w]
        at = fits_at(
            limit,
            cost,
            amount(out.totals[w], limit.metric),
            out.buckets[w],
            bucket_index(now, w) if hi is None else hi,
        )
        too_big = own_need(limit, cost) > limit.maximum
        if too_big:
            notes.append(f"request alone exceeds {limit.metric}/{w}={limit.maximum}")
        blocked.append((too_big, at, limit))
    exceeded = max(blocked, key=lambda b: (b[0], b[1]))[2] if blocked else None
    retry_at = max(b[1] for b in blocked) if blocked else now
    if admitted and out.reserved_completion < cost.completion_tokens:
        notes.append(f"completion reserved {out.reserved_completion} of {cost.completion_tokens}")
    remaining, limit_tokens, reset = _token_headers(limits, after, out.his, now)
    return Reservation(
        account=account,
        admitted=admitted,
        bucket_ts=now,
        reserved=reserved,
        usage=to_usage(after),
        allowance=completion_room(out.totals, cost, limits) if admitted else 0,
        exceeded=exceeded,
        retry_after=delay(now, retry_at),
        remaining_tokens=remaining,
        limit_tokens=limit_tokens,
        reset_tokens=reset,
        notes=tuple(notes),
    )


def _token_headers(
    limits: Sequence[Limit],
    after: Mapping[Window, Counts],
    his: Mapping[Window, int | None],
    now: float,
) -> tuple[int | None, int | None, float]:
    """x-ratelimit-*-tokens from the `tokens` limit with the least room left.

    reset is the time until that window fully drains: until its newest booked bucket
    leaves it (an upper bound when that bucket holds only requests), as OpenAI's
    reset-tokens ("until the budget is back to its initial state").
    """
    best: tuple[int, Limit] | None = None
    for limit in limits:
        if limit.metric == "tokens":
            left = max(limit.maximum - amount(after[limit.window], "tokens"), 0)
            if best is None or left < best[0]:
                best = (left, limit)
    if best is None:
        return None, None, 0.0
    left, limit = best
    hi = his[limit.window]
    if hi is None or amount(after[limit.window], "tokens") == 0:
        return left, limit.maximum, 0.0
    return left, limit.maximum, delay(now, leaves_at(hi, limit.window))
