"""Usage stores: pick a backend by URL with `open_store`."""

from __future__ import annotations

from gateway.redisconn import MAX_CONNECTIONS, is_memory, redis_client
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


def open_store(url: str, *, prefix: str = "dg", timeout_s: float = 0.25) -> UsageStore:
    """`memory`, `memory://`, `redis://...`, `rediss://...` or `redis+cluster://host:port`.

    Query parameters of the URL (redis-py's, e.g. `?max_connections=128`) take precedence.
    """
    if is_memory(url):
        return MemoryStore()
    from gateway.store.redis import RedisStore

    client = redis_client(url, prefix=prefix, timeout_s=timeout_s, decode_responses=True)
    return RedisStore(client, prefix, max_in_flight=MAX_CONNECTIONS, wait_s=timeout_s)
