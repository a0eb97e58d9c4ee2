"""The mock model API: exact response shapes in-process, and the official SDKs over loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest

from gateway.mock_upstream import MockSettings, create_mock_app

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-upstream-secret"
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name three colours."}]}
CLAUDE = {
    "model": "claude-mock",
    "max_tokens": 200,
    "messages": [{"role": "user", "content": "Name three colours."}],
}


def client_for(**settings: Any) -> httpx.AsyncClient:
    app = create_mock_app(MockSettings(**settings))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")


@pytest.fixture
async def mock() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for() as client:
        yield client


def events(text: str) -> list[tuple[str | None, str]]:
    """(event name, data) per SSE event."""
    out: list[tuple[str | None, str]] = []
    for block in text.strip().split("\n\n"):
        name = None
        data = []
        for line in block.split("\n"):
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
        out.append((name, "\n".join(data)))
    return out


def chunks(text: str) -> list[dict[str, Any]]:
    """The JSON chunks of an OpenAI stream, checking it ends with [DONE]."""
    datas = [data for _, data in events(text)]
    assert datas[-1] == "[DONE]"
    return [json.loads(d) for d in datas[:-1]]


# --- OpenAI chat -------------------------------------------------------------------------


async def test_chat_is_deterministic_and_shaped(mock: httpx.AsyncClient) -> None:
    first = (await mock.post("/v1/chat/completions", json=CHAT)).json()
    again = (await mock.post("/v1/chat/completions", json=CHAT)).json()
    assert first["object"] == "chat.completion"
    assert first["id"].startswith("chatcmpl-")
    choice = first["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert choice["finish_reason"] == "stop"
    assert choice["message"]["content"] == again["choices"][0]["message"]["content"]
    usage = first["usage"]
    assert 55 <= usage["completion_tokens"] <= 65  # default natural length ~60
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


async def test_max_tokens_truncates_to_a_prefix(mock: httpx.AsyncClient) -> None:
    full = (await mock.post("/v1/chat/completions", json=CHAT)).json()
    capped = (await mock.post("/v1/chat/completions", json={**CHAT, "max_tokens": 7})).json()
    text = capped["choices"][0]["message"]["content"]
    assert capped["choices"][0]["finish_reason"] == "length"
    assert full["choices"][0]["message"]["content"].startswith(text)
    assert capped["usage"]["completion_tokens"] <= 8


async def test_chat_stream_matches_body_and_usage_only_when_asked(
    mock: httpx.AsyncClient,
) -> None:
    body = (await mock.post("/v1/chat/completions", json=CHAT)).json()
    plain = await mock.post("/v1/chat/completions", json={**CHAT, "stream": True})
    assert plain.headers["content-type"].startswith("text/event-stream")
    parts = chunks(plain.text)
    assert all(c["object"] == "chat.completion.chunk" and "usage" not in c for c in parts)
    assert parts[0]["choices"][0]["delta"]["role"] == "assistant"
    assert parts[-1]["choices"][0]["finish_reason"] == "stop"
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in parts)
    assert text == body["choices"][0]["message"]["content"]
    assert len(parts) == 2 + body["usage"]["completion_tokens"]  # one token per chunk

    asked = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
    parts = chunks((await mock.post("/v1/chat/completions", json=asked)).text)
    assert parts[-1]["choices"] == []
    assert parts[-1]["usage"] == body["usage"]
    assert all(c["usage"] is None for c in parts[:-1])


async def test_reasoning_content_precedes_content(mock: httpx.AsyncClient) -> None:
    request = {**CHAT, "model": "deepseek-reasoner", "stream": True}
    request["stream_options"] = {"include_usage": True}
    parts = chunks((await mock.post("/v1/chat/completions", json=request)).text)
    kinds = [next(iter(c["choices"][0]["delta"]), None) for c in parts[1:-2]]
    assert kinds[0] == "reasoning_content" and kinds[-1] == "content"
    assert kinds == sorted(kinds, key=lambda k: k != "reasoning_content")
    details = parts[-1]["usage"]["completion_tokens_details"]
    assert 35 <= details["reasoning_tokens"] <= 45
    body = (
        await mock.post("/v1/chat/completions", json={**CHAT, "reasoning_effort": "low"})
    ).json()
    assert body["choices"][0]["message"]["reasoning_content"]


async def test_logprobs_have_k_alternatives(mock: httpx.AsyncClient) -> None:
    request = {**CHAT, "logprobs": True, "top_logprobs": 4, "max_tokens": 5}
    body = (await mock.post("/v1/chat/completions", json=request)).json()
    entries = body["choices"][0]["logprobs"]["content"]
    assert len(entries) == 5
    assert all(len(e["top_logprobs"]) == 4 and e["logprob"] <= 0 for e in entries)
    parts = chunks((await mock.post("/v1/chat/completions", json={**request, "stream": True})).text)
    streamed = [
        e for c in parts for e in ((c["choices"][0]["logprobs"] or {}).get("content") or [])
    ]
    assert streamed == entries


async def test_headers_set_length_and_chunk_size(mock: httpx.AsyncClient) -> None:
    headers = {"x-mock-tokens": "400", "x-mock-chunk-tokens": "10"}
    request = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
    response = await mock.post("/v1/chat/completions", json=request, headers=headers)
    parts = chunks(response.text)
    assert 395 <= parts[-1]["usage"]["completion_tokens"] <= 405
    assert len(parts) == 2 + 40 + 1


async def test_n_gives_distinct_choices(mock: httpx.AsyncClient) -> None:
    body = (await mock.post("/v1/chat/completions", json={**CHAT, "n": 3})).json()
    texts = {c["message"]["content"] for c in body["choices"]}
    assert [c["index"] for c in body["choices"]] == [0, 1, 2] and len(texts) == 3


async def test_forced_tool_call(mock: httpx.AsyncClient) -> None:
    tool = {"type": "function", "function": {"name": "lookup", "parameters": {}}}
    request = {**CHAT, "tools": [tool], "tool_choice": "required", "stream": True}
    parts = chunks((await mock.post("/v1/chat/completions", json=request)).text)
    calls = [c["choices"][0]["delta"].get("tool_calls") for c in parts]
    args = "".join(tc[0]["function"]["arguments"] for tc in calls if tc)
    assert json.loads(args)["input"]
    assert parts[-1]["choices"][0]["finish_reason"] == "tool_calls"


async def test_report_usage_off_omits_usage() -> None:
    async with client_for(report_usage=False) as client:
        body = (await client.post("/v1/chat/completions", json=CHAT)).json()
        assert "usage" not in body
        request = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
        parts = chunks((await client.post("/v1/chat/completions", json=request)).text)
        assert all(not c.get("usage") for c in parts) and parts[-1]["choices"]
        message = (await client.post("/v1/messages", json={**CLAUDE, "stream": True})).text
        assert '"usage"' not in message


# --- other OpenAI endpoints ------------------------------------------------------------


async def test_completions(mock: httpx.AsyncClient) -> None:
    request = {"model": "gpt-3.5-turbo-instruct", "prompt": "Once", "max_tokens": 5, "logprobs": 2}
    body = (await mock.post("/v1/completions", json=request)).json()
    assert body["object"] == "text_completion"
    assert body["choices"][0]["finish_reason"] == "length"
    assert len(body["choices"][0]["logprobs"]["tokens"]) == 5
    parts = chunks((await mock.post("/v1/completions", json={**request, "stream": True})).text)
    assert "".join(c["choices"][0]["text"] for c in parts) == body["choices"][0]["text"]


async def test_responses_body_and_events(mock: httpx.AsyncClient) -> None:
    request = {"model": "o3-mini", "input": "Hi", "max_output_tokens": 50}
    body = (await mock.post("/v1/responses", json=request)).json()
    assert body["object"] == "response" and body["status"] == "incomplete"
    assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
    assert body["usage"]["output_tokens"] == 50  # hidden reasoning is counted
    stream = await mock.post("/v1/responses", json={**request, "stream": True})
    seen = events(stream.text)
    names = [name for name, _ in seen]
    assert names[0] == "response.created" and names[-1] == "response.incomplete"
    assert all(json.loads(data)["type"] == name for name, data in seen)
    deltas = [json.loads(d)["delta"] for n, d in seen if n == "response.output_text.delta"]
    assert "".join(deltas) == body["output"][1]["content"][0]["text"]


async def test_embeddings_are_deterministic(mock: httpx.AsyncClient) -> None:
    request = {"model": "text-embedding-3-small", "input": ["a", "b"], "dimensions": 8}
    first = (await mock.post("/v1/embeddings", json=request)).json()
    again = (await mock.post("/v1/embeddings", json=request)).json()
    assert first["data"] == again["data"] and len(first["data"][0]["embedding"]) == 8
    assert first["usage"]["prompt_tokens"] == first["usage"]["total_tokens"] > 0


async def test_models_and_unknown_path(mock: httpx.AsyncClient) -> None:
    models = (await mock.get("/v1/models")).json()
    assert models["object"] == "list" and models["data"][0]["object"] == "model"
    missing = await mock.post("/v1/nothing", json={})
    assert missing.status_code == 404 and "error" in missing.json()


# --- Anthropic ---------------------------------------------------------------------------


async def test_messages_body_and_stop_reason(mock: httpx.AsyncClient) -> None:
    body = (await mock.post("/v1/messages", json=CLAUDE)).json()
    assert body["type"] == "message" and body["stop_reason"] == "end_turn"
    assert body["content"][0]["type"] == "text"
    capped = (await mock.post("/v1/messages", json={**CLAUDE, "max_tokens": 4})).json()
    assert capped["stop_reason"] == "max_tokens" and capped["usage"]["output_tokens"] <= 5
    missing = await mock.post("/v1/messages", json={"model": "claude", "messages": []})
    assert missing.status_code == 400
    assert missing.json()["error"]["type"] == "invalid_request_error"


async def test_messages_stream_events_with_thinking(mock: httpx.AsyncClient) -> None:
    request = {**CLAUDE, "stream": True, "thinking": {"type": "enabled", "budget_tokens": 1024}}
    seen = events((await mock.post("/v1/messages", json=request)).text)
    assert all(json.loads(data)["type"] == name for name, data in seen)
    names = [name for name, _ in seen]
    assert names[0] == "message_start" and names[-2:] == ["message_delta", "message_stop"]
    start = json.loads(seen[0][1])["message"]["usage"]
    assert start["input_tokens"] > 0 and start["output_tokens"] == 1
    deltas = [json.loads(d)["delta"]["type"] for n, d in seen if n == "content_block_delta"]
    assert deltas[0] == "thinking_delta" and deltas[-1] == "text_delta"
    final = json.loads(seen[-2][1])
    assert final["delta"]["stop_reason"] == "end_turn" and final["usage"]["output_tokens"] > 60


# --- auth, recorder, errors, faults ---------------------------------------------------


async def test_key_required_in_either_header_and_never_echoed() -> None:
    async with client_for(require_key=KEY) as client:
        wrong = await client.post(
            "/v1/chat/completions", json=CHAT, headers={"authorization": "Bearer sk-x"}
        )
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
        assert "sk-x" not in wrong.text
        denied = await client.post("/v1/messages", json=CLAUDE, headers={"x-api-key": "sk-x"})
        assert denied.json() == {
            "type": "error",
            "error": {"type": "authentication_error", "message": "invalid x-api-key"},
        }
        ok = await client.post(
            "/v1/chat/completions", json=CHAT, headers={"authorization": f"Bearer {KEY}"}
        )
        assert ok.status_code == 200 and KEY not in ok.text
        ok = await client.post("/v1/messages", json=CLAUDE, headers={"x-api-key": KEY})
        assert ok.status_code == 200


async def test_recorder_keeps_bodies_and_headers(mock: httpx.AsyncClient) -> None:
    await mock.post(
        "/v1/chat/completions",
        json={**CHAT, "max_tokens": 9},
        headers={"authorization": "Bearer k1"},
    )
    [entry] = (await mock.get("/_mock/requests")).json()["requests"]
    assert entry["path"] == "/v1/chat/completions" and entry["body"]["max_tokens"] == 9
    assert entry["headers"]["authorization"] == "Bearer k1"
    await mock.post("/_mock/reset")
    assert (await mock.get("/_mock/requests")).json()["requests"] == []


@pytest.mark.parametrize(
    ("status", "kind"), [(500, "server_error"), (429, "requests"), (400, "invalid_request_error")]
)
async def test_status_faults_use_openai_shape(
    mock: httpx.AsyncClient, status: int, kind: str
) -> None:
    response = await mock.post(
        "/v1/chat/completions", json=CHAT, headers={"x-mock-fault": f"status-{status}"}
    )
    assert response.status_code == status
    error = response.json()["error"]
    assert error["type"] == kind and set(error) == {"message", "type", "param", "code"}


async def test_status_fault_uses_anthropic_shape(mock: httpx.AsyncClient) -> None:
    response = await mock.post("/v1/messages", json=CLAUDE, headers={"x-mock-fault": "status-429"})
    assert response.status_code == 429 and response.headers["retry-after"]
    assert response.json()["error"]["type"] == "rate_limit_error"


async def test_bad_bodies_and_fault_specs_get_400(mock: httpx.AsyncClient) -> None:
    broken = await mock.post("/v1/chat/completions", content=b"{nope")
    assert broken.status_code == 400 and broken.json()["error"]["type"] == "invalid_request_error"
    broken = await mock.post("/v1/messages", content=b"{nope")
    assert broken.status_code == 400 and broken.json()["type"] == "error"
    typo = await mock.post(
        "/v1/chat/completions", json=CHAT, headers={"x-mock-fault": "stal-after:2"}
    )
    assert typo.status_code == 400 and "stal-after" in typo.json()["error"]["message"]
    odd = await mock.post("/v1/chat/completions", json=CHAT, headers={"x-mock-reasoning": "both"})
    assert odd.status_code == 400 and "x-mock-reasoning" in odd.json()["error"]["message"]


async def test_invalid_json_and_malformed_sse(mock: httpx.AsyncClient) -> None:
    response = await mock.post(
        "/v1/chat/completions", json=CHAT, headers={"x-mock-fault": "invalid-json"}
    )
    with pytest.raises(ValueError):
        response.json()
    streamed = await mock.post(
        "/v1/chat/completions",
        json={**CHAT, "stream": True},
        headers={"x-mock-fault": "malformed-sse"},
    )
    datas = [data for _, data in events(streamed.text)]
    with pytest.raises(ValueError):
        json.loads(datas[2])
    assert datas[-1] == "[DONE]"


async def test_latency_headers_delay_first_token(mock: httpx.AsyncClient) -> None:
    started = time.monotonic()
    headers = {"x-mock-ttft-ms": "120", "x-mock-chunk-ms": "1", "x-mock-tokens": "10"}
    await mock.post("/v1/chat/completions", json={**CHAT, "stream": True}, headers=headers)
    assert time.monotonic() - started >= 0.12


# --- a real server process, driven by the official SDKs -------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    code = (
        "from gateway.mock_upstream import run_mock; "
        f"run_mock('127.0.0.1', {port}, require_key={KEY!r}, stall_s=5.0, never_end_s=5.0)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                httpx.get(f"{base}/_mock/requests", timeout=0.5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("mock upstream did not start") from None
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
        assert b"Traceback" not in stderr, stderr.decode()


@pytest.mark.slow
def test_openai_sdk_parses_every_shape(server: str) -> None:
    with openai.OpenAI(base_url=f"{server}/v1", api_key=KEY, max_retries=0) as client:
        chat = client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
        assert chat.choices[0].message.content and chat.usage and chat.usage.completion_tokens > 0
        stream = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "hi"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        parts = list(stream)
        text = "".join(p.choices[0].delta.content or "" for p in parts if p.choices)
        assert text == chat.choices[0].message.content
        assert parts[-1].usage == chat.usage
        legacy = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="x", max_tokens=3)
        assert legacy.choices[0].finish_reason == "length"
        response = client.responses.create(model="gpt-4o", input="hi")
        assert response.output_text and response.usage and response.usage.output_tokens > 0
        with client.responses.stream(model="gpt-4o", input="hi") as events_:
            final = events_.get_final_response()
        assert final.output_text == response.output_text
        vectors = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
        assert len(vectors.data[1].embedding) == 16  # decoded from the SDK's default base64
        assert next(m.id for m in client.models.list()) == "gpt-4o-mini"
        with pytest.raises(openai.RateLimitError) as caught:
            client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "user", "content": "hi"}],
                extra_headers={"x-mock-fault": "status-429"},
            )
        assert caught.value.code == "rate_limit_exceeded"
    bad = openai.OpenAI(base_url=f"{server}/v1", api_key="sk-wrong", max_retries=0)
    with bad, pytest.raises(openai.AuthenticationError):
        bad.models.list()


@pytest.mark.slow
def test_anthropic_sdk_parses_messages_and_streams(server: str) -> None:
    with anthropic.Anthropic(base_url=server, api_key=KEY, max_retries=0) as client:
        message = client.messages.create(**CLAUDE)  # type: ignore[call-overload]
        assert message.stop_reason == "end_turn" and message.usage.output_tokens > 0
        with client.messages.stream(**CLAUDE) as stream:  # type: ignore[arg-type]
            final = stream.get_final_message()
        assert final.content[0].text == message.content[0].text  # type: ignore[union-attr]
        assert final.usage.output_tokens == message.usage.output_tokens
        thinking = {"type": "enabled", "budget_tokens": 1024}
        with client.messages.stream(**CLAUDE, thinking=thinking) as stream:  # type: ignore[arg-type]
            final = stream.get_final_message()
        assert [block.type for block in final.content] == ["thinking", "text"]
        with pytest.raises(anthropic.InternalServerError):
            client.messages.create(**CLAUDE, extra_headers={"x-mock-fault": "status-500"})  # type: ignore[call-overload]


@pytest.mark.slow
def test_stream_faults_over_a_real_connection(server: str) -> None:
    headers = {"authorization": f"Bearer {KEY}"}
    request = {**CHAT, "stream": True}
    with httpx.Client(
        base_url=server, headers=headers, timeout=httpx.Timeout(5, read=0.5)
    ) as client:
        with (
            client.stream(
                "POST",
                "/v1/chat/completions",
                json=request,
                headers={"x-mock-fault": "reset-mid-stream"},
            ) as r,
            pytest.raises(httpx.RemoteProtocolError),
        ):
            list(r.iter_lines())
        got: list[str] = []
        with (
            client.stream(
                "POST",
                "/v1/chat/completions",
                json=request,
                headers={"x-mock-fault": "stall-after:4"},
            ) as r,
            pytest.raises(httpx.ReadTimeout),
        ):
            got.extend(line for line in r.iter_lines() if line)
        assert len(got) == 4
        with client.stream(
            "POST", "/v1/chat/completions", json=request, headers={"x-mock-fault": "never-end"}
        ) as r:
            lines = r.iter_lines()
            endless = [line for line, _ in zip((x for x in lines if x), range(100), strict=False)]
        assert len(endless) == 100  # past the 63 events of the natural 60-token answer
        started = time.monotonic()
        slow = client.post(
            "/v1/chat/completions", json=CHAT, headers={"x-mock-fault": "slow-headers:300"}
        )
        assert slow.status_code == 200 and time.monotonic() - started >= 0.3
