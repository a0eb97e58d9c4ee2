"""In-process signal state (one gateway instance, replay, tests).

Forgets what Redis forgets: every entry carries the time of the call that refreshes its
Redis key's TTL (lua.py), and one older than TTL_S reads as absent, as an expired key
does. The sweep only frees memory: reads already treat what it drops as gone, so when and
how far it has got changes no answer. Per-account structures have fixed caps besides.

The sweep is a pass over every entry, started once per SWEEP_S of `now` (simulated time in
replay, never the wall clock) and spread over the observe calls that follow: a call visits
at most SWEEP_STEP entries, deleting those stale at its `now`, so none pauses for the whole
table. Besides, a call may copy one table's keys when the pass reaches that table
(_Sweep.begin) or compact one table (_Sweep.compact: its live entries, fewer than
1/COMPACT_RATIO of its peak, into a table of their size), each once per table per pass,
both in C. bench/sweep_pause.py --requests 100000: the one-call rebuild this replaced took
590 ms over 1.32M stale entries; the worst call now takes 6.7 ms there (the copy of the
largest table's keys), 7.6 ms with --live 0.12, the median 0.2 ms.

A pass lasts D, the time ceil(entries / SWEEP_STEP) observe calls take. A stale entry is
gone within max(SWEEP_S, D) + D of going stale: memory holds what was touched in the last
TTL_S + SWEEP_S + D while D <= SWEEP_S. D is short: a call adds about 20 entries at most
(an account, 8 bands' sketches and anchors, ...), so at a steady rate D < SWEEP_S / 2, and
1.37M entries take 2,700 calls. Each held key is visited once per pass: at most
TTL_S / SWEEP_S + 3 visits per touch (amortised O(1) per request).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from operator import attrgetter, itemgetter
from typing import Any

from gateway.signals.state import (
    BIAS_SETS,
    CAPABILITY_SLOTS,
    COHORT_CAP,
    COHORT_DAY_S,
    COHORT_WINDOW_S,
    CUSUM_HALF_LIFE_S,
    HALF_LIFE_S,
    HEAD_BANDS_END,
    HOURS_CAP,
    MATCH_BITS,
    MODEL_CAP,
    MODEL_WARMUP_S,
    PROMPT_CAP,
    PROMPT_DAY_S,
    SET_CAP,
    TEMPLATE_SLOTS,
    TIMING_ALPHA,
    TTL_S,
    AccountSnapshot,
    AccountView,
    CrossInput,
    CrossView,
    ObserveInput,
    SettleInput,
    SignalBackend,
    decay,
    timing_cv,
)

SWEEP_S = TTL_S / 8
"""Sweep period: a pass over every entry starts this long after the previous one did."""

SWEEP_STEP = 512
"""Most entries one call visits: the bound on the sweep's share of any call's latency."""

COMPACT_RATIO = 8
"""A table whose peak is this many times its live entries is copied to shrink it."""


def _fresh(stamp: float, now: float) -> bool:
    """An entry last refreshed at `stamp` still exists at `now` (its Redis key's TTL)."""
    return now - stamp <= TTL_S


_LOG_HOURS = math.log(24)
_LOG_SLOTS = math.log(TEMPLATE_SLOTS)
# c * log(c) for the integer counts the histograms hold, so the running entropies below
# cost a lookup per update instead of a pass over every bin.
_CLOGC = [0.0] + [c * math.log(c) for c in range(1, 4 * HOURS_CAP + 2)]


def _clogc(c: float) -> float:
    i = int(c)
    return _CLOGC[i] if i == c and i < len(_CLOGC) else (c * math.log(c) if c > 0 else 0.0)


def _entropy(total: float, sum_clogc: float, log_bins: float) -> float:
    """Normalised entropy from running sums: H = log N - (sum c log c) / N."""
    if total <= 0:
        return 1.0
    return max(math.log(total) - sum_clogc / total, 0.0) / log_bins


# Counter slots in _Account.c; CAP.. are the capability categories' counts.
REQ, PT, CT, SETTLED, SAT, ELI, PROBE, SINGLE, TPL, PIV, CAP = range(11)
_COUNTERS = CAP + CAPABILITY_SLOTS


class _Account:
    __slots__ = (
        "biases",
        "c",
        "gaps",
        "gm",
        "gv",
        "hn",
        "hours",
        "hs",
        "ips",
        "langs",
        "last",
        "s",
        "sl",
        "subnets",
        "t",
        "tn",
        "tpl",
        "ts",
    )

    def __init__(self, now: float) -> None:
        self.t = now
        self.c = [0.0] * _COUNTERS
        self.s = 0.0
        self.sl = 0.0
        self.last: float | None = None
        self.gm = 0.0
        self.gv = 0.0
        self.gaps = 0
        self.hours = [0] * 24
        # running count and sum of c*log(c) of `hours` and of the template counts
        self.hn, self.hs = 0, 0.0
        self.tn, self.ts = 0.0, 0.0
        self.ips: set[str] = set()
        self.subnets: set[str] = set()
        self.langs = 0
        self.tpl: list[_Template] = []
        self.biases: list[int] = []  # logit_bias token sets, oldest first

    def advance(self, now: float) -> None:
        dt = now - self.t
        if dt <= 0:
            return
        f = decay(dt, HALF_LIFE_S)
        self.c = [v * f for v in self.c]
        fs = decay(dt, CUSUM_HALF_LIFE_S)
        self.s *= fs
        self.sl *= fs
        for entry in self.tpl:
            entry.s *= fs
        self.t = now

    def count_hour(self, hour: int) -> None:
        hours = self.hours
        c = hours[hour] + 1
        hours[hour] = c
        self.hn += 1
        self.hs += _CLOGC[c] - _CLOGC[c - 1]
        if c > HOURS_CAP:
            self.hours = hours = [h // 2 for h in hours]
            self.hn = sum(hours)
            self.hs = sum(_CLOGC[h] for h in hours)

    def template_entropy(self) -> float:
        return _entropy(self.tn, self.ts, _LOG_SLOTS)

    def hour_spread(self) -> float:
        return _entropy(self.hn, self.hs, _LOG_HOURS)


class _Template:
    __slots__ = ("count", "rep", "s", "tail")

    def __init__(self, rep: int, tail: int) -> None:
        self.rep, self.tail, self.count, self.s = rep, tail, 1.0, 0.0


class _Campaign:
    __slots__ = ("ct", "members", "req", "s", "t")

    def __init__(self, now: float, s: float, req: float, ct: float) -> None:
        self.t, self.members, self.s, self.req, self.ct = now, 1, s, req, ct

    def advance(self, now: float) -> None:
        dt = now - self.t
        if dt > 0:
            self.s *= decay(dt, CUSUM_HALF_LIFE_S)
            f = decay(dt, HALF_LIFE_S)
            self.req *= f
            self.ct *= f
            self.t = now


class _Sweep:
    """One table's part of a pass: the table's keys as they were when its turn came,
    visited a step per call; a visit deletes the key's entry if it reads as absent.

    A dict cannot be walked a step per call (its iterator dies when it changes size in
    between), so the walk goes over a copy of its keys, taken once per pass in C (~14 ms
    per million keys). Keys inserted after the copy wait for the next pass, as before.
    """

    __slots__ = ("keys", "peak", "stamp", "table", "ttl")

    def __init__(
        self, table: dict[Any, Any], stamp: Callable[[Any], float], ttl: float = TTL_S
    ) -> None:
        self.table, self.stamp, self.ttl = table, stamp, ttl
        self.keys: list[Any] | None = None  # this pass' keys not visited yet; None: not begun
        self.peak = 0  # most entries seen at a turn's start since the table was last copied

    def begin(self) -> None:
        self.peak = max(self.peak, len(self.table))
        self.keys = list(self.table)

    def visit(self, n: int, now: float) -> int:
        """Visit up to `n` keys from the end of the copy; how many were visited."""
        keys, table, stamp, ttl = self.keys, self.table, self.stamp, self.ttl
        assert keys is not None
        step = keys[-n:] if n < len(keys) else keys[:]
        del keys[len(keys) - len(step) :]
        get = table.get
        for key in step:
            entry = get(key)  # None: deleted since (a campaign merged into another)
            if entry is not None and now - stamp(entry) > ttl:
                del table[key]
        return len(step)

    def compact(self) -> None:
        """Copy the live entries into a table of their size, in place (every reference
        to the table stays valid). A dict never shrinks on deletion: without this, one
        busy day would keep its table's size for good. The copy goes through a new dict
        sized to the live entries (dict() skips the deleted slots); update() into the
        emptied one then clones that compact table."""
        live = dict(self.table)
        self.table.clear()
        self.table.update(live)
        self.peak = len(live)


class MemorySignalBackend(SignalBackend):
    def __init__(self) -> None:
        self._acct: dict[str, _Account] = {}
        self._fp: dict[int, tuple[float, set[str], int]] = {}  # band -> (publish, members, edge)
        self._subnet: dict[str, tuple[float, set[str]]] = {}
        # Anchors keep the time they were set: Redis sets their keys once and never
        # refreshes them, so an anchor lapses TTL_S after it was claimed, used or not.
        self._subnet_anchor: dict[str, tuple[str, float]] = {}
        self._band_anchor: dict[int, tuple[str, int, float]] = {}
        # account -> (parent, last refresh); a missing or stale parent makes a root, as in
        # lua.find, so a component outlives a parent entry that lapsed under it.
        self._parent: dict[str, tuple[str, float]] = {}
        self._camp: dict[str, _Campaign] = {}
        # shape -> (last booking, account -> when last booked a suspect, oldest first)
        self._cohorts: dict[int, tuple[float, dict[str, float]]] = {}
        # (shape, day) -> (last use, accounts that called with the shape that day)
        self._shape_users: dict[tuple[int, int], tuple[float, set[str]]] = {}
        # prompt digest -> (start of the day it was last sent, up to PROMPT_CAP accounts
        # that sent it that day, the same for the day before). Tuples of strings, not sets:
        # one entry per distinct prompt of a day, and the garbage collector stops tracking
        # such tuples, where it would walk every set on each pass.
        self._prompts: dict[int, tuple[float, tuple[str, ...], tuple[str, ...]]] = {}
        # model -> [first seen, last seen], in last-seen order (moved to the end on use)
        self._models: dict[str, list[float]] = {}
        self._models_since: float | None = None
        self._models_used = 0.0
        t, first, second, third = attrgetter("t"), itemgetter(0), itemgetter(1), itemgetter(2)
        self._sweeps = (
            _Sweep(self._acct, t),
            _Sweep(self._fp, first),
            _Sweep(self._subnet, first),
            _Sweep(self._subnet_anchor, second),
            _Sweep(self._band_anchor, third),
            _Sweep(self._parent, second),
            _Sweep(self._camp, t),
            _Sweep(self._prompts, first, 2 * PROMPT_DAY_S),
            _Sweep(self._cohorts, first, COHORT_WINDOW_S),
            _Sweep(self._shape_users, first, 2 * COHORT_DAY_S),
        )
        # -inf while a pass is under way, so the one test on the hot path stays
        # `now >= self._next_sweep`; otherwise when the next pass starts
        self._next_sweep = -math.inf
        self._pass_start: float | None = None
        self._turn = 0  # index in _sweeps of the table the pass is on
        self.sweep_visits = 0
        """Entries visited so far (tests and bench/sweep_pause.py check the per-call bound)."""

    async def observe_account(self, account: str, inp: ObserveInput, now: float) -> AccountView:
        if now >= self._next_sweep:
            self._sweep(now)
        a = self._acct.get(account)
        if a is None or not _fresh(a.t, now):
            a = self._acct[account] = _Account(now)
        a.advance(now)
        c = a.c
        bias_known = False
        if inp.bias_set:
            bias_known = inp.bias_set in a.biases
            if not bias_known:
                a.biases.append(inp.bias_set)
                del a.biases[:-BIAS_SETS]
        c[REQ] += 1.0
        c[PT] += inp.prompt_tokens
        c[ELI] += inp.elicitation
        c[PROBE] += inp.probing_fixed_bias if bias_known else inp.probing
        c[SINGLE] += 1.0 if inp.single_turn else 0.0
        if inp.new_model:
            c[PIV] += 1.0
        if inp.capability < CAPABILITY_SLOTS:
            c[CAP + inp.capability] += 1.0
        if a.last is not None:
            gap = max(now - a.last, 0.0)
            if a.gaps == 0:
                a.gm, a.gv = gap, gap * gap
            else:
                a.gm += TIMING_ALPHA * (gap - a.gm)
                a.gv += TIMING_ALPHA * (gap * gap - a.gv)
            a.gaps += 1
        a.last = now
        a.count_hour(inp.hour)
        if len(a.ips) < SET_CAP:
            a.ips.add(inp.ip)
        if len(a.subnets) < SET_CAP:
            a.subnets.add(inp.subnet)
        a.langs |= inp.language_bit
        entry, matched = _match(a, inp.head, inp.tail)
        if matched:
            c[TPL] += 1.0
        return AccountView(
            requests=c[REQ],
            prompt_tokens=c[PT],
            completion_tokens=c[CT],
            settled=c[SETTLED],
            saturated=c[SAT],
            elicitation=c[ELI],
            probing=c[PROBE],
            single_turn=c[SINGLE],
            templated=c[TPL],
            template_match=matched,
            template_rep=entry.rep,
            template_tail=entry.tail,
            template_count=int(entry.count),
            template_entropy=a.template_entropy(),
            template_cusum=max([e.s for e in a.tpl]),
            cusum=a.s,
            timing_cv=timing_cv(a.gm, a.gv, a.gaps),
            hour_spread=a.hour_spread(),
            distinct_ips=len(a.ips),
            distinct_subnets=len(a.subnets),
            languages=a.langs.bit_count(),
            pivot=c[PIV],
            focus=max(c[CAP:]),
            cohort_cusum=a.sl,
            bias_known=bias_known,
            bias_sets=len(a.biases),
        )

    async def observe_cross(self, account: str, inp: CrossInput, now: float) -> CrossView:
        if now >= self._next_sweep:
            self._sweep(now)
        first = self._first_seen(inp.model, now) if inp.model else None
        fp_accounts = 0
        fp = self._fp
        head, tail = inp.edges
        for band in inp.bands:
            edge = head if band < HEAD_BANDS_END else tail
            slot = fp.get(band)
            if slot is None or not _fresh(slot[0], now):
                if not inp.publish:
                    continue
                members: set[str] = set()
                fp[band] = (now, members, edge)
            elif (slot[2] ^ edge).bit_count() > MATCH_BITS:
                continue  # another template holds this band value
            else:
                members = slot[1]
                if inp.publish:
                    fp[band] = (now, members, slot[2])
            if inp.publish and len(members) < SET_CAP:
                members.add(account)
            if len(members) > fp_accounts:
                fp_accounts = len(members)
        sn = self._subnet.get(inp.subnet)
        if sn is None or not _fresh(sn[0], now):
            sn = (now, set())
        if len(sn[1]) < SET_CAP:
            sn[1].add(account)
        self._subnet[inp.subnet] = (now, sn[1])
        shared = {
            "prompt_accounts": self._book_prompt(account, inp.prompt, now) if inp.prompt else 0,
            "cohort_users": (
                self._book_user(account, inp.shape, now, inp.suspect) if inp.shape else 0
            ),
            "cohort_accounts": self._book_suspect(account, inp.shape, now) if inp.suspect else 0,
        }
        if inp.eligible:
            if not self._linked(account, now):
                self._parent[account] = (account, now)
                self._camp[account] = _Campaign(now, inp.cusum, inp.requests, inp.completion_tokens)
            if inp.publish:
                self._link_bands(account, inp.bands, inp.edges, now)
            if inp.link_subnet:
                anchor = self._subnet_anchor_of(account, inp.subnet, now)
                if anchor != account and self._linked(anchor, now):
                    self._union(account, anchor, now)
        root = self._find(account, now) if self._linked(account, now) else None
        camp = self._campaign(root, now) if root is not None else None
        if camp is None or root is None:
            return CrossView(fp_accounts, len(sn[1]), None, None, 0, 0.0, 0.0, 0.0, first, **shared)
        camp.advance(now)
        linked = root if camp.members >= 2 else None
        return CrossView(
            fp_accounts,
            len(sn[1]),
            root,
            linked,
            camp.members,
            camp.s,
            camp.req,
            camp.ct,
            first,
            **shared,
        )

    def _book_user(self, account: str, shape: int, now: float, count: bool) -> int:
        """Book the account as a user of the shape today; with `count`, how many used it
        on the busier of today and yesterday (lua: PFCOUNT of each day's HyperLogLog)."""
        day = int(now // COHORT_DAY_S)
        table = self._shape_users
        slot = table.get((shape, day))
        users = set() if slot is None or now - slot[0] > 2 * COHORT_DAY_S else slot[1]
        if len(users) < COHORT_CAP:
            users.add(account)
        table[(shape, day)] = (now, users)
        if not count:
            return 0
        before = table.get((shape, day - 1))
        if before is None or now - before[0] > 2 * COHORT_DAY_S:
            return len(users)
        return max(len(users), len(before[1]))

    def _book_suspect(self, account: str, shape: int, now: float) -> int:
        """Book the account as a suspect of the cohort; how many it has in the window."""
        slot = self._cohorts.get(shape)
        members = {} if slot is None or now - slot[0] > COHORT_WINDOW_S else slot[1]
        members.pop(account, None)  # re-insert: the dict stays in booking order
        members[account] = now
        horizon = now - COHORT_WINDOW_S
        while members:
            oldest = next(iter(members))
            if members[oldest] >= horizon and len(members) <= COHORT_CAP:
                break
            del members[oldest]
        self._cohorts[shape] = (now, members)
        return len(members)

    def _book_prompt(self, account: str, digest: int, now: float) -> int:
        """How many other accounts sent this prompt today or yesterday; books this account
        as a sender of today (lua: a field of each day's hash)."""
        day = now // PROMPT_DAY_S * PROMPT_DAY_S
        slot = self._prompts.get(digest)
        today: tuple[str, ...] = ()
        before: tuple[str, ...] = ()
        if slot is not None and slot[0] == day:
            today, before = slot[1], slot[2]
        elif slot is not None and slot[0] == day - PROMPT_DAY_S:
            before = slot[1]
        others = len({*today, *before} - {account})
        if account not in today and len(today) < PROMPT_CAP:
            self._prompts[digest] = (day, (*today, account), before)
        return min(others, PROMPT_CAP)

    async def settle(
        self, account: str, campaign: str | None, inp: SettleInput, now: float
    ) -> None:
        a = self._acct.get(account)
        if a is not None and _fresh(a.t, now):
            a.advance(now)
            a.c[CT] += inp.completion_tokens
            a.c[SETTLED] += 1.0
            a.c[SAT] += 1.0 if inp.saturated else 0.0
            a.s = max(0.0, a.s + inp.increment)
            a.sl = max(0.0, a.sl + inp.cohort_increment)
            for entry in a.tpl:
                if entry.rep == inp.template_rep:
                    entry.s = max(0.0, entry.s + inp.increment)
                    break
        if campaign is not None:
            root = self._find(campaign, now) if self._linked(campaign, now) else campaign
            camp = self._campaign(root, now)
            if camp is not None:
                camp.advance(now)
                camp.s = max(0.0, camp.s + inp.increment)
                camp.req += 1.0
                camp.ct += inp.completion_tokens

    async def campaign_of(self, account: str, now: float) -> str | None:
        if not self._linked(account, now):
            return None
        root = self._find(account, now)
        camp = self._campaign(root, now)
        return root if camp is not None and camp.members >= 2 else None

    async def snapshot(self, account: str, now: float) -> AccountSnapshot | None:
        a = self._acct.get(account)
        if a is None or not _fresh(a.t, now):
            return None
        dt = now - a.t
        f, fs = decay(dt, HALF_LIFE_S), decay(dt, CUSUM_HALF_LIFE_S)
        return AccountSnapshot(
            requests=a.c[REQ] * f,
            prompt_tokens=a.c[PT] * f,
            completion_tokens=a.c[CT] * f,
            cusum=a.s * fs,
            template_cusum=max((e.s for e in a.tpl), default=0.0) * fs,
            templates=len(a.tpl),
            distinct_ips=len(a.ips),
            distinct_subnets=len(a.subnets),
        )

    async def reset(self, account: str) -> None:
        a = self._acct.get(account)
        if a is None:
            return
        a.s = a.sl = 0.0
        for entry in a.tpl:
            entry.s = 0.0

    async def close(self) -> None:
        self._acct.clear()

    def _first_seen(self, model: str, now: float) -> float | None:
        """Book a use of the model; when the gateway first saw it (CrossView.model_first_seen)."""
        models = self._models
        if not _fresh(self._models_used, now):
            # Redis' table keys expire TTL_S after the last request that named a model.
            models.clear()
            self._models_since = None
        self._models_used = now
        seen = models.pop(model, None)
        if seen is None:
            if len(models) >= MODEL_CAP:
                # Full: drop the names idle for TTL_S. The least recently used come first
                # (now only grows in one process): stop at the first one still in use.
                stale = now - TTL_S
                while models and models[next(iter(models))][1] < stale:
                    del models[next(iter(models))]
                if len(models) >= MODEL_CAP:
                    return None
            seen = [now, now]
        else:
            seen[1] = now
        models[model] = seen
        if self._models_since is None:
            self._models_since = now
        return seen[0] if seen[0] >= self._models_since + MODEL_WARMUP_S else None

    def _link_bands(
        self, account: str, bands: tuple[int, ...], edges: tuple[int, int], now: float
    ) -> None:
        """Link through shared bands whose edge is within MATCH_BITS of the anchor's.

        A band (16 bits) is only a candidate, as in LSH: a component anchors a new band
        value with nearly every request whose slot sits at an edge, and soon holds a
        share of each band's values that unrelated prompts hit by chance. The edge is
        the template test the account's own clusters use.
        """
        head, tail = edges
        anchors = self._band_anchor
        for band in bands:
            edge = head if band < HEAD_BANDS_END else tail
            slot = anchors.get(band)
            if slot is None or not _fresh(slot[2], now):
                anchors[band] = (account, edge, now)
                continue
            anchor, anchored, _ = slot
            if (
                anchor != account
                and (anchored ^ edge).bit_count() <= MATCH_BITS
                and self._linked(anchor, now)
            ):
                self._union(account, anchor, now)

    def _subnet_anchor_of(self, account: str, subnet: str, now: float) -> str:
        slot = self._subnet_anchor.get(subnet)
        if slot is None or not _fresh(slot[1], now):
            self._subnet_anchor[subnet] = (account, now)
            return account
        return slot[0]

    def _linked(self, account: str, now: float) -> bool:
        """Whether the account has a live parent entry (lua: EXISTS on its parent key)."""
        up = self._parent.get(account)
        return up is not None and _fresh(up[1], now)

    def _campaign(self, root: str, now: float) -> _Campaign | None:
        camp = self._camp.get(root)
        return camp if camp is not None and _fresh(camp.t, now) else None

    def _find(self, account: str, now: float) -> str:
        parent = self._parent
        node = account
        for _ in range(64):
            up = parent.get(node)
            if up is None or up[0] == node or not _fresh(up[1], now):
                break
            node = up[0]
        if node != account and self._linked(account, now):
            parent[account] = (node, now)  # path compression, which refreshes the entry
        # The root's entry is refreshed by any member's use: a component in use keeps its
        # root, and no root lapses under live members (whose entries use refreshes).
        up = parent.get(node)
        if up is not None and _fresh(up[1], now):
            parent[node] = (up[0], now)
        return node

    def _union(self, a: str, b: str, now: float) -> None:
        ra, rb = self._find(a, now), self._find(b, now)
        if ra == rb:
            return
        ca, cb = self._campaign(ra, now), self._campaign(rb, now)
        if ca is None or cb is None:
            return  # a lapsed aggregate: nothing to merge into (lua: union)
        if ca.members < cb.members:
            ra, rb, ca, cb = rb, ra, cb, ca
        ca.advance(now)
        cb.advance(now)
        ca.members += cb.members
        ca.s += cb.s
        ca.req += cb.req
        ca.ct += cb.ct
        del self._camp[rb]
        self._parent[rb] = (ra, now)

    def _sweep(self, now: float) -> None:
        """One step of the pass, starting one if none is under way: at most SWEEP_STEP
        visits, each deleting its entry if it reads as absent at `now` (the test every
        read makes); at most one table's keys copied and one table compacted."""
        sweeps = self._sweeps
        if self._pass_start is None:
            self._pass_start, self._next_sweep, self._turn = now, -math.inf, 0
        budget = SWEEP_STEP
        while self._turn < len(sweeps):
            sw = sweeps[self._turn]
            if sw.keys is None:
                sw.begin()
            visited = sw.visit(budget, now)
            self.sweep_visits += visited
            budget -= visited
            if sw.keys:
                return  # the budget ran out inside this table
            sw.keys = None
            self._turn += 1
            if len(sw.table) * COMPACT_RATIO < sw.peak:
                sw.compact()
                return  # one copy per call at most: the rest of the pass waits
            if budget <= 0:
                return
        self._next_sweep = self._pass_start + SWEEP_S
        self._pass_start = None


def _match(a: _Account, head: int, tail: int) -> tuple[_Template, bool]:
    """Count a prompt into its template cluster; a miss takes a free or the least-used slot."""
    slots = a.tpl
    for entry in slots:
        if (entry.rep ^ head).bit_count() <= MATCH_BITS or (
            entry.tail ^ tail
        ).bit_count() <= MATCH_BITS:
            c = entry.count
            entry.count = c + 1.0
            a.tn += 1.0
            a.ts += _clogc(c + 1.0) - _clogc(c)
            return entry, True
    fresh = _Template(head, tail)
    if len(slots) < TEMPLATE_SLOTS:
        slots.append(fresh)
    else:
        victim = min(range(len(slots)), key=lambda i: slots[i].count)
        gone = slots[victim].count
        a.tn -= gone
        a.ts -= _clogc(gone)
        slots[victim] = fresh
    a.tn += 1.0
    return fresh, False
