"""A small closed-loop HTTP/1.1 load generator for chat completions, SSE included.

    python bench/loadgen.py --url http://127.0.0.1:8080/v1/chat/completions \
        --concurrency 16 --duration 6 [--stream [--pace-ms 5]] [--keys 8]

Each of `concurrency` keep-alive connections sends a request, reads the whole response and
sends the next, until `duration` seconds have passed. Per request it records the total
latency and the time to the first body chunk (for SSE: the first event). It prints one JSON
object. Raw asyncio protocols with httptools' C parser under uvloop keep it cheap, since
it runs pinned to one core next to nothing else.

--pace-ms asks the mock (header x-mock-chunk-ms) to space its chunks like a model
generating tokens, instead of writing them as fast as its CPU allows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import time
from collections import Counter
from typing import Any, cast
from urllib.parse import urlsplit

import httptools

TOPICS = ("tide tables", "sourdough", "bridge loads", "tax forms", "bird migration", "chess")
REQUEST_TIMEOUT_S = 30.0
DRAIN_S = 10.0


def body_for(n: int, stream: bool, max_tokens: int) -> bytes:
    """A modest, varied chat request: the prompt changes with every request."""
    topic = TOPICS[n % len(TOPICS)]
    prompt = (
        f"Note {n}: summarise what a beginner should know about {topic}, in two or three "
        f"sentences, and mention one common mistake (case {n * 7919 % 1000})."
    )
    req: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "max_tokens": max_tokens,
        "messages": [{"role": "user", "content": prompt}],
    }
    if stream:
        req["stream"] = True
        req["stream_options"] = {"include_usage": True}
    return json.dumps(req, separators=(",", ":")).encode()


class Stats:
    def __init__(self) -> None:
        self.latency: list[float] = []
        self.first_chunk: list[float] = []
        self.status: Counter[int] = Counter()
        self.actions: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()


class Conn(asyncio.Protocol):
    """One keep-alive connection running requests back to back."""

    def __init__(self, gen: Gen, index: int) -> None:
        self.gen = gen
        self.index = index
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.sent = 0.0
        self.first = 0.0
        self.action = ""
        self.header_name = b""
        self.closed = asyncio.get_running_loop().create_future()
        self.done: asyncio.Future[None] | None = None
        # The server announced it closes after this response (nginx does every 1000).
        self.reconnect = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement the interface without subclassing it.
        self.transport = cast(asyncio.Transport, transport)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._finish(error=f"parse: {exc}")

    def connection_lost(self, exc: Exception | None) -> None:
        if self.done is not None and not self.done.done():
            self._finish(error="connection lost")
        if not self.closed.done():
            self.closed.set_result(None)

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"x-distillguard-action":
            self.action = value.decode()

    def on_body(self, body: bytes) -> None:
        if not self.first:
            self.first = time.perf_counter()

    def on_message_complete(self) -> None:
        if not self.parser.should_keep_alive():
            self.reconnect = True
        self._finish(error=None)

    def send(self, n: int) -> asyncio.Future[None]:
        assert self.transport is not None
        self.done = asyncio.get_running_loop().create_future()
        self.first = 0.0
        self.action = ""
        self.parser = httptools.HttpResponseParser(self)
        self.sent = time.perf_counter()
        self.transport.write(self.gen.request(n))
        return self.done

    def _finish(self, error: str | None) -> None:
        end = time.perf_counter()
        stats = self.gen.stats
        if error is not None:
            stats.errors[error] += 1
        else:
            status = self.parser.get_status_code()
            stats.status[status] += 1
            stats.actions[self.action or "-"] += 1
            if 200 <= status < 300:
                stats.latency.append(end - self.sent)
                stats.first_chunk.append((self.first or end) - self.sent)
        if self.done is not None and not self.done.done():
            self.done.set_result(None)


class Gen:
    def __init__(self, args: argparse.Namespace) -> None:
        url = urlsplit(args.url)
        self.host = url.hostname or "127.0.0.1"
        self.port = url.port or 80
        self.path = url.path or "/"
        self.stream = bool(args.stream)
        self.keys = max(1, int(args.keys))
        self.max_tokens = int(args.max_tokens)
        self.fixed_key: str | None = args.fixed_key
        self.pace = f"x-mock-chunk-ms: {args.pace_ms}\r\n" if args.pace_ms else ""
        self.stats = Stats()

    def request(self, n: int) -> bytes:
        body = body_for(n, self.stream, self.max_tokens)
        key = self.fixed_key or f"sk-bench-{n % self.keys:03d}"
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: Bearer {key}\r\n{self.pace}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    async def worker(self, index: int, deadline: float, counter: list[int]) -> None:
        loop = asyncio.get_running_loop()
        conn: Conn | None = None
        try:
            while time.perf_counter() < deadline:
                if conn is None or conn.reconnect or conn.closed.done():
                    if conn is not None and conn.transport is not None:
                        conn.transport.close()
                    _, conn = await loop.create_connection(
                        lambda: Conn(self, index), self.host, self.port
                    )
                counter[0] += 1
                try:
                    await asyncio.wait_for(conn.send(counter[0]), REQUEST_TIMEOUT_S)
                except TimeoutError:
                    self.stats.errors["timeout"] += 1
                    return
        finally:
            if conn is not None and conn.transport is not None:
                conn.transport.close()


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    gen = Gen(args)
    start = time.perf_counter()
    deadline = start + float(args.duration)
    counter = [int(args.seed) * 1_000_000]
    tasks = [
        asyncio.ensure_future(gen.worker(i, deadline, counter)) for i in range(args.concurrency)
    ]
    _, pending = await asyncio.wait(tasks, timeout=float(args.duration) + DRAIN_S)
    for task in pending:
        task.cancel()
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            gen.stats.errors[f"connect: {task.exception()}"] += 1
    elapsed = time.perf_counter() - start
    s = gen.stats
    ok = len(s.latency)
    ms = 1000.0

    def pct_ms(values: list[float], pct: float) -> float | None:
        v = percentile(values, pct)
        return None if v is None else v * ms

    return {
        "requests": sum(s.status.values()),
        "ok": ok,
        "elapsed_s": elapsed,
        "rps": ok / elapsed if elapsed > 0 else 0.0,
        "p50_ms": pct_ms(s.latency, 50),
        "p99_ms": pct_ms(s.latency, 99),
        "ttfc_p50_ms": pct_ms(s.first_chunk, 50),
        "ttfc_p99_ms": pct_ms(s.first_chunk, 99),
        "status": {str(k): v for k, v in sorted(s.status.items())},
        "actions": dict(s.actions),
        "errors": dict(s.errors),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--duration", type=float, default=5.0)
    p.add_argument("--stream", action="store_true")
    p.add_argument("--pace-ms", type=float, default=0.0, help="mock's delay between chunks")
    p.add_argument("--keys", type=int, default=8, help="distinct API keys, cycled")
    p.add_argument("--fixed-key", default=None, help="send this key on every request")
    p.add_argument("--max-tokens", type=int, default=256)
    p.add_argument("--seed", type=int, default=0, help="offsets request numbers across runs")
    args = p.parse_args(argv)
    if not 1 <= args.concurrency <= 1024 or not 0 < args.duration <= 600:
        p.error("concurrency must be 1..1024 and duration 0..600 s")
    try:
        import uvloop
    except ImportError:
        print("loadgen: uvloop missing, using asyncio's loop", file=sys.stderr)
        result = asyncio.run(run(args))
    else:
        result = uvloop.run(run(args))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
