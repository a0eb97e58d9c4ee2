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
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx

from gateway.enforce.degrade_response import ResponseDegrader
from gateway.facts import ApiKind
from gateway.proxy.apis import read_json_response, read_stream_event
from gateway.proxy.sse import EventTooLarge, SseSplitter, encode_event, parse_event
from gateway.proxy.stream_end import StreamShape, ending
from gateway.tokens import StreamTokenCounter


@dataclass(slots=True)
class Tally:
    """What the response cost, as counted by the gateway and as reported upstream."""

    completion_tokens: int = 0
    upstream_prompt: int | None = None
    upstream_completion: int | None = None
    finish_reason: str | None = None
    first_chunk_at: float | None = None
    truncated: str | None = None
    error: str | None = None
    disconnected: bool = False
    degraded: list[str] = field(default_factory=list)


Finish = Callable[[Tally], Awaitable[None]]


async def relay_stream(
    response: httpx.Response,
    api: ApiKind,
    path: str,
    counter: StreamTokenCounter,
    degrader: ResponseDegrader | None,
    cap: int | None,
    cap_reason: str,
    finish: Finish,
) -> AsyncIterator[bytes]:
    """Yield the upstream SSE stream event by event; `finish` always runs once at the end."""
    tally = Tally()
    shape = StreamShape(api=api, path=path)
    splitter = SseSplitter()
    ended_by_gateway = False
    try:
        async for chunk in response.aiter_bytes():
            out = []
            for raw in splitter.feed(chunk):
                event = parse_event(raw)
                data = event.json()
                shape.observe(data)
                reading = read_stream_event(api, path, data)
                if reading.text:
                    tally.completion_tokens = counter.add(reading.text)
                _take_usage(tally, reading.prompt_tokens, reading.completion_tokens)
                tally.finish_reason = reading.finish_reason or tally.finish_reason
                if degrader is not None and data is not None:
                    changed = degrader.apply_event(data)
                    if changed is None:
                        continue
                    if changed is not data:
                        raw = encode_event(changed, event.name)
                out.append(raw)
                if cap is not None and tally.completion_tokens >= cap and not shape.finished:
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
        with anyio.CancelScope(shield=True):
            await response.aclose()
            await finish(tally)


async def read_whole(
    response: httpx.Response,
    api: ApiKind,
    path: str,
    counter: StreamTokenCounter,
    degrader: ResponseDegrader | None,
) -> tuple[bytes, Tally]:
    """Read a non-streamed response, count it, and degrade it if asked."""
    tally = Tally()
    try:
        content = await response.aread()
    finally:
        await response.aclose()
    tally.first_chunk_at = time.perf_counter()
    body: Any = None
    if content and "json" in response.headers.get("content-type", ""):
        try:
            body = json.loads(content)
        except ValueError:
            tally.error = "upstream sent invalid JSON"
    if body is not None and response.status_code < 400:
        reading = read_json_response(api, path, body)
        if reading.text:
            tally.completion_tokens = counter.add(reading.text)
        _take_usage(tally, reading.prompt_tokens, reading.completion_tokens)
        tally.finish_reason = reading.finish_reason
        if degrader is not None:
            degraded = degrader.apply_json(body)
            if degraded is not body:
                content = json.dumps(degraded, separators=(",", ":")).encode()
    return content, tally


def _take_usage(tally: Tally, prompt: int | None, completion: int | None) -> None:
    if prompt is not None:
        tally.upstream_prompt = prompt
    if completion is not None:
        tally.upstream_completion = completion
