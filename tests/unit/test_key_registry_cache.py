"""Registry lookups are cached in-process: no store round trip per request."""

from __future__ import annotations

import pytest
from cachetools import TTLCache

from gateway.errors import AuthError
from gateway.identity import KeyResolver, hash_key
from gateway.store.base import KeyRecord
from gateway.store.memory import MemoryStore


class CountingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.lookups = 0

    async def get_key(self, sha256: str) -> KeyRecord | None:
        self.lookups += 1
        return await super().get_key(sha256)


async def test_hits_and_misses_are_reused_until_the_ttl() -> None:
    store = CountingStore()
    await store.put_key(KeyRecord(hash_key("sk-known"), "acct-1", "free", 0.0))
    clock = [0.0]
    resolver = KeyResolver(
        file_keys={}, store=store, registry_cache=TTLCache(100, ttl=10, timer=lambda: clock[0])
    )
    for _ in range(5):
        assert (await resolver.resolve("sk-known")).id == "acct-1"
        with pytest.raises(AuthError):
            await resolver.resolve("sk-unknown")
    assert store.lookups == 2  # one per key, not one per request

    await store.put_key(KeyRecord(hash_key("sk-known"), "acct-1", "free", 0.0, revoked=True))
    assert (await resolver.resolve("sk-known")).id == "acct-1"  # cached answer, within the ttl
    clock[0] = 11.0
    with pytest.raises(AuthError):
        await resolver.resolve("sk-known")
    assert store.lookups == 3


async def test_forget_key_makes_a_local_revocation_immediate() -> None:
    store = CountingStore()
    sha = hash_key("sk-known")
    await store.put_key(KeyRecord(sha, "acct-1", "free", 0.0))
    resolver = KeyResolver(file_keys={}, store=store, registry_cache=TTLCache(100, ttl=60))
    await resolver.resolve("sk-known")
    await store.put_key(KeyRecord(sha, "acct-1", "free", 0.0, revoked=True))
    resolver.forget_key(sha)
    with pytest.raises(AuthError):
        await resolver.resolve("sk-known")


async def test_passthrough_accounts_are_the_salted_hmac_and_stay_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hmac

    from gateway import identity

    monkeypatch.setattr(identity, "_PASSTHROUGH_ACCOUNTS", 3)
    resolver = KeyResolver(file_keys={}, store=None, passthrough_salt=b"salt")
    for n in range(7):
        key = f"sk-client-{n}"
        account = await resolver.resolve(key)
        expected = "pt-" + hmac.digest(b"salt", key.encode(), "sha256").hex()[:16]
        assert (account.id, account.key_id, account.tier) == (expected, expected, "default")
        assert await resolver.resolve(key) is account  # kept, not rebuilt
        assert len(resolver._passthrough_accounts) <= 3
        assert all(key.encode() not in held for held in resolver._passthrough_accounts)
    with pytest.raises(AuthError):
        await resolver.resolve("")
