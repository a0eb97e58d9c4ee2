"""The `*.tests.yaml` format: typed, strict, unknown keys refused (like policy files)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from gateway.facts import Metric, Window

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# A fixed clock for cases: 2025-11-24T16:00:00Z, the CONTRACT's example timestamp.
DEFAULT_NOW = 1_764_000_000.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class CaseRequest(_Strict):
    """Partial RequestFacts; `reasoning` and `messages` (the names `when` uses) also work."""

    api: Literal["openai", "anthropic"] = "openai"
    path: str = "/v1/chat/completions"
    model: str = ""
    stream: bool = False
    max_tokens: int | None = None
    logprobs: bool = False
    top_logprobs: int = 0
    logit_bias: bool = False
    n: int = 1
    temperature: float | None = None
    has_tools: bool = False
    reasoning_requested: bool = Field(
        False, validation_alias=AliasChoices("reasoning_requested", "reasoning")
    )
    prompt_tokens: int = 0
    message_count: int = Field(0, validation_alias=AliasChoices("message_count", "messages"))
    client_ip: str = ""
    prompt_text: str = ""


class CaseAccount(_Strict):
    id: NonEmpty = "acct-test"
    tier: NonEmpty = "default"
    key_id: str = ""
    age_days: float | None = None  # None: creation time unknown (reads as -1.0)
    keys: int = 1


class BudgetExceeded(_Strict):
    """The budget reservation was refused on this metric and window."""

    metric: Metric
    window: Window
    limit: int | None = None  # default: the tier's own limit for metric/window
    used: int | None = None  # default: the limit
    retry_after: float = 30.0


class Expect(_Strict):
    action: Literal["allow", "log", "degrade", "throttle", "challenge", "block"]
    rule: str | None = None  # compared only when given (null: no winning rule)
    hits: list[str] | None = None  # every matching rule id, shadow ones included
    degrade: dict[str, Any] | None = None  # DegradeOptions.as_dict() of the decision
    difficulty: int | None = None


class Case(_Strict):
    name: NonEmpty
    request: CaseRequest = CaseRequest.model_validate({})
    usage: dict[Metric, dict[Window, int]] = {}
    signals: dict[str, float] = {}
    tier: NonEmpty | None = None  # shorthand for account.tier
    account: CaseAccount = CaseAccount()
    budget_exceeded: BudgetExceeded | None = None
    now: float = DEFAULT_NOW
    expect: Expect


class SuiteFile(_Strict):
    policies: list[NonEmpty] | None = None  # relative to the test file
    cases: Annotated[list[Case], Field(min_length=1)]
