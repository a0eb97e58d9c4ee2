"""The engine shared by the live proxy and replay: account, count, decide, settle.

`Gate.admit` books the request against the account's budgets (one store round trip),
updates and reads the harvest signals, and asks the pure `decide` for a verdict; with a
store whose calls wait on the network (Redis), the booking and the signal update are
issued together, as are the two settles, so they share round trips;
`Gate.settle` books what the response actually cost. Time is always an argument, so
replay runs the very same code on recorded timestamps.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, cast

from gateway.decision import Action, Decision
from gateway.errors import StoreError
from gateway.facts import Account, Cost, RequestFacts, Usage, empty_usage
from gateway.policy.evaluate import decide
from gateway.policy.reload import PolicyHolder
from gateway.store.base import Reservation, UsageStore

log = logging.getLogger("distillguard.gate")

StoreStatus = Literal["ok", "fail-open", "fail-closed"]
"""fail-closed: the store was down and the request refused with a 503 (handler)."""
_SUSPICION = (Action.CHALLENGE, Action.BLOCK)
GENERATION_PATHS = ("/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages")


class SignalSource(Protocol):
    async def observe(
        self, account: Account, facts: RequestFacts, now: float
    ) -> dict[str, float]: ...

    async def settle(
        self,
        account: Account,
        facts: RequestFacts,
        completion_tokens: int,
        finish_reason: str | None,
        now: float,
    ) -> None: ...

    def forget(self, request_id: str) -> None:
        """Drop what `observe` kept for a request that will not be settled."""

    def campaign_for(self, request_id: str) -> str | None:
        """The campaign the request's account was linked to when it was observed."""

    def explain(self, signals: dict[str, float]) -> list[tuple[str, float]]:
        """Top contributing signals of the harvest score, strongest first."""


@dataclass(slots=True)
class Admission:
    account: Account
    facts: RequestFacts
    decision: Decision
    reservation: Reservation | None
    usage: Usage
    signals: dict[str, float] = field(default_factory=dict)
    store_status: StoreStatus = "ok"
    completion_cap: int | None = None
    """Completion tokens after which the stream is ended (budget or degrade cap)."""
    errors: list[str] = field(default_factory=list)
    challenge_passed: bool = False
    """A challenged request went through on a solved challenge or an active pass."""
    held_back: bool = False
    """A delay throttle found its queue of held requests full and refused instead."""
    notes: list[str] = field(default_factory=list)
    campaign: str | None = None
    settled: bool = False

    @property
    def refused(self) -> bool:
        """True when the request is answered by the gateway instead of the upstream."""
        decision = self.decision
        refuses = decision.refuses and decision.mode == "enforce" and not self.challenge_passed
        return refuses or self.held_back

    @property
    def action(self) -> str:
        """What the client is told happened (`x-distillguard-action`, the log record)."""
        return "allow" if self.challenge_passed else self.decision.header_action


class Gate:
    def __init__(
        self,
        store: UsageStore,
        policies: PolicyHolder,
        signals: SignalSource | None = None,
        failure_mode: Literal["open", "closed"] = "open",
        on_store_error: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.policies = policies
        self.signals = signals
        self.failure_mode = failure_mode
        # Called with the operation for every store failure the gate absorbs (fail-open,
        # settle); a fail-closed error is raised and counted by whoever answers the client.
        self.on_store_error = on_store_error or (lambda operation: None)

    async def admit(self, account: Account, facts: RequestFacts, now: float) -> Admission:
        """Reserve, observe, decide. Raises StoreError only when failing closed."""
        policy = self.policies.policy
        tier = policy.tier_settings(account.tier)
        expected = 0
        if facts.path.startswith(GENERATION_PATHS):
            expected = (
                facts.max_tokens if facts.max_tokens is not None else tier.expected_completion
            )
        cost = Cost(requests=1, prompt_tokens=facts.prompt_tokens, completion_tokens=expected)
        errors: list[str] = []
        status: StoreStatus = "ok"
        reservation: Reservation | None = None
        signals: dict[str, float] = {}
        campaign = None
        try:
            # Exempt accounts are still metered, never refused on budget.
            exempt = account.allowlisted or policy.is_exempt(account.id, account.key_id)
            limits = () if exempt else policy.limits_for(account.tier)
            if self.signals is not None and self.store.concurrent_io:
                # Independent calls issued together: with Redis they share round trips.
                booked, observed = await asyncio.gather(
                    self.store.reserve(account.id, cost, limits, now),
                    self.signals.observe(account, facts, now),
                    return_exceptions=True,
                )
                if not isinstance(booked, BaseException):
                    reservation = booked  # booked even if the signals failed: settle it
                _raise_first(booked, observed)
                signals = cast("dict[str, float]", observed)
            else:
                reservation = await self.store.reserve(account.id, cost, limits, now)
                if self.signals is not None:
                    signals = await self.signals.observe(account, facts, now)
            if self.signals is not None:
                campaign = self.signals.campaign_for(facts.request_id)
        except StoreError as exc:
            if self.failure_mode == "closed":
                raise
            status = "fail-open"
            self.on_store_error("reserve")
            errors.append(f"store: {exc}")
            log.warning("store unavailable, failing open: %s", exc)
        usage = reservation.usage if reservation is not None else empty_usage()
        decision = decide(facts, account, usage, signals, policy, now, budget=reservation)
        cap = None
        if reservation is not None and tier.cut_stream:
            cap = reservation.allowance
        if decision.degrade is not None and decision.degrade.max_tokens is not None:
            cap = (
                min(cap, decision.degrade.max_tokens)
                if cap is not None
                else decision.degrade.max_tokens
            )
        return Admission(
            account=account,
            facts=facts,
            decision=decision,
            reservation=reservation,
            usage=usage,
            signals=signals,
            store_status=status,
            completion_cap=cap,
            errors=errors,
            campaign=campaign,
        )

    async def settle(
        self,
        admission: Admission,
        completion_tokens: int,
        finish_reason: str | None,
        now: float,
        prompt_tokens: int | None = None,
        hidden_reasoning_tokens: int | None = None,
    ) -> None:
        """Book the actual cost once; a refused request keeps its request count only.

        `hidden_reasoning_tokens`: of `completion_tokens` (billed, what the budget counts),
        reasoning the client never received, which harvesting evidence leaves out
        (Tally.hidden_reasoning).
        """
        if admission.settled:
            return
        admission.settled = True
        forwarded = not admission.refused
        actual = Cost(
            requests=1,
            prompt_tokens=(
                prompt_tokens if prompt_tokens is not None else admission.facts.prompt_tokens
            )
            if forwarded
            else 0,
            completion_tokens=completion_tokens if forwarded else 0,
        )
        steps: list[Callable[[], Awaitable[None]]] = []
        reservation = admission.reservation
        if reservation is not None and reservation.admitted:
            steps.append(lambda: self.store.settle(reservation, actual, now))
        signals = self.signals
        if signals is not None and admission.store_status == "ok":
            if forwarded or admission.decision.action not in _SUSPICION:
                steps.append(
                    lambda: signals.settle(
                        admission.account,
                        admission.facts,
                        max(actual.completion_tokens - (hidden_reasoning_tokens or 0), 0),
                        finish_reason,
                        now,
                    )
                )
            else:
                # Refused because we suspect harvesting: settling it as an empty answer
                # counted as innocence, the score drifted under the threshold and the
                # next request was served, so enforcement flapped (replay of 3 simulated
                # days: harvesters got 8.7M tokens after their first enforcement; 1.7k
                # without it). A quota 429 still settles as before.
                signals.forget(admission.facts.request_id)
        try:
            if self.store.concurrent_io and len(steps) > 1:
                _raise_first(
                    *await asyncio.gather(*(step() for step in steps), return_exceptions=True)
                )
            else:
                for step in steps:  # a failed step skips the rest, as it always did
                    await step()
        except StoreError as exc:
            self.on_store_error("settle")
            admission.errors.append(f"store settle: {exc}")
            log.warning("store unavailable while settling: %s", exc)


def _raise_first(*outcomes: object) -> None:
    """Raise the first exception among gathered outcomes (StoreError as the callers expect)."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
