"""The httpx transport to the model API: a keep-alive pool of http1.py connections.

httpx stays the client API (timeouts, limits, streaming responses, `httpx.HTTPError`s);
this replaces only what sits under it, httpcore's pool. The pool keeps idle connections
per origin in a LIFO stack (the warmest socket first), drops ones the server closed or
that idled past `keepalive_expiry`, opens at most `max_connections` and makes callers
wait (up to the pool timeout) beyond that. Everything it does on release is synchronous,
so a cancelled request (a client that went away) cannot leave the pool inconsistent.

The proxy's own requests skip httpx's models: `UpstreamClient.open` hands the pool the
request's bytes and gets an `UpstreamAnswer` back. Errors are httpx's either way.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any

import httpx

from gateway.proxy.http1 import Http1Connection

Origin = tuple[bytes, bytes, int]

_SIZED_METHODS = frozenset({"POST", "PUT", "PATCH"})
"""Sent with a Content-Length even when empty, as httpx does."""

CHECK_IDLE_AFTER_S = 1.0
"""A connection idle longer than this is asked whether the server closed it (one poll())."""


class UpstreamTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 to the upstream; no proxies and no environment settings."""

    def __init__(self, limits: httpx.Limits, *, verify: bool | ssl.SSLContext = True) -> None:
        self._max_open = limits.max_connections or 2**31
        keep = limits.max_keepalive_connections
        self._max_idle = min(self._max_open, keep if keep is not None else 2**31)
        self._expiry = limits.keepalive_expiry
        self._verify = verify
        self._ssl: ssl.SSLContext | None = None
        self._idle: dict[Origin, list[Http1Connection]] = {}
        self._idle_count = 0
        self._open = 0
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        conn, origin, status, reason, headers = await self._exchange(
            request.url, timeouts, lambda conn: _send(conn, request, timeouts.get("write"))
        )
        return httpx.Response(
            status_code=status,
            headers=headers,
            stream=_Body(self, origin, conn, timeouts.get("read")),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason},
        )

    async def open(
        self,
        method: bytes,
        url: httpx.URL,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        timeouts: dict[str, float | None],
    ) -> UpstreamAnswer:
        """Send a whole request (`headers` complete, Host and Content-Length included)."""
        target = url.raw_path
        write_timeout = timeouts.get("write")
        conn, origin, status, _, head = await self._exchange(
            url, timeouts, lambda conn: conn.send(method, target, headers, body, write_timeout)
        )
        return UpstreamAnswer(
            status,
            [(name.lower(), value) for name, value in head],
            _Body(self, origin, conn, timeouts.get("read")),
        )

    async def _exchange(
        self,
        url: httpx.URL,
        timeouts: dict[str, float | None],
        send: Callable[[Http1Connection], Awaitable[None]],
    ) -> tuple[Http1Connection, Origin, int, bytes, list[tuple[bytes, bytes]]]:
        """A connection with the request sent on it and the answer's head read."""
        origin = (url.raw_scheme, url.raw_host, url.port or (443 if url.scheme == "https" else 80))
        conn = await self._acquire(origin, timeouts.get("pool"), timeouts.get("connect"))
        try:
            await send(conn)
            status, reason, headers = await conn.receive_head(timeouts.get("read"))
        except BaseException:
            # Cancelled or failed mid-exchange: the connection's state is unknown.
            conn.close()
            self._release(origin, conn)
            raise
        return conn, origin, status, reason, headers

    async def aclose(self) -> None:
        self._closed = True
        for stack in self._idle.values():
            for conn in stack:
                conn.close()
        self._open -= self._idle_count
        self._idle.clear()
        self._idle_count = 0

    # -- the pool ---------------------------------------------------------------------

    async def _acquire(
        self, origin: Origin, pool_timeout: float | None, connect_timeout: float | None
    ) -> Http1Connection:
        deadline = None if pool_timeout is None else time.monotonic() + pool_timeout
        while True:
            if self._closed:
                raise httpx.ConnectError("The upstream client is closed.")
            conn = self._take_idle(origin)
            if conn is not None:
                return conn
            if self._open >= self._max_open:
                self._evict_one_idle()
            if self._open < self._max_open:
                self._open += 1
                try:
                    return await self._connect(origin, connect_timeout)
                except BaseException:
                    self._open -= 1
                    self._wake_one()
                    raise
            await self._wait_for_room(deadline)

    def _take_idle(self, origin: Origin) -> Http1Connection | None:
        stack = self._idle.get(origin)
        now = time.monotonic()
        while stack:
            conn = stack.pop()
            self._idle_count -= 1
            idle = now - conn.idle_since
            if (
                conn.lost
                or (self._expiry is not None and idle > self._expiry)
                or (idle > CHECK_IDLE_AFTER_S and conn.peer_closed())
            ):
                conn.close()
                self._open -= 1
                continue
            return conn
        return None

    def _evict_one_idle(self) -> None:
        """At the limit with idle sockets to another origin: close the oldest one."""
        for stack in self._idle.values():
            if stack:
                stack.pop(0).close()
                self._idle_count -= 1
                self._open -= 1
                return

    async def _wait_for_room(self, deadline: float | None) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            if deadline is None:
                await waiter
            else:
                async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                    await waiter
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self._wake_one()  # woken and cancelled at once: pass the turn on
            if isinstance(exc, TimeoutError):
                raise httpx.PoolTimeout("No upstream connection free in time.") from exc
            raise
        finally:
            if not waiter.done():
                waiter.cancel()

    def _release(self, origin: Origin, conn: Http1Connection) -> None:
        if conn.finish() and not self._closed and self._idle_count < self._max_idle:
            conn.idle_since = now = time.monotonic()
            stack = self._idle.setdefault(origin, [])
            stack.append(conn)
            self._idle_count += 1
            # LIFO leaves the oldest at the bottom: retire one per release once it expired.
            oldest = stack[0]
            if oldest.lost or (self._expiry is not None and now - oldest.idle_since > self._expiry):
                stack.pop(0).close()
                self._idle_count -= 1
                self._open -= 1
        else:
            conn.close()
            self._open -= 1
        self._wake_one()

    def _wake_one(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def _connect(self, origin: Origin, timeout: float | None) -> Http1Connection:
        scheme, host, port = origin
        tls = self._ssl_context() if scheme == b"https" else None
        name = host.decode("ascii")
        loop = asyncio.get_running_loop()
        conn = Http1Connection()
        try:
            async with asyncio.timeout(timeout):
                await loop.create_connection(
                    lambda: conn, name, port, ssl=tls, server_hostname=name if tls else None
                )
        except TimeoutError as exc:
            conn.close()
            raise httpx.ConnectTimeout(f"Connecting to {name}:{port} timed out.") from exc
        except (OSError, ssl.SSLError) as exc:
            conn.close()
            raise httpx.ConnectError(f"{type(exc).__name__}: {exc}") from exc
        return conn

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context(verify=self._verify, trust_env=False)
        return self._ssl


class UpstreamClient(httpx.AsyncClient):
    """httpx's client, sending straight to the transport.

    `AsyncClient.send` adds what a proxy must not have or does not use: a cookie jar
    shared by every account (an upstream's `set-cookie` would be replayed on other
    accounts' requests), an auth flow, redirect handling and a timer; together a third of the
    cost of the upstream call. Likewise `build_request` with bytes content and nothing
    else builds the `httpx.Request` directly with the client's timeouts, skipping the
    merge with client defaults the gateway does not set (half its cost). Errors are
    httpx's, carrying their request. Any other use goes through httpx's own code.
    """

    def __init__(self, *, timeout: httpx.Timeout, transport: UpstreamTransport) -> None:
        super().__init__(timeout=timeout, transport=transport, trust_env=False)
        self._upstream = transport
        self._timeouts = timeout.as_dict()

    def build_request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        content: Any = None,
        headers: Any = None,
        **options: Any,
    ) -> httpx.Request:
        if options or not isinstance(content, bytes):
            return super().build_request(method, url, content=content, headers=headers, **options)
        return httpx.Request(
            method, url, headers=headers, content=content, extensions={"timeout": self._timeouts}
        )

    async def open(
        self, method: str, url: httpx.URL, headers: list[tuple[str, str]], content: bytes
    ) -> UpstreamAnswer:
        """The proxy's call: `content` sent as is, the answer's body left to stream.

        Headers go out as the client sent them, byte for byte (latin-1 both ways), with
        Host and Content-Length added as httpx adds them. httpx's Request refuses a header
        value byte above 0x7f, which HTTP servers accept (obs-text) and clients do send.
        """
        raw = [(b"Host", url.netloc), *raw_headers(headers)]
        if content or method in _SIZED_METHODS:
            raw.append((b"Content-Length", b"%d" % len(content)))
        return await self._upstream.open(method.encode("ascii"), url, raw, content, self._timeouts)

    async def send(
        self, request: httpx.Request, *, stream: bool = False, **options: Any
    ) -> httpx.Response:
        if any(value is not httpx.USE_CLIENT_DEFAULT for value in options.values()):
            # Auth or redirects asked for explicitly (never by the gateway): httpx does it.
            return await super().send(request, stream=stream, **options)
        try:
            response = await self._upstream.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.request = request
        if not stream:
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response


async def _send(conn: Http1Connection, request: httpx.Request, timeout: float | None) -> None:
    method = request.method.encode("ascii")
    target = request.url.raw_path
    headers = request.headers.raw
    try:
        body = request.content  # bytes given up front: the common case, one write
    except httpx.RequestNotRead:
        await _send_streamed(conn, method, target, headers, request, timeout)
        return
    await conn.send(method, target, headers, body, timeout)


async def _send_streamed(
    conn: Http1Connection,
    method: bytes,
    target: bytes,
    headers: list[tuple[bytes, bytes]],
    request: httpx.Request,
    timeout: float | None,
) -> None:
    chunked = any(
        name.lower() == b"transfer-encoding" and b"chunked" in value.lower()
        for name, value in headers
    )
    await conn.send(method, target, headers, b"", timeout)
    assert isinstance(request.stream, httpx.AsyncByteStream)
    async for part in request.stream:
        if part:
            await conn.send_part(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part, timeout)
    if chunked:
        await conn.send_part(b"0\r\n\r\n", timeout)


class _Body(httpx.AsyncByteStream):
    """The response body; hands the connection back to the pool exactly once."""

    def __init__(
        self,
        pool: UpstreamTransport,
        origin: Origin,
        conn: Http1Connection,
        timeout: float | None,
    ) -> None:
        self._pool = pool
        self._origin = origin
        self._conn: Http1Connection | None = conn
        self._timeout = timeout

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None:
            return
        try:
            while True:
                part = await conn.receive_body(self._timeout)
                if not part:
                    break
                yield part
        except BaseException:
            # Only while still ours: a generator closed late must not touch a pooled socket.
            if self._conn is conn:
                conn.close()
                self._give_back()
            raise
        self._give_back()

    async def aclose(self) -> None:
        if self._conn is not None:
            # Closed before the end: the rest of the body is still on the wire.
            self._give_back()

    def _give_back(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._pool._release(self._origin, conn)


def raw_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    """Headers as they go on the wire (and into ASGI), latin-1 so every byte round-trips."""
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]


class UpstreamAnswer:
    """An upstream answer as the proxy uses it: status, headers, body as it arrives.

    Not an `httpx.Response`: building httpx's Request and Response models, with their
    header normalisation, for fields the proxy never reads, was a tenth of a request's
    CPU (`bench/compare.py ac1679c e6bdffc`: 0.902). The headers stay bytes: most are
    relayed as they came.
    """

    __slots__ = ("_body", "headers", "status_code")

    def __init__(
        self, status_code: int, headers: list[tuple[bytes, bytes]], body: httpx.AsyncByteStream
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        """(lowercase name, value) in the order received, repeats kept."""
        self._body = body

    def header(self, name: bytes) -> str:
        """The first value of header `name` (lowercase), or ""."""
        for key, value in self.headers:
            if key == name:
                return value.decode("latin-1")
        return ""

    def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives, decoded if the upstream compressed it anyway.

        The gateway asks for `accept-encoding: identity`, so the transport's parts are
        normally the body itself; otherwise httpx's decoders undo the encoding.
        """
        if not self.header(b"content-encoding"):
            return aiter(self._body)
        return httpx.Response(
            self.status_code, headers=self.headers, stream=self._body
        ).aiter_bytes()

    async def aclose(self) -> None:
        await self._body.aclose()
