"""In-process usage store: the Redis store's algorithm on dicts, for one gateway process.

Methods never await, so under asyncio each call is atomic, like a Lua script.

Memory stays bounded: stale buckets are pruned whenever a window is touched, and
every SWEEP_EVERY reservations accounts idle for a day (all buckets stale), expired
passes and expired nonces are dropped. Accounts are kept in the order they were last
reserved or settled, so the sweep pops idle ones off the front and stops at the first
active one: its cost is the accounts it drops, not every account held (a scan of all of
them made every SWEEP_EVERY-th reservation take 11.4-11.9 ms at 200,000 accounts; now the
worst takes 0.06-0.08 ms, the median 7.4-7.8 µs either way: bench/store_sweep.py). An account whose
usage is only read (`usage()`) keeps its place; it is dropped once idle, after which the
ones behind it are reached. State of an account active in every bucket
of every window (13 + 61 + 49 buckets): about 29 KB; an account seen once: about
2.2 KB (tracemalloc over 300 and 3000 accounts, Python 3.11).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence

from gateway.facts import WINDOWS, Cost, Limit, Usage, Window
from gateway.store.base import KeyRecord, Reservation, UsageStore
from gateway.store.sliding import (
    DAY_IDLE_S,
    SPANS,
    Counts,
    Outcome,
    admit,
    reservation,
    to_usage,
)

SWEEP_EVERY = 1024


class _Window:
    """Buckets of one window; mirrors one Redis window hash (see lua/window.lua)."""

    __slots__ = ("bucket", "buckets", "hi", "lag", "lo", "tot")

    def __init__(self, window: Window) -> None:
        # The window's span, held here: bucket_index/oldest_live per call cost a lookup each.
        span = SPANS[window]
        self.bucket, self.lag = span.bucket, span.lag
        self.buckets: dict[int, list[int]] = {}
        self.lo: int | None = None
        self.hi: int | None = None
        self.tot = [0, 0, 0]

    def index(self, ts: float) -> int:
        """`bucket_index(ts, window)`."""
        return math.floor(ts / self.bucket)

    def clear(self) -> None:
        self.buckets, self.lo, self.hi, self.tot = {}, None, None, [0, 0, 0]

    def prune(self, now: float) -> None:
        oldest = math.floor(now / self.bucket) - self.lag  # oldest_live(now, window)
        if self.lo is None or self.lo >= oldest:
            return
        if self.hi is None or self.hi < oldest:
            self.clear()
            return
        if oldest - self.lo <= self.lag + 1:
            stale: Sequence[int] = range(self.lo, oldest)
        else:  # simulated time jumped far ahead: scanning is cheaper than counting
            stale = [i for i in self.buckets if i < oldest]
        tot = self.tot
        for i in stale:
            counts = self.buckets.pop(i, None)
            if counts is not None:
                tot[0] -= counts[0]
                tot[1] -= counts[1]
                tot[2] -= counts[2]
        self.lo = oldest

    def add(self, index: int, deltas: Counts) -> None:
        if not any(deltas):
            return
        counts = self.buckets.get(index)
        if counts is None:
            counts = self.buckets[index] = [0, 0, 0]
        tot = self.tot
        for j in 0, 1, 2:
            d = deltas[j]
            value = counts[j] + d
            if value < 0:  # the bucket was cleared under a reservation
                d -= value
                value = 0
            counts[j] = value
            tot[j] += d
        if self.lo is None or index < self.lo:
            self.lo = index
        if self.hi is None or index > self.hi:
            self.hi = index


class _Account:
    __slots__ = ("last", "windows")

    def __init__(self, now: float) -> None:
        self.windows = {w: _Window(w) for w in WINDOWS}
        self.last = now

    def prune(self, now: float) -> None:
        for win in self.windows.values():
            win.prune(now)
        if now > self.last:
            self.last = now

    def load(self, now: float) -> dict[Window, Counts]:
        self.prune(now)
        return {w: (win.tot[0], win.tot[1], win.tot[2]) for w, win in self.windows.items()}


class MemoryStore(UsageStore):
    def __init__(self) -> None:
        self._accounts: OrderedDict[str, _Account] = OrderedDict()
        self._passes: dict[str, tuple[int, float]] = {}
        self._nonces: dict[str, float] = {}
        self._keys: dict[str, KeyRecord] = {}
        self._allowlist: dict[str, float] = {}
        self._calls = 0
        self._once_calls = 0

    def _account(self, account: str, now: float) -> _Account:
        state = self._accounts.get(account)
        if state is None:
            state = self._accounts[account] = _Account(now)
        else:
            self._accounts.move_to_end(account)
        return state

    async def reserve(
        self, account: str, cost: Cost, limits: Sequence[Limit], now: float
    ) -> Reservation:
        self._calls += 1
        if self._calls % SWEEP_EVERY == 0:
            self._sweep(now)
        state = self._account(account, now)
        totals = state.load(now)
        failing, reserved = admit(totals, cost, limits)
        buckets: dict[Window, dict[int, Counts]] = {}
        if failing:
            for i in failing:
                w = limits[i].window
                live = state.windows[w].buckets.items()
                buckets[w] = {index: (c[0], c[1], c[2]) for index, c in live}
        else:
            deltas = (cost.requests, cost.prompt_tokens, reserved)
            for win in state.windows.values():
                win.add(win.index(now), deltas)
        out = Outcome(
            totals=totals,
            his={w: win.hi for w, win in state.windows.items()},
            failing=failing,
            reserved_completion=reserved,
            buckets=buckets,
        )
        return reservation(account, cost, limits, now, out)

    async def settle(self, reservation: Reservation, actual: Cost, now: float) -> None:
        if not reservation.admitted:
            return  # nothing was booked; counting refusals would prolong lockouts
        booked = reservation.reserved
        deltas = (
            actual.requests - booked.requests,
            actual.prompt_tokens - booked.prompt_tokens,
            actual.completion_tokens - booked.completion_tokens,
        )
        if not any(deltas):
            return
        state = self._account(reservation.account, now)
        state.prune(now)
        for win in state.windows.values():
            index = win.index(reservation.bucket_ts)
            if index >= win.index(now) - win.lag:  # still live
                win.add(index, deltas)

    async def usage(self, account: str, now: float) -> Usage:
        state = self._accounts.get(account)
        if state is None:
            return to_usage({w: (0, 0, 0) for w in WINDOWS})
        return to_usage(state.load(now))

    async def use_once(self, token: str, ttl_seconds: float, now: float) -> bool:
        self._once_calls += 1
        if self._once_calls % SWEEP_EVERY == 0:
            self._nonces = {t: exp for t, exp in self._nonces.items() if exp > now}
        expires = self._nonces.get(token)
        if expires is not None and expires > now:
            return False
        self._nonces[token] = now + ttl_seconds
        return True

    async def grant_pass(self, account: str, requests: int, seconds: float, now: float) -> None:
        if requests > 0 and seconds > 0:
            self._passes[account] = (requests, now + seconds)
        else:
            self._passes.pop(account, None)

    async def consume_pass(self, account: str, now: float) -> bool:
        left, expires = self._passes.get(account, (0, 0.0))
        if left <= 0 or expires <= now:
            self._passes.pop(account, None)
            return False
        if left == 1:
            del self._passes[account]
        else:
            self._passes[account] = (left - 1, expires)
        return True

    async def clear_account(self, account: str) -> None:
        self._accounts.pop(account, None)
        self._passes.pop(account, None)

    async def set_allowlisted(self, account: str, on: bool, now: float) -> None:
        if on:
            self._allowlist.setdefault(account, now)
        else:
            self._allowlist.pop(account, None)

    async def allowlisted_accounts(self) -> set[str]:
        return set(self._allowlist)

    async def put_key(self, record: KeyRecord) -> None:
        self._keys[record.sha256] = record

    async def get_key(self, sha256: str) -> KeyRecord | None:
        return self._keys.get(sha256)

    async def list_keys(self) -> list[KeyRecord]:
        return sorted(self._keys.values(), key=lambda r: (r.created_ts, r.sha256))

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None

    def _sweep(self, now: float) -> None:
        accounts, cutoff = self._accounts, now - DAY_IDLE_S
        while accounts:
            oldest = next(iter(accounts.values()))
            if oldest.last >= cutoff:
                break
            accounts.popitem(last=False)
        self._passes = {a: p for a, p in self._passes.items() if p[1] > now}
        self._nonces = {t: exp for t, exp in self._nonces.items() if exp > now}
