"""Proof-of-work challenges: round trip and each way a solution can be wrong."""

from __future__ import annotations

import base64
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.enforce.challenge import (
    CHALLENGE_HEADER,
    DIFFICULTY_HEADER,
    PUBLIC_EXPIRED,
    PUBLIC_INVALID,
    SOLUTION_HEADER,
    Challenge,
    challenge_headers,
    challenge_message,
    has_work,
    issue_challenge,
    parse_solution_header,
    read_difficulty,
    solve,
    verify_header,
    verify_solution,
)

SECRET = b"test-secret-0123456789"
NOW = 1_764_000_000.0
ACCOUNT = "acct-0042"


def _issue(
    difficulty: int = 8, ttl: int = 300, account: str = ACCOUNT, nonce: bytes | None = None
) -> Challenge:
    return issue_challenge(SECRET, account, difficulty, ttl, NOW, nonce=nonce)


def _unsolved_counter(token: str, difficulty: int) -> str:
    return next(str(c) for c in range(10_000) if not has_work(token, str(c), difficulty))


def test_round_trip_accepts_a_solved_challenge() -> None:
    ch = _issue(difficulty=10)
    counter = solve(ch.token)
    digest = hashlib.sha256(f"{ch.token}:{counter}".encode()).digest()
    assert int.from_bytes(digest, "big") >> (256 - 10) == 0
    verdict = verify_solution(SECRET, ACCOUNT, ch.token, counter, NOW + 1)
    assert verdict.ok and verdict.cause == "ok"
    assert verdict.replay_key is not None and verdict.replay_key.startswith("pow:")
    assert verdict.ttl_left == pytest.approx(299.0)


def test_replay_key_is_stable_per_challenge_and_distinct_across_challenges() -> None:
    ch = _issue(nonce=b"\x01" * 16)
    a = verify_solution(SECRET, ACCOUNT, ch.token, solve(ch.token), NOW)
    b = verify_solution(SECRET, ACCOUNT, ch.token, solve(ch.token), NOW + 5)
    other = _issue(nonce=b"\x02" * 16)
    c = verify_solution(SECRET, ACCOUNT, other.token, solve(other.token), NOW)
    assert a.replay_key == b.replay_key != c.replay_key


def test_token_is_compact_and_does_not_reveal_the_account() -> None:
    ch = _issue()
    assert ch.token.startswith("v1.") and ch.token.count(".") == 2
    assert len(ch.token) < 120
    payload = base64.urlsafe_b64decode(ch.token.split(".")[1] + "==")
    assert ACCOUNT.encode() not in payload
    assert hashlib.sha256(ACCOUNT.encode()).digest()[:16] not in payload
    assert read_difficulty(ch.token) == 8


def test_expired_challenge_is_refused_with_the_expired_reason() -> None:
    ch = _issue(ttl=60)
    verdict = verify_solution(SECRET, ACCOUNT, ch.token, solve(ch.token), NOW + 60)
    assert (verdict.ok, verdict.cause, verdict.reason) == (False, "expired", PUBLIC_EXPIRED)
    assert verdict.replay_key is None


def test_flipping_any_signature_or_payload_byte_is_detected() -> None:
    ch = _issue()
    _, payload_b64, tag_b64 = ch.token.split(".")
    for part, text in (("payload", payload_b64), ("tag", tag_b64)):
        raw = bytearray(base64.urlsafe_b64decode(text + "=="))
        raw[len(raw) // 2] ^= 0x01
        forged_part = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
        token = (
            f"v1.{forged_part}.{tag_b64}"
            if part == "payload"
            else f"v1.{payload_b64}.{forged_part}"
        )
        verdict = verify_solution(SECRET, ACCOUNT, token, solve(token), NOW)
        assert (verdict.ok, verdict.cause, verdict.reason) == (False, "forged", PUBLIC_INVALID)


def test_a_token_signed_with_another_secret_is_forged() -> None:
    ch = issue_challenge(b"another-secret", ACCOUNT, 8, 300, NOW)
    assert verify_solution(SECRET, ACCOUNT, ch.token, solve(ch.token), NOW).cause == "forged"


def test_lowered_difficulty_cannot_be_smuggled_in() -> None:
    ch = _issue(difficulty=16)
    _, payload_b64, tag_b64 = ch.token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload_b64 + "=="))
    raw[16] = 1  # the difficulty byte
    token = f"v1.{base64.urlsafe_b64encode(bytes(raw)).rstrip(b'=').decode()}.{tag_b64}"
    assert verify_solution(SECRET, ACCOUNT, token, solve(token), NOW).cause == "forged"


def test_another_account_cannot_use_the_token() -> None:
    ch = _issue(account="acct-0001")
    verdict = verify_solution(SECRET, "acct-0002", ch.token, solve(ch.token), NOW)
    assert (verdict.ok, verdict.cause, verdict.reason) == (False, "wrong_account", PUBLIC_INVALID)


def test_insufficient_work_is_refused() -> None:
    ch = _issue(difficulty=12)
    verdict = verify_solution(SECRET, ACCOUNT, ch.token, _unsolved_counter(ch.token, 12), NOW)
    assert (verdict.ok, verdict.cause, verdict.reason) == (
        False,
        "insufficient_work",
        PUBLIC_INVALID,
    )


@pytest.mark.parametrize(
    "token",
    [
        "",
        "v1",
        "v1..",
        "v2.AAAA.AAAA",
        "v1.AAAA.AAAA",
        "v1.!!!!.AAAA",
        "v1.AAAA.AAAA.AAAA",
        "x" * 5000,
    ],
)
def test_malformed_tokens(token: str) -> None:
    verdict = verify_solution(SECRET, ACCOUNT, token, "1", NOW)
    assert (verdict.ok, verdict.cause, verdict.reason) == (False, "malformed_token", PUBLIC_INVALID)
    with pytest.raises(ValueError):
        read_difficulty(token)


def test_non_canonical_base64_spelling_is_malformed() -> None:
    ch = _issue()
    _, payload_b64, tag_b64 = ch.token.split(".")
    # 41 payload bytes leave spare low bits in the last base64 char; setting one keeps the bytes.
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    bumped = payload_b64[:-1] + last[last.index(payload_b64[-1]) ^ 1]
    assert base64.urlsafe_b64decode(bumped + "==") == base64.urlsafe_b64decode(payload_b64 + "==")
    verdict = verify_solution(SECRET, ACCOUNT, f"v1.{bumped}.{tag_b64}", "1", NOW)
    assert verdict.cause == "malformed_token"


@pytest.mark.parametrize("solution", ["", "-1", "1.0", "12a", " 12", "1" * 21, "١٢"])
def test_malformed_solutions(solution: str) -> None:
    ch = _issue()
    verdict = verify_solution(SECRET, ACCOUNT, ch.token, solution, NOW)
    assert (verdict.ok, verdict.cause) == (False, "malformed_solution")


def test_header_round_trip_and_malformed_header_values() -> None:
    ch = _issue()
    good = f"{ch.token}:{solve(ch.token)}"
    assert verify_header(SECRET, ACCOUNT, good, NOW).ok
    assert parse_solution_header(good) == (ch.token, solve(ch.token))
    for bad in ("", ":", "no-colon", ":123", "x" * 1000):
        assert verify_header(SECRET, ACCOUNT, bad, NOW).ok is False
    assert verify_header(SECRET, ACCOUNT, "garbage:1", NOW).cause == "malformed_token"
    assert verify_header(SECRET, ACCOUNT, f"{ch.token}:", NOW).cause == "malformed_solution"


@settings(max_examples=200, deadline=None)
@given(token=st.text(max_size=300), solution=st.text(max_size=30))
def test_verify_never_raises_on_arbitrary_strings(token: str, solution: str) -> None:
    verdict = verify_solution(SECRET, ACCOUNT, token, solution, NOW)
    assert verdict.ok is False
    assert verify_header(SECRET, ACCOUNT, f"{token}:{solution}", NOW).ok is False


@pytest.mark.parametrize(
    ("difficulty", "ttl", "nonce"), [(0, 60, None), (41, 60, None), (8, 0, None), (8, 60, b"x")]
)
def test_issue_rejects_bad_parameters(difficulty: int, ttl: int, nonce: bytes | None) -> None:
    with pytest.raises(ValueError):
        issue_challenge(SECRET, ACCOUNT, difficulty, ttl, NOW, nonce=nonce)


def test_issue_rejects_an_empty_secret() -> None:
    with pytest.raises(ValueError):
        issue_challenge(b"", ACCOUNT, 8, 60, NOW)


def test_solve_refuses_work_above_its_limit() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        solve(_issue(difficulty=30).token, max_difficulty=20)


def test_headers_and_message_tell_a_person_what_to_do() -> None:
    ch = _issue(difficulty=18)
    assert challenge_headers(ch) == {CHALLENGE_HEADER: ch.token, DIFFICULTY_HEADER: "18"}
    text = challenge_message(ch)
    assert SOLUTION_HEADER in text and CHALLENGE_HEADER in text
    assert "18 zero bits" in text and "ChallengeSolver" in text and ch.token in text
