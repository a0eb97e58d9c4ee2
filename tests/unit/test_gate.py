"""Gate.settle: what a refused request tells the harvest signals."""

from __future__ import annotations

from pathlib import Path

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
