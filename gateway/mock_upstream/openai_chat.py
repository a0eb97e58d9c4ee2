"""OpenAI `POST /v1/chat/completions`: chat.completion objects and chat.completion.chunk streams."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from starlette.types import ASGIApp

from gateway.mock_upstream.call import Call, chunk_count, json_reply, stream_reply, text_of
from gateway.mock_upstream.faults import InvalidRequest
from gateway.mock_upstream.streaming import DONE, sse
from gateway.mock_upstream.text import (
    Generation,
    batches,
    endless_chunks,
    json_arguments,
    seed_of,
    slices,
    token_logprob,
)

FINGERPRINT = "fp_mock0001"


@dataclass(frozen=True, slots=True)
class Choice:
    index: int
    gen: Generation
    tool: str | None  # a forced function name: the answer becomes its arguments

    @property
    def finish_reason(self) -> str:
        if self.gen.truncated:
            return "length"
        return "tool_calls" if self.tool else "stop"

    def tool_call_id(self) -> str:
        return f"call_mock{self.index:04d}"


def forced_tool(body: dict[str, Any]) -> str | None:
    """The function a request forces (`required` or by name); `auto` never calls in the mock."""
    choice = body.get("tool_choice")
    tools = body.get("tools") or []
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        return name if isinstance(name, str) else None
    if choice == "required" and tools and isinstance(tools[0], dict):
        name = (tools[0].get("function") or {}).get("name")
        return name if isinstance(name, str) else None
    return None


def prompt_tokens(call: Call) -> int:
    """OpenAI's accounting: about 3 tokens of framing per message plus 3 to prime the reply."""
    messages = call.body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise InvalidRequest("Missing required parameter: 'messages'.")
    total = 3
    for message in messages:
        if not isinstance(message, dict):
            raise InvalidRequest("Each message must be an object.")
        role = message.get("role")
        total += 3 + call.count(role if isinstance(role, str) else "")
        total += call.count(text_of(message.get("content")))
        if isinstance(message.get("name"), str):
            total += 1 + call.count(message["name"])
    if call.body.get("tools"):
        total += call.count(json.dumps(call.body["tools"]))
    return total


def usage(call: Call, prompt: int, choices: list[Choice]) -> dict[str, Any]:
    reasoning = sum(call.count(c.gen.reasoning_text) for c in choices)
    completion = reasoning + sum(call.count(c.gen.text) for c in choices)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": reasoning,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _top_logprobs(call: Call) -> int | None:
    if call.body.get("logprobs") is not True:
        return None
    top = call.body.get("top_logprobs") or 0
    if not isinstance(top, int) or not 0 <= top <= 20:
        raise InvalidRequest("top_logprobs must be an integer between 0 and 20")
    return top


def _arguments(text: str) -> str:
    return json.dumps({"input": text})


async def chat_completions(call: Call) -> ASGIApp:
    budget = call.budget("max_completion_tokens", "max_tokens")
    prompt = prompt_tokens(call)
    reasoning = call.wants_reasoning()
    tool = forced_tool(call.body)
    choices = [
        Choice(i, call.generation(i, reasoning, budget), tool) for i in range(call.choices())
    ]
    top = _top_logprobs(call)
    if call.stream:
        return stream_reply(call, _chunks(call, choices, prompt, top))
    payload: dict[str, Any] = {
        "id": f"chatcmpl-{call.request_id}",
        "object": "chat.completion",
        "created": call.created,
        "model": call.model,
        "choices": [_message_choice(call, c, top) for c in choices],
        "system_fingerprint": FINGERPRINT,
    }
    if call.report_usage:
        payload["usage"] = usage(call, prompt, choices)
    return await json_reply(
        call, payload, chunk_count((c.gen for c in choices), call.knobs.chunk_tokens)
    )


def _message_choice(call: Call, choice: Choice, top: int | None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": choice.gen.text, "refusal": None}
    if choice.gen.reasoning_n and not call.knobs.hide_reasoning:
        message["reasoning_content"] = choice.gen.reasoning_text
    if choice.tool:
        message["content"] = None
        message["tool_calls"] = [
            {
                "id": choice.tool_call_id(),
                "type": "function",
                "function": {"name": choice.tool, "arguments": _arguments(choice.gen.text)},
            }
        ]
    logprobs = None
    if top is not None:
        seed = seed_of(call.body) + choice.index
        logprobs = {
            "content": [token_logprob(seed, i, t, top) for i, t in enumerate(choice.gen.content)],
            "refusal": None,
        }
    return {
        "index": choice.index,
        "message": message,
        "logprobs": logprobs,
        "finish_reason": choice.finish_reason,
    }


def _chunks(call: Call, choices: list[Choice], prompt: int, top: int | None) -> Iterator[bytes]:
    include_usage = bool((call.body.get("stream_options") or {}).get("include_usage"))
    base: dict[str, Any] = {
        "id": f"chatcmpl-{call.request_id}",
        "object": "chat.completion.chunk",
        "created": call.created,
        "model": call.model,
        "system_fingerprint": FINGERPRINT,
    }
    if include_usage:
        base["usage"] = None  # the real API marks every chunk so; the last one carries it

    def frame(items: list[dict[str, Any]]) -> bytes:
        return sse({**base, "choices": items})

    for c in choices:
        first: dict[str, Any] = {"role": "assistant", "content": None if c.tool else ""}
        first["refusal"] = None
        yield frame([{"index": c.index, "delta": first, "logprobs": None, "finish_reason": None}])
    streams = [_deltas(call, c, top) for c in choices]
    if call.knobs.fault.never_end:
        streams = [_endless(call, choices[0])]
    for row in zip_longest(*streams):
        for item in row:
            if item is not None:
                yield frame([item])
    for c in choices:
        yield frame(
            [{"index": c.index, "delta": {}, "logprobs": None, "finish_reason": c.finish_reason}]
        )
    if include_usage and call.report_usage:
        yield sse({**base, "choices": [], "usage": usage(call, prompt, choices)})
    yield DONE


def _deltas(call: Call, c: Choice, top: int | None) -> Iterator[dict[str, Any]]:
    size = call.knobs.chunk_tokens
    seed = seed_of(call.body) + c.index
    if not call.knobs.hide_reasoning:
        for thought in batches(c.gen.reasoning_pieces(), size):
            yield _item(c.index, {"reasoning_content": "".join(thought)})
    if c.tool:
        head = {"index": 0, "id": c.tool_call_id(), "type": "function"}
        head["function"] = {"name": c.tool, "arguments": ""}
        yield _item(c.index, {"tool_calls": [head]})
        for args in slices(json_arguments(c.gen.content_pieces()), 8 * size):
            part = {"index": 0, "function": {"arguments": args}}
            yield _item(c.index, {"tool_calls": [part]})
        return
    start = 0
    for tokens in batches(c.gen.content_pieces(), size):
        logprobs = None
        if top is not None:
            entries = [token_logprob(seed, start + i, t, top) for i, t in enumerate(tokens)]
            logprobs = {"content": entries, "refusal": None}
        yield _item(c.index, {"content": "".join(tokens)}, logprobs)
        start += len(tokens)


def _endless(call: Call, c: Choice) -> Iterator[dict[str, Any]]:
    for text in endless_chunks(seed_of(call.body), call.knobs.chunk_tokens):
        yield _item(c.index, {"content": text})


def _item(index: int, delta: dict[str, Any], logprobs: Any = None) -> dict[str, Any]:
    return {"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": None}
