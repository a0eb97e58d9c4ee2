"""One HTTP/1.1 client connection to the upstream: an asyncio protocol and httptools' parser.

Why not httpcore: its pool and h11 were two thirds of the gateway's CPU per request
(h11 parses in pure Python; every exchange takes two anyio locks, each a trip through
the event loop, and the pool walks every connection twice per request, polling idle
sockets). Here the C parser runs inside `data_received`, a reader waits on one future,
and a request's head and body leave in one write.

Timeouts: each wait sets a deadline, and one timer per connection checks it. The timer
is re-armed only when it fires early (the wait it was set for ended, and a later one is
running), so a connection creates a timer about once per timeout period, not once per
wait: with uvloop a timer is a libuv handle, and one per wait (two per request, one per
streamed chunk) was 5% of the gateway's py-spy samples at c=64.

One exchange at a time; the pool (transport.py) owns the connection between them.
Errors are raised as httpx's own exceptions, with httpcore's messages where it had one.
"""

from __future__ import annotations

import asyncio
import select
import typing
from collections.abc import Callable

import httptools
import httpx

# Stop reading from the socket while this much response body waits unread (backpressure).
_READ_HIGH_WATER = 256 * 1024
# Bodies up to this size are copied behind the head so that both leave in one send.
_JOIN_BODY_BYTES = 64 * 1024

Headers = list[tuple[bytes, bytes]]


class Http1Connection(asyncio.Protocol):
    """Socket events feed the parser; the exchange's reader waits on `_waiter`."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.lost = False
        """The peer closed, the socket failed, or unexpected bytes arrived: never reuse."""
        self.idle_since = 0.0
        self._error: httpx.TransportError | None = None
        self._waiter: asyncio.Future[bool] | None = None
        self._deadline = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._write_paused = False
        self._exchange = False
        self._parser: httptools.HttpResponseParser | None = None
        self._head_only = False
        self._status = 0
        self._reason = b""
        self._headers: Headers = []
        self._headers_done = False
        self._until_eof = False
        self._body: list[bytes] = []
        self._body_size = 0
        self._read_paused = False
        self._complete = False
        self._keep_alive = False

    # -- asyncio protocol -------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = typing.cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        if self._parser is None or self._complete:
            # Bytes on an idle connection (or after a complete response) mean the
            # server is closing it or speaking out of turn: it cannot carry a request.
            self._close()
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(httpx.RemoteProtocolError("The upstream switched protocols."))
        except httptools.HttpParserError as exc:
            self._fail(httpx.RemoteProtocolError(f"Invalid HTTP response: {exc}"))
        self._wake(True)

    def eof_received(self) -> bool:
        self._end_of_stream(None)
        self._wake(True)
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._end_of_stream(exc)
        self._wake(True)

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        self._wake(True)

    # -- httptools callbacks -----------------------------------------------------------

    def on_message_begin(self) -> None:
        if self._complete:
            # A second response to one request: the stream is out of step, never reuse it.
            raise httpx.RemoteProtocolError("The upstream sent an unrequested response.")
        self._headers = []
        self._reason = b""

    def on_status(self, status: bytes) -> None:
        self._reason += status

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        assert self._parser is not None
        status = self._parser.get_status_code()
        if status < 200:
            return  # an interim response (100 Continue, 103 Early Hints): the real one follows
        self._status = status
        self._headers_done = True
        self._until_eof = _delimited_by_close(status, self._headers)
        if self._head_only:
            self._complete = True

    def on_body(self, body: bytes) -> None:
        self._body.append(body)
        self._body_size += len(body)
        if self._body_size > _READ_HIGH_WATER and not self._read_paused and self.transport:
            self._read_paused = True
            self.transport.pause_reading()

    def on_message_complete(self) -> None:
        if not self._headers_done:
            return  # the end of an interim response
        assert self._parser is not None
        self._complete = True
        self._keep_alive = self._parser.should_keep_alive() and not self._until_eof

    # -- the exchange -------------------------------------------------------------------

    async def send(
        self, method: bytes, target: bytes, headers: Headers, body: bytes, timeout: float | None
    ) -> None:
        """Write the request; the response is parsed as it arrives from now on."""
        if self.lost or self.transport is None or self.transport.is_closing():
            raise httpx.WriteError("The upstream connection is closed.")
        parts = [method, b" ", target, b" HTTP/1.1\r\n"]
        for name, value in headers:
            parts += (name, b": ", value, b"\r\n")
        parts.append(b"\r\n")
        head = b"".join(parts)
        # One CR LF per line and no NUL, or a header smuggles a line (h11 checked this too).
        lines = len(headers) + 2
        if head.count(b"\n") != lines or head.count(b"\r") != lines or b"\0" in head:
            raise httpx.LocalProtocolError("Illegal character in the request line or a header.")
        self._begin(head_only=method == b"HEAD")
        if len(body) <= _JOIN_BODY_BYTES:
            self.transport.write(head + body)
        else:
            self.transport.write(head)
            self.transport.write(body)
        await self._drain(timeout)

    async def send_part(self, data: bytes, timeout: float | None) -> None:
        """More request body (a streamed body); framing is the caller's."""
        if self.lost or self.transport is None or self.transport.is_closing():
            raise httpx.WriteError("The upstream connection closed while sending the body.")
        self.transport.write(data)
        await self._drain(timeout)

    async def receive_head(self, timeout: float | None) -> tuple[int, bytes, Headers]:
        while not self._headers_done:
            if self._error is not None:
                raise self._error
            await self._wait(timeout)
        return self._status, self._reason, self._headers

    async def receive_body(self, timeout: float | None) -> bytes:
        """The body received so far (at least one byte), or b"" once it is complete."""
        while True:
            if self._body:
                return self._take_body()
            if self._complete:
                return b""
            if self._error is not None:
                raise self._error
            await self._wait(timeout)

    def finish(self) -> bool:
        """End the exchange; True if the connection can carry another request."""
        # A complete answer left unread still leaves the socket at a message boundary.
        reusable = (
            self._complete
            and self._keep_alive
            and not self._head_only
            and not self.lost
            and self.transport is not None
            and not self.transport.is_closing()
        )
        self._exchange = False
        self._parser = None
        self._body = []
        self._body_size = 0
        if self._read_paused and self.transport is not None and reusable:
            self._read_paused = False
            self.transport.resume_reading()
        if not reusable:
            self._close()
        return reusable

    def close(self) -> None:
        self._close()

    def peer_closed(self) -> bool:
        """Whether the socket holds unread bytes or EOF: asks the kernel, not the event loop.

        A busy loop may not have delivered a FIN the server sent when its keep-alive
        timeout fired; reusing that socket would fail the request that goes out on it.
        """
        sock = self.transport.get_extra_info("socket") if self.transport is not None else None
        if sock is None:
            return True
        poller = select.poll()
        poller.register(sock.fileno(), select.POLLIN)
        return bool(poller.poll(0))

    # -- internals -----------------------------------------------------------------------

    def _begin(self, *, head_only: bool) -> None:
        self._exchange = True
        self._parser = httptools.HttpResponseParser(self)
        self._head_only = head_only
        self._status = 0
        self._headers = []
        self._headers_done = False
        self._until_eof = False
        self._complete = False
        self._keep_alive = False
        self._error = None

    def _take_body(self) -> bytes:
        body = self._body[0] if len(self._body) == 1 else b"".join(self._body)
        self._body = []
        self._body_size = 0
        if self._read_paused and self.transport is not None:
            self._read_paused = False
            self.transport.resume_reading()
        return body

    def _end_of_stream(self, exc: Exception | None) -> None:
        self.lost = True
        if not self._exchange or self._complete or self._error is not None:
            return
        if self._headers_done and self._until_eof and exc is None:
            self._complete = True  # a body delimited by the connection closing
        elif isinstance(exc, OSError):
            self._error = httpx.ReadError(f"{type(exc).__name__}: {exc}")
        elif self._headers_done:
            self._error = httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body"
            )
        else:
            self._error = httpx.RemoteProtocolError(
                "Server disconnected without sending a response."
            )

    def _fail(self, error: httpx.TransportError) -> None:
        if self._error is None:
            self._error = error
        self._close()

    def _close(self) -> None:
        self.lost = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.transport is not None:
            self.transport.close()

    def _wake(self, value: bool) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(value)

    async def _wait(self, timeout: float | None) -> None:
        if self.lost and self._error is None and not self._complete:
            # Lost without a verdict (e.g. closed locally): nothing more will arrive.
            self._error = httpx.ReadError("The upstream connection was closed.")
            return
        await self._until_woken(
            timeout, lambda: httpx.ReadTimeout(f"No data from the upstream within {timeout} s.")
        )

    async def _drain(self, timeout: float | None) -> None:
        while self._write_paused and not self.lost:
            await self._until_woken(
                timeout, lambda: httpx.WriteTimeout(f"Could not write upstream within {timeout} s.")
            )

    async def _until_woken(
        self, timeout: float | None, on_timeout: Callable[[], httpx.TimeoutException]
    ) -> None:
        """Wait for the protocol callbacks to wake us (`_wake`), or raise on timeout."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        self._waiter = waiter
        if timeout is not None:
            self._deadline = loop.time() + timeout
            timer = self._timer
            if timer is not None and timer.when() > self._deadline:
                timer.cancel()  # set for a longer timeout than this wait's
                timer = None
            if timer is None:
                self._timer = loop.call_at(self._deadline, self._check_deadline)
        else:
            self._deadline = float("inf")
        try:
            if not await waiter:
                raise on_timeout()
        finally:
            self._waiter = None

    def _check_deadline(self) -> None:
        self._timer = None
        waiter = self._waiter
        if waiter is None or waiter.done() or self._deadline == float("inf"):
            return  # no wait with a timeout running: the next one arms a timer
        loop = asyncio.get_running_loop()
        if loop.time() >= self._deadline:
            waiter.set_result(False)
        else:
            self._timer = loop.call_at(self._deadline, self._check_deadline)


def _delimited_by_close(status: int, headers: Headers) -> bool:
    """A body with neither a length nor chunked framing runs until the server closes."""
    if status in (204, 304):
        return False
    for name, value in headers:
        lower = name.lower()
        if lower == b"content-length":
            return False
        if lower == b"transfer-encoding" and b"chunked" in value.lower():
            return False
    return True
