"""Relaying the upstream's answer while counting its tokens.

Streams are relayed event by event as they arrive (never buffered whole), each event
parsed once to count its tokens, degraded if the decision says so, and ended cleanly
in the API's own format when a cap is reached or the upstream breaks. Settling usage
and writing the log record happen in `finally`, shielded from cancellation, because a
client that disconnects cancels the response task and the tokens already streamed
must still be booked.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from gateway import jsoncodec
from gateway.enforce.degrade_response import ResponseDegrader
from gateway.errors import UpstreamError
from gateway.facts import ApiKind
from gateway.proxy.apis import ResponseReading, read_json_response, read_stream_event
from gateway.proxy.client_watch import ClientWatch
from gateway.proxy.sse import EventTooLarge, SseSplitter, encode_event, parse_event
from gateway.proxy.stream_end import StreamShape, ending
from gateway.proxy.transport import UpstreamAnswer
from gateway.tokens import StreamTokenCounter

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""A non-streamed answer larger than this is refused with a 502 instead of buffered."""


@dataclass(slots=True)
class Tally:
    """What the response cost, as counted by the gateway and as reported upstream."""

    completion_tokens: int = 0
    upstream_prompt: int | None = None
    upstream_completion: int | None = None
    upstream_reasoning: int | None = None
    """Reasoning tokens the upstream reports inside upstream_completion."""
    finish_reason: str | None = None
    first_chunk_at: float | None = None
    truncated: str | None = None
    error: str | None = None
    disconnected: bool = False
    degraded: list[str] = field(default_factory=list)

    @property
    def hidden_reasoning(self) -> int | None:
        """Of the billed completion, the reasoning the client never received; None if none.

        o-series models bill their reasoning as completion tokens without returning it: a
        client cannot distil what it never got, so harvesting evidence leaves it out while
        budgets count it, and drift compares the gateway's count with the rest. Reasoning
        that was streamed out (some APIs return it) is in the gateway's own count.
        """
        billed, reasoning = self.upstream_completion, self.upstream_reasoning
        if billed is None or not reasoning:
            return None
        return billed - max(self.completion_tokens, billed - reasoning) or None


Finish = Callable[[Tally], Awaitable[None]]


async def relay_stream(
    response: UpstreamAnswer,
    api: ApiKind,
    path: str,
    counter: StreamTokenCounter,
    degrader: ResponseDegrader | None,
    cap: int | None,
    cap_reason: str,
    finish: Finish,
) -> AsyncGenerator[bytes, None]:
    """Yield the upstream SSE stream event by event; `finish` always runs once at the end."""
    tally = Tally()
    shape = StreamShape(api=api, path=path)
    splitter = SseSplitter()
    ended_by_gateway = False
    try:
        async for chunk in response.chunks():
            out = []
            for raw in splitter.feed(chunk):
                event = parse_event(raw)
                data = event.json(exact=degrader is not None)
                if data is None and _malformed(event.data):
                    # Relaying it would make the client's SDK fail mid-stream; the
                    # events around it are still good, so only this one is dropped.
                    tally.error = "upstream sent a malformed SSE event (dropped)"
                    continue
                shape.observe(data)
                reading = read_stream_event(api, path, data)
                counter.add(reading.text)
                _take_usage(tally, reading)
                tally.finish_reason = reading.finish_reason or tally.finish_reason
                if degrader is not None and data is not None:
                    changed = degrader.apply_event(data)
                    if changed is None:
                        continue
                    if changed is not data:
                        raw = encode_event(changed, event.name)
                out.append(raw)
                if cap is not None and counter.reached(cap) and not shape.finished:
                    ended_by_gateway = True
                    break
            if out:
                if tally.first_chunk_at is None:
                    tally.first_chunk_at = time.perf_counter()
                yield b"".join(out)
            if ended_by_gateway:
                tally.truncated = cap_reason
                tally.finish_reason = "length"
                yield ending(shape, "length")
                break
        else:
            rest = splitter.rest()
            if rest.strip():
                # The upstream closed mid-event; finish the stream so parsers don't hang.
                tally.error = "upstream stream ended mid-event"
                yield ending(shape, "error")
    except (httpx.HTTPError, EventTooLarge) as exc:
        tally.error = f"upstream stream broke: {type(exc).__name__}: {exc}"
        if not shape.finished:
            yield ending(shape, "error")
    except BaseException:
        tally.disconnected = True
        raise
    finally:
        tally.completion_tokens = counter.total
        with anyio.CancelScope(shield=True):
            await response.aclose()
            await finish(tally)


async def read_whole(
    response: UpstreamAnswer,
    api: ApiKind,
    path: str,
    counter: StreamTokenCounter,
    degrader: ResponseDegrader | None,
) -> tuple[bytes, Tally]:
    """Read a non-streamed response, count it, and degrade it if asked."""
    tally = Tally()
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.chunks():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                # An upstream that never ends its body must not grow our memory without bound.
                raise UpstreamError(f"upstream response larger than {MAX_RESPONSE_BYTES} bytes")
            chunks.append(chunk)
    finally:
        await response.aclose()
    content = b"".join(chunks)
    tally.first_chunk_at = time.perf_counter()
    body: Any = None
    if content and "json" in response.header(b"content-type"):
        try:
            # A degraded body is written back out: decode it exactly (see jsoncodec).
            body = json.loads(content) if degrader is not None else jsoncodec.read(content)
        except (ValueError, RecursionError) as exc:
            if response.status_code < 400:
                # A 200 the client's SDK cannot parse is worse than a clean 502.
                raise UpstreamError("upstream sent invalid JSON") from exc
            tally.error = "upstream sent invalid JSON"
    if body is not None and response.status_code < 400:
        reading = read_json_response(api, path, body)
        counter.add(reading.text)
        tally.completion_tokens = counter.total
        _take_usage(tally, reading)
        tally.finish_reason = reading.finish_reason
        if degrader is not None:
            degraded = degrader.apply_json(body)
            if degraded is not body:
                content = json.dumps(degraded, separators=(",", ":")).encode()
    return content, tally


def _malformed(data: str) -> bool:
    """Data that is neither JSON nor `[DONE]` (comments and keep-alives have no data)."""
    return bool(data) and data != "[DONE]"


def _take_usage(tally: Tally, reading: ResponseReading) -> None:
    if reading.prompt_tokens is not None:
        tally.upstream_prompt = reading.prompt_tokens
    if reading.completion_tokens is not None:
        tally.upstream_completion = reading.completion_tokens
    if reading.reasoning_tokens is not None:
        tally.upstream_reasoning = reading.reasoning_tokens


class RelayResponse(StreamingResponse):
    """A StreamingResponse that stops relaying as soon as its client is gone.

    Starlette cancels the stream on `http.disconnect`, but under load that cancellation
    was seen not to arrive: uvicorn silently drops every `send` to a closed connection, so
    the relay went on reading the upstream to its end (a whole never-read answer billed
    to the account, and the upstream kept busy). Here a flag is checked after every send
    as well, and the relay generator is always closed, which runs its `finally`.
    """

    def __init__(
        self,
        relay: AsyncGenerator[bytes, None],
        status_code: int,
        headers: list[tuple[bytes, bytes]],
    ) -> None:
        super().__init__(relay, status_code=status_code)
        self.raw_headers = headers
        self._relay = relay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            # A plain asyncio watcher task, not an anyio task group: see client_watch.py.
            async with ClientWatch(receive) as watch:
                await self._send_all(send, watch)
        except OSError:
            pass  # ASGI 2.4 servers raise on a send to a closed connection: the client left
        finally:
            with anyio.CancelScope(shield=True):
                await self._relay.aclose()

    async def _send_all(self, send: Send, watch: ClientWatch) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        async for chunk in self._relay:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if watch.gone:
                return
        await send({"type": "http.response.body", "body": b"", "more_body": False})
