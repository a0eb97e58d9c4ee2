"""The request path end to end: gateway in-process, mock upstream as a real process."""

from __future__ import annotations

import gc
import gzip
import json
import time
from pathlib import Path

import httpx
import pytest

from gateway.enforce.challenge import CHALLENGE_HEADER, SOLUTION_HEADER, solve
from gateway.facts import empty_usage
from tests.support.gateway import auth, gateway_client, gateway_settings, read_log

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello to the gateway."}]}


async def reset_mock(upstream_url: str) -> None:
    async with httpx.AsyncClient() as c:
        await c.post(upstream_url + "/_mock/reset")


async def mock_requests(upstream_url: str) -> list[dict]:
    async with httpx.AsyncClient() as c:
        return (await c.get(upstream_url + "/_mock/requests")).json()["requests"]


async def test_non_streaming_chat_is_counted_and_logged(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
    assert r.status_code == 200
    assert r.json()["object"] == "chat.completion"
    assert r.headers["x-distillguard-action"] == "allow"
    assert "x-distillguard-rule" not in r.headers
    assert r.headers["x-distillguard-request-id"].startswith("r-")
    assert int(r.headers["x-ratelimit-limit-tokens"]) == 1_000_000
    [record] = read_log(settings)
    usage = r.json()["usage"]
    assert record["request_id"] == r.headers["x-distillguard-request-id"]
    assert record["account"] == "acct-default"
    assert record["prompt_tokens"] == usage["prompt_tokens"]
    assert record["completion_tokens"] == usage["completion_tokens"]
    assert record["drift"]["prompt"] == 0
    assert abs(record["drift"]["completion"]) <= 1
    assert record["client_ip"] == "203.0.113.7"
    assert "sk-test-default" not in json.dumps(record)


async def test_stream_without_usage_counts_itself(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        body = {**CHAT, "stream": True}
        r = await client.post(
            "/v1/chat/completions", json=body, headers={**auth(), "x-mock-tokens": "40"}
        )
    assert r.status_code == 200
    events = [line for line in r.text.split("\n\n") if line.startswith("data:")]
    assert events[-1] == "data: [DONE]"
    [record] = read_log(settings)
    assert record["upstream_usage"] is None
    assert 38 <= record["completion_tokens"] <= 42
    assert record["stream"] is True


async def test_stream_with_include_usage_takes_upstream_figure(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        body = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
        r = await client.post("/v1/chat/completions", json=body, headers=auth())
    usage_chunk = json.loads(r.text.split("\n\n")[-3].removeprefix("data: "))
    [record] = read_log(settings)
    assert record["completion_tokens"] == usage_chunk["usage"]["completion_tokens"]
    assert abs(record["drift"]["completion"]) <= 1


async def test_anthropic_stream_counted_from_message_delta(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    body = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 200,
        "stream": True,
        "system": "You are terse.",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi there"}]}],
    }
    async with gateway_client(settings) as client:
        r = await client.post("/v1/messages", json=body, headers={"x-api-key": "sk-test-default"})
    assert r.status_code == 200
    assert "event: message_stop" in r.text
    [record] = read_log(settings)
    assert record["upstream_usage"]["completion_tokens"] == record["completion_tokens"]
    assert record["prompt_tokens"] > 5


@pytest.mark.parametrize(
    ("path", "headers", "shape"),
    [
        ("/v1/chat/completions", {}, "openai"),
        ("/v1/chat/completions", {"authorization": "Bearer sk-unknown"}, "openai"),
        ("/v1/messages", {"x-api-key": "nope"}, "anthropic"),
    ],
)
async def test_unknown_or_missing_key_is_401_in_api_shape(
    tmp_path: Path, upstream_url: str, path: str, headers: dict[str, str], shape: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(path, json=CHAT, headers=headers)
    assert r.status_code == 401
    body = r.json()
    if shape == "anthropic":
        assert body["type"] == "error"
        assert body["error"]["type"] == "authentication_error"
    else:
        assert body["error"]["code"] == "invalid_api_key"
    assert "nope" not in r.text and "sk-unknown" not in r.text


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 400),
        (b'{"model": 5, "messages": []}', 400),
        (b'{"model": "gpt-4o", "max_tokens": "many"}', 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),
    ],
)
async def test_malformed_bodies_get_400(
    tmp_path: Path, upstream_url: str, content: bytes, status: int
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions",
            content=content,
            headers={**auth(), "content-type": "application/json"},
        )
    assert r.status_code == status
    assert "error" in r.json()


async def test_a_compressed_request_body_is_a_415_in_api_shape(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    body = gzip.compress(json.dumps(CHAT).encode())
    await reset_mock(upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions",
            content=body,
            headers={**auth(), "content-type": "application/json", "content-encoding": "gzip"},
        )
    assert r.status_code == 415, r.text
    error = r.json()["error"]
    assert (
        error["code"] == "unsupported_content_encoding" and "Content-Encoding" in error["message"]
    )
    assert await mock_requests(upstream_url) == []


async def test_body_over_limit_is_413(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.max_body_bytes": 2048})
    async with gateway_client(settings) as client:
        big = {**CHAT, "messages": [{"role": "user", "content": "x" * 5000}]}
        r = await client.post("/v1/chat/completions", json=big, headers=auth())
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "request_too_large"


async def test_block_rule_refuses_with_403(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions", json={**CHAT, "model": "banned-model"}, headers=auth()
        )
    assert r.status_code == 403
    assert r.headers["x-distillguard-action"] == "block"
    assert r.headers["x-distillguard-rule"] == "banned-model"
    [record] = read_log(settings)
    assert record["action"] == "block" and record["rule"] == "banned-model"
    assert record["completion_tokens"] == 0


async def test_degrade_caps_request_and_strips_logprobs(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    body = {**CHAT, "logprobs": True, "top_logprobs": 10, "max_tokens": 500}
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions", json=body, headers={**auth(), "x-mock-tokens": "100"}
        )
    assert r.status_code == 200
    assert r.headers["x-distillguard-action"] == "degrade"
    assert r.headers["x-distillguard-rule"] == "logprob-sweep"
    assert "x-distillguard-degraded" in r.headers
    choice = r.json()["choices"][0]
    assert not choice.get("logprobs")
    assert choice["finish_reason"] == "length"
    forwarded = (await mock_requests(upstream_url))[-1]["body"]
    assert forwarded["max_tokens"] == 16
    assert "top_logprobs" not in forwarded and "logprobs" not in forwarded


async def test_shadow_rule_is_logged_but_never_enforced(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions", json={**CHAT, "max_tokens": 2000}, headers=auth()
        )
    assert r.status_code == 200
    assert r.headers["x-distillguard-action"] == "allow"
    [record] = read_log(settings)
    assert record["action"] == "allow"
    [hit] = record["hits"]
    assert hit["rule"] == "huge-outputs-shadow" and hit["mode"] == "shadow"
    assert hit["evidence"]["request.max_tokens"] == 2000


async def test_challenge_solve_pass_and_replay(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    body = {**CHAT, "model": "challenge-me"}
    async with gateway_client(settings) as client:
        first = await client.post("/v1/chat/completions", json=body, headers=auth())
        assert first.status_code == 428
        assert "proof of work" in first.json()["error"]["message"]
        token = first.headers[CHALLENGE_HEADER]
        solution = f"{token}:{solve(token)}"
        solved = await client.post(
            "/v1/chat/completions", json=body, headers={**auth(), SOLUTION_HEADER: solution}
        )
        assert solved.status_code == 200
        # The pass covers the next 2 requests without solving again.
        for _ in range(2):
            passed = await client.post("/v1/chat/completions", json=body, headers=auth())
            assert passed.status_code == 200
        exhausted = await client.post("/v1/chat/completions", json=body, headers=auth())
        assert exhausted.status_code == 428
        replayed = await client.post(
            "/v1/chat/completions", json=body, headers={**auth(), SOLUTION_HEADER: solution}
        )
        assert replayed.status_code == 428
    records = read_log(settings)
    assert [r["status"] for r in records] == [428, 200, 200, 200, 428, 428]
    assert "replayed" in (records[-1]["error"] or "")


async def test_budget_refusal_is_429_with_retry_after(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        statuses = []
        for _ in range(40):
            r = await client.post(
                "/v1/chat/completions",
                json={**CHAT, "max_tokens": 10},
                headers={**auth("sk-test-tiny"), "x-mock-tokens": "10"},
            )
            statuses.append(r.status_code)
            if r.status_code == 429:
                break
    assert statuses[-1] == 429, statuses
    assert r.headers["x-distillguard-rule"] == "tier-budget"
    assert int(r.headers["retry-after"]) >= 1
    assert r.json()["error"]["type"] == "rate_limit_exceeded"
    assert int(r.headers["x-ratelimit-remaining-tokens"]) < 400


async def test_stream_cut_when_budget_runs_out(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions",
            json={**CHAT, "stream": True},
            headers={**auth("sk-test-tiny"), "x-mock-tokens": "2000"},
        )
    assert r.status_code == 200
    events = [e for e in r.text.split("\n\n") if e.startswith("data:")]
    assert events[-1] == "data: [DONE]"
    final = json.loads(events[-2].removeprefix("data: "))
    assert final["choices"][0]["finish_reason"] == "length"
    [record] = read_log(settings)
    assert record["truncated"] == "budget"
    assert record["prompt_tokens"] + record["completion_tokens"] <= 400


async def test_upstream_unreachable_is_502(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path, "http://127.0.0.1:9")
    async with gateway_client(settings) as client:
        r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
    assert r.status_code == 502
    assert r.json()["error"]["type"] == "server_error"
    [record] = read_log(settings)
    assert record["status"] == 502 and record["completion_tokens"] == 0


async def test_upstream_timeout_is_504(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"upstream.read_timeout_s": 0.3})
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions",
            json=CHAT,
            headers={**auth(), "x-mock-fault": "slow-headers:2000"},
        )
    assert r.status_code == 504


async def test_upstream_errors_pass_through(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions", json=CHAT, headers={**auth(), "x-mock-fault": "status-500"}
        )
    assert r.status_code == 500
    assert "error" in r.json()
    [record] = read_log(settings)
    assert record["status"] == 500 and record["prompt_tokens"] == 0


async def test_upstream_credential_replaces_client_key(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(
        tmp_path, upstream_url, **{"upstream.api_key": "sk-upstream-secret"}
    )
    async with gateway_client(settings) as client:
        r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
    assert r.status_code == 200
    forwarded = (await mock_requests(upstream_url))[-1]["headers"]
    assert forwarded.get("authorization") == "Bearer sk-upstream-secret"
    assert "sk-upstream-secret" not in r.text
    assert all("sk-upstream-secret" not in json.dumps(rec) for rec in read_log(settings))


async def test_header_bytes_outside_ascii_pass_through_unchanged(
    tmp_path: Path, upstream_url: str
) -> None:
    # Servers accept any byte above 0x7f in a header value (RFC 9110 obs-text), and
    # clients send UTF-8 titles and names; refusing them after the reservation was made
    # would leave an unsettled reservation and no record.
    settings = gateway_settings(tmp_path, upstream_url)
    title = "Café \u2013 \u2713".encode()
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions", json=CHAT, headers={**auth(), "x-title": title}
        )
    assert r.status_code == 200, r.text
    forwarded = (await mock_requests(upstream_url))[-1]["headers"]
    assert forwarded.get("x-title", "").encode("latin-1") == title
    # The upstream's Date is not relayed: the serving gateway writes its own, once.
    assert "date" not in r.headers
    [record] = read_log(settings)
    assert record["status"] == 200 and record["prompt_tokens"] > 0


async def test_a_path_that_cannot_be_forwarded_is_a_400_before_anything_is_booked(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    await reset_mock(upstream_url)
    async with gateway_client(settings) as client:
        # %00 decodes to a NUL in the ASGI path, which no URL may carry.
        r = await client.post("/v1/chat%00/completions", json=CHAT, headers=auth())
        usage = await client.app.state.runtime.store.usage("acct-default", time.time())
    assert r.status_code == 400, r.text
    assert r.json()["error"]["type"] == "invalid_request_error"
    assert usage == empty_usage()
    assert await mock_requests(upstream_url) == []


async def test_passthrough_of_other_v1_paths(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.get("/v1/models", headers=auth())
        health = await client.get("/_distillguard/health")
        metrics = await client.get("/_distillguard/metrics")
    assert r.status_code == 200 and r.json()["object"] == "list"
    assert health.status_code == 200
    assert "distillguard_requests_total" in metrics.text
    [record] = read_log(settings)
    assert record["path"] == "/v1/models" and record["prompt_tokens"] == 0


async def test_query_passes_and_an_escaped_question_mark_stays_in_the_path(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    await reset_mock(upstream_url)
    async with gateway_client(settings) as client:
        listed = await client.get("/v1/models?limit=2", headers=auth())
        # "%3F" decodes to "?" in the ASGI path: sent on unescaped, it would become a query
        # and reach /v1/models instead of the path the client asked for.
        smuggled = await client.get("/v1/models%3Fx=1", headers=auth())
    assert listed.status_code == 200
    assert smuggled.status_code == 404
    [seen] = await mock_requests(upstream_url)
    assert (seen["path"], seen["query"]) == ("/v1/models", "limit=2")
    assert [r["path"] for r in read_log(settings)] == ["/v1/models", "/v1/models%3Fx=1"]


async def test_delay_queue_full_refuses_and_books_no_tokens(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.max_held_requests": 0})
    async with gateway_client(settings) as client:
        r = await client.post(
            "/v1/chat/completions", json={**CHAT, "model": "delay-me"}, headers=auth()
        )
        usage = client.app.state.runtime.store  # type: ignore[attr-defined]
        tokens = (await usage.usage("acct-default", client.app.state.runtime.clock()))["tokens"]  # type: ignore[attr-defined]
    assert r.status_code == 429
    assert r.headers["x-distillguard-action"] == "throttle"
    assert r.headers["x-distillguard-rule"] == "slow-down"
    assert tokens["minute"] == 0
    [record] = read_log(settings)
    assert (record["status"], record["action"], record["prompt_tokens"]) == (429, "throttle", 0)


async def test_serve_freezes_the_startup_heap_once_started(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    assert gc.get_freeze_count() == 0
    try:
        async with gateway_client(settings, freeze_startup_heap=True) as client:
            assert gc.get_freeze_count() > 0
            r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
            assert r.status_code == 200
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("stream", [False, True])
async def test_hidden_reasoning_is_billed_but_not_counted_as_served(
    tmp_path: Path, upstream_url: str, stream: bool
) -> None:
    # o-series style: 500 reasoning tokens billed, never sent; 40 answer tokens sent.
    settings = gateway_settings(tmp_path, upstream_url)
    body: dict = {"model": "o3-mini", "messages": [{"role": "user", "content": "Prove it."}]}
    if stream:
        body |= {"stream": True, "stream_options": {"include_usage": True}}
    served: dict[str, list[float]] = {}
    for shown in ("hidden", "shown"):
        headers = {
            **auth(),
            "x-mock-tokens": "40",
            "x-mock-reasoning-tokens": "500",
            "x-mock-reasoning": shown,
        }
        async with gateway_client(settings) as client:
            for _ in range(2):
                r = await client.post("/v1/chat/completions", json=body, headers=headers)
                assert r.status_code == 200
                assert ("reasoning_content" in r.text) == (shown == "shown")
        records = read_log(settings)[-2:]
        assert [rec["completion_tokens"] for rec in records] == [540, 540]  # billed
        hidden = 500 if shown == "hidden" else None
        for rec in records:
            assert rec["upstream_usage"]["hidden_reasoning_tokens"] == hidden
            assert abs(rec["drift"]["completion"]) <= 2  # like with like: not -500
        # The account's served total as the next request's signals saw it.
        served[shown] = [rec["signals"]["completion_tokens"] for rec in records]
    assert served["hidden"][1] == pytest.approx(40, abs=2)
    assert served["shown"][1] == pytest.approx(540, abs=4)  # streamed out: all of it served
