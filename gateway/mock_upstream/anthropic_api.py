"""Anthropic `POST /v1/messages`: the message object and its named-event stream."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp

from gateway.mock_upstream.call import Call, chunk_count, json_reply, stream_reply, text_of
from gateway.mock_upstream.faults import InvalidRequest
from gateway.mock_upstream.streaming import sse
from gateway.mock_upstream.text import (
    Generation,
    batches,
    endless_chunks,
    json_arguments,
    seed_of,
    slices,
)


@dataclass(frozen=True, slots=True)
class Answer:
    gen: Generation
    tool: str | None

    @property
    def stop_reason(self) -> str:
        if self.gen.truncated:
            return "max_tokens"
        return "tool_use" if self.tool else "end_turn"


def _forced_tool(body: dict[str, Any]) -> str | None:
    choice = body.get("tool_choice")
    tools = body.get("tools") or []
    if not isinstance(choice, dict):
        return None
    if choice.get("type") == "tool" and isinstance(choice.get("name"), str):
        return str(choice["name"])
    if choice.get("type") == "any" and tools and isinstance(tools[0], dict):
        name = tools[0].get("name")
        return name if isinstance(name, str) else None
    return None


def _validate(call: Call) -> int:
    body = call.body
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            raise InvalidRequest(f"{name}: Field required")
    budget = call.budget("max_tokens")
    messages = body["messages"]
    if budget is None or not isinstance(messages, list):
        raise InvalidRequest("max_tokens and messages are required")
    return budget


def input_tokens(call: Call) -> int:
    # Framing as OpenAI counts it (3 per message, 3 to prime the reply): Anthropic does not
    # publish its own, and this keeps the mock close to the gateway's own estimate.
    total = 3 + call.count(text_of(call.body.get("system")))
    for message in call.body["messages"]:
        content = message.get("content") if isinstance(message, dict) else message
        total += 4 + call.count(text_of(content))
    if call.body.get("tools"):
        total += call.count(json.dumps(call.body["tools"]))
    return total


def _thinking(call: Call) -> bool:
    thinking = call.body.get("thinking")
    return (
        call.settings.reasoning and isinstance(thinking, dict) and thinking.get("type") == "enabled"
    )


def _signature(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _usage(call: Call, prompt: int, output: int) -> dict[str, Any]:
    return {
        "input_tokens": prompt,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": output,
    }


async def messages(call: Call) -> ASGIApp:
    budget = _validate(call)
    prompt = input_tokens(call)
    answer = Answer(call.generation(0, _thinking(call), budget), _forced_tool(call.body))
    message: dict[str, Any] = {
        "id": f"msg_{call.request_id[:24]}",
        "type": "message",
        "role": "assistant",
        "model": call.model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
    }
    if call.stream:
        if call.report_usage:
            message["usage"] = _usage(call, prompt, 1)  # what message_start really reports
        return stream_reply(call, _events(call, message, answer))
    message["content"] = _blocks(call, answer)
    message["stop_reason"] = answer.stop_reason
    if call.report_usage:
        message["usage"] = _usage(call, prompt, _output_tokens(call, answer.gen))
    return await json_reply(call, message, chunk_count([answer.gen], call.knobs.chunk_tokens))


def _output_tokens(call: Call, gen: Generation) -> int:
    return call.count(gen.reasoning_text) + call.count(gen.text)


def _tool_use(call: Call, name: str) -> dict[str, Any]:
    return {"type": "tool_use", "id": f"toolu_{call.request_id[:24]}", "name": name, "input": {}}


def _blocks(call: Call, answer: Answer) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    gen = answer.gen
    if gen.reasoning_n:
        thought = gen.reasoning_text
        blocks.append({"type": "thinking", "thinking": thought, "signature": _signature(thought)})
    if answer.tool:
        blocks.append({**_tool_use(call, answer.tool), "input": {"input": gen.text}})
    else:
        blocks.append({"type": "text", "text": gen.text, "citations": None})
    return blocks


def _events(call: Call, message: dict[str, Any], answer: Answer) -> Iterator[bytes]:
    def event(kind: str, **fields: Any) -> bytes:
        return sse({"type": kind, **fields}, event=kind)

    size = call.knobs.chunk_tokens
    gen = answer.gen
    yield event("message_start", message=message)
    index = 0
    if gen.reasoning_n:
        block = {"type": "thinking", "thinking": "", "signature": ""}
        yield event("content_block_start", index=index, content_block=block)
        for thought in batches(gen.reasoning_pieces(), size):
            delta = {"type": "thinking_delta", "thinking": "".join(thought)}
            yield event("content_block_delta", index=index, delta=delta)
        signature = {"type": "signature_delta", "signature": _signature(gen.reasoning_text)}
        yield event("content_block_delta", index=index, delta=signature)
        yield event("content_block_stop", index=index)
        index += 1
    if answer.tool:
        yield event("content_block_start", index=index, content_block=_tool_use(call, answer.tool))
        for args in slices(json_arguments(gen.content_pieces()), 8 * size):
            delta = {"type": "input_json_delta", "partial_json": args}
            yield event("content_block_delta", index=index, delta=delta)
    else:
        block = {"type": "text", "text": ""}
        yield event("content_block_start", index=index, content_block=block)
        if index == 0:
            yield event("ping")
        texts: Iterator[str] = ("".join(b) for b in batches(gen.content_pieces(), size))
        if call.knobs.fault.never_end:
            texts = endless_chunks(seed_of(call.body), size)
        for text in texts:
            yield event(
                "content_block_delta", index=index, delta={"type": "text_delta", "text": text}
            )
    yield event("content_block_stop", index=index)
    stop = {"stop_reason": answer.stop_reason, "stop_sequence": None}
    if call.report_usage:
        usage = {"output_tokens": _output_tokens(call, gen)}
        yield event("message_delta", delta=stop, usage=usage)
    else:
        yield event("message_delta", delta=stop)
    yield event("message_stop")
