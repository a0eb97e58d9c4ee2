"""Plain data the engine decides on: who is asking, what they ask, how much they used.

These are built by the proxy from a live request and by replay from a traffic record,
so both paths hand the engine exactly the same shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ApiKind = Literal["openai", "anthropic"]
Window = Literal["minute", "hour", "day"]
Metric = Literal["requests", "prompt_tokens", "completion_tokens", "tokens"]

WINDOWS: tuple[Window, ...] = ("minute", "hour", "day")
WINDOW_SECONDS: dict[Window, int] = {"minute": 60, "hour": 3600, "day": 86400}
METRICS: tuple[Metric, ...] = ("requests", "prompt_tokens", "completion_tokens", "tokens")


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    tier: str = "default"
    key_id: str = ""
    created_ts: float | None = None
    keys: int = 1
    allowlisted: bool = False
    """Put on the allowlist by a reviewer (appeal): treated like a policy `exempt` entry."""


# Not frozen: built once per request, and a frozen dataclass pays an object.__setattr__
# call per field (18 here, ~23k instructions a request). Treat it as read-only.
@dataclass(slots=True)
class RequestFacts:
    """What a policy may know about a request before it is forwarded."""

    request_id: str
    api: ApiKind
    path: str
    model: str = ""
    stream: bool = False
    max_tokens: int | None = None
    logprobs: bool = False
    top_logprobs: int = 0
    logit_bias: bool = False
    n: int = 1
    temperature: float | None = None
    has_tools: bool = False
    reasoning_requested: bool = False
    prompt_tokens: int = 0
    message_count: int = 0
    client_ip: str = ""
    prompt_text: str = ""  # last user turn, for signals; never logged
    body: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def as_policy_input(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "path": self.path,
            "api": self.api,
            "stream": self.stream,
            "max_tokens": self.max_tokens if self.max_tokens is not None else 0,
            "logprobs": self.logprobs,
            "top_logprobs": self.top_logprobs,
            "logit_bias": self.logit_bias,
            "n": self.n,
            "temperature": self.temperature if self.temperature is not None else 1.0,
            "has_tools": self.has_tools,
            "reasoning": self.reasoning_requested,
            "prompt_tokens": self.prompt_tokens,
            "messages": self.message_count,
        }


@dataclass(frozen=True, slots=True)
class Limit:
    """A budget: at most `maximum` of `metric` within the sliding `window`."""

    metric: Metric
    window: Window
    maximum: int


@dataclass(frozen=True, slots=True)
class Cost:
    requests: int = 1
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


Usage = dict[str, dict[str, int]]
"""metric -> window -> amount, e.g. usage["tokens"]["minute"]; reservations included."""


def empty_usage() -> Usage:
    return {m: {w: 0 for w in WINDOWS} for m in METRICS}
