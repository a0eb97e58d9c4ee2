"""What differs between the OpenAI and Anthropic APIs, in one place.

Error bodies in each API's own shape (so official SDKs raise their usual errors),
request facts extraction, and reading usage / text / finish reasons out of responses
and stream events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gateway.facts import ApiKind

ANTHROPIC_PATHS = ("/v1/messages",)
TOKEN_PATHS = (
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/responses",
    "/v1/embeddings",
    "/v1/messages",
)

# Anthropic's error types by status, so its SDK maps each refusal to the right exception.
_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    428: "invalid_request_error",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "overloaded_error",
    504: "api_error",
}
_OPENAI_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "permission_error",
    413: "invalid_request_error",
    428: "challenge_required",
    429: "rate_limit_exceeded",
}


def api_for_path(path: str) -> ApiKind:
    return "anthropic" if path.startswith(ANTHROPIC_PATHS) else "openai"


def error_body(api: ApiKind, status: int, message: str, code: str | None = None) -> bytes:
    """An error in the API's own JSON shape."""
    if api == "anthropic":
        payload: dict[str, Any] = {
            "type": "error",
            "error": {"type": _ANTHROPIC_TYPES.get(status, "api_error"), "message": message},
        }
    else:
        payload = {
            "error": {
                "message": message,
                "type": _OPENAI_TYPES.get(status, "server_error" if status >= 500 else "error"),
                "param": None,
                "code": code,
            }
        }
    return json.dumps(payload).encode()


@dataclass(slots=True)
class ResponseReading:
    """What one response (or one stream event) says about tokens."""

    text: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    reasoning_tokens: int | None = None
    """Of completion_tokens, the reasoning the upstream reports (shown or hidden)."""


def read_json_response(api: ApiKind, path: str, body: Any) -> ResponseReading:
    """Text to count, reported usage and finish reason of a non-streamed response."""
    out = ResponseReading()
    if not isinstance(body, dict):
        return out
    usage = body.get("usage")
    if isinstance(usage, dict):
        _read_usage(usage, out)
    if api == "anthropic":
        parts = []
        for block in _list(body.get("content")):
            if isinstance(block, dict):
                parts.append(_str(block.get("text")) + _str(block.get("thinking")))
                if block.get("type") == "tool_use":
                    parts.append(json.dumps(block.get("input"), separators=(",", ":")))
        out.text = "".join(parts)
        out.finish_reason = _opt_str(body.get("stop_reason"))
        return out
    if path.startswith("/v1/responses"):
        out.text = "".join(_responses_output_text(body.get("output")))
        out.finish_reason = _opt_str(body.get("status"))
        return out
    parts = []
    for choice in _list(body.get("choices")):
        if not isinstance(choice, dict):
            continue
        out.finish_reason = _opt_str(choice.get("finish_reason")) or out.finish_reason
        message = choice.get("message")
        if isinstance(message, dict):
            parts.append(_message_text(message))
        parts.append(_str(choice.get("text")))
    out.text = "".join(parts)
    return out


def read_stream_event(api: ApiKind, path: str, event: Any) -> ResponseReading:
    """Delta text, usage and finish reason carried by one SSE `data:` object."""
    out = ResponseReading()
    if not isinstance(event, dict):
        return out
    if api == "anthropic":
        kind = event.get("type")
        if kind == "content_block_delta":
            delta = event.get("delta")
            if isinstance(delta, dict):
                out.text = (
                    _str(delta.get("text"))
                    + _str(delta.get("thinking"))
                    + _str(delta.get("partial_json"))
                )
        elif kind == "message_start":
            message = event.get("message")
            if isinstance(message, dict) and isinstance(message.get("usage"), dict):
                _read_usage(message["usage"], out)
                # message_start's output_tokens is a placeholder; message_delta has the figure.
                out.completion_tokens = None
        elif kind == "message_delta":
            delta = event.get("delta")
            if isinstance(delta, dict):
                out.finish_reason = _opt_str(delta.get("stop_reason"))
            if isinstance(event.get("usage"), dict):
                _read_usage(event["usage"], out)
        return out
    if path.startswith("/v1/responses"):
        kind = _str(event.get("type"))
        if kind.endswith(".delta") and (
            "text" in kind or "reasoning" in kind or "arguments" in kind
        ):
            out.text = _str(event.get("delta"))
        elif kind in ("response.completed", "response.incomplete", "response.failed"):
            response = event.get("response")
            if isinstance(response, dict):
                if isinstance(response.get("usage"), dict):
                    _read_usage(response["usage"], out)
                out.finish_reason = _opt_str(response.get("status"))
        return out
    # One event per token: this path is written for speed (no helper calls per field).
    usage = event.get("usage")
    if isinstance(usage, dict):
        _read_usage(usage, out)
    choices = event.get("choices")
    if not isinstance(choices, list):
        return out
    text = ""
    for choice in choices:
        if not isinstance(choice, dict):
            continue
        finish = choice.get("finish_reason")
        if isinstance(finish, str) and finish:
            out.finish_reason = finish
        delta = choice.get("delta")
        if isinstance(delta, dict):
            text += _message_text(delta)
        choice_text = choice.get("text")
        if isinstance(choice_text, str):
            text += choice_text
    out.text = text
    return out


_MESSAGE_TEXT_FIELDS = ("content", "reasoning_content", "reasoning", "refusal")


def _message_text(message: dict[str, Any]) -> str:
    text = ""
    for name in _MESSAGE_TEXT_FIELDS:
        value = message.get(name)
        if isinstance(value, str):
            text += value
    calls = message.get("tool_calls")
    if calls:
        for call in _list(calls):
            if isinstance(call, dict) and isinstance(call.get("function"), dict):
                function = call["function"]
                text += _str(function.get("name")) + _str(function.get("arguments"))
    return text


def _responses_output_text(output: Any) -> list[str]:
    parts = []
    for item in _list(output):
        if not isinstance(item, dict):
            continue
        parts.append(_str(item.get("arguments")))
        for block in _list(item.get("content")) + _list(item.get("summary")):
            if isinstance(block, dict):
                parts.append(_str(block.get("text")))
    return parts


def completion_tokens_of(usage: dict[str, Any]) -> int | None:
    """The completion figure of a usage block, as either API names it (OpenAI chat,
    Anthropic and Responses); None when it reports none."""
    value = usage.get("completion_tokens")
    if value is None:
        value = usage.get("output_tokens")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _read_usage(usage: dict[str, Any], out: ResponseReading) -> None:
    prompt = usage.get("prompt_tokens", usage.get("input_tokens"))
    completion = completion_tokens_of(usage)
    if isinstance(prompt, int) and not isinstance(prompt, bool):
        # Anthropic reports cached input apart; all of it was sent, so all of it counts.
        extra = sum(
            v
            for k in ("cache_creation_input_tokens", "cache_read_input_tokens")
            if isinstance(v := usage.get(k), int) and not isinstance(v, bool)
        )
        out.prompt_tokens = prompt + extra
    if completion is not None:
        out.completion_tokens = completion
    reasoning = reasoning_tokens_of(usage)
    if reasoning is not None:
        out.reasoning_tokens = reasoning


def reasoning_tokens_of(usage: dict[str, Any]) -> int | None:
    """Reasoning tokens inside a usage block's completion figure (OpenAI chat and Responses)."""
    for name in ("completion_tokens_details", "output_tokens_details"):
        details = usage.get(name)
        if isinstance(details, dict):
            value = details.get("reasoning_tokens")
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return value
    return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
