"""Decoding JSON the gateway only reads: orjson, falling back to the standard library.

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
from typing import Any

import orjson


def read(data: bytes | str) -> Any:
    """`json.loads(data)` for reading, faster (see the module docstring for the one caveat)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)
