"""A bounded memo for hot-path lookups whose keys come from clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V]):
    """key -> compute(key), computed on first use and kept; emptied when it holds `limit`
    entries, because a client can send any key (a model name, an API key, a token).

    A hit is a plain dict lookup in C (`memo[key]`, or `memo.__getitem__` bound once); only
    a miss runs Python. Emptying, not evicting one entry, keeps the miss path to a few
    operations: the working set refills within a few requests.
    """

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[key] = self._compute(key)
        return value
