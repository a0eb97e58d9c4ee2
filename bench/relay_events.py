"""The gateway's own cost per relayed SSE event: `relay_stream` over an in-memory answer.

    .venv/bin/python bench/relay_events.py [--streams 2000] [--events 60]

No sockets, no server: a fake upstream answer hands `relay_stream` one OpenAI chat chunk
event per part (then `[DONE]`), as the mock sends them, and the process's CPU time over
--streams streams is divided per stream and per event. It is the part of a streamed
request's cost that splitting, parsing, counting and the cap check take, apart from the
HTTP plumbing on either side (bench/first_chunk.py measures the whole).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import AsyncIterator

from gateway.proxy.relay import Tally, relay_stream
from gateway.tokens import TokenCounter


def chat_events(n: int) -> list[bytes]:
    def event(i: int) -> bytes:
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "gpt-4o-mini",
            "system_fingerprint": "fp",
            "choices": [
                {"index": 0, "delta": {"content": f" word{i}"}, "logprobs": None,
                 "finish_reason": None}
            ],
        }  # fmt: skip
        return b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"

    return [event(i) for i in range(n)] + [b"data: [DONE]\n\n"]


class FakeAnswer:
    """What relay_stream reads of an UpstreamAnswer: its chunks, then aclose()."""

    def __init__(self, parts: list[bytes]) -> None:
        self._parts = parts

    async def _chunks(self) -> AsyncIterator[bytes]:
        for part in self._parts:
            yield part

    def chunks(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def aclose(self) -> None:
        return None


async def run(streams: int, events: int) -> float:
    tokens, parts = TokenCounter(), chat_events(events)

    async def finish(tally: Tally) -> None:
        return None

    started = time.process_time()
    for _ in range(streams):
        relay = relay_stream(
            FakeAnswer(parts),  # type: ignore[arg-type]
            "openai",
            "/v1/chat/completions",
            tokens.stream_counter("gpt-4o-mini"),
            None,
            None,
            "budget",
            finish,
        )
        async for _ in relay:
            pass
    return time.process_time() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--streams", type=int, default=2000)
    ap.add_argument("--events", type=int, default=60)
    args = ap.parse_args()
    seconds = asyncio.run(run(args.streams, args.events))
    per_stream = seconds / args.streams
    print(
        f"{per_stream * 1e6:.0f} µs a stream of {args.events + 1} events, "
        f"{per_stream / (args.events + 1) * 1e6:.2f} µs an event"
    )


if __name__ == "__main__":
    main()
