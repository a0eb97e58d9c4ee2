"""Decoding JSON the gateway only reads: orjson, falling back to the standard library;
and when orjson writes a float as json.dumps does (the writers' fast paths).

orjson parses several times faster than `json` (one SSE chunk: 0.8 µs against 2.6 µs,
and a stream carries one per token). It is stricter: lone surrogate escapes, NaN,
Infinity and out-of-range floats are errors there and values in `json`, so those inputs
are decoded again by `json` and come out as before. One difference remains: orjson reads
an integer beyond 64 bits as a float. That changes no text, usage figure or finish reason
the gateway reads, but it would change a body written back out, so what the gateway may
re-serialise (a degraded response, a request body) is decoded with `json` instead.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson


def read(data: bytes | str) -> Any:
    """`json.loads(data)` for reading, faster (see the module docstring for the one caveat)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def float_written_alike(value: float) -> bool:
    """Whether orjson writes this float with json.dumps's exact text. Both write the
    shortest digits (and 1e+16 alike), but json switches to exponent notation below 1e-4
    (1e-05 where orjson writes 0.00001), and orjson writes NaN and infinities as null."""
    return value == 0.0 or 1e-4 <= abs(value) < math.inf  # NaN fails both
