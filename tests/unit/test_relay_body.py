"""Reading an upstream body: straight from the transport, or decoded when compressed."""

from __future__ import annotations

import gzip

import httpx

from gateway.proxy.transport import UpstreamAnswer

DATA = b'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n' * 3


async def _read(answer: UpstreamAnswer) -> bytes:
    return b"".join([chunk async for chunk in answer.chunks()])


async def test_identity_body_is_read_as_sent() -> None:
    assert await _read(UpstreamAnswer(200, [], httpx.ByteStream(DATA))) == DATA


async def test_a_compressed_body_is_decoded_although_identity_was_asked() -> None:
    headers = [(b"content-encoding", b"gzip")]
    answer = UpstreamAnswer(200, headers, httpx.ByteStream(gzip.compress(DATA)))
    assert await _read(answer) == DATA
