"""Response-side degradation: strip logprobs and reasoning from one upstream response.

One `ResponseDegrader` per response, because streams need memory: when reasoning
blocks (Anthropic) or reasoning output items (Responses API) are removed, the blocks
that follow are renumbered (`index`, `output_index`, `sequence_number`) so the stream
stays valid for SDK accumulators that index into what they have seen so far.

Input is any JSON; a field of an unexpected type is left as is, nothing raises, and
the input is never mutated. The caller handles the `[DONE]` sentinel (not JSON) and,
for Anthropic, writes the SSE `event:` line from the returned dict's `type`.
"""

from __future__ import annotations

import copy
from bisect import bisect_left, insort
from typing import Any, TypeGuard

from gateway.decision import DegradeOptions
from gateway.enforce.degrade_request import endpoint_kind

_CHAT_REASONING = ("reasoning_content", "reasoning", "reasoning_details")
_ANTHROPIC_THINKING = frozenset({"thinking", "redacted_thinking"})
_ANTHROPIC_THINKING_DELTAS = frozenset({"thinking_delta", "signature_delta"})


class ResponseDegrader:
    def __init__(self, api: str, path: str, opts: DegradeOptions) -> None:
        self._kind = endpoint_kind(api, path)
        self._logprobs = opts.strip_logprobs
        self._reasoning = opts.strip_reasoning
        self._removed: list[int] = []  # sorted original indices of removed blocks / output items
        self._dropped_seq = 0
        self.stripped = 0
        """How many fields, blocks and events were removed (for the log)."""

    @property
    def active(self) -> bool:
        """False when nothing would change: the caller may then skip parsing entirely."""
        return (self._logprobs or self._reasoning) and self._kind != "other"

    def apply_json(self, body: dict[str, Any]) -> dict[str, Any]:
        """The degraded copy of a non-streaming response body."""
        if not self.active or not isinstance(body, dict):
            return body
        out: dict[str, Any] = copy.deepcopy(body)
        if self._kind in ("chat", "completions"):
            self._choices(out, "message")
        elif self._kind == "responses":
            self._response_object(out)
        elif self._kind == "messages":
            self._anthropic_content(out)
        return out

    def apply_event(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """The degraded copy of one parsed SSE `data:` object; None drops the event."""
        if not self.active or not isinstance(event, dict):
            return event
        out: dict[str, Any] = copy.deepcopy(event)
        if self._kind in ("chat", "completions"):
            return out if self._choices(out, "delta") else None
        if self._kind == "responses":
            return self._responses_event(out)
        if self._kind == "messages":
            return self._anthropic_event(out)
        return out

    # OpenAI chat and completions ------------------------------------------------

    def _choices(self, out: dict[str, Any], key: str) -> bool:
        """Strip each choice; False when a stream chunk carried only reasoning."""
        choices = out.get("choices")
        if not isinstance(choices, list):
            return True
        removed_reasoning = False
        for choice in choices:
            if not isinstance(choice, dict):
                continue
            if self._logprobs and choice.get("logprobs") is not None:
                choice["logprobs"] = None
                self.stripped += 1
            msg = choice.get(key)
            if self._reasoning and isinstance(msg, dict):
                for field in _CHAT_REASONING:
                    if field in msg:
                        del msg[field]
                        removed_reasoning = True
                        self.stripped += 1
        # Dropping reasoning-only chunks hides how long the model thought, not just what.
        return not (key == "delta" and removed_reasoning and _all_empty(choices, out))

    # OpenAI Responses API --------------------------------------------------------

    def _response_object(self, resp: dict[str, Any]) -> None:
        output = resp.get("output")
        if not isinstance(output, list):
            return
        if self._reasoning:
            kept = [item for item in output if not _is_reasoning_item(item)]
            self.stripped += len(output) - len(kept)
            resp["output"] = output = kept
        for item in output:
            self._item_logprobs(item)

    def _item_logprobs(self, item: Any) -> None:
        if not self._logprobs or not isinstance(item, dict):
            return
        content = item.get("content")
        for part in content if isinstance(content, list) else ():
            self._clear_logprobs(part)

    def _clear_logprobs(self, obj: Any) -> None:
        # The SDK types these as (optional) lists: an empty list keeps every shape valid.
        if self._logprobs and isinstance(obj, dict) and obj.get("logprobs"):
            obj["logprobs"] = []
            self.stripped += 1

    def _responses_event(self, ev: dict[str, Any]) -> dict[str, Any] | None:
        etype = ev.get("type")
        if self._reasoning and isinstance(etype, str):
            if etype.startswith("response.reasoning"):
                self._count_drop(ev)
                return None
            if etype.startswith("response.output_item.") and _is_reasoning_item(ev.get("item")):
                if _is_index(ev.get("output_index")) and etype.endswith(".added"):
                    insort(self._removed, ev["output_index"])
                self._count_drop(ev)
                return None
        if "output_index" in ev and not self._renumber(ev, "output_index"):
            self._count_drop(ev)
            return None
        if isinstance(ev.get("response"), dict):
            self._response_object(ev["response"])
        self._clear_logprobs(ev)
        self._clear_logprobs(ev.get("part"))
        self._item_logprobs(ev.get("item"))
        seq = ev.get("sequence_number")
        if _is_index(seq):
            ev["sequence_number"] = seq - self._dropped_seq
        return ev

    def _count_drop(self, ev: dict[str, Any]) -> None:
        self.stripped += 1
        if _is_index(ev.get("sequence_number")):
            self._dropped_seq += 1

    # Anthropic Messages ----------------------------------------------------------

    def _anthropic_content(self, msg: dict[str, Any]) -> None:
        content = msg.get("content")
        if self._reasoning and isinstance(content, list):
            kept = [b for b in content if not _is_thinking_block(b)]
            self.stripped += len(content) - len(kept)
            msg["content"] = kept

    def _anthropic_event(self, ev: dict[str, Any]) -> dict[str, Any] | None:
        if not self._reasoning:
            return ev
        etype = ev.get("type")
        if etype == "message_start" and isinstance(ev.get("message"), dict):
            self._anthropic_content(ev["message"])
        elif etype == "content_block_start" and _is_thinking_block(ev.get("content_block")):
            if _is_index(ev.get("index")):
                insort(self._removed, ev["index"])
            self._count_drop(ev)
            return None
        elif etype in ("content_block_delta", "content_block_stop"):
            delta = ev.get("delta")
            if isinstance(delta, dict) and _type_in(delta, _ANTHROPIC_THINKING_DELTAS):
                self._count_drop(ev)
                return None
            if not self._renumber(ev, "index"):
                self._count_drop(ev)
                return None
        elif etype == "content_block_start":
            self._renumber(ev, "index")
        return ev

    def _renumber(self, ev: dict[str, Any], key: str) -> bool:
        """Shift `ev[key]` past removed blocks; False when it addresses a removed block."""
        index = ev.get(key)
        if not _is_index(index) or not self._removed:
            return True
        before = bisect_left(self._removed, index)
        if before < len(self._removed) and self._removed[before] == index:
            return False
        ev[key] = index - before
        return True


def _is_index(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_reasoning_item(item: Any) -> bool:
    return isinstance(item, dict) and item.get("type") == "reasoning"


def _is_thinking_block(block: Any) -> bool:
    return isinstance(block, dict) and _type_in(block, _ANTHROPIC_THINKING)


def _type_in(obj: dict[str, Any], types: frozenset[str]) -> bool:
    # A str check first: `[] in frozenset()` raises TypeError (unhashable).
    value = obj.get("type")
    return isinstance(value, str) and value in types


def _all_empty(choices: list[Any], chunk: dict[str, Any]) -> bool:
    """True when a chunk, after stripping, carries no content, finish reason or usage."""
    if not choices or chunk.get("usage") is not None:
        return False
    for choice in choices:
        if not isinstance(choice, dict) or choice.get("finish_reason") is not None:
            return False
        if choice.get("logprobs") is not None:
            return False
        delta = choice.get("delta")
        if not isinstance(delta, dict) or any(v is not None for v in delta.values()):
            return False
    return True
