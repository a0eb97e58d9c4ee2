"""Knobs of the mock model API, and the per-request header overrides tests use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers

from gateway.mock_upstream.faults import Fault, FaultSpecError, parse_fault

DEFAULT_MODELS: tuple[str, ...] = (
    "gpt-4o-mini",
    "gpt-4o",
    "o3-mini",
    "deepseek-reasoner",
    "text-embedding-3-small",
    "claude-haiku-4-5",
)


@dataclass(frozen=True, slots=True)
class MockSettings:
    natural_tokens: int = 60  # answer length when neither the request nor a header caps it
    reasoning_tokens: int = 40
    chunk_tokens: int = 1  # word pieces per streamed chunk
    ttft_ms: float = 0.0
    chunk_ms: float = 0.0
    report_usage: bool = True  # False: omit usage blocks, to test the gateway's own counting
    reasoning: bool = True  # emit reasoning_content / thinking for reasoning models
    require_key: str | None = None
    embedding_dims: int = 16
    reset_after_frames: int = 3
    stall_s: float = 300.0  # upper bound of stall-after; always cancellable
    never_end_s: float = 300.0  # upper bound of never-end, so no loop is unbounded
    never_end_min_chunk_ms: float = 5.0  # keeps never-end from spinning a CPU core
    record_limit: int = 100
    models: tuple[str, ...] = DEFAULT_MODELS


@dataclass(frozen=True, slots=True)
class Knobs:
    """The settings as adjusted by one request's `x-mock-*` headers."""

    natural_tokens: int
    reasoning_tokens: int
    chunk_tokens: int
    ttft_ms: float
    chunk_ms: float
    fault: Fault
    hide_reasoning: bool = False
    """OpenAI o-series style: reasoning billed in usage, its text never sent."""


def _int_header(headers: Headers, name: str, default: int, minimum: int) -> int:
    raw = headers.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise FaultSpecError(f"{name} must be an integer") from exc
    if value < minimum:
        raise FaultSpecError(f"{name} must be >= {minimum}")
    return value


def _ms_header(headers: Headers, name: str, default: float) -> float:
    raw = headers.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise FaultSpecError(f"{name} must be a number of milliseconds") from exc
    if value < 0:
        raise FaultSpecError(f"{name} must be >= 0")
    return value


def knobs_for(settings: MockSettings, headers: Headers) -> Knobs:
    """Apply the request's override headers; raises FaultSpecError on a bad value."""
    return Knobs(
        natural_tokens=_int_header(headers, "x-mock-tokens", settings.natural_tokens, 0),
        reasoning_tokens=_int_header(
            headers, "x-mock-reasoning-tokens", settings.reasoning_tokens, 0
        ),
        chunk_tokens=_int_header(headers, "x-mock-chunk-tokens", settings.chunk_tokens, 1),
        ttft_ms=_ms_header(headers, "x-mock-ttft-ms", settings.ttft_ms),
        chunk_ms=_ms_header(headers, "x-mock-chunk-ms", settings.chunk_ms),
        fault=parse_fault(headers.get("x-mock-fault", "")),
        hide_reasoning=_reasoning_header(headers),
    )


def _reasoning_header(headers: Headers) -> bool:
    """`x-mock-reasoning: hidden` bills reasoning without sending it, as o-series models do;
    `shown` (the default) streams it as reasoning_content, as DeepSeek's models do."""
    raw = headers.get("x-mock-reasoning", "shown")
    if raw not in ("shown", "hidden"):
        raise FaultSpecError("x-mock-reasoning must be shown or hidden")
    return raw == "hidden"


def settings_from(**kwargs: Any) -> MockSettings:
    """Build settings from keyword arguments (CLI flags), rejecting unknown names."""
    known = set(MockSettings.__dataclass_fields__)
    unknown = sorted(set(kwargs) - known)
    if unknown:
        raise TypeError(f"unknown mock setting(s): {', '.join(unknown)}")
    if "models" in kwargs:
        kwargs["models"] = tuple(kwargs["models"])
    return MockSettings(**kwargs)
