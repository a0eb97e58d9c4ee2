"""Ending a stream early in the API's own format.

When an account's budget or a degrade cap runs out mid-stream, or the upstream breaks,
the client must still see a well-formed end: OpenAI's final chunk with
`finish_reason` then `[DONE]`, Anthropic's block stop, `message_delta` and
`message_stop`, the Responses API's `response.incomplete`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from gateway.facts import ApiKind
from gateway.proxy.sse import encode_event


@dataclass(slots=True)
class StreamShape:
    """What the relay has seen of the stream, enough to write a valid ending."""

    api: ApiKind
    path: str
    model: str = ""
    id: str = ""
    created: int = 0
    open_blocks: set[int] = field(default_factory=set)
    finished: bool = False
    done_sent: bool = False

    def observe(self, event: Any) -> None:
        if not isinstance(event, dict):
            return
        if self.api == "anthropic":
            kind = event.get("type")
            index = event.get("index")
            if kind == "message_start" and isinstance(event.get("message"), dict):
                self.id = str(event["message"].get("id", ""))
                self.model = str(event["message"].get("model", self.model))
            elif kind == "content_block_start" and isinstance(index, int):
                self.open_blocks.add(index)
            elif kind == "content_block_stop" and isinstance(index, int):
                self.open_blocks.discard(index)
            elif kind == "message_stop":
                self.finished = True
            return
        if isinstance(event.get("id"), str):
            self.id = event["id"]
        if isinstance(event.get("model"), str):
            self.model = event["model"]
        if isinstance(event.get("created"), int):
            self.created = event["created"]
        if str(event.get("type", "")) in ("response.completed", "response.incomplete"):
            self.finished = True


def ending(shape: StreamShape, reason: str) -> bytes:
    """Events that close the stream; `reason` is "length" (cap reached) or "error"."""
    if shape.api == "anthropic":
        out = b"".join(
            encode_event({"type": "content_block_stop", "index": i}, "content_block_stop")
            for i in sorted(shape.open_blocks)
        )
        stop_reason = "max_tokens" if reason == "length" else "end_turn"
        out += encode_event(
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": 0},
            },
            "message_delta",
        )
        return out + encode_event({"type": "message_stop"}, "message_stop")
    if shape.path.startswith("/v1/responses"):
        status = "incomplete"
        details = {"reason": "max_output_tokens" if reason == "length" else "interrupted"}
        event = {
            "type": "response.incomplete",
            "response": {
                "id": shape.id or "resp_distillguard",
                "object": "response",
                "status": status,
                "model": shape.model,
                "incomplete_details": details,
                "output": [],
            },
        }
        return encode_event(event, "response.incomplete")
    is_chat = shape.path.startswith("/v1/chat/")
    choice: dict[str, Any] = {
        "index": 0,
        "finish_reason": "length" if reason == "length" else "stop",
    }
    if is_chat:
        choice["delta"] = {}
    else:
        choice["text"] = ""
    chunk = {
        "id": shape.id or "chatcmpl-distillguard",
        "object": "chat.completion.chunk" if is_chat else "text_completion",
        "created": shape.created or int(time.time()),
        "model": shape.model,
        "choices": [choice],
    }
    return encode_event(chunk) + encode_event("[DONE]")
