"""The policy file format as typed models: unknown keys and loose types are refused.

Models are strict (no "18" -> 18 coercion) and forbid extra keys, so a typo such as
`descripton` or `strip_logprob` fails the load instead of silently doing nothing.
Defaults live here and nowhere else. A file validates in two steps (see loader.py):
`PolicyFileModel` with rules kept raw, then each rule through `RuleModel`, so one broken
rule does not hide the problems of the others.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

ActionName = Literal["log", "degrade", "throttle", "challenge", "block"]
ACTIONS: tuple[str, ...] = ("log", "degrade", "throttle", "challenge", "block")

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]

DEFAULT_EXPECTED_COMPLETION = 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class WindowBudget(_Strict):
    """Maximum amount per sliding window; an absent window is unlimited."""

    minute: Count | None = None
    hour: Count | None = None
    day: Count | None = None


class TierModel(_Strict):
    requests: WindowBudget | None = None
    prompt_tokens: WindowBudget | None = None
    completion_tokens: WindowBudget | None = None
    tokens: WindowBudget | None = None
    # completion tokens reserved up front when the request sets no max_tokens
    expected_completion: Positive = DEFAULT_EXPECTED_COMPLETION
    # cut a stream once the account's token allowance is spent mid-response
    cut_stream: bool = False


class ExemptModel(_Strict):
    accounts: list[NonEmpty] = []
    keys: list[NonEmpty] = []


class MatchModel(_Strict):
    """Cheap prefilter checked before the expression; every given list must match."""

    models: list[NonEmpty] | None = None
    paths: list[NonEmpty] | None = None
    tiers: list[NonEmpty] | None = None


class LogModel(_Strict):
    """`log` takes no options; the empty block is accepted for symmetry."""


class DegradeModel(_Strict):
    max_tokens: Positive | None = None
    strip_logprobs: bool = False
    strip_reasoning: bool = False
    route_model: NonEmpty | None = None
    n: Positive | None = None

    def is_empty(self) -> bool:
        return self == DegradeModel()


class ThrottleModel(_Strict):
    mode: Literal["reject", "delay"] = "reject"
    max_delay_s: Annotated[float, Field(gt=0, le=60)] = 5.0


Difficulty = Annotated[int, Field(ge=1, le=32)]


class ChallengeModel(_Strict):
    difficulty: Difficulty = 18
    pass_requests: Positive = 20
    pass_seconds: Positive = 600
    ttl_seconds: Positive = 300
    # grow difficulty towards difficulty_max as this signal goes from 0 to 1
    difficulty_signal: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")] | None
    ) = None
    difficulty_max: Difficulty | None = None

    @model_validator(mode="after")
    def _growth_pair(self) -> ChallengeModel:
        if (self.difficulty_signal is None) != (self.difficulty_max is None):
            raise ValueError(
                "difficulty_signal and difficulty_max go together; set both or neither"
            )
        if self.difficulty_max is not None and self.difficulty_max < self.difficulty:
            raise ValueError(
                f"difficulty_max ({self.difficulty_max}) is below difficulty ({self.difficulty})"
            )
        return self


class BlockModel(_Strict):
    # force: also applies to exempt accounts and keys
    force: bool = False
    message: NonEmpty | None = None


class RuleModel(_Strict):
    id: RuleId
    description: NonEmpty
    when: NonEmpty
    action: ActionName
    mode: Literal["enforce", "shadow"] = "enforce"
    match: MatchModel | None = None
    log: LogModel | None = None
    degrade: DegradeModel | None = None
    throttle: ThrottleModel | None = None
    challenge: ChallengeModel | None = None
    block: BlockModel | None = None

    def options(self) -> BaseModel:
        """The action's option block, defaults filled in when the file gave none."""
        given: BaseModel | None = getattr(self, self.action)
        return given if given is not None else _DEFAULT_OPTIONS[self.action]


_DEFAULT_OPTIONS: dict[str, BaseModel] = {
    "log": LogModel(),
    "degrade": DegradeModel(),
    "throttle": ThrottleModel(),
    "challenge": ChallengeModel(),
    "block": BlockModel(),
}


class PolicyFileModel(_Strict):
    """One file. `rules` stay raw here and are validated one by one with RuleModel."""

    version: Literal[1]
    tiers: dict[NonEmpty, TierModel] = {}
    exempt: ExemptModel = ExemptModel()
    rules: list[dict[str, Any]] = []
