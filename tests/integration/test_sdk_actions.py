"""Every action through a real `distillguard serve` process, with the official SDKs."""

from __future__ import annotations

import time
from collections.abc import Iterator

import anthropic
import httpx
import openai
import pytest

from gateway.client import ChallengeSolver
from tests.support.gateway import POLICY_DIR, write_keys
from tests.support.procs import free_port, process

pytestmark = pytest.mark.slow

MESSAGES = [{"role": "user", "content": "Tell me about gateways."}]


@pytest.fixture(scope="module")
def gateway_url(upstream_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("sdk")
    port = free_port()
    config = tmp / "config.yaml"
    config.write_text(
        f"listen: {{host: 127.0.0.1, port: {port}}}\n"
        f"upstream: {{url: '{upstream_url}'}}\n"
        f"keys: {{file: '{write_keys(tmp / 'keys.yaml')}'}}\n"
        f"policies: {{path: '{POLICY_DIR}'}}\n"
        f"log: {{file: '{tmp / 'enforcement.jsonl'}'}}\n"
    )
    url = f"http://127.0.0.1:{port}"
    with process(["serve", "--config", str(config)], url + "/_distillguard/health"):
        yield url


_open: list[openai.OpenAI | anthropic.Anthropic] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    # Unclosed SDK clients leave sockets behind, which filterwarnings=error turns into failures.
    yield
    while _open:
        _open.pop().close()


def client(url: str, key: str = "sk-test-default", **kwargs: object) -> openai.OpenAI:
    c = openai.OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, **kwargs)  # type: ignore[arg-type]
    _open.append(c)
    return c


def anthropic_client(url: str) -> anthropic.Anthropic:
    c = anthropic.Anthropic(base_url=url, api_key="sk-test-default", max_retries=0)
    _open.append(c)
    return c


def test_allow_and_log_non_streaming(gateway_url: str) -> None:
    raw = client(gateway_url).chat.completions.with_raw_response.create(
        model="gpt-4o", messages=MESSAGES
    )
    assert raw.headers["x-distillguard-action"] == "allow"
    assert raw.parse().choices[0].message.content
    logged = client(gateway_url).chat.completions.with_raw_response.create(
        model="watch-me", messages=MESSAGES
    )
    assert logged.headers["x-distillguard-action"] == "log"
    assert logged.headers["x-distillguard-rule"] == "watch"


def test_streaming_through_the_sdk(gateway_url: str) -> None:
    stream = client(gateway_url).chat.completions.create(
        model="gpt-4o",
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
    )
    text = ""
    usage = None
    for chunk in stream:
        if chunk.choices:
            text += chunk.choices[0].delta.content or ""
        usage = chunk.usage or usage
    assert text and usage is not None and usage.completion_tokens > 0


@pytest.mark.parametrize("stream", [False, True])
def test_degrade_strips_logprobs_and_caps(gateway_url: str, stream: bool) -> None:
    c = client(gateway_url)
    extra = {"extra_headers": {"x-mock-tokens": "100"}}
    if stream:
        chunks = list(
            c.chat.completions.create(
                model="gpt-4o",
                messages=MESSAGES,
                logprobs=True,
                top_logprobs=8,
                stream=True,
                **extra,  # type: ignore[arg-type]
            )
        )
        finish = [ch.choices[0].finish_reason for ch in chunks if ch.choices]
        assert finish[-1] == "length"
        assert all(not ch.choices[0].logprobs for ch in chunks if ch.choices)
    else:
        raw = c.chat.completions.with_raw_response.create(
            model="gpt-4o",
            messages=MESSAGES,
            logprobs=True,
            top_logprobs=8,
            **extra,  # type: ignore[arg-type]
        )
        assert raw.headers["x-distillguard-action"] == "degrade"
        choice = raw.parse().choices[0]
        assert choice.logprobs is None and choice.finish_reason == "length"


def test_throttle_delay_holds_then_forwards(gateway_url: str) -> None:
    started = time.perf_counter()
    raw = client(gateway_url).chat.completions.with_raw_response.create(
        model="delay-me", messages=MESSAGES
    )
    assert raw.headers["x-distillguard-action"] == "throttle"
    assert time.perf_counter() - started >= 0.25
    assert raw.parse().choices[0].message.content


@pytest.mark.parametrize("stream", [False, True])
def test_budget_refusal_is_the_sdks_rate_limit_error(gateway_url: str, stream: bool) -> None:
    c = client(gateway_url, key="sk-test-tiny")
    with pytest.raises(openai.RateLimitError) as caught:
        for _ in range(60):
            result = c.chat.completions.create(
                model="gpt-4o",
                messages=MESSAGES,
                max_tokens=20,
                stream=stream,
                extra_headers={"x-mock-tokens": "20"},
            )
            if stream:
                list(result)  # type: ignore[arg-type]
    assert caught.value.response.headers["x-distillguard-rule"] == "tier-budget"
    assert int(caught.value.response.headers["retry-after"]) >= 1


def test_block_is_permission_denied(gateway_url: str) -> None:
    with pytest.raises(openai.PermissionDeniedError):
        client(gateway_url).chat.completions.create(model="banned-model", messages=MESSAGES)
    with pytest.raises(anthropic.PermissionDeniedError):
        anthropic_client(gateway_url).messages.create(
            model="banned-model", max_tokens=50, messages=MESSAGES
        )


def test_challenge_refused_without_solver_and_solved_with_it(gateway_url: str) -> None:
    with pytest.raises(openai.APIStatusError) as caught:
        client(gateway_url).chat.completions.create(model="challenge-me", messages=MESSAGES)
    assert caught.value.status_code == 428
    solver_client = client(gateway_url, http_client=httpx.Client(auth=ChallengeSolver()))
    answer = solver_client.chat.completions.create(model="challenge-me", messages=MESSAGES)
    assert answer.choices[0].message.content


def test_anthropic_sdk_streams_through_gateway(gateway_url: str) -> None:
    c = anthropic_client(gateway_url)
    with c.messages.stream(model="claude-gateway-test", max_tokens=100, messages=MESSAGES) as s:
        text = "".join(s.text_stream)
        final = s.get_final_message()
    assert text and final.usage.output_tokens > 0


def test_passthrough_path_unknown_is_404_in_openai_shape(gateway_url: str) -> None:
    r = httpx.get(gateway_url + "/not-a-route")
    assert r.status_code == 404 and "error" in r.json()
