"""The mock upstream makes a streamed answer as it sends it, and says the same as before.

A 1.6M-token answer used to be built whole before the first byte (~0.6 s idle); the
stream now draws word pieces one chunk at a time, and the text, usage figures and
closing events come out exactly as they did when everything was built up front.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import anyio
import pytest

from gateway.mock_upstream import MockSettings, create_mock_app
from gateway.mock_upstream import text as mock_text
from gateway.mock_upstream.text import generate, json_arguments, slices, take

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name three colours."}]}
CLAUDE = {
    "model": "claude-mock",
    "max_tokens": 10**9,
    "messages": [{"role": "user", "content": "Hi"}],
}
TOOL = {"type": "function", "function": {"name": "f"}}


@pytest.mark.parametrize("natural", [0, 1, 7, 60])
@pytest.mark.parametrize("reasoning", [0, 5, 40])
@pytest.mark.parametrize("budget", [None, 0, 3, 45, 1000])
def test_generation_says_what_the_eager_one_said(
    natural: int, reasoning: int, budget: int | None
) -> None:
    # the algorithm the mock used before, which built every piece up front
    limit = natural + reasoning if budget is None else max(budget, 0)
    thought = take(99 ^ 0x5EA5, reasoning)[:limit]
    answer = take(99, natural)[: limit - len(thought)]
    gen = generate(99, natural, reasoning, budget)
    assert gen.reasoning == thought and gen.reasoning_n == len(thought)
    assert gen.content == answer and gen.content_n == len(answer)
    assert gen.text == "".join(answer) and gen.reasoning_text == "".join(thought)
    assert gen.truncated == (natural + reasoning > limit)


def test_walking_a_part_keeps_its_text() -> None:
    gen = generate(7, 50, 20, None)
    assert "".join(gen.content_pieces()) == gen.text == "".join(take(7, 50))
    assert "".join(list(gen.reasoning_pieces())) == gen.reasoning_text


@pytest.mark.parametrize("width", [1, 3, 8, 40, 1000])
def test_tool_arguments_cut_as_they_go_match_the_whole_json(width: int) -> None:
    words = [*take(3, 40), ' "quoted" \\ é 😀 \n']
    whole = json.dumps({"input": "".join(words)})
    want = [whole[i : i + width] for i in range(0, len(whole), width)]
    assert list(slices(json_arguments(words), width)) == want


async def _first_frames(
    path: str, body: dict[str, Any], headers: dict[str, str], frames: int
) -> list[bytes]:
    """The first `frames` body messages of a streamed answer, then a client disconnect."""
    app = create_mock_app(MockSettings())
    raw = json.dumps({**body, "stream": True}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("mock", 80),
    }
    got: list[bytes] = []
    sent = False
    gone = anyio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            got.append(message["body"])
            if len(got) >= frames:
                gone.set()
                await anyio.sleep(1)  # the disconnect watcher cancels the body here

    await app(scope, receive, send)
    return got


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/chat/completions", {**CHAT, "stream_options": {"include_usage": True}}),
        ("/v1/chat/completions", {**CHAT, "model": "o3-mini"}),  # reasoning first
        ("/v1/chat/completions", {**CHAT, "tool_choice": "required", "tools": [TOOL]}),
        ("/v1/messages", {**CLAUDE, "thinking": {"type": "enabled"}}),
        ("/v1/messages", {**CLAUDE, "tool_choice": {"type": "tool", "name": "f"}}),
        ("/v1/responses", {"model": "o3-mini", "input": "hi"}),
        ("/v1/completions", {"model": "x", "prompt": "hi", "max_tokens": 10**9}),
    ],
)
async def test_a_long_stream_draws_pieces_only_as_it_sends(
    path: str, body: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = 0
    real = mock_text.pieces

    def counted(seed: int) -> Iterator[str]:
        nonlocal drawn
        for piece in real(seed):
            drawn += 1
            yield piece

    monkeypatch.setattr(mock_text, "pieces", counted)
    headers = {
        "content-type": "application/json",
        "x-mock-tokens": "2500000",
        "x-mock-reasoning-tokens": "1000000",
        "x-mock-chunk-tokens": "10",
    }
    frames = await _first_frames(path, body, headers, 12)
    assert len(frames) == 12
    # a dozen frames of 10 pieces, not 2.5M (or 3.5M with the reasoning) drawn up front
    assert drawn < 200, drawn
