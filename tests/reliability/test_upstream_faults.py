"""Upstream faults through a real gateway process: each ends in a well-formed answer.

The gateway reaches the mock through a TCP relay, so the upstream can also be made to
refuse connections. Every case checks the client side (a well-formed error, or a stream
that ends the API's way) and the accounting side (one log record, tokens delivered
so far booked).
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from tests.reliability.conftest import DEFAULT_KEY, RAW_KEYS, TINY_KEY
from tests.support.serve import GatewayProcess, running
from tests.support.tcp_relay import TcpRelay, tcp_relay

pytestmark = pytest.mark.slow

READ_TIMEOUT_S = 2.0
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Tell me a long story."}]}


@pytest.fixture(scope="module")
def relay(upstream_url: str) -> Iterator[TcpRelay]:
    port = urlparse(upstream_url).port
    assert port is not None
    with tcp_relay(port) as r:
        yield r


@pytest.fixture(scope="module")
def gw(relay: TcpRelay, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    gateway = GatewayProcess(
        tmp_path_factory.mktemp("upstream-faults"),
        f"http://127.0.0.1:{relay.port}",
        {"upstream.read_timeout_s": READ_TIMEOUT_S, "upstream.connect_timeout_s": 1.0},
        keys=RAW_KEYS,
    )
    with running(gateway):
        yield gateway


def post(
    gw: GatewayProcess,
    fault: str | None = None,
    key: str = DEFAULT_KEY,
    timeout: float = 15,
    **extra: Any,
) -> httpx.Response:
    """POST a chat completion; `extra` goes into the body, except `headers`."""
    headers = {"authorization": f"Bearer {key}", **extra.pop("headers", {})}
    if fault:
        headers["x-mock-fault"] = fault
    return httpx.post(
        gw.url + "/v1/chat/completions", json={**CHAT, **extra}, headers=headers, timeout=timeout
    )


def stream_events(response: httpx.Response) -> list[str]:
    return [e for e in response.text.split("\n\n") if e.strip()]


def record_of(gw: GatewayProcess, request_id: str, timeout_s: float = 10.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for record in gw.records():
            if record["request_id"] == request_id:
                return record
        time.sleep(0.05)
    raise AssertionError(f"no log record for {request_id}")


def assert_openai_error(response: httpx.Response, status: int) -> None:
    assert response.status_code == status
    error = response.json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert "type" in error


def assert_stream_ends_well(events: list[str]) -> dict[str, Any]:
    """Every data event parses, the last is [DONE], the one before it has a finish_reason."""
    assert events[-1] == "data: [DONE]", events[-3:]
    for event in events[:-1]:
        assert event.startswith("data: "), event
        json.loads(event.removeprefix("data: "))
    final = json.loads(events[-2].removeprefix("data: "))
    assert final["choices"][0]["finish_reason"] in ("stop", "length")
    return final


def test_connect_refused_is_502(gw: GatewayProcess, relay: TcpRelay) -> None:
    relay.refuse()
    try:
        r = post(gw)
    finally:
        relay.accept()
    assert_openai_error(r, 502)
    record = record_of(gw, r.headers["x-distillguard-request-id"])
    assert record["status"] == 502 and record["prompt_tokens"] == 0
    assert post(gw).status_code == 200  # and serving again once the upstream is back


def test_timeout_before_headers_is_504_within_the_read_timeout(gw: GatewayProcess) -> None:
    started = time.monotonic()
    r = post(gw, "slow-headers:5000")
    assert time.monotonic() - started < READ_TIMEOUT_S + 2
    assert_openai_error(r, 504)
    assert record_of(gw, r.headers["x-distillguard-request-id"])["status"] == 504


def test_5xx_passes_through_in_api_shape(gw: GatewayProcess) -> None:
    r = post(gw, "status-500")
    assert_openai_error(r, 500)
    record = record_of(gw, r.headers["x-distillguard-request-id"])
    assert record["status"] == 500 and record["prompt_tokens"] == 0


def test_anthropic_5xx_keeps_anthropic_shape(gw: GatewayProcess) -> None:
    body = {"model": "claude-haiku-4-5", "max_tokens": 20, "messages": CHAT["messages"]}
    r = httpx.post(
        gw.url + "/v1/messages",
        json=body,
        headers={"x-api-key": DEFAULT_KEY, "x-mock-fault": "status-529"},
        timeout=10,
    )
    assert r.status_code == 529
    assert r.json()["type"] == "error" and r.json()["error"]["type"] == "overloaded_error"


@pytest.mark.parametrize("fault", ["reset-mid-stream:5", "stall-after:5"])
def test_broken_stream_ends_well_formed_and_is_counted(gw: GatewayProcess, fault: str) -> None:
    started = time.monotonic()
    r = post(gw, fault, stream=True, headers={"x-mock-tokens": "200"})
    assert time.monotonic() - started < READ_TIMEOUT_S + 3
    assert r.status_code == 200
    events = stream_events(r)
    assert_stream_ends_well(events)
    record = record_of(gw, r.headers["x-distillguard-request-id"])
    delivered = sum(1 for e in events if '"content"' in e)
    assert record["error"] and "upstream stream broke" in record["error"]
    # 5 frames were sent: the role chunk and 4 one-token content chunks.
    assert delivered >= 3 and abs(record["completion_tokens"] - delivered) <= 1
    assert record["prompt_tokens"] > 0  # the upstream accepted the request: prompt booked


def test_broken_non_streamed_body_is_502(gw: GatewayProcess) -> None:
    for fault in ("reset-mid-stream", "stall-after:1"):
        r = post(gw, fault)
        assert r.status_code in (502, 504), (fault, r.status_code)
        assert "error" in r.json()


def test_malformed_sse_event_is_dropped(gw: GatewayProcess) -> None:
    r = post(gw, "malformed-sse", stream=True, headers={"x-mock-tokens": "20"})
    events = stream_events(r)
    assert_stream_ends_well(events)  # every event left parses
    record = record_of(gw, r.headers["x-distillguard-request-id"])
    assert record["completion_tokens"] == 20
    assert "malformed" in (record["error"] or "")


def test_invalid_json_body_is_502(gw: GatewayProcess) -> None:
    r = post(gw, "invalid-json")
    assert_openai_error(r, 502)
    record = record_of(gw, r.headers["x-distillguard-request-id"])
    assert "invalid JSON" in (record["error"] or "")


def test_never_ending_stream_is_cut_at_the_budget(gw: GatewayProcess) -> None:
    r = post(gw, "never-end", key=TINY_KEY, stream=True, headers={"x-mock-chunk-tokens": "5"})
    final = assert_stream_ends_well(stream_events(r))
    assert final["choices"][0]["finish_reason"] == "length"
    record = record_of(gw, r.headers["x-distillguard-request-id"])
    assert record["truncated"] == "budget"
    assert record["prompt_tokens"] + record["completion_tokens"] <= 400 + 5


def test_client_leaving_a_never_ending_stream_is_booked(gw: GatewayProcess) -> None:
    headers = {"authorization": f"Bearer {DEFAULT_KEY}", "x-mock-fault": "never-end"}
    with (
        httpx.Client(timeout=10) as client,
        client.stream(
            "POST", gw.url + "/v1/chat/completions", json={**CHAT, "stream": True}, headers=headers
        ) as r,
    ):
        request_id = r.headers["x-distillguard-request-id"]
        seen = 0
        for line in r.iter_lines():
            seen += line.startswith("data: {")
            if seen >= 40:
                break
    record = record_of(gw, request_id)
    assert record["disconnected"] is True
    assert record["completion_tokens"] >= 35


def test_never_ending_non_streamed_body_ends_when_the_client_leaves(gw: GatewayProcess) -> None:
    """A body that never completes holds nothing once its client is gone."""
    known = len(gw.records())
    started = time.monotonic()
    # The gateway answers a non-streamed request once the body is whole, so no byte
    # comes back and the client's read timeout ends its wait.
    with pytest.raises(httpx.ReadTimeout):
        post(gw, "never-end", headers={"x-mock-chunk-ms": "20"}, timeout=1.0)
    records = gw.wait_records(known + 1, timeout_s=5)
    assert time.monotonic() - started < 4
    assert len(records) == known + 1
    assert records[-1]["disconnected"] is True and records[-1]["status"] == 499


def test_slow_reader_does_not_make_the_gateway_buffer(gw: GatewayProcess) -> None:
    """The upstream could send ~13 MB at once; a client reading slowly keeps RSS flat.

    A raw socket with a small receive buffer, so the kernel cannot soak up the answer
    on the client's behalf: what the gateway does not hold back, it would have to keep.
    """
    body = json.dumps({**CHAT, "stream": True}).encode()
    head = (
        "POST /v1/chat/completions HTTP/1.1\r\nhost: gw\r\ncontent-type: application/json\r\n"
        f"authorization: Bearer {DEFAULT_KEY}\r\nx-mock-tokens: 2500000\r\n"
        f"x-mock-chunk-tokens: 400\r\ncontent-length: {len(body)}\r\n\r\n"
    ).encode()
    before = gw.rss_kb()
    peak, read = before, b""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
        sock.settimeout(5)
        sock.connect(("127.0.0.1", gw.port))
        sock.sendall(head + body)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            read += sock.recv(8192)
            time.sleep(0.05)
            peak = max(peak, gw.rss_kb())
    request_id = re.search(rb"x-distillguard-request-id: (\S+)", read)
    assert request_id is not None, read[:500]
    assert len(read) < 1_000_000  # the client really was slow
    growth_mb = (peak - before) / 1024
    assert growth_mb < 6, f"gateway RSS grew {growth_mb:.1f} MB for a slow reader"
    record = record_of(gw, request_id.group(1).decode())
    assert record["disconnected"] is True, record
    # What the gateway took from the upstream is what sat in socket buffers (~4 MB at
    # most on loopback), not the ~13 MB on offer. The mock makes a stream as it sends it,
    # so even 2.5M tokens start at once, well inside the gateway's 2 s read timeout.
    assert record["completion_tokens"] < 1_200_000
