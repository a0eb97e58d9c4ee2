"""Client helper: answer distillguard proof-of-work challenges transparently.

    import httpx, openai
    from gateway.client import ChallengeSolver
    client = openai.OpenAI(http_client=httpx.Client(auth=ChallengeSolver()))
    aclient = openai.AsyncOpenAI(http_client=httpx.AsyncClient(auth=ChallengeSolver()))

    # SDKs built on httpx2 (anthropic>=2) reject httpx objects; use the httpx2 twin:
    import httpx2, anthropic
    from gateway.client import Httpx2ChallengeSolver
    client = anthropic.Anthropic(http_client=httpx2.Client(auth=Httpx2ChallengeSolver()))

On a 428 carrying `x-distillguard-challenge`, the solver finds the counter and resends
the same request once with `x-distillguard-solution`. Any other response passes through.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Mapping, MutableMapping
from typing import Generic, Protocol, TypeVar

import anyio.to_thread
import httpx

from gateway.enforce.challenge import (
    CHALLENGE_HEADER,
    CHALLENGE_STATUS,
    SOLUTION_HEADER,
    read_difficulty,
    solve,
)

__all__ = ["DEFAULT_MAX_DIFFICULTY", "ChallengeSolver", "solve"]

# 2^26 hashes is ~40 s of pure-Python work (bench/pow_solve.py): past that, surface the 428.
DEFAULT_MAX_DIFFICULTY = 26


class _Request(Protocol):
    @property
    def headers(self) -> MutableMapping[str, str]: ...

    async def aread(self) -> bytes: ...


class _Response(Protocol):
    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...


Req = TypeVar("Req", bound=_Request)
Resp = TypeVar("Resp", bound=_Response)


class _SolverFlow(Generic[Req, Resp]):
    """The auth flow, written once for httpx and httpx2 (their Auth APIs are the same)."""

    # The request is sent twice, so its body must be buffered to be replayable.
    requires_request_body = True

    def __init__(self, max_difficulty: int = DEFAULT_MAX_DIFFICULTY) -> None:
        self.max_difficulty = max_difficulty

    def auth_flow(self, request: Req) -> Generator[Req, Resp, None]:
        response = yield request
        token = self._token_to_solve(response)
        if token is not None:
            request.headers[SOLUTION_HEADER] = f"{token}:{solve(token)}"
            yield request

    async def async_auth_flow(self, request: Req) -> AsyncGenerator[Req, Resp]:
        # Solving is seconds of CPU: run it off the event loop (anyio: asyncio or trio).
        await request.aread()
        response = yield request
        token = self._token_to_solve(response)
        if token is not None:
            counter = await anyio.to_thread.run_sync(solve, token)
            request.headers[SOLUTION_HEADER] = f"{token}:{counter}"
            yield request

    def _token_to_solve(self, response: Resp) -> str | None:
        if response.status_code != CHALLENGE_STATUS:
            return None
        token = response.headers.get(CHALLENGE_HEADER)
        if token is None:
            return None
        try:
            difficulty = read_difficulty(token)
        except ValueError:
            return None
        return token if difficulty <= self.max_difficulty else None


class ChallengeSolver(_SolverFlow[httpx.Request, httpx.Response], httpx.Auth):
    """An httpx auth hook for sync and async clients alike (it adds no credentials)."""


try:
    import httpx2
except ImportError:  # httpx2 only comes with SDKs that use it
    pass
else:
    __all__ += ["Httpx2ChallengeSolver"]

    class Httpx2ChallengeSolver(_SolverFlow[httpx2.Request, httpx2.Response], httpx2.Auth):
        """`ChallengeSolver` for httpx2 clients (anthropic>=2 requires httpx2)."""
