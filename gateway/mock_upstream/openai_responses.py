"""OpenAI `POST /v1/responses`: the response object and its typed event stream.

As in the real API, reasoning stays hidden (an item with an empty summary) but is counted
in `usage.output_tokens`, and a capped answer ends with `response.incomplete`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any

from starlette.types import ASGIApp

from gateway.mock_upstream.call import Call, chunk_count, json_reply, stream_reply, text_of
from gateway.mock_upstream.faults import InvalidRequest
from gateway.mock_upstream.streaming import sse
from gateway.mock_upstream.text import Generation, batches, endless_chunks, seed_of


def input_tokens(call: Call) -> int:
    raw = call.body.get("input")
    if isinstance(raw, str):
        items: list[Any] = [{"role": "user", "content": raw}]
    elif isinstance(raw, list) and raw:
        items = raw
    else:
        raise InvalidRequest("Missing required parameter: 'input'.")
    total = 3 + call.count(text_of(call.body.get("instructions")))
    for item in items:
        total += 4 + call.count(text_of(item.get("content") if isinstance(item, dict) else item))
    return total


def _usage(call: Call, prompt: int, gen: Generation) -> dict[str, Any]:
    reasoning = call.count(gen.reasoning_text)
    output = reasoning + call.count(gen.text)
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": prompt + output,
    }


class _Ids:
    def __init__(self, call: Call) -> None:
        self.response = f"resp_{call.request_id}"
        self.message = f"msg_{call.request_id}"
        self.reasoning = f"rs_{call.request_id}"


def _message(ids: _Ids, text: str, status: str) -> dict[str, Any]:
    part = {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
    return {
        "id": ids.message,
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": [part] if status == "completed" else [],
    }


def _response(
    call: Call, ids: _Ids, status: str, output: list[dict[str, Any]], usage: Any
) -> dict[str, Any]:
    body = call.body
    effort = body.get("reasoning") if isinstance(body.get("reasoning"), dict) else None
    incomplete = {"reason": "max_output_tokens"} if status == "incomplete" else None
    payload: dict[str, Any] = {
        "id": ids.response,
        "object": "response",
        "created_at": call.created,
        "status": status,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "model": call.model,
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": {"effort": (effort or {}).get("effort"), "summary": None},
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools", []),
        "top_p": body.get("top_p", 1.0),
        "truncation": "disabled",
        "user": None,
        "metadata": body.get("metadata") or {},
    }
    if call.report_usage:
        payload["usage"] = usage  # null while in progress, as the real API sends it
    return payload


async def responses(call: Call) -> ASGIApp:
    prompt = input_tokens(call)
    gen = call.generation(0, call.wants_reasoning(), call.budget("max_output_tokens"))
    ids = _Ids(call)
    if call.stream:
        return stream_reply(call, _events(call, ids, gen, prompt))
    usage = _usage(call, prompt, gen) if call.report_usage else None
    status = "incomplete" if gen.truncated else "completed"
    output = [_message(ids, gen.text, "completed")]
    if gen.reasoning_n:
        output.insert(0, {"id": ids.reasoning, "type": "reasoning", "summary": []})
    payload = _response(call, ids, status, output, usage)
    return await json_reply(call, payload, chunk_count([gen], call.knobs.chunk_tokens))


def _events(call: Call, ids: _Ids, gen: Generation, prompt: int) -> Iterator[bytes]:
    sequence = count()

    def event(kind: str, **fields: Any) -> bytes:
        return sse({"type": kind, "sequence_number": next(sequence), **fields}, event=kind)

    started = _response(call, ids, "in_progress", [], None)
    yield event("response.created", response=started)
    yield event("response.in_progress", response=started)
    output: list[dict[str, Any]] = []
    if gen.reasoning_n:
        item = {"id": ids.reasoning, "type": "reasoning", "summary": []}
        yield event("response.output_item.added", output_index=0, item=item)
        yield event("response.output_item.done", output_index=0, item=item)
        output.append(item)
    where = {"item_id": ids.message, "output_index": len(output), "content_index": 0}
    pending = _message(ids, "", "in_progress")
    yield event("response.output_item.added", output_index=len(output), item=pending)
    empty = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    yield event("response.content_part.added", item_id=ids.message, output_index=len(output),
                content_index=0, part=empty)  # fmt: skip
    size = call.knobs.chunk_tokens
    if call.knobs.fault.never_end:
        for text in endless_chunks(seed_of(call.body), size):
            yield event("response.output_text.delta", **where, delta=text, logprobs=[])
    for tokens in batches(gen.content_pieces(), size):
        text = "".join(tokens)
        yield event("response.output_text.delta", **where, delta=text, logprobs=[])
    yield event("response.output_text.done", **where, text=gen.text, logprobs=[])
    done = _message(ids, gen.text, "completed")
    yield event("response.content_part.done", item_id=ids.message, output_index=len(output),
                content_index=0, part=done["content"][0])  # fmt: skip
    yield event("response.output_item.done", output_index=len(output), item=done)
    output.append(done)
    status = "incomplete" if gen.truncated else "completed"
    usage = _usage(call, prompt, gen) if call.report_usage else None
    yield event(f"response.{status}", response=_response(call, ids, status, output, usage))
