"""Reading an upstream body: straight from the transport, or decoded when compressed."""

from __future__ import annotations

import gzip

import httpx

from gateway.proxy.relay import body_chunks

DATA = b'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n' * 3


async def _read(response: httpx.Response) -> bytes:
    return b"".join([chunk async for chunk in body_chunks(response)])


async def test_identity_body_is_read_as_sent() -> None:
    assert await _read(httpx.Response(200, stream=httpx.ByteStream(DATA))) == DATA


async def test_a_compressed_body_is_decoded_although_identity_was_asked() -> None:
    response = httpx.Response(
        200, headers={"content-encoding": "gzip"}, stream=httpx.ByteStream(gzip.compress(DATA))
    )
    assert await _read(response) == DATA
