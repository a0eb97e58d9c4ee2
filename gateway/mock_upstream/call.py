"""One parsed request to the mock, and the two ways of answering it (JSON body or stream)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from starlette.responses import Response
from starlette.types import ASGIApp

from gateway.mock_upstream.faults import Api, Fault, InvalidRequest
from gateway.mock_upstream.settings import Knobs, MockSettings
from gateway.mock_upstream.streaming import PacedBody
from gateway.mock_upstream.text import Generation, count_tokens, generate, seed_of

INVALID_JSON = b'{"id": "mock-truncated", "choices": [{"message": '
REASONING_MODEL_PREFIXES = ("o1", "o3", "o4", "gpt-5")


@dataclass
class Call:
    api: Api
    body: dict[str, Any]
    knobs: Knobs
    settings: MockSettings
    created: int = field(default_factory=lambda: int(time.time()))
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def model(self) -> str:
        value = self.body.get("model")
        return value if isinstance(value, str) else "mock-model"

    @property
    def stream(self) -> bool:
        return self.body.get("stream") is True

    @property
    def report_usage(self) -> bool:
        return self.settings.report_usage

    def wants_reasoning(self) -> bool:
        """OpenAI-compatible reasoning models (DeepSeek style) stream reasoning_content."""
        if not self.settings.reasoning:
            return False
        model = self.model.lower()
        return (
            "reason" in model
            or model.startswith(REASONING_MODEL_PREFIXES)
            or "reasoning_effort" in self.body
            or "reasoning" in self.body
        )

    def budget(self, *keys: str) -> int | None:
        for key in keys:
            value = self.body.get(key)
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidRequest(f"{key} must be a positive integer")
            return value
        return None

    def generation(self, choice: int, reasoning: bool, budget: int | None) -> Generation:
        seed = seed_of(self.body) + choice
        thought = self.knobs.reasoning_tokens if reasoning else 0
        return generate(seed, self.knobs.natural_tokens, thought, budget)

    def choices(self) -> int:
        n = self.body.get("n", 1)
        if n is None:
            return 1
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 16:
            raise InvalidRequest("n must be an integer between 1 and 16")
        return n

    def count(self, text: str) -> int:
        return count_tokens(text, self.model)

    def response_headers(self) -> dict[str, str]:
        if self.api == "anthropic":
            return {"request-id": f"req_{self.request_id[:24]}"}
        return {"x-request-id": f"req_{self.request_id}", "openai-processing-ms": "1"}


def chunk_count(generations: Iterable[Generation], size: int) -> int:
    pieces = sum(g.reasoning_n + g.content_n for g in generations)
    return -(-pieces // size)


async def json_reply(call: Call, payload: dict[str, Any], chunks: int) -> ASGIApp:
    """A non-streamed answer, delayed as long as generating it would have taken."""
    fault = call.knobs.fault
    if fault.invalid_json:
        return Response(INVALID_JSON, media_type="application/json")
    data = json.dumps(payload, separators=(",", ":")).encode()
    if fault.breaks_body:
        return _broken_json(call, data)
    delay = call.knobs.ttft_ms + call.knobs.chunk_ms * max(chunks - 1, 0)
    if delay > 0:
        await anyio.sleep(delay / 1000)
    return Response(data, media_type="application/json", headers=call.response_headers())


def _broken_json(call: Call, data: bytes) -> ASGIApp:
    """Body faults on a JSON answer: half a body, then a reset, a stall, or endless padding."""
    fault = call.knobs.fault
    half = len(data) // 2
    frames: Iterable[bytes]
    if fault.never_end:
        frames = _padding(data[:half])
    else:
        frames = [data[:half], data[half:]]
        fault = Fault(
            reset_after=1 if fault.reset_after is not None else None,
            stall_after=1 if fault.stall_after is not None else None,
        )
    return PacedBody(
        frames,
        knobs=call.knobs,
        settings=call.settings,
        media_type="application/json",
        headers=call.response_headers(),
        fault=fault,
    )


def _padding(first: bytes) -> Iterator[bytes]:
    # Whitespace is valid inside JSON, so the body stays parseable-so-far but never ends.
    yield first
    while True:
        yield b" "


def stream_reply(call: Call, frames: Iterable[bytes]) -> ASGIApp:
    if call.knobs.fault.invalid_json:
        return Response(INVALID_JSON, media_type="application/json")
    headers = {"cache-control": "no-cache", **call.response_headers()}
    return PacedBody(
        frames,
        knobs=call.knobs,
        settings=call.settings,
        media_type="text/event-stream; charset=utf-8",
        headers=headers,
    )


def text_of(value: Any) -> str:
    """The readable text of a message content: a string, or text parts of a list."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(text_of(part) for part in value)
    if isinstance(value, dict):
        for key in ("text", "thinking", "content", "input"):
            if key in value:
                return text_of(value[key])
    return ""
