"""Prompt counting per API shape, the per-message cache, and streamed completion counting."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
import tiktoken
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway import tokens
from gateway.tokens import TokenCounter

CHAT = "/v1/chat/completions"


@pytest.fixture(scope="module")
def counter() -> TokenCounter:
    made = TokenCounter()
    made.load()
    return made


@pytest.fixture(scope="module")
def o200k(counter: TokenCounter) -> tiktoken.Encoding:
    return counter.encoder_for("gpt-4o")


def n(enc: tiktoken.Encoding, *texts: str) -> int:
    return sum(len(enc.encode_ordinary(text)) for text in texts)


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o-mini", "o200k_base"),
        ("gpt-4.1-nano", "o200k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("chatgpt-4o-latest", "o200k_base"),
        ("text-embedding-3-small", "cl100k_base"),
        ("text-embedding-ada-002", "cl100k_base"),
        ("claude-sonnet-4-5", "cl100k_base"),
        ("ft:gpt-4o-2024-08-06:org::id", "o200k_base"),
        ("mystery-model", "o200k_base"),
        (None, "o200k_base"),
        (42, "o200k_base"),
    ],
)
def test_encoding_for_longest_prefix(counter: TokenCounter, model: object, encoding: str) -> None:
    assert counter.encoding_for(model) == encoding


def test_custom_map_and_default() -> None:
    custom = TokenCounter({"a": "cl100k_base", "ab": "o200k_base"}, default_encoding="p50k_base")
    assert custom.encoding_for("abc") == "o200k_base"
    assert custom.encoding_for("az") == "cl100k_base"
    assert custom.encoding_for("zz") == "p50k_base"


def test_count_text(counter: TokenCounter, o200k: tiktoken.Encoding) -> None:
    text = "Hello, world! <|endoftext|> is plain text here."
    assert counter.count_text("gpt-4o", text) == n(o200k, text)
    cl100k = counter.encoder_for("gpt-4")
    assert counter.count_text("gpt-4", text) == n(cl100k, text)


def test_chat_messages_follow_openai_recipe(
    counter: TokenCounter, o200k: tiktoken.Encoding
) -> None:
    body = {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "Hello there", "name": "bob"},
        ],
    }
    expected = 3 + n(o200k, "system", "You are helpful.")
    expected += 3 + n(o200k, "user", "Hello there", "bob") + 1
    assert counter.count_prompt("openai", CHAT, body) == expected + 3


def test_chat_content_parts_and_images(counter: TokenCounter, o200k: tiktoken.Encoding) -> None:
    parts = [
        {"type": "text", "text": "Describe"},
        {"type": "image_url", "image_url": {"url": "data:...", "detail": "high"}},
        {"type": "image_url", "image_url": {"url": "data:...", "detail": "low"}},
        {"type": "input_audio", "input_audio": {"data": "AAAA"}},
        "bare string",
        7,
    ]
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": parts}]}
    expected = 3 + n(o200k, "user", "Describe", "bare string") + 765 + 85 + 3
    assert counter.count_prompt("openai", CHAT, body) == expected


def test_chat_tools_and_tool_calls(counter: TokenCounter, o200k: tiktoken.Encoding) -> None:
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
    call = {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    body = {
        "model": "gpt-4o",
        "tools": tools,
        "messages": [
            {"role": "assistant", "content": None, "tool_calls": [call, "junk"]},
            {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
        ],
    }
    expected = n(o200k, json.dumps(tools, separators=(",", ":")))
    expected += 3 + n(o200k, "assistant", "get_weather", "{}")
    expected += 3 + n(o200k, "tool", "c1", "sunny") + 3
    assert counter.count_prompt("openai", CHAT, body) == expected


def test_legacy_functions(counter: TokenCounter, o200k: tiktoken.Encoding) -> None:
    functions = [{"name": "f", "parameters": {"type": "object"}}]
    message = {"role": "assistant", "function_call": {"name": "f", "arguments": '{"x":1}'}}
    body = {"model": "gpt-4o", "functions": functions, "messages": [message]}
    expected = n(o200k, json.dumps(functions, separators=(",", ":")))
    expected += 3 + n(o200k, "assistant", "f", '{"x":1}') + 3
    assert counter.count_prompt("openai", CHAT, body) == expected


@pytest.mark.parametrize("path", ["/v1/completions", "/v1/embeddings"])
def test_prompt_and_input_shapes(
    counter: TokenCounter, o200k: tiktoken.Encoding, path: str
) -> None:
    key = "prompt" if path == "/v1/completions" else "input"
    cases: list[tuple[Any, int]] = [
        ("Say this is a test", n(o200k, "Say this is a test")),
        (["one two", "three"], n(o200k, "one two", "three")),
        ([1, 2, 3, 4], 4),
        ([[1, 2], [3], []], 3),
        (["mixed", 5, [6, "x", True], None, {"a": 1}], n(o200k, "mixed") + 2),
        ([True, False], 0),
        (12, 0),
        (None, 0),
    ]
    for value, expected in cases:
        assert counter.count_prompt("openai", path, {"model": "gpt-4o", key: value}) == expected


def test_completions_suffix(counter: TokenCounter, o200k: tiktoken.Encoding) -> None:
    body = {"model": "gpt-4o", "prompt": "def f(", "suffix": "return x"}
    assert counter.count_prompt("openai", "/v1/completions", body) == n(o200k, "def f(", "return x")


def test_responses_shapes(counter: TokenCounter, o200k: tiktoken.Encoding) -> None:
    path = "/v1/responses"
    body: dict[str, Any] = {
        "model": "gpt-4o",
        "input": "Tell me a joke",
        "instructions": "Be brief",
    }
    expected = 3 + n(o200k, "Be brief") + 3 + n(o200k, "user", "Tell me a joke") + 3
    assert counter.count_prompt("openai", path, body) == expected
    body = {
        "model": "gpt-4o",
        "input": [
            {"role": "user", "content": [{"type": "input_text", "text": "Look"}]},
            {"role": "user", "content": [{"type": "input_image", "detail": "low"}]},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c", "output": "42"},
            {"type": "reasoning", "summary": [{"type": "summary_text", "text": "hmm"}]},
        ],
    }
    expected = 3 + n(o200k, "user", "Look") + 3 + n(o200k, "user") + 85
    expected += 3 + n(o200k, "f", "{}") + 3 + n(o200k, "42") + 3 + n(o200k, "hmm") + 3
    assert counter.count_prompt("openai", path, body) == expected


def test_anthropic_messages(counter: TokenCounter) -> None:
    cl100k = counter.encoder_for("claude-sonnet-4-5")
    tools = [{"name": "calc", "input_schema": {"type": "object"}}]
    body = {
        "model": "claude-sonnet-4-5",
        "system": [{"type": "text", "text": "You are terse."}],
        "tools": tools,
        "messages": [
            {"role": "user", "content": "What is 2+2?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Let me compute."},
                    {"type": "tool_use", "id": "t1", "name": "calc", "input": {"expr": "2+2"}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "t1", "content": "4"},
                    {"type": "tool_result", "content": [{"type": "text", "text": "four"}]},
                    {"type": "image", "source": {"type": "base64", "data": "..."}},
                ],
            },
        ],
    }
    expected = n(cl100k, json.dumps(tools, separators=(",", ":"))) + 3 + n(cl100k, "You are terse.")
    expected += 3 + n(cl100k, "user", "What is 2+2?")
    expected += 3 + n(cl100k, "assistant", "Let me compute.", "calc", '{"expr":"2+2"}')
    expected += 3 + n(cl100k, "user", "4", "four") + 1600 + 3
    assert counter.count_prompt("anthropic", "/v1/messages", body) == expected
    plain = {"model": "claude-x", "system": "Sys", "messages": []}
    assert counter.count_prompt("anthropic", "/v1/messages", plain) == 3 + n(cl100k, "Sys") + 3


def test_paths_without_prompts(counter: TokenCounter) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    with_query = counter.count_prompt("openai", CHAT + "?x=1", body)
    assert with_query == counter.count_prompt("openai", CHAT + "/", body) > 0
    assert counter.count_prompt("openai", "/v1/models", body) == 0
    assert counter.count_prompt("anthropic", CHAT, body) == 0
    assert counter.count_prompt("openai", CHAT, ["not", "a", "dict"]) == 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
body_keys = st.sampled_from(
    ["model", "messages", "prompt", "input", "instructions", "system", "tools", "functions",
     "content", "role", "name", "tool_calls", "function_call", "type", "text", "suffix"]
)  # fmt: skip
shaped = st.dictionaries(body_keys, json_values, max_size=6)
near_shaped = st.dictionaries(
    body_keys, st.lists(shaped | json_values, max_size=4) | shaped | json_values, max_size=6
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    api=st.sampled_from(["openai", "anthropic"]),
    path=st.sampled_from(
        [CHAT, "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/messages"]
    ),
    body=near_shaped | json_values,
)
def test_count_prompt_is_total(counter: TokenCounter, api: Any, path: str, body: Any) -> None:
    assert counter.count_prompt(api, path, body) >= 0


def conversation(turns: int) -> list[list[dict[str, str]]]:
    history = [{"role": "system", "content": "You answer questions."}]
    bodies = []
    for turn in range(turns):
        history.append({"role": "user", "content": f"Question number {turn}?"})
        bodies.append(list(history))
        history.append({"role": "assistant", "content": f"Answer number {turn}."})
    return bodies


def test_cache_hits_on_resent_history() -> None:
    cached, plain = TokenCounter(), TokenCounter(cache_entries=0)
    for messages in conversation(5):
        body = {"model": "gpt-4o", "messages": messages}
        assert cached.count_prompt("openai", CHAT, body) == plain.count_prompt("openai", CHAT, body)
    stats = cached.cache_stats
    # Turn k sends 2k messages: the 2(k-1) already seen hit, the newest two miss.
    assert (stats.hits, stats.misses, stats.size) == (0 + 2 + 4 + 6 + 8, 10, 10)
    assert plain.cache_stats.size == 0 and plain.cache_stats.hits == 0


def test_cache_key_includes_encoding_and_content() -> None:
    counter = TokenCounter()
    message = {"role": "user", "content": "same words"}
    for model in ("gpt-4o", "gpt-4", "gpt-4o"):
        counter.count_prompt("openai", CHAT, {"model": model, "messages": [message]})
    changed = {"role": "user", "content": "same words!"}
    counter.count_prompt("openai", CHAT, {"model": "gpt-4o", "messages": [changed]})
    stats = counter.cache_stats
    assert (stats.hits, stats.misses) == (1, 3)


def test_cache_is_bounded_lru() -> None:
    counter = TokenCounter(cache_entries=2)
    for text in ("a", "b", "a", "c", "a", "b"):
        body = {"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}
        counter.count_prompt("openai", CHAT, body)
    stats = counter.cache_stats
    # a, b miss; a hits; c evicts b; a hits; b misses again.
    assert (stats.hits, stats.misses, stats.size, stats.maxsize) == (2, 4, 2, 2)


stream_alphabet = st.sampled_from(
    [*"abcXYZ \n\r\t'0123456789.,!?-_/é中😀", "'s", "'ll", "  ", "\r\n", "Hello", " world"]
)


@settings(max_examples=300, deadline=None)
@given(
    model=st.sampled_from(["gpt-4o", "gpt-4"]),
    pieces=st.lists(stream_alphabet, max_size=80),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=40),
)
def test_stream_count_equals_full_encoding(
    counter: TokenCounter, model: str, pieces: list[str], cuts: list[int]
) -> None:
    text = "".join(pieces)
    bounds = sorted({0, len(text), *(cut % (len(text) + 1) for cut in cuts)})
    stream = counter.stream_counter(model)
    for start, end in itertools.pairwise(bounds):
        stream.add(text[start:end])
    assert stream.total == counter.count_text(model, text)


@pytest.mark.parametrize("text", ["a" * 9000, "é" * 5000 + "x", "😀" * 3000, " " * 6000 + "x"])
def test_stream_long_unbroken_run_stays_bounded(counter: TokenCounter, text: str) -> None:
    stream = counter.stream_counter("gpt-4o")
    longest = 0
    for start in range(0, len(text), 7):
        stream.add(text[start : start + 7])
        longest = max(longest, len(stream._tail) + stream._queued_chars)
    limit = tokens.StreamTokenCounter.MAX_TAIL_CHARS + tokens.StreamTokenCounter.BATCH_CHARS
    assert longest <= limit + 7
    assert abs(stream.total - counter.count_text("gpt-4o", text)) <= 1


def test_stream_total_is_the_running_total(counter: TokenCounter) -> None:
    stream = counter.stream_counter("gpt-4o")
    totals = []
    for delta in ("Hello", "", " world", ", how are", " you?"):
        stream.add(delta)
        totals.append(stream.total)
    assert totals[-1] == counter.count_text("gpt-4o", "Hello world, how are you?")
    assert totals == sorted(totals) and totals[1] == totals[0]


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(stream_alphabet, min_size=1, max_size=120),
    cap=st.integers(min_value=1, max_value=150),
)
def test_stream_reached_agrees_with_the_exact_total(
    counter: TokenCounter, pieces: list[str], cap: int
) -> None:
    # The relay cuts a capped stream at the first delta where reached() turns true: it must
    # turn true exactly when the exact count reaches the cap, never earlier or later.
    exact = counter.stream_counter("gpt-4o")
    lazy = counter.stream_counter("gpt-4o")
    for piece in pieces:
        exact.add(piece)
        lazy.add(piece)
        assert lazy.reached(cap) == (exact.total >= cap)


def test_stream_counts_a_long_stream_in_batches(counter: TokenCounter) -> None:
    text = "Some words, 12345 numbers and émojis 😀 in a longer answer.\n" * 400
    stream = counter.stream_counter("gpt-4o")
    for start in range(0, len(text), 5):
        stream.add(text[start : start + 5])
    assert stream.total == counter.count_text("gpt-4o", text)


def test_stream_survives_lone_surrogates(counter: TokenCounter) -> None:
    stream = counter.stream_counter("gpt-4o")
    for delta in ("ok ", "\ud800", " then more", " text"):
        stream.add(delta)
    assert stream.total == counter.count_text("gpt-4o", "ok \ufffd then more text")
