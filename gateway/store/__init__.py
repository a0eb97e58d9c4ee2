"""Usage stores: pick a backend by URL with `open_store`."""

from __future__ import annotations

from gateway.errors import ConfigError
from gateway.store.base import BUCKET_SECONDS, KeyRecord, Reservation, UsageStore
from gateway.store.memory import MemoryStore

__all__ = [
    "BUCKET_SECONDS",
    "KeyRecord",
    "MemoryStore",
    "Reservation",
    "UsageStore",
    "open_store",
]

# Enough for thousands of requests per second at ~100 us per script; past it callers
# wait for a free connection (at most timeout_s) instead of opening ever more.
MAX_CONNECTIONS = 64


def open_store(url: str, *, prefix: str = "dg", timeout_s: float = 0.25) -> UsageStore:
    """`memory`, `memory://`, `redis://...`, `rediss://...` or `redis+cluster://host:port`.

    Socket and connect timeouts are `timeout_s`, with no retries, so a slow or absent
    Redis fails a call within about `timeout_s` (StoreError) instead of stalling it;
    later calls reconnect by themselves. Query parameters of the URL (redis-py's,
    e.g. `?max_connections=128`) take precedence.
    """
    if url in ("memory", "memory://"):
        return MemoryStore()
    if "{" in prefix or "}" in prefix:
        raise ConfigError(f"store prefix {prefix!r}: braces would change the cluster hash tag")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("redis", "rediss", "redis+cluster", "rediss+cluster"):
        raise ConfigError(
            f"store URL {url!r}: expected memory, redis://, rediss:// or redis+cluster://"
        )
    # Imported here so the memory store works without touching redis-py.
    from redis.asyncio import BlockingConnectionPool, Redis
    from redis.asyncio.cluster import RedisCluster
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    from gateway.store.redis import RedisStore

    options = {
        "socket_timeout": timeout_s,
        "socket_connect_timeout": timeout_s,
        "decode_responses": True,
        "retry": Retry(NoBackoff(), 0),
    }
    if scheme.endswith("+cluster"):
        base = scheme.removesuffix("+cluster")
        cluster = RedisCluster.from_url(
            f"{base}://{rest}", max_connections=MAX_CONNECTIONS, **options
        )
        return RedisStore(cluster, prefix, max_in_flight=MAX_CONNECTIONS, wait_s=timeout_s)
    pool = BlockingConnectionPool.from_url(
        url, max_connections=MAX_CONNECTIONS, timeout=timeout_s, **options
    )
    return RedisStore(
        Redis.from_pool(pool), prefix, max_in_flight=MAX_CONNECTIONS, wait_s=timeout_s
    )
