"""A challenged request passes on a fresh valid solution or an active pass.

Only challenged requests pay these extra store round trips. A solution is single use
across all gateway instances (`use_once` in the shared store); solving grants a pass
for N requests or T seconds so an honest client solves once, not per request.
"""

from __future__ import annotations

from collections.abc import Mapping

from gateway.enforce.challenge import (
    SOLUTION_HEADER,
    challenge_headers,
    challenge_message,
    issue_challenge,
    verify_header,
)
from gateway.gate import Admission
from gateway.proxy.runtime import Runtime


async def settle_challenge(
    rt: Runtime, admission: Admission, headers: Mapping[str, str], now: float
) -> tuple[list[tuple[str, str]], str]:
    """Mark the admission passed, or return the challenge headers and message to refuse with."""
    options = admission.decision.challenge
    account = admission.account.id
    solution = headers.get(SOLUTION_HEADER)
    if solution:
        verdict = verify_header(rt.challenge_secret, account, solution, now)
        if verdict.ok and verdict.replay_key is not None:
            if await rt.store.use_once(verdict.replay_key, max(1.0, verdict.ttl_left), now):
                if options is not None:
                    await rt.store.grant_pass(
                        account, options.pass_requests, options.pass_seconds, now
                    )
                admission.challenge_passed = True
                admission.notes.append("challenge solved")
                return [], ""
            admission.errors.append("challenge: solution replayed")
        else:
            admission.errors.append(f"challenge: {verdict.cause}")
    elif await rt.store.consume_pass(account, now):
        admission.challenge_passed = True
        admission.notes.append("challenge pass used")
        return [], ""
    difficulty = options.difficulty if options is not None else 18
    ttl = options.ttl_seconds if options is not None else 300
    challenge = issue_challenge(rt.challenge_secret, account, difficulty, ttl, now)
    return list(challenge_headers(challenge).items()), challenge_message(challenge)
