"""Build RequestFacts from a request body: shared by the live proxy and replay."""

from __future__ import annotations

from typing import Any

from gateway.errors import BadRequest
from gateway.facts import ApiKind, RequestFacts

# Fields the policy reads; a wrong type here is the client's error, not a crash later.
_INT_FIELDS = ("max_tokens", "max_completion_tokens", "max_output_tokens", "top_logprobs", "n")
_REASONING_FIELDS = ("reasoning_effort", "reasoning", "thinking")
_PROMPT_TEXT_LIMIT = 4000


def build_facts(
    *,
    request_id: str,
    api: ApiKind,
    path: str,
    body: Any,
    prompt_tokens: int,
    client_ip: str = "",
) -> RequestFacts:
    """Facts for policies and signals; raises BadRequest when a field has the wrong type."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.")
    model = body.get("model", "")
    if not isinstance(model, str):
        raise BadRequest("'model' must be a string.")
    for name in _INT_FIELDS:
        value = body.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise BadRequest(f"'{name}' must be an integer.")
        if isinstance(value, int) and value < 0:
            raise BadRequest(f"'{name}' must not be negative.")
    messages = body.get("messages")
    if messages is not None and not isinstance(messages, list):
        raise BadRequest("'messages' must be an array.")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise BadRequest("'stream' must be a boolean.")
    max_tokens = _first_int(body, "max_completion_tokens", "max_tokens", "max_output_tokens")
    logprobs = body.get("logprobs")
    temperature = body.get("temperature")
    return RequestFacts(
        request_id=request_id,
        api=api,
        path=path,
        model=model,
        stream=stream,
        max_tokens=max_tokens,
        logprobs=bool(logprobs) if not isinstance(logprobs, int) else logprobs > 0,
        top_logprobs=_top_logprobs(body),
        logit_bias=bool(body.get("logit_bias")),
        n=_int_or(body.get("n"), 1),
        temperature=float(temperature) if isinstance(temperature, int | float) else None,
        has_tools=bool(body.get("tools") or body.get("functions")),
        reasoning_requested=any(map(body.get, _REASONING_FIELDS)),
        prompt_tokens=prompt_tokens,
        message_count=len(messages) if isinstance(messages, list) else _input_count(body),
        client_ip=client_ip,
        prompt_text=_last_user_text(body)[:_PROMPT_TEXT_LIMIT],
        body=body,
    )


def _top_logprobs(body: dict[str, Any]) -> int:
    top = body.get("top_logprobs")
    if isinstance(top, int) and not isinstance(top, bool):
        return top
    # Legacy completions take `logprobs: k` as the number of alternatives.
    legacy = body.get("logprobs")
    if isinstance(legacy, int) and not isinstance(legacy, bool):
        return legacy
    return 0


def _first_int(body: dict[str, Any], *names: str) -> int | None:
    for name in names:
        value = body.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _int_or(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _input_count(body: dict[str, Any]) -> int:
    value = body.get("input", body.get("prompt"))
    if isinstance(value, list):
        return len(value)
    return 1 if value else 0


def _last_user_text(body: dict[str, Any]) -> str:
    messages = body.get("messages")
    if isinstance(messages, list):
        for message in reversed(messages):
            if isinstance(message, dict) and message.get("role") == "user":
                return _content_text(message.get("content"))
        return ""
    for name in ("input", "prompt"):
        value = body.get(name)
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            for item in reversed(value):
                if isinstance(item, str):
                    return item
                if isinstance(item, dict):
                    return _content_text(item.get("content"))
    return ""


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            part["text"]
            for part in content
            if isinstance(part, dict) and isinstance(part.get("text"), str)
        )
    return ""
