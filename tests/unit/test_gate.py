"""Gate.settle: what a refused request tells the harvest signals; admit and settle with a
store whose calls are issued together."""

from __future__ import annotations

from pathlib import Path

from gateway.errors import StoreError
from gateway.facts import Account, RequestFacts
from gateway.gate import Gate
from gateway.policy.reload import PolicyHolder
from gateway.store.memory import MemoryStore

POLICY = """version: 1
tiers:
  default:
    requests: {minute: 1}
rules:
  - id: prove-work
    description: This model needs proof of work.
    when: request.model == "challenge-me"
    action: challenge
"""


class RecordingSignals:
    """A signal source that records which requests were settled and which forgotten."""

    def __init__(self) -> None:
        self.settled: list[tuple[str, int]] = []
        self.forgotten: list[str] = []

    async def observe(self, account: Account, facts: RequestFacts, now: float) -> dict[str, float]:
        return {}

    async def settle(
        self,
        account: Account,
        facts: RequestFacts,
        completion_tokens: int,
        finish_reason: str | None,
        now: float,
    ) -> None:
        self.settled.append((facts.request_id, completion_tokens))

    def forget(self, request_id: str) -> None:
        self.forgotten.append(request_id)

    def campaign_for(self, request_id: str) -> str | None:
        return None

    def explain(self, signals: dict[str, float]) -> list[tuple[str, float]]:
        return []


def facts(request_id: str, model: str) -> RequestFacts:
    return RequestFacts(
        request_id=request_id, api="openai", path="/v1/chat/completions", model=model
    )


async def test_suspicion_refusals_are_forgotten_quota_refusals_settle(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(POLICY)
    signals = RecordingSignals()
    gate = Gate(MemoryStore(), PolicyHolder([tmp_path]), signals)
    account = Account(id="acct-1")

    served = await gate.admit(account, facts("r-1", "gpt-4o"), 100.0)
    assert not served.refused
    await gate.settle(served, 42, "stop", 101.0)

    challenged = await gate.admit(account, facts("r-2", "challenge-me"), 200.0)
    assert challenged.refused and challenged.decision.rule == "prove-work"
    await gate.settle(challenged, 0, None, 200.0)

    over_quota = await gate.admit(account, facts("r-3", "gpt-4o"), 200.5)
    assert over_quota.refused and over_quota.decision.rule == "tier-budget"
    await gate.settle(over_quota, 0, None, 200.5)

    # A challenged request got no answer because we suspect harvesting: booking it as an
    # empty answer would count as innocence. A quota refusal says nothing about intent.
    assert signals.settled == [("r-1", 42), ("r-3", 0)]
    assert signals.forgotten == ["r-2"]


class NetworkStore(MemoryStore):
    """A store whose calls wait on the network: the gate issues its calls together."""

    concurrent_io = True


class FailingSignals(RecordingSignals):
    async def observe(self, account: Account, facts: RequestFacts, now: float) -> dict[str, float]:
        raise StoreError("signals down")


async def test_together_a_failed_signal_update_fails_open_and_keeps_the_booking(
    tmp_path: Path,
) -> None:
    (tmp_path / "p.yaml").write_text(POLICY)
    store = NetworkStore()
    gate = Gate(store, PolicyHolder([tmp_path]), FailingSignals())
    admission = await gate.admit(Account(id="acct-1"), facts("r-1", "gpt-4o"), 100.0)
    assert admission.store_status == "fail-open" and not admission.refused
    # The reservation was made alongside: it is kept, so settling books the real cost.
    assert admission.reservation is not None and admission.reservation.admitted
    await gate.settle(admission, 42, "stop", 101.0)
    usage = await store.usage("acct-1", 101.0)
    assert usage["requests"]["minute"] == 1 and usage["completion_tokens"]["minute"] == 42


async def test_together_or_in_turn_the_same_decisions_and_settlements(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(POLICY)
    outcomes = []
    for store in (MemoryStore(), NetworkStore()):
        signals = RecordingSignals()
        gate = Gate(store, PolicyHolder([tmp_path]), signals)
        seen = []
        for i, model in enumerate(["gpt-4o", "challenge-me", "gpt-4o", "gpt-4o"]):
            admission = await gate.admit(Account(id="a"), facts(f"r-{i}", model), 100.0 + i)
            await gate.settle(admission, 10 * i, "stop", 100.5 + i)
            seen.append((admission.decision.rule, admission.refused))
        outcomes.append((seen, signals.settled, signals.forgotten, await store.usage("a", 104.0)))
    assert outcomes[0] == outcomes[1]


async def test_hidden_reasoning_is_billed_to_the_budget_but_not_counted_as_served(
    tmp_path: Path,
) -> None:
    (tmp_path / "p.yaml").write_text(POLICY)
    signals = RecordingSignals()
    store = MemoryStore()
    gate = Gate(store, PolicyHolder([tmp_path]), signals)
    account = Account(id="acct-1")
    admitted = await gate.admit(account, facts("r-1", "o3-mini"), 100.0)
    await gate.settle(admitted, 2_400, "stop", 101.0, hidden_reasoning_tokens=1_800)
    assert signals.settled == [("r-1", 600)]  # the evidence: what the client received
    usage = await store.usage("acct-1", 102.0)
    assert usage["completion_tokens"]["minute"] == 2_400  # the budget: what was billed
