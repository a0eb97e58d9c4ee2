"""The bounded delay gate behind throttle mode `delay`.

Holding a request costs a connection and a task, so an abusive account must not be
able to park unbounded numbers of them: past `max_held` concurrent holds the gate
refuses at once and the caller answers 429 instead. The gate lives on one event loop,
so plain counting is race-free without a lock.
"""

from __future__ import annotations

import asyncio
import math


class DelayGate:
    def __init__(self, max_held: int) -> None:
        if max_held < 0:
            raise ValueError(f"max_held must be >= 0, got {max_held}")
        self._max_held = max_held
        self._held = 0

    @property
    def held(self) -> int:
        """Requests sleeping in the gate right now."""
        return self._held

    @property
    def max_held(self) -> int:
        return self._max_held

    async def hold(self, seconds: float) -> bool:
        """Sleep `seconds` and return True, or return False at once when the gate is full."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be finite and >= 0, got {seconds}")
        if self._held >= self._max_held:
            return False
        self._held += 1
        try:
            await asyncio.sleep(seconds)
        finally:
            # Also on cancellation (client gone, server shutdown): the slot must come back.
            self._held -= 1
        return True
