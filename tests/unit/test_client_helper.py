"""The client helper against a fake gateway that really issues and verifies challenges."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import anthropic
import httpx
import httpx2
import openai
import pytest

from gateway.client import ChallengeSolver, Httpx2ChallengeSolver
from gateway.enforce.challenge import (
    CHALLENGE_STATUS,
    SOLUTION_HEADER,
    challenge_headers,
    challenge_message,
    issue_challenge,
    verify_header,
)

SECRET = b"client-test-secret"
NOW = 1_764_000_000.0
ACCOUNT = "acct-7"

CHAT_REPLY = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "hi"},
            "finish_reason": "stop",
        }
    ],
}
MESSAGE_REPLY = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "m",
    "content": [{"type": "text", "text": "hi"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 1, "output_tokens": 1},
}


@dataclass
class FakeGateway:
    """Challenges every request without a valid solution; records what it saw."""

    difficulty: int = 8
    token_override: str | None = None
    always_challenge: bool = False
    lib: ModuleType = httpx  # or httpx2: the fake answers in its client's own types
    seen: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    verdict_causes: list[str] = field(default_factory=list)

    def __call__(self, request: Any) -> Any:
        # Snapshot: the solver resends the same request object with one more header.
        self.seen.append((dict(request.headers), request.content))
        solution = request.headers.get(SOLUTION_HEADER)
        if solution is not None and not self.always_challenge:
            verdict = verify_header(SECRET, ACCOUNT, solution, NOW + 1)
            self.verdict_causes.append(verdict.cause)
            if verdict.ok:
                reply = MESSAGE_REPLY if request.url.path.endswith("/messages") else CHAT_REPLY
                return self.lib.Response(200, json=reply)
        ch = issue_challenge(SECRET, ACCOUNT, self.difficulty, 300, NOW)
        headers = challenge_headers(ch)
        if self.token_override is not None:
            headers["x-distillguard-challenge"] = self.token_override
        body = {"error": {"message": challenge_message(ch), "type": "challenge_required"}}
        return self.lib.Response(CHALLENGE_STATUS, json=body, headers=headers)


def test_sync_client_solves_and_retries_with_the_same_body() -> None:
    gw = FakeGateway()
    with httpx.Client(transport=httpx.MockTransport(gw), auth=ChallengeSolver()) as client:
        resp = client.post("http://gw.test/v1/chat/completions", json={"model": "m", "x": 1})
    assert resp.status_code == 200
    assert len(gw.seen) == 2 and gw.verdict_causes == ["ok"]
    assert SOLUTION_HEADER not in gw.seen[0][0] and SOLUTION_HEADER in gw.seen[1][0]
    assert json.loads(gw.seen[1][1]) == {"model": "m", "x": 1}


async def test_async_client_solves_and_retries() -> None:
    gw = FakeGateway(difficulty=10)
    transport = httpx.MockTransport(gw)
    async with httpx.AsyncClient(transport=transport, auth=ChallengeSolver()) as client:
        resp = await client.post("http://gw.test/v1/chat/completions", content=b'{"a":1}')
    assert resp.status_code == 200 and gw.verdict_causes == ["ok"]
    assert gw.seen[1][1] == b'{"a":1}'


def test_streaming_request_is_retried_too() -> None:
    gw = FakeGateway()
    with (
        httpx.Client(transport=httpx.MockTransport(gw), auth=ChallengeSolver()) as client,
        client.stream("POST", "http://gw.test/v1/chat/completions", json={"stream": True}) as r,
    ):
        assert r.status_code == 200
        assert json.loads(r.read())["id"] == "chatcmpl-1"


def test_plain_responses_pass_through_untouched() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(428 if request.url.path == "/other" else 200, json={})

    with httpx.Client(transport=httpx.MockTransport(handler), auth=ChallengeSolver()) as client:
        assert client.get("http://gw.test/ok").status_code == 200
        # A 428 without a challenge header is not ours to answer.
        assert client.get("http://gw.test/other").status_code == 428
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("gateway", "requests_seen"),
    [
        (FakeGateway(difficulty=30), 1),  # above the solver's max difficulty: give up
        (FakeGateway(token_override="v1.garbage.token"), 1),  # unreadable token
        (FakeGateway(always_challenge=True), 2),  # retries once, never loops
    ],
)
def test_unsolvable_challenges_surface_the_428(gateway: FakeGateway, requests_seen: int) -> None:
    transport = httpx.MockTransport(gateway)
    with httpx.Client(transport=transport, auth=ChallengeSolver(max_difficulty=20)) as client:
        resp = client.post("http://gw.test/v1/chat/completions", json={})
    assert resp.status_code == CHALLENGE_STATUS
    assert len(gateway.seen) == requests_seen


def test_openai_sdk_on_legacy_httpx_with_the_solver_gets_its_completion() -> None:
    gw = FakeGateway()
    http = httpx.Client(transport=httpx.MockTransport(gw), auth=ChallengeSolver())
    # openai>=3 is typed for httpx2 but still accepts a legacy httpx client at run time.
    with openai.OpenAI(
        base_url="http://gw.test/v1",
        api_key="sk-x",
        http_client=http,  # type: ignore[arg-type]
        max_retries=0,
    ) as client:
        done = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}]
        )
    assert done.choices[0].message.content == "hi"
    assert gw.seen[1][0]["authorization"] == "Bearer sk-x"


async def test_async_openai_sdk_on_httpx2_with_the_solver() -> None:
    gw = FakeGateway(lib=httpx2)
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(gw), auth=Httpx2ChallengeSolver())
    async with openai.AsyncOpenAI(
        base_url="http://gw.test/v1", api_key="sk-x", http_client=http, max_retries=0
    ) as client:
        done = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}]
        )
    assert done.choices[0].message.content == "hi" and gw.verdict_causes == ["ok"]


async def test_async_anthropic_sdk_with_the_solver_gets_its_message() -> None:
    gw = FakeGateway(lib=httpx2)
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(gw), auth=Httpx2ChallengeSolver())
    async with anthropic.AsyncAnthropic(
        base_url="http://gw.test", api_key="sk-ant-x", http_client=http, max_retries=0
    ) as client:
        msg = await client.messages.create(
            model="m", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        )
    assert msg.content[0].type == "text" and msg.content[0].text == "hi"
    assert gw.verdict_causes == ["ok"]


def test_sync_anthropic_sdk_with_the_httpx2_solver() -> None:
    gw = FakeGateway(lib=httpx2)
    http = httpx2.Client(transport=httpx2.MockTransport(gw), auth=Httpx2ChallengeSolver())
    with anthropic.Anthropic(
        base_url="http://gw.test", api_key="sk-ant-x", http_client=http, max_retries=0
    ) as client:
        msg = client.messages.create(
            model="m", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        )
    assert msg.id == "msg_1" and gw.verdict_causes == ["ok"]


def test_openai_sdk_without_the_solver_shows_the_instructions() -> None:
    gw = FakeGateway(lib=httpx2)
    http = httpx2.Client(transport=httpx2.MockTransport(gw))
    with (
        openai.OpenAI(
            base_url="http://gw.test/v1", api_key="sk-x", http_client=http, max_retries=2
        ) as client,
        pytest.raises(openai.APIStatusError) as info,
    ):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert info.value.status_code == CHALLENGE_STATUS
    assert "x-distillguard-solution" in info.value.message
    assert len(gw.seen) == 1  # 428 is not retried by the SDK, unlike 429
