"""Stateless proof-of-work challenges, signed with HMAC and bound to one account.

A token is `v1.<payload>.<tag>` (both base64url, unpadded). The payload packs a random
nonce, the difficulty, the expiry (unix seconds) and a keyed hash of the account id:
keyed, so that guessable ids (`acct-0042`) cannot be recovered from a token, and bound,
so that a token solved by one account is worthless to another. The gateway keeps no
state per challenge; single use is the caller's job via `UsageStore.use_once(replay_key)`.

Work: find a decimal counter such that sha256("<token>:<counter>") starts with at
least `difficulty` zero bits. Clients send `x-distillguard-solution: <token>:<counter>`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
import re
import struct
from dataclasses import dataclass
from typing import Literal

CHALLENGE_HEADER = "x-distillguard-challenge"
DIFFICULTY_HEADER = "x-distillguard-challenge-difficulty"
SOLUTION_HEADER = "x-distillguard-solution"
# 428 Precondition Required, not 429: the OpenAI SDK retries 429 on its own without solving.
CHALLENGE_STATUS = 428
MAX_DIFFICULTY = 40

_VERSION = "v1"
_PAYLOAD = struct.Struct(">16sBQ16s")  # nonce, difficulty, expiry, account tag
_B64 = re.compile(r"[A-Za-z0-9_-]+")
_COUNTER = re.compile(r"[0-9]{1,20}")
_MAX_TOKEN_CHARS = 200

Cause = Literal[
    "ok",
    "malformed_token",
    "malformed_solution",
    "forged",
    "wrong_account",
    "expired",
    "insufficient_work",
]

PUBLIC_OK = "Proof of work accepted."
PUBLIC_INVALID = "The proof-of-work solution is not valid for this challenge."
PUBLIC_EXPIRED = "The proof-of-work challenge expired; retry without a solution to get a new one."


@dataclass(frozen=True, slots=True)
class Challenge:
    token: str
    difficulty: int
    expires_at: int
    ttl_seconds: int


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of checking one solution: `reason` is for the client, `cause` for the log."""

    ok: bool
    reason: str
    cause: Cause
    replay_key: str | None = None
    """Stable id of the challenge (set when ok): pass it to `UsageStore.use_once`."""
    ttl_left: float = 0.0
    """Seconds until the challenge expires: the ttl to give `use_once`."""


def issue_challenge(
    secret: bytes,
    account_id: str,
    difficulty: int,
    ttl_seconds: int,
    now: float,
    nonce: bytes | None = None,
) -> Challenge:
    """A fresh challenge for `account_id`, valid for `ttl_seconds` from `now`."""
    if not secret:
        raise ValueError("the challenge secret must not be empty")
    if not 1 <= difficulty <= MAX_DIFFICULTY:
        raise ValueError(f"difficulty must be within 1..{MAX_DIFFICULTY}, got {difficulty}")
    if ttl_seconds <= 0:
        raise ValueError(f"ttl_seconds must be positive, got {ttl_seconds}")
    nonce = os.urandom(16) if nonce is None else nonce
    if len(nonce) != 16:
        raise ValueError("nonce must be 16 bytes")
    expires_at = math.ceil(now + ttl_seconds)
    payload = _PAYLOAD.pack(nonce, difficulty, expires_at, _account_tag(secret, account_id))
    payload_b64 = _b64encode(payload)
    token = f"{_VERSION}.{payload_b64}.{_b64encode(_sign(secret, payload))}"
    return Challenge(token, difficulty, expires_at, ttl_seconds)


def verify_solution(
    secret: bytes, account_id: str, token: str, solution: str, now: float
) -> Verdict:
    """Check that `solution` (the counter) solves `token` for `account_id` at `now`."""
    payload = _decode_payload(token)
    if payload is None:
        return _fail("malformed_token")
    tag = _b64decode(token.rsplit(".", 1)[1])
    if tag is None or not hmac.compare_digest(tag, _sign(secret, payload)):
        return _fail("forged")
    _nonce, difficulty, expires_at, account_tag = _PAYLOAD.unpack(payload)
    if not hmac.compare_digest(account_tag, _account_tag(secret, account_id)):
        return _fail("wrong_account")
    if now >= expires_at:
        return Verdict(False, PUBLIC_EXPIRED, "expired")
    if not isinstance(solution, str) or not _COUNTER.fullmatch(solution):
        return _fail("malformed_solution")
    if not has_work(token, solution, difficulty):
        return _fail("insufficient_work")
    replay_key = "pow:" + hashlib.sha256(payload).hexdigest()[:32]
    return Verdict(True, PUBLIC_OK, "ok", replay_key, expires_at - now)


def verify_header(secret: bytes, account_id: str, header_value: str, now: float) -> Verdict:
    """`verify_solution` for a raw `x-distillguard-solution: <token>:<counter>` value."""
    parsed = parse_solution_header(header_value)
    if parsed is None:
        return _fail("malformed_solution")
    return verify_solution(secret, account_id, parsed[0], parsed[1], now)


def parse_solution_header(value: str) -> tuple[str, str] | None:
    """Split `<token>:<counter>`; None when the value has no such shape."""
    if not isinstance(value, str) or len(value) > _MAX_TOKEN_CHARS + 21:
        return None
    token, sep, counter = value.strip().rpartition(":")
    return (token, counter) if sep and token else None


def read_difficulty(token: str) -> int:
    """The difficulty a token asks for, read without the secret (for clients)."""
    payload = _decode_payload(token)
    if payload is None:
        raise ValueError("not a distillguard challenge token")
    difficulty: int = _PAYLOAD.unpack(payload)[1]
    return difficulty


def has_work(token: str, counter: str, difficulty: int) -> bool:
    digest = hashlib.sha256(f"{token}:{counter}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - difficulty) == 0


def solve(token: str, max_difficulty: int = MAX_DIFFICULTY) -> str:
    """Find the smallest counter that solves `token` (pure Python, ~2^difficulty hashes)."""
    difficulty = read_difficulty(token)
    if difficulty > max_difficulty:
        raise ValueError(f"difficulty {difficulty} exceeds the limit {max_difficulty}")
    prefix = hashlib.sha256(f"{token}:".encode())
    bound = 1 << (256 - difficulty)
    counter = 0
    # Each candidate copies the hashed prefix instead of rehashing the ~100-char token.
    while True:
        h = prefix.copy()
        h.update(str(counter).encode())
        if int.from_bytes(h.digest(), "big") < bound:
            return str(counter)
        counter += 1


def challenge_headers(ch: Challenge) -> dict[str, str]:
    return {CHALLENGE_HEADER: ch.token, DIFFICULTY_HEADER: str(ch.difficulty)}


def challenge_message(ch: Challenge) -> str:
    """The refusal text: tells a person what to do, since SDKs show only this message."""
    return (
        "This account is sending requests in a pattern that requires proof of work. "
        f"Retry the same request with the header '{SOLUTION_HEADER}: <token>:<counter>', "
        f"where <token> is the value of the '{CHALLENGE_HEADER}' response header and "
        '<counter> is a decimal number such that sha256("<token>:<counter>") starts with '
        f"at least {ch.difficulty} zero bits. The challenge expires {ch.ttl_seconds} seconds "
        "after it was issued. The distillguard Python client helper does this automatically: "
        "openai.OpenAI(http_client=httpx.Client(auth=gateway.client.ChallengeSolver())). "
        f"Challenge token: {ch.token}"
    )


def _fail(cause: Cause) -> Verdict:
    return Verdict(False, PUBLIC_INVALID, cause)


def _decode_payload(token: str) -> bytes | None:
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARS:
        return None
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != _VERSION:
        return None
    payload = _b64decode(parts[1])
    if payload is None or len(payload) != _PAYLOAD.size:
        return None
    return payload


def _b64decode(text: str) -> bytes | None:
    if not _B64.fullmatch(text):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    # Reject non-canonical spellings so that one challenge has exactly one token string.
    return raw if _b64encode(raw) == text else None


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, b"distillguard-pow-v1\0" + payload, hashlib.sha256).digest()


def _account_tag(secret: bytes, account_id: str) -> bytes:
    msg = b"distillguard-pow-account\0" + account_id.encode()
    return hmac.new(secret, msg, hashlib.sha256).digest()[:16]
