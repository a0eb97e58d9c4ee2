"""The official SDKs, unchanged, against a real `distillguard serve` as their base_url."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import anthropic
import openai
import pytest

from tests.reliability.conftest import DEFAULT_KEY, TINY_KEY
from tests.support.serve import GatewayProcess

pytestmark = pytest.mark.slow

MESSAGES = [{"role": "user", "content": "Explain what a reverse proxy does."}]


@contextlib.contextmanager
def oai(gw: GatewayProcess, key: str = DEFAULT_KEY) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=gw.url + "/v1", api_key=key, max_retries=0, timeout=10) as c:
        yield c


@contextlib.contextmanager
def ant(gw: GatewayProcess, key: str = DEFAULT_KEY) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=gw.url, api_key=key, max_retries=0, timeout=10) as c:
        yield c


def test_openai_non_streaming(shared_gateway: GatewayProcess) -> None:
    with oai(shared_gateway) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o", messages=MESSAGES, max_tokens=30
        )
    completion = raw.parse()
    assert completion.choices[0].message.content
    assert completion.usage is not None and completion.usage.completion_tokens > 0
    assert raw.headers["x-distillguard-action"] == "allow"


def test_openai_streaming(shared_gateway: GatewayProcess) -> None:
    text, usage, finish = [], None, None
    with oai(shared_gateway) as client:
        stream = client.chat.completions.create(
            model="gpt-4o",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
            extra_headers={"x-mock-tokens": "25"},
        )
        with stream:
            for chunk in stream:
                if chunk.usage is not None:
                    usage = chunk.usage
                for choice in chunk.choices:
                    text.append(choice.delta.content or "")
                    finish = choice.finish_reason or finish
    assert "".join(text).strip()
    assert finish == "stop"
    assert usage is not None and usage.completion_tokens == 25


async def test_openai_async_streaming(shared_gateway: GatewayProcess) -> None:
    client = openai.AsyncOpenAI(
        base_url=shared_gateway.url + "/v1", api_key=DEFAULT_KEY, max_retries=0, timeout=10
    )
    async with client:
        stream = await client.completions.create(
            model="gpt-4o", prompt="Once upon a time", max_tokens=12, stream=True
        )
        async with stream:
            pieces = [c.choices[0].text async for c in stream if c.choices]
    assert "".join(pieces).strip()


def test_anthropic_non_streaming(shared_gateway: GatewayProcess) -> None:
    with ant(shared_gateway) as client:
        message = client.messages.create(model="claude-haiku-4-5", max_tokens=40, messages=MESSAGES)
    assert message.content[0].type == "text" and message.content[0].text
    assert message.usage.output_tokens > 0


def test_anthropic_streaming(shared_gateway: GatewayProcess) -> None:
    with (
        ant(shared_gateway) as client,
        client.messages.stream(
            model="claude-haiku-4-5", max_tokens=40, messages=MESSAGES
        ) as stream,
    ):
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text.strip()
    assert final.stop_reason in ("end_turn", "max_tokens")


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_openai_429_is_rate_limit_error(shared_gateway: GatewayProcess, stream: bool) -> None:
    with oai(shared_gateway, TINY_KEY) as client, pytest.raises(openai.RateLimitError) as caught:
        for _ in range(30):  # the tiny tier allows 400 tokens a minute
            if stream:
                with client.chat.completions.create(
                    model="gpt-4o", messages=MESSAGES, max_tokens=60, stream=True
                ) as chunks:
                    for _chunk in chunks:
                        pass
            else:
                client.chat.completions.create(model="gpt-4o", messages=MESSAGES, max_tokens=60)
    assert caught.value.status_code == 429
    assert int(caught.value.response.headers["retry-after"]) >= 1
    assert caught.value.code == "rate_limit_exceeded"


def test_anthropic_429_is_rate_limit_error(shared_gateway: GatewayProcess) -> None:
    with ant(shared_gateway, TINY_KEY) as client, pytest.raises(anthropic.RateLimitError) as caught:
        for _ in range(30):
            client.messages.create(model="claude-haiku-4-5", max_tokens=60, messages=MESSAGES)
    assert caught.value.status_code == 429
    body = caught.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert body["error"]["type"] == "rate_limit_error"


def test_unknown_key_is_authentication_error(shared_gateway: GatewayProcess) -> None:
    with oai(shared_gateway, "sk-not-a-key") as client, pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    with (
        ant(shared_gateway, "sk-not-a-key") as aclient,
        pytest.raises(anthropic.AuthenticationError),
    ):
        aclient.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=MESSAGES)
