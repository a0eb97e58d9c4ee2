"""The memory backend's sweep is spread over calls: each does a bounded share, and the
stale entries still all go, the tables shrink, and no answer changes."""

from __future__ import annotations

import dataclasses
import math
import random
import sys
from typing import Any

import pytest

from gateway.signals import state_memory
from gateway.signals.state import TTL_S, ObserveInput
from gateway.signals.state_memory import SWEEP_S, MemorySignalBackend
from tests.support.facts import published
from tests.unit.test_signals_memory import _mixed_stream

T0 = 1_763_942_400.0
STEP = 50


def _request(head: int, subnet: str) -> ObserveInput:
    return ObserveInput(head, head, 10, 0.0, 0.0, True, 1, "10.0.0.1", subnet, 3, 0, False)


def _tables(backend: MemorySignalBackend) -> list[dict[Any, Any]]:
    return [
        backend._acct,
        backend._fp,
        backend._subnet,
        backend._subnet_anchor,
        backend._band_anchor,
        backend._parent,
        backend._camp,
    ]


def _entries(backend: MemorySignalBackend) -> int:
    return sum(len(t) for t in _tables(backend))


async def _fill(backend: MemorySignalBackend, n: int, now: float, seed: int = 41) -> None:
    """n accounts, each publishing its own random template and linking by its own subnet:
    every table gets entries (about 20 a request)."""
    rng = random.Random(seed)
    for k in range(n):
        head, tail, subnet = rng.getrandbits(64), rng.getrandbits(64), f"10.1.{k}.0/24"
        await backend.observe_account(f"a{k}", _request(head, subnet), now)
        cross = dataclasses.replace(published(head, tail, 25.0), subnet=subnet, link_subnet=True)
        await backend.observe_cross(f"a{k}", cross, now)


async def test_one_call_visits_at_most_sweep_step_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Everything stale at once: no call visits or drops more than SWEEP_STEP entries,
    and the pass is done within the calls it needs at that pace (a few more for the
    compactions, one a call)."""
    monkeypatch.setattr(state_memory, "SWEEP_STEP", STEP)
    backend = MemorySignalBackend()
    await _fill(backend, 100, T0)
    filled = _entries(backend)
    assert filled > 20 * STEP and all(_tables(backend))

    now, probe, calls = T0 + TTL_S + 1, _request(1, "192.0.2.0/24"), 0
    while _entries(backend) > 1:  # the probe account's own entry stays
        before, visits = _entries(backend), backend.sweep_visits
        await backend.observe_account("probe", probe, now)
        calls += 1
        assert backend.sweep_visits - visits <= STEP
        assert before + (calls == 1) - _entries(backend) <= STEP
        assert calls <= math.ceil(filled / STEP) + 8
        now += 1.0
    assert calls >= math.ceil(filled / STEP)
    assert backend.sweep_visits >= filled


async def test_stale_entries_go_and_the_tables_shrink() -> None:
    """A busy day, then a quiet one past TTL_S (40 calls, enough for the pass over ~10k
    entries): what the busy day left goes from every table, their hash tables shrink
    back."""
    backend = MemorySignalBackend()
    await _fill(backend, 500, T0)
    peak = [sys.getsizeof(t) for t in _tables(backend)]
    await _fill(backend, 20, T0 + TTL_S + SWEEP_S, seed=42)
    held = {k for t in _tables(backend) for k in t if isinstance(k, str)}
    assert not {k for k in held if k.startswith("a") and int(k[1:]) >= 20}
    assert _entries(backend) < 20 * 25
    for size, table in zip(peak, _tables(backend), strict=True):
        assert sys.getsizeof(table) * 8 < size


async def test_a_key_in_use_survives_every_pass() -> None:
    """Keys refreshed every day are visited pass after pass and never dropped; the
    snapshot a pass walks is let go when the pass ends."""
    backend, rng = MemorySignalBackend(), random.Random(43)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    for day in range(3 * int(TTL_S // 86_400)):
        for k in range(3):
            now = T0 + day * 86_400 + k
            await backend.observe_account(f"c{k}", _request(head, "10.2.0.0/24"), now)
            await backend.observe_cross(f"c{k}", published(head, tail, 25.0), now)
    assert set(backend._acct) == {"c0", "c1", "c2"}
    assert backend.sweep_visits > 3 * 3 * int(TTL_S // SWEEP_S)  # several passes ran
    if backend._pass_start is None:
        assert all(sweep.keys is None for sweep in backend._sweeps)


async def test_a_pass_spread_thin_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """One entry a call, so most calls land mid-pass: every answer is the one of a backend
    that never sweeps."""
    monkeypatch.setattr(state_memory, "SWEEP_S", math.inf)
    never = await _mixed_stream(MemorySignalBackend())
    monkeypatch.setattr(state_memory, "SWEEP_S", 3600.0)
    monkeypatch.setattr(state_memory, "SWEEP_STEP", 1)
    swept = MemorySignalBackend()
    assert await _mixed_stream(swept) == never
    # Each observe call visits at most one entry, so the visits count the calls that
    # landed mid-pass (the stream makes two a step, four answers).
    assert swept.sweep_visits >= 0.9 * (len(never) // 2)


async def test_close_mid_pass_then_reuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """close() empties the account table under a pass: the pass goes on."""
    monkeypatch.setattr(state_memory, "SWEEP_STEP", STEP)
    backend = MemorySignalBackend()
    await _fill(backend, 30, T0)
    await _fill(backend, 1, T0 + TTL_S + 1, seed=44)
    assert backend._pass_start is not None
    await backend.close()
    await _fill(backend, 30, T0 + TTL_S + 2, seed=45)
    assert backend._pass_start is None
    assert len(backend._acct) == 30
