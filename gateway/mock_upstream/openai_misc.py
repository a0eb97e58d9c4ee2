"""OpenAI legacy completions, embeddings and the model list."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp

from gateway.mock_upstream.call import Call, chunk_count, json_reply, stream_reply
from gateway.mock_upstream.faults import InvalidRequest
from gateway.mock_upstream.openai_chat import FINGERPRINT
from gateway.mock_upstream.settings import MockSettings
from gateway.mock_upstream.streaming import DONE, sse
from gateway.mock_upstream.text import (
    Generation,
    batches,
    embedding,
    endless_chunks,
    legacy_logprobs,
    seed_of,
)


def _strings(value: Any, name: str) -> list[str]:
    """A prompt/input as strings; token-id arrays become their numbers, one word each."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value:
        if all(isinstance(v, int) for v in value):
            return [" ".join(str(v) for v in value)]
        if all(isinstance(v, str | list) for v in value):
            return [s for v in value for s in _strings(v, name)]
    raise InvalidRequest(f"'{name}' must be a string, an array of strings or of token arrays")


def _logprobs_k(call: Call) -> int | None:
    k = call.body.get("logprobs")
    if k is None:
        return None
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k <= 5:
        raise InvalidRequest("logprobs must be an integer between 0 and 5")
    return k


async def completions(call: Call) -> ASGIApp:
    prompts = _strings(call.body.get("prompt"), "prompt")
    budget = call.budget("max_tokens") or 16  # the legacy endpoint's documented default
    n = call.choices()
    gens = [call.generation(i, False, budget) for i in range(len(prompts) * n)]
    prompt = sum(call.count(p) for p in prompts)
    k = _logprobs_k(call)
    base = {
        "id": f"cmpl-{call.request_id}",
        "object": "text_completion",
        "created": call.created,
        "model": call.model,
        "system_fingerprint": FINGERPRINT,
    }
    if call.stream:
        return stream_reply(call, _chunks(call, base, gens, k, prompt))
    choices = [
        {
            "text": g.text,
            "index": i,
            "logprobs": None if k is None else legacy_logprobs(call_seed(call, i), g.content, k, 0),
            "finish_reason": "length" if g.truncated else "stop",
        }
        for i, g in enumerate(gens)
    ]
    payload: dict[str, Any] = {**base, "choices": choices}
    if call.report_usage:
        payload["usage"] = _usage(call, prompt, gens)
    return await json_reply(call, payload, chunk_count(gens, call.knobs.chunk_tokens))


def _usage(call: Call, prompt: int, gens: list[Generation]) -> dict[str, int]:
    completion = sum(call.count(g.text) for g in gens)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def call_seed(call: Call, index: int) -> int:
    return seed_of(call.body) + index


def _chunks(
    call: Call, base: dict[str, Any], gens: list[Generation], k: int | None, prompt: int
) -> Iterator[bytes]:
    include_usage = bool((call.body.get("stream_options") or {}).get("include_usage"))
    if include_usage:
        base = {**base, "usage": None}
    size = call.knobs.chunk_tokens

    def choice_chunks(i: int, g: Generation) -> Iterator[dict[str, Any]]:
        if call.knobs.fault.never_end:
            for text in endless_chunks(call_seed(call, i), size):
                yield {"text": text, "index": i, "logprobs": None, "finish_reason": None}
        start = 0
        for tokens in batches(g.content_pieces(), size):
            lp = None if k is None else legacy_logprobs(call_seed(call, i), tokens, k, start)
            yield {"text": "".join(tokens), "index": i, "logprobs": lp, "finish_reason": None}
            start += len(tokens)
        finish = "length" if g.truncated else "stop"
        yield {"text": "", "index": i, "logprobs": None, "finish_reason": finish}

    for row in zip_longest(*(choice_chunks(i, g) for i, g in enumerate(gens))):
        for item in row:
            if item is not None:
                yield sse({**base, "choices": [item]})
    if include_usage and call.report_usage:
        yield sse({**base, "choices": [], "usage": _usage(call, prompt, gens)})
    yield DONE


async def embeddings(call: Call) -> ASGIApp:
    inputs = _strings(call.body.get("input"), "input")
    dims = call.body.get("dimensions") or call.settings.embedding_dims
    if not isinstance(dims, int) or not 1 <= dims <= 4096:
        raise InvalidRequest("dimensions must be an integer between 1 and 4096")
    as_base64 = call.body.get("encoding_format") == "base64"
    data = []
    for i, text in enumerate(inputs):
        vector = embedding(f"{call.model}\n{text}", dims)
        value: Any = vector
        if as_base64:  # the official SDK asks for base64 float32 by default
            value = base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
        data.append({"object": "embedding", "index": i, "embedding": value})
    payload: dict[str, Any] = {"object": "list", "data": data, "model": call.model}
    if call.report_usage:
        tokens = sum(call.count(t) for t in inputs)
        payload["usage"] = {"prompt_tokens": tokens, "total_tokens": tokens}
    return await json_reply(call, payload, 1)


def models(settings: MockSettings) -> JSONResponse:
    data = [
        {"id": m, "object": "model", "created": 1700000000, "owned_by": "distillguard-mock"}
        for m in settings.models
    ]
    return JSONResponse({"object": "list", "data": data})
