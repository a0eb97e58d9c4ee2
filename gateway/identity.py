"""Who is calling: API key -> account, and the client's IP.

Keys are known only by their SHA-256 (keys file or the store's registry); the raw key
is used once to hash it and never stored, logged or returned. `key_id` is a short,
stable, non-reversible label for logs.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Container, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.errors import AuthError, ConfigError
from gateway.facts import Account
from gateway.memo import BoundedMemo
from gateway.policy.source import parse
from gateway.store.base import KeyRecord, UsageStore


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def key_id_for(sha256: str) -> str:
    return "k-" + sha256[:10]


def extract_key(headers: Mapping[str, str]) -> str | None:
    """The API key from `Authorization: Bearer` (OpenAI) or `x-api-key` (Anthropic)."""
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    key = headers.get("x-api-key", "").strip()
    return key or None


class _KeyEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    account: str = Field(min_length=1)
    tier: str = "default"


_EXPECTED_KEYS = "expected a mapping with a 'keys:' list of {sha256, account, tier}"
_EMPTY_KEYS = f"keys file is empty; {_EXPECTED_KEYS}"


class _KeysFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keys: list[_KeyEntry] = Field(default_factory=list)


def load_keys_file(path: Path) -> dict[str, Account]:
    """sha256 -> Account from a keys file; errors name file, line and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read keys file: {exc.strerror}") from exc
    doc, problems = parse(str(path), text, empty=_EMPTY_KEYS)
    if problems:
        raise ConfigError("\n".join(str(p) for p in problems))
    if not isinstance(doc.data, dict):
        # pydantic would name its own model class (`_KeysFile`) and an empty field
        if doc.data is None:  # `---` or `~` alone: as empty as no text at all
            raise ConfigError(f"{path}:1:1: {_EMPTY_KEYS}")
        line, col = doc.value_at(())
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        raise ConfigError(f"{path}:{line}:{col}: the file is {kind}; {_EXPECTED_KEYS}")
    try:
        parsed = _KeysFile.model_validate(doc.data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            line, col = doc.key_at(err["loc"])
            message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            lines.append(f"{path}:{line}:{col}: {'.'.join(map(str, err['loc']))}: {message}")
        raise ConfigError("\n".join(lines)) from exc
    keys_per_account: dict[str, int] = {}
    for entry in parsed.keys:
        keys_per_account[entry.account] = keys_per_account.get(entry.account, 0) + 1
    return {
        entry.sha256: Account(
            id=entry.account,
            tier=entry.tier,
            key_id=key_id_for(entry.sha256),
            keys=keys_per_account[entry.account],
        )
        for entry in parsed.keys
    }


_PASSTHROUGH_ACCOUNTS = 10_000
"""Passthrough accounts kept for reuse (an Account is immutable), by their keys' HMAC."""


def _passthrough_account(digest: bytes) -> Account:
    account_id = "pt-" + digest.hex()[:16]
    return Account(id=account_id, tier="default", key_id=account_id)


@dataclass
class KeyResolver:
    """Resolves a raw key to an account: keys file first, then the store's registry.

    `allowlist` (review/allowlist.py's in-process cache) marks accounts a reviewer put on
    the allowlist; it is a local set lookup, so resolving costs no extra round trip.
    """

    file_keys: Mapping[str, Account]
    store: UsageStore | None = None
    passthrough_salt: bytes | None = None
    allowlist: Container[str] | None = None
    registry_cache: MutableMapping[str, KeyRecord | None] | None = None
    """sha256 -> registry answer (None: unknown), e.g. a cachetools.TTLCache."""
    _passthrough_mac: hmac.HMAC | None = field(init=False, repr=False, compare=False, default=None)
    _passthrough_accounts: BoundedMemo[bytes, Account] = field(
        init=False,
        repr=False,
        compare=False,
        default_factory=lambda: BoundedMemo(_passthrough_account, _PASSTHROUGH_ACCOUNTS),
    )

    def __post_init__(self) -> None:
        if self.passthrough_salt is not None:
            # The salt's keyed state, set up once and copied per request: the same HMAC as
            # hmac.digest(salt, key), without re-keying for each request (a third of it).
            self._passthrough_mac = hmac.new(self.passthrough_salt, digestmod="sha256")

    async def resolve(self, raw_key: str | None) -> Account:
        account = await self._resolve(raw_key)
        if self.allowlist is not None and account.id in self.allowlist:
            return replace(account, allowlisted=True)
        return account

    async def _resolve(self, raw_key: str | None) -> Account:
        if not raw_key:
            raise AuthError("no API key in the request")
        if self._passthrough_mac is not None:
            mac = self._passthrough_mac.copy()
            mac.update(raw_key.encode())
            # Accounts are kept by the HMAC, never by the raw key: it cannot be turned back
            # into the key without the salt, and its first 16 hex digits are logged anyway.
            return self._passthrough_accounts[mac.digest()]
        sha = hash_key(raw_key)
        account = self.file_keys.get(sha)
        if account is not None:
            return account
        if self.store is not None:
            record = await self._registry(self.store, sha)
            if record is not None and not record.revoked:
                return Account(
                    id=record.account,
                    tier=record.tier,
                    key_id=key_id_for(sha),
                    created_ts=record.created_ts,
                )
        raise AuthError(f"unknown key {key_id_for(sha)}")

    async def _registry(self, store: UsageStore, sha: str) -> KeyRecord | None:
        cache = self.registry_cache
        if cache is not None and sha in cache:
            return cache[sha]
        record = await store.get_key(sha)
        if cache is not None:
            cache[sha] = record
        return record

    def forget_key(self, sha: str) -> None:
        """Drop a cached registry answer (this instance changed the key)."""
        if self.registry_cache is not None:
            self.registry_cache.pop(sha, None)


class ClientAddress:
    """The client IP: the socket peer, or X-Forwarded-For when the peer is a trusted proxy."""

    def __init__(self, trusted_proxies: Iterable[str]) -> None:
        self._trusted = [ipaddress.ip_network(cidr, strict=False) for cidr in trusted_proxies]

    def of(self, peer: str | None, headers: Mapping[str, Any]) -> str:
        peer = peer or ""
        if not self._trusted or not self._is_trusted(peer):
            return peer
        forwarded = headers.get("x-forwarded-for", "")
        # Walk from the right: the nearest untrusted hop is the client; anything further
        # left was written by the client itself and can be forged.
        for hop in reversed([h.strip() for h in str(forwarded).split(",") if h.strip()]):
            if not self._is_trusted(hop):
                return hop if _is_ip(hop) else peer
        return peer

    def trusts(self, peer: str | None) -> bool:
        """True when the socket peer is a configured trusted proxy."""
        return bool(peer) and bool(self._trusted) and self._is_trusted(peer or "")

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self._trusted)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
