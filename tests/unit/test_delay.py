"""The bounded delay gate: holds up to max_held, refuses past it, frees slots on cancel."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from gateway.enforce.delay import DelayGate


async def test_hold_sleeps_and_frees_the_slot() -> None:
    gate = DelayGate(max_held=2)
    start = time.monotonic()
    assert await gate.hold(0.02) is True
    assert time.monotonic() - start >= 0.015
    assert gate.held == 0


async def test_refuses_at_once_when_full_and_admits_again_after() -> None:
    gate = DelayGate(max_held=2)
    first = asyncio.create_task(gate.hold(0.05))
    second = asyncio.create_task(gate.hold(0.05))
    await asyncio.sleep(0)
    assert gate.held == 2
    start = time.monotonic()
    assert await gate.hold(10) is False
    assert time.monotonic() - start < 1.0  # far below the 10 s asked for
    assert list(await asyncio.gather(first, second)) == [True, True]
    assert gate.held == 0
    assert await gate.hold(0) is True


async def test_cancelled_hold_gives_its_slot_back() -> None:
    gate = DelayGate(max_held=1)
    task = asyncio.create_task(gate.hold(30))
    await asyncio.sleep(0)
    assert gate.held == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert gate.held == 0
    assert await gate.hold(0) is True


async def test_timeout_around_hold_frees_the_slot() -> None:
    gate = DelayGate(max_held=1)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(gate.hold(30), timeout=0.01)
    assert gate.held == 0


async def test_zero_capacity_always_refuses() -> None:
    assert await DelayGate(max_held=0).hold(0) is False


@pytest.mark.parametrize("seconds", [-1.0, math.inf, math.nan])
async def test_rejects_unbounded_or_negative_delays(seconds: float) -> None:
    gate = DelayGate(max_held=1)
    with pytest.raises(ValueError):
        await gate.hold(seconds)
    assert gate.held == 0


def test_negative_capacity_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        DelayGate(max_held=-1)
