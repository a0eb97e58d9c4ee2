"""A paced ASGI body sender with injected faults, and SSE framing helpers.

Starlette's StreamingResponse stops listening for client disconnects under ASGI 2.4, so a
stalled or never-ending stream could outlive its client; this sender watches `receive`
itself and cancels the body as soon as the client goes away.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import anyio
from starlette.types import Receive, Scope, Send

from gateway.mock_upstream.faults import RESET_DEFAULT, Fault
from gateway.mock_upstream.settings import Knobs, MockSettings

# A line a real server never sends: an unterminated JSON object in a data field.
MALFORMED_FRAME = b'data: {"id": "garbage", "choices": [{"delta": {"content": \x00<<\n\n'
MALFORMED_AFTER = 2  # frames sent before the garbage line


class MockConnectionReset(Exception):
    """Raised inside the body so the server drops the connection mid-response."""


def sse(data: Any, event: str | None = None) -> bytes:
    """One SSE event; `event:` lines only where the real API sends them."""
    payload = json.dumps(data, separators=(",", ":"))
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()


DONE = b"data: [DONE]\n\n"


class PacedBody:
    """Send `frames` with time-to-first-token, inter-chunk delay and `fault` applied."""

    def __init__(
        self,
        frames: Iterable[bytes],
        *,
        knobs: Knobs,
        settings: MockSettings,
        media_type: str,
        headers: dict[str, str],
        fault: Fault | None = None,
    ) -> None:
        self.frames = frames
        self.knobs = knobs
        self.settings = settings
        self.fault = fault if fault is not None else knobs.fault
        self.headers = [(b"content-type", media_type.encode())] + [
            (k.encode(), v.encode()) for k, v in headers.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(self._watch_disconnect, receive, group.cancel_scope)
            try:
                await self._send_all(send)
            except OSError:
                return  # the client went away between our checks; nothing left to tell it
            finally:
                group.cancel_scope.cancel()

    @staticmethod
    async def _watch_disconnect(receive: Receive, scope: anyio.CancelScope) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                scope.cancel()
                return

    async def _send_all(self, send: Send) -> None:
        fault = self.fault
        reset_after = fault.reset_after
        if reset_after == RESET_DEFAULT:
            reset_after = self.settings.reset_after_frames
        chunk_s = self.knobs.chunk_ms / 1000
        deadline = None
        if fault.never_end:
            chunk_s = max(chunk_s, self.settings.never_end_min_chunk_ms / 1000)
            deadline = time.monotonic() + self.settings.never_end_s

        await send({"type": "http.response.start", "status": 200, "headers": self.headers})
        for sent, frame in enumerate(self.frames):
            if sent == reset_after:
                raise MockConnectionReset(f"mock fault: connection reset after {sent} frames")
            if sent == fault.stall_after:
                await anyio.sleep(self.settings.stall_s)
                break
            if fault.malformed_sse and sent == MALFORMED_AFTER:
                await self._body(send, MALFORMED_FRAME)
            delay = self.knobs.ttft_ms / 1000 if sent == 0 else chunk_s
            if delay > 0:
                await anyio.sleep(delay)
            await self._body(send, frame)
            if deadline is not None and time.monotonic() > deadline:
                break
        else:
            # A stream shorter than the fault's frame count still gets the fault, at its end.
            if reset_after is not None:
                raise MockConnectionReset("mock fault: connection reset at the end of the stream")
            if fault.stall_after is not None:
                await anyio.sleep(self.settings.stall_s)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def _body(send: Send, data: bytes) -> None:
        await send({"type": "http.response.body", "body": data, "more_body": True})
