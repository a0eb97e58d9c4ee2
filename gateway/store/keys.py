"""Every Redis key the store uses, built in one place.

Redis Cluster hashes only the text between the first `{` and the next `}` of a key,
so each key family picks its hash tag here:

    <prefix>:{<account>}:u:<window>   usage sub-buckets of one window (hash)
    <prefix>:{<account>}:pass         challenge pass: "<requests left>:<expiry ts>"
    <prefix>:n:{<sha256(token)>}      challenge nonce seen (replay guard)
    <prefix>:{keys}:registry          key registry: sha256 -> JSON record (hash)
    <prefix>:{allowlist}:accounts     reviewers' allowlist: account -> since ts (hash)

All keys of an account share the tag `{<account>}`, so one Lua script (or one DEL)
may touch them together in a cluster. Nonces are spread over the slots by their own
hash; the registry and the allowlist each live in one slot so that reading either whole
is one command.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from gateway.facts import WINDOWS, Window

KeyKind = Literal["usage", "pass", "nonce", "registry", "allowlist"]

# Braces would move the hash tag and `%` is the escape itself; escaping keeps the
# tag equal to the whole account id and keys of different accounts distinct.
_ESCAPES = str.maketrans({"%": "%25", "{": "%7B", "}": "%7D"})


def redis_key(prefix: str, kind: KeyKind, subject: str = "", window: Window | None = None) -> str:
    """The Redis key of `kind` for `subject` (an account, a nonce token, or nothing)."""
    if kind == "usage":
        if window is None:
            raise ValueError("usage keys need a window")
        return f"{prefix}:{{{subject.translate(_ESCAPES)}}}:u:{window}"
    if kind == "pass":
        return f"{prefix}:{{{subject.translate(_ESCAPES)}}}:pass"
    if kind == "nonce":
        # Hashing bounds the key length and keeps client-chosen text out of key names.
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"{prefix}:n:{{{digest}}}"
    if kind == "allowlist":
        return f"{prefix}:{{allowlist}}:accounts"
    return f"{prefix}:{{keys}}:registry"


def usage_keys(prefix: str, account: str) -> list[str]:
    """The account's window hashes, in WINDOWS order (the scripts rely on it)."""
    return [redis_key(prefix, "usage", account, w) for w in WINDOWS]


def account_keys(prefix: str, account: str) -> list[str]:
    """Every key holding state of `account` (all in one cluster slot)."""
    return [*usage_keys(prefix, account), redis_key(prefix, "pass", account)]
