"""Request and response degradation: each rewrite, validity for the SDKs, robustness."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

import anthropic
import httpx2
import openai
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.decision import DegradeOptions
from gateway.enforce.degrade_request import degrade_request, endpoint_kind
from gateway.enforce.degrade_response import ResponseDegrader

ALIASES = {"cheap": "gpt-4o-mini"}
STRIP_ALL = DegradeOptions(strip_logprobs=True, strip_reasoning=True)


# --- request side ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("api", "path", "kind"),
    [
        ("openai", "/v1/chat/completions", "chat"),
        ("openai", "/openai/v1/completions?x=1", "completions"),
        ("openai", "/v1/responses/", "responses"),
        ("openai", "/v1/embeddings", "embeddings"),
        ("openai", "/v1/models", "other"),
        ("anthropic", "/v1/messages", "messages"),
        ("anthropic", "/v1/messages/count_tokens", "other"),
    ],
)
def test_endpoint_kind(api: str, path: str, kind: str) -> None:
    assert endpoint_kind(api, path) == kind


@pytest.mark.parametrize(
    ("body", "expected", "changes"),
    [
        ({"max_tokens": 4096}, {"max_tokens": 256}, ["max_tokens 4096->256"]),
        ({"max_tokens": 100}, {"max_tokens": 100}, []),
        ({}, {"max_tokens": 256}, ["max_tokens unset->256"]),
        ({"max_tokens": None}, {"max_tokens": 256}, ["max_tokens unset->256"]),
        (
            {"max_completion_tokens": 9000},
            {"max_completion_tokens": 256},
            ["max_completion_tokens 9000->256"],
        ),
        ({"max_tokens": "lots"}, {"max_tokens": 256}, ["max_tokens lots->256"]),
        ({"max_tokens": True}, {"max_tokens": 256}, ["max_tokens true->256"]),
    ],
)
def test_chat_max_tokens_cap(
    body: dict[str, Any], expected: dict[str, Any], changes: list[str]
) -> None:
    out, made = degrade_request(
        "openai", "/v1/chat/completions", body, DegradeOptions(max_tokens=256), ALIASES
    )
    assert out == expected and made == changes


def test_chat_logprobs_n_and_reasoning_options_are_dropped() -> None:
    body = {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "hi"}],
        "logprobs": True,
        "top_logprobs": 20,
        "logit_bias": {"50256": -100},
        "n": 8,
        "reasoning_effort": "high",
    }
    opts = DegradeOptions(strip_logprobs=True, strip_reasoning=True, n=1, route_model="cheap")
    out, changes = degrade_request("openai", "/v1/chat/completions", body, opts, ALIASES)
    assert out == {"model": "gpt-4o-mini", "messages": body["messages"], "n": 1}
    assert changes == [
        "model gpt-4o->gpt-4o-mini",
        "logprobs dropped",
        "top_logprobs dropped",
        "logit_bias dropped",
        "reasoning_effort dropped",
        "n 8->1",
    ]


def test_completions_int_logprobs_and_best_of() -> None:
    body = {"model": "davinci", "prompt": "x", "logprobs": 5, "best_of": 5, "n": 3}
    opts = DegradeOptions(strip_logprobs=True, n=1, max_tokens=64)
    out, _ = degrade_request("openai", "/v1/completions", body, opts, ALIASES)
    assert out == {"model": "davinci", "prompt": "x", "best_of": 1, "n": 1, "max_tokens": 64}


def test_responses_api_request() -> None:
    body = {
        "model": "o3",
        "input": "hi",
        "max_output_tokens": 5000,
        "reasoning": {"effort": "high", "summary": "auto"},
        "top_logprobs": 5,
        "include": ["reasoning.encrypted_content", "message.output_text.logprobs", "x"],
    }
    opts = DegradeOptions(strip_logprobs=True, strip_reasoning=True, max_tokens=300)
    out, changes = degrade_request("openai", "/v1/responses", body, opts, ALIASES)
    assert out == {"model": "o3", "input": "hi", "max_output_tokens": 300, "include": ["x"]}
    assert "max_output_tokens 5000->300" in changes and "reasoning dropped" in changes


def test_route_model_literal_name_and_untouched_endpoints() -> None:
    opts = DegradeOptions(route_model="claude-haiku")
    out, changes = degrade_request("anthropic", "/v1/messages", {"model": "opus"}, opts, ALIASES)
    assert out["model"] == "claude-haiku" and changes == ["model opus->claude-haiku"]
    emb = {"model": "text-embedding-3-large", "input": "x"}
    assert degrade_request("openai", "/v1/embeddings", emb, opts, ALIASES) == (emb, [])


def test_anthropic_thinking_dropped_by_strip_reasoning() -> None:
    body = {
        "model": "claude",
        "max_tokens": 16000,
        "thinking": {"type": "enabled", "budget_tokens": 10000},
        "temperature": 1,
        "messages": [],
    }
    out, changes = degrade_request(
        "anthropic", "/v1/messages", body, DegradeOptions(strip_reasoning=True), ALIASES
    )
    assert "thinking" not in out and changes == ["thinking dropped"]
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 10000}


@pytest.mark.parametrize(
    ("cap", "thinking", "change"),
    [
        (4000, {"type": "enabled", "budget_tokens": 2000}, "thinking.budget_tokens 10000->2000"),
        (1100, {"type": "enabled", "budget_tokens": 1024}, "thinking.budget_tokens 10000->1024"),
        (800, None, "thinking dropped (max_tokens 800 leaves no budget)"),
    ],
)
def test_anthropic_cap_keeps_thinking_budget_valid(
    cap: int, thinking: dict[str, Any] | None, change: str
) -> None:
    body = {"max_tokens": 16000, "thinking": {"type": "enabled", "budget_tokens": 10000}}
    out, changes = degrade_request(
        "anthropic", "/v1/messages", body, DegradeOptions(max_tokens=cap), ALIASES
    )
    assert out.get("thinking") == thinking
    assert changes == [f"max_tokens 16000->{cap}", change]


def test_anthropic_missing_max_tokens_is_set() -> None:
    out, _ = degrade_request(
        "anthropic", "/v1/messages", {"messages": []}, DegradeOptions(max_tokens=10), ALIASES
    )
    assert out["max_tokens"] == 10


# --- response side: non-streaming --------------------------------------------------


def test_chat_body_logprobs_and_reasoning_stripped() -> None:
    body: dict[str, Any] = {
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "a", "reasoning_content": "think"},
                "logprobs": {"content": [{"token": "a", "logprob": -0.1}]},
                "finish_reason": "stop",
            }
        ],
        "usage": {"completion_tokens": 3},
    }
    out = ResponseDegrader("openai", "/v1/chat/completions", STRIP_ALL).apply_json(body)
    assert out["choices"][0]["message"] == {"role": "assistant", "content": "a"}
    assert out["choices"][0]["logprobs"] is None
    assert body["choices"][0]["message"]["reasoning_content"] == "think"


def test_inactive_degrader_passes_the_same_object_through() -> None:
    degrader = ResponseDegrader("openai", "/v1/chat/completions", DegradeOptions(max_tokens=5))
    body: dict[str, Any] = {"choices": [{"logprobs": {"content": []}}]}
    assert not degrader.active
    assert degrader.apply_json(body) is body and degrader.apply_event(body) is body


def test_responses_body_drops_reasoning_items_and_logprobs() -> None:
    body = {
        "object": "response",
        "output": [
            {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "t"}]},
            {
                "type": "message",
                "content": [{"type": "output_text", "text": "hi", "logprobs": [{"token": "hi"}]}],
            },
        ],
    }
    degrader = ResponseDegrader("openai", "/v1/responses", STRIP_ALL)
    out = degrader.apply_json(body)
    assert [item["type"] for item in out["output"]] == ["message"]
    assert out["output"][0]["content"][0]["logprobs"] == []
    assert degrader.stripped == 2


def test_anthropic_body_drops_thinking_blocks() -> None:
    body = {
        "type": "message",
        "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "redacted_thinking", "data": "xx"},
            {"type": "text", "text": "answer"},
        ],
    }
    out = ResponseDegrader("anthropic", "/v1/messages", STRIP_ALL).apply_json(body)
    assert out["content"] == [{"type": "text", "text": "answer"}]
    assert len(body["content"]) == 3


# --- response side: streams, checked by the official SDKs' own stream parsers --------


def _sse(events: Iterable[dict[str, Any]], event_lines: bool, done: bool = False) -> bytes:
    out = []
    for ev in events:
        head = f"event: {ev['type']}\n" if event_lines else ""
        out.append(f"{head}data: {json.dumps(ev)}\n\n")
    if done:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def _degrade_all(degrader: ResponseDegrader, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in (degrader.apply_event(ev) for ev in events) if e is not None]


def _chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, **extra}],
    }


def test_chat_stream_reasoning_chunks_are_dropped_and_sdk_accumulates() -> None:
    lp = {"content": [{"token": "x", "logprob": -1.0, "bytes": None, "top_logprobs": []}]}
    events = [
        _chunk({"role": "assistant", "content": None, "reasoning_content": ""}),
        _chunk({"content": None, "reasoning_content": "let me think"}),
        _chunk({"reasoning": "more"}),
        _chunk({"content": "Hel"}, logprobs=lp),
        _chunk({"content": "lo"}),
        _chunk({}, finish="stop"),
    ]
    degrader = ResponseDegrader("openai", "/v1/chat/completions", STRIP_ALL)
    kept = _degrade_all(degrader, events)
    assert len(kept) == 4  # the role chunk stays; the two reasoning-only chunks go
    text = json.dumps(kept)
    assert "think" not in text and "more" not in text and 'logprob"' not in text

    def handler(request: httpx2.Request) -> httpx2.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx2.Response(200, content=_sse(kept, False, done=True), headers=headers)

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    with (
        openai.OpenAI(base_url="http://t/v1", api_key="k", http_client=http) as client,
        client.chat.completions.stream(model="m", messages=[]) as stream,
    ):
        final = stream.get_final_completion()
    assert final.choices[0].message.content == "Hello"
    assert final.choices[0].logprobs is None


def _responses_events() -> list[dict[str, Any]]:
    resp = {"id": "resp_1", "object": "response", "created_at": 1, "model": "o3", "status": "x"}
    reasoning = {"type": "reasoning", "id": "rs_1", "summary": []}
    msg = {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress"}
    part = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    lp = [{"token": "Hi", "logprob": -0.5, "top_logprobs": []}]
    final_msg = {
        **msg,
        "status": "completed",
        "content": [{**part, "text": "Hi", "logprobs": lp}],
    }
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": {**resp, "output": []}},
        {"type": "response.output_item.added", "output_index": 0, "item": reasoning},
        {"type": "response.reasoning_summary_part.added", "output_index": 0, "item_id": "rs_1"},
        {"type": "response.reasoning_summary_text.delta", "output_index": 0, "delta": "plan"},
        {"type": "response.output_item.done", "output_index": 0, "item": reasoning},
        {"type": "response.output_item.added", "output_index": 1, "item": {**msg, "content": []}},
        {"type": "response.content_part.added", "output_index": 1, "content_index": 0,
         "item_id": "msg_1", "part": part},
        {"type": "response.output_text.delta", "output_index": 1, "content_index": 0,
         "item_id": "msg_1", "delta": "Hi", "logprobs": lp},
        {"type": "response.output_text.done", "output_index": 1, "content_index": 0,
         "item_id": "msg_1", "text": "Hi", "logprobs": lp},
        {"type": "response.content_part.done", "output_index": 1, "content_index": 0,
         "item_id": "msg_1", "part": final_msg["content"][0]},
        {"type": "response.output_item.done", "output_index": 1, "item": final_msg},
        {"type": "response.completed",
         "response": {**resp, "status": "completed", "output": [reasoning, final_msg]}},
    ]  # fmt: skip
    for seq, ev in enumerate(events):
        ev["sequence_number"] = seq
    return events


def test_responses_stream_renumbers_output_index_and_sdk_accumulates() -> None:
    events = _responses_events()
    originals = copy.deepcopy(events)
    degrader = ResponseDegrader("openai", "/v1/responses", STRIP_ALL)
    kept = _degrade_all(degrader, events)
    assert events == originals
    assert [e["sequence_number"] for e in kept] == list(range(len(kept)))
    assert {e["output_index"] for e in kept if "output_index" in e} == {0}
    assert "reasoning" not in json.dumps(kept) and '"logprob"' not in json.dumps(kept)

    def handler(request: httpx2.Request) -> httpx2.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx2.Response(200, content=_sse(kept, True), headers=headers)

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    with (
        openai.OpenAI(base_url="http://t/v1", api_key="k", http_client=http) as client,
        client.responses.stream(model="o3", input="hi") as stream,
    ):
        final = stream.get_final_response()
    assert final.output_text == "Hi"
    assert [item.type for item in final.output] == ["message"]


def _anthropic_events() -> list[dict[str, Any]]:
    msg: dict[str, Any] = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 1},
    }
    tool = {"type": "tool_use", "id": "tu_1", "name": "calc", "input": {}}
    return [
        {"type": "message_start", "message": msg},
        {"type": "content_block_start", "index": 0,
         "content_block": {"type": "thinking", "thinking": "", "signature": ""}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "thinking_delta", "thinking": "secret plan"}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "signature_delta", "signature": "sig"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1,
         "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
        {"type": "content_block_delta", "index": 1,
         "delta": {"type": "text_delta", "text": "Let me add."}},
        {"type": "content_block_stop", "index": 1},
        {"type": "content_block_start", "index": 2,
         "content_block": {"type": "redacted_thinking", "data": "opaque"}},
        {"type": "content_block_stop", "index": 2},
        {"type": "content_block_start", "index": 3, "content_block": tool},
        {"type": "content_block_delta", "index": 3,
         "delta": {"type": "input_json_delta", "partial_json": '{"a": 1}'}},
        {"type": "content_block_stop", "index": 3},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
         "usage": {"output_tokens": 40}},
        {"type": "message_stop"},
    ]  # fmt: skip


def test_anthropic_stream_renumbers_blocks_and_sdk_accumulates() -> None:
    events = _anthropic_events()
    degrader = ResponseDegrader("anthropic", "/v1/messages", STRIP_ALL)
    kept = _degrade_all(degrader, events)
    indices = [e["index"] for e in kept if e["type"].startswith("content_block")]
    assert indices == [0, 0, 0, 1, 1, 1]
    assert "secret" not in json.dumps(kept) and "opaque" not in json.dumps(kept)
    assert degrader.stripped == 6

    def handler(request: httpx2.Request) -> httpx2.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx2.Response(200, content=_sse(kept, True), headers=headers)

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    with (
        anthropic.Anthropic(base_url="http://t", api_key="k", http_client=http) as client,
        client.messages.stream(model="claude", max_tokens=10, messages=[]) as stream,
    ):
        final = stream.get_final_message()
    assert [b.type for b in final.content] == ["text", "tool_use"]
    assert final.content[1].type == "tool_use" and final.content[1].input == {"a": 1}


def test_anthropic_stream_untouched_without_strip_reasoning() -> None:
    degrader = ResponseDegrader("anthropic", "/v1/messages", DegradeOptions(strip_logprobs=True))
    events = _anthropic_events()
    assert _degrade_all(degrader, events) == events


# --- robustness: arbitrary JSON never raises and is never mutated ------------------

VOCAB = [
    "choices", "message", "delta", "logprobs", "reasoning_content", "reasoning", "type", "index",
    "output_index", "output", "content", "item", "part", "response", "sequence_number",
    "thinking", "redacted_thinking", "content_block", "content_block_start",
    "content_block_delta", "content_block_stop", "thinking_delta", "message_start",
    "response.output_item.added", "response.reasoning_summary_text.delta", "max_tokens",
    "max_completion_tokens", "max_output_tokens", "n", "best_of", "model", "include",
    "top_logprobs", "logit_bias", "reasoning_effort", "budget_tokens", "finish_reason", "usage",
]  # fmt: skip
_names = st.one_of(st.sampled_from(VOCAB), st.text(max_size=4))
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 5000), st.floats(allow_nan=False), _names
)
JSON = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_names, inner, max_size=5),
    max_leaves=30,
)
JSON_OBJ = st.dictionaries(_names, JSON, max_size=6)
OPTS = st.builds(
    DegradeOptions,
    max_tokens=st.none() | st.integers(1, 5000),
    strip_logprobs=st.booleans(),
    strip_reasoning=st.booleans(),
    route_model=st.none() | st.sampled_from(["cheap", "other-model"]),
    n=st.none() | st.integers(0, 3),
)
ENDPOINTS = st.sampled_from(
    [
        ("openai", "/v1/chat/completions"),
        ("openai", "/v1/completions"),
        ("openai", "/v1/responses"),
        ("openai", "/v1/embeddings"),
        ("anthropic", "/v1/messages"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(endpoint=ENDPOINTS, body=JSON_OBJ, opts=OPTS)
def test_degrade_request_never_raises_or_mutates(
    endpoint: tuple[Any, str], body: dict[str, Any], opts: DegradeOptions
) -> None:
    before = copy.deepcopy(body)
    out, changes = degrade_request(endpoint[0], endpoint[1], body, opts, ALIASES)
    assert body == before
    assert isinstance(out, dict) and all(isinstance(c, str) for c in changes)
    if opts.max_tokens is not None and endpoint[1] == "/v1/messages":
        assert out["max_tokens"] <= opts.max_tokens


@settings(max_examples=200, deadline=None)
@given(endpoint=ENDPOINTS, events=st.lists(JSON, max_size=8), opts=OPTS)
def test_response_degrader_never_raises_or_mutates(
    endpoint: tuple[str, str], events: list[Any], opts: DegradeOptions
) -> None:
    before = copy.deepcopy(events)
    degrader = ResponseDegrader(endpoint[0], endpoint[1], opts)
    for ev in events:
        degrader.apply_event(ev)
        degrader.apply_json(ev)
    assert events == before


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists (the root excluded)."""
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    )
    out = []
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


def _replaced(obj: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(obj)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


FIXTURE_STREAMS = [
    ("anthropic", "/v1/messages", _anthropic_events()),
    ("openai", "/v1/responses", _responses_events()),
    ("openai", "/v1/chat/completions", [_chunk({"reasoning_content": "r"}), _chunk({}, "stop")]),
]


@settings(max_examples=250, deadline=None)
@given(data=st.data(), which=st.integers(0, len(FIXTURE_STREAMS) - 1), opts=OPTS)
def test_near_valid_streams_with_one_corrupted_value_never_raise(
    data: st.DataObject, which: int, opts: DegradeOptions
) -> None:
    # Arbitrary JSON rarely reaches deep branches; corrupting one value of a real stream does.
    api, path, events = FIXTURE_STREAMS[which]
    position = data.draw(st.integers(0, len(events) - 1))
    target = data.draw(st.sampled_from(_paths(events[position])))
    events = [*events]
    events[position] = _replaced(events[position], target, data.draw(JSON))
    before = copy.deepcopy(events)
    degrader = ResponseDegrader(api, path, opts)
    for ev in events:
        degrader.apply_event(ev)
    degrader.apply_json(events[position])
    assert events == before
