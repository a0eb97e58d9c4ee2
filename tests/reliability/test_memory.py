"""Memory per active account, in the process (memory backends) and in Redis.

The figures for 100,000 accounts (docs/reliability.md) come from
`python -m tests.support.footprint --accounts 100000 --redis-url ...`; here the same
code runs on fewer accounts and holds the per-account cost to its stated bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.footprint import measure_memory, measure_redis
from tests.support.redis_procs import HAVE_REDIS_BINARIES, private_redis

# Stated bounds, with headroom over the measured ~4.1 KB (memory) and Redis figures.
MEMORY_BYTES_PER_ACCOUNT = 6_000
REDIS_BYTES_PER_ACCOUNT = 8_000


async def test_in_memory_state_per_account_is_bounded() -> None:
    footprint = await measure_memory(2_000)
    assert footprint.store_bytes > 0 and footprint.signal_bytes > 0
    assert footprint.per_account < MEMORY_BYTES_PER_ACCOUNT, footprint


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_REDIS_BINARIES, reason="redis-server not installed")
async def test_redis_footprint_per_account_is_bounded(tmp_path: Path) -> None:
    with private_redis(tmp_path) as server:
        per_account = await measure_redis(server.url, "dgfoot", 500)
    assert 0 < per_account < REDIS_BYTES_PER_ACCOUNT
