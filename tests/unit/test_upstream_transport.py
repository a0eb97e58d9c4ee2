"""The upstream transport (gateway/proxy/transport.py, http1.py) against scripted servers.

Each test runs a tiny asyncio server on loopback that answers with exact bytes, so the
framing, keep-alive, limit and error paths are checked on the wire, through httpx.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from gateway.proxy import transport as transport_module
from gateway.proxy.transport import UpstreamTransport
from gateway.proxy.upstream import make_client
from gateway.settings import UpstreamSettings

Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
OK = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"


class Server:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self._handlers: list[asyncio.Task[None] | None] = []

    async def __aenter__(self) -> Server:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._writers:  # connections a test left open end with it
            writer.close()
        await asyncio.gather(*(t for t in self._handlers if t), return_exceptions=True)
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        self._handlers.append(asyncio.current_task())
        try:
            await self.script(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def read_request(self, reader: asyncio.StreamReader) -> bytes:
        """One request: the head, then a content-length or chunked body."""
        head = await reader.readuntil(b"\r\n\r\n")
        lower = head.lower()
        body = b""
        if b"content-length:" in lower:
            length = int(lower.split(b"content-length:")[1].split(b"\r\n")[0])
            body = await reader.readexactly(length)
        elif b"transfer-encoding: chunked" in lower:
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                body += (await reader.readexactly(size + 2))[:-2]
                if size == 0:
                    break
        self.requests.append(head + body)
        return head + body


def answer(server_ref: list[Server], *replies: bytes, then_close: bool = False) -> Script:
    """A script that reads one request per reply and writes the reply."""

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for reply in replies:
            await server_ref[0].read_request(reader)
            writer.write(reply)
            await writer.drain()
        if not then_close:
            await reader.read()  # hold the connection until the client closes it

    return script


async def serve(*replies: bytes, then_close: bool = False) -> Server:
    ref: list[Server] = []
    server = Server(answer(ref, *replies, then_close=then_close))
    ref.append(server)
    return await server.__aenter__()


def client(**limits: int | float | None) -> httpx.AsyncClient:
    timeout = httpx.Timeout(2.0, connect=1.0, pool=0.3)
    transport = UpstreamTransport(httpx.Limits(**limits))  # type: ignore[arg-type]
    return httpx.AsyncClient(timeout=timeout, transport=transport, trust_env=False)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with client() as c:
        yield c


async def test_keep_alive_reuses_one_connection_and_sends_one_body(
    http: httpx.AsyncClient,
) -> None:
    server = await serve(OK, OK, OK)
    try:
        for n in range(3):
            response = await http.post(server.url + "/v1/x?q=1", content=b"body-%d" % n)
            assert (response.status_code, response.text) == (200, "ok")
        assert server.connections == 1
        assert server.requests[2].startswith(b"POST /v1/x?q=1 HTTP/1.1\r\n")
        assert server.requests[2].endswith(b"\r\n\r\nbody-2")
    finally:
        await server.__aexit__()


async def test_chunked_and_close_delimited_bodies(http: httpx.AsyncClient) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    until_close = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall of it"
    server = await serve(chunked, until_close, then_close=True)
    try:
        assert (await http.get(server.url)).text == "abcde"
        assert (await http.get(server.url)).text == "all of it"
    finally:
        await server.__aexit__()


async def test_interim_response_is_skipped(http: httpx.AsyncClient) -> None:
    server = await serve(b"HTTP/1.1 100 Continue\r\n\r\n" + OK)
    try:
        response = await http.post(server.url, content=b"x")
        assert (response.status_code, response.text) == (200, "ok")
    finally:
        await server.__aexit__()


async def test_streamed_request_body_is_chunked(http: httpx.AsyncClient) -> None:
    async def parts() -> AsyncIterator[bytes]:
        yield b"hello "
        yield b"world"

    server = await serve(OK)
    try:
        assert (await http.post(server.url, content=parts())).status_code == 200
        assert server.requests[0].endswith(b"hello world")
    finally:
        await server.__aexit__()


async def test_response_streamed_in_parts(http: httpx.AsyncClient) -> None:
    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await server.read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        for word in (b"one", b"two", b"three"):
            writer.write(b"%x\r\n%s\r\n" % (len(word), word))
            await writer.drain()
            await asyncio.sleep(0.01)
        writer.write(b"0\r\n\r\n")
        await reader.read()

    server = await Server(script).__aenter__()
    try:
        async with http.stream("GET", server.url) as response:
            parts = [part async for part in response.aiter_raw()]
        assert b"".join(parts) == b"onetwothree" and len(parts) >= 2
    finally:
        await server.__aexit__()


async def test_server_closing_an_idle_connection_is_not_an_error(http: httpx.AsyncClient) -> None:
    server = await serve(OK, then_close=True)
    try:
        assert (await http.get(server.url)).status_code == 200
        await asyncio.sleep(0.05)  # the server's FIN reaches the idle connection
        assert (await http.get(server.url)).status_code == 200
        assert server.connections == 2
    finally:
        await server.__aexit__()


async def test_body_left_unread_closes_the_connection(http: httpx.AsyncClient) -> None:
    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await server.read_request(reader)
        if server.connections == 1:  # half a body, then silence: the socket is mid-message
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n" + b"x" * 50)
        else:
            writer.write(OK)
        await reader.read()

    server = await Server(script).__aenter__()
    try:
        async with http.stream("GET", server.url) as response:
            async for _ in response.aiter_raw():
                break
        assert (await http.get(server.url)).status_code == 200
        assert server.connections == 2
    finally:
        await server.__aexit__()


async def test_complete_body_left_unread_keeps_the_connection(http: httpx.AsyncClient) -> None:
    server = await serve(OK, OK)
    try:
        async with http.stream("GET", server.url):
            await asyncio.sleep(0.05)  # the whole answer arrives; nobody reads it
        assert (await http.get(server.url)).status_code == 200
        assert server.connections == 1
    finally:
        await server.__aexit__()


async def test_read_timeout_before_headers() -> None:
    server = await serve()  # reads nothing, answers nothing
    try:
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(0.2), transport=UpstreamTransport(httpx.Limits())
        ) as c:
            with pytest.raises(httpx.ReadTimeout):
                await c.get(server.url)
    finally:
        await server.__aexit__()


async def test_connect_refused(http: httpx.AsyncClient) -> None:
    server = await serve()
    url = server.url
    await server.__aexit__()
    with pytest.raises(httpx.ConnectError):
        await http.get(url)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (b"", "without sending a response"),
        (b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort", "complete message body"),
        (b"NOT HTTP AT ALL\r\n\r\n", "Invalid HTTP response"),
    ],
)
async def test_broken_answers_are_protocol_errors(
    http: httpx.AsyncClient, reply: bytes, message: str
) -> None:
    server = await serve(reply, then_close=True)
    try:
        with pytest.raises(httpx.RemoteProtocolError, match=message):
            await http.get(server.url)
    finally:
        await server.__aexit__()


async def test_header_injection_is_refused(http: httpx.AsyncClient) -> None:
    server = await serve(OK)
    try:
        with pytest.raises(httpx.LocalProtocolError):
            await http.get(server.url, headers={"x-evil": "a\r\nx-injected: 1"})
        assert server.requests == []
    finally:
        await server.__aexit__()


async def test_pool_limit_waits_then_times_out() -> None:
    server = await serve(OK, OK)
    try:
        async with client(max_connections=1) as c:
            async with c.stream("GET", server.url):
                with pytest.raises(httpx.PoolTimeout):
                    await c.get(server.url)
            # Released: the waiting room is empty again and the connection is reused.
            assert (await c.get(server.url)).status_code == 200
        assert server.connections == 1
    finally:
        await server.__aexit__()


async def test_cancelled_request_frees_its_connection() -> None:
    server = await serve()  # never answers
    try:
        async with client(max_connections=1) as c:
            task = asyncio.create_task(c.get(server.url))
            await asyncio.sleep(0.1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            second = await serve(OK)
            try:
                assert (await c.get(second.url)).status_code == 200
            finally:
                await second.__aexit__()
    finally:
        await server.__aexit__()


async def test_client_keeps_no_cookies_and_errors_carry_their_request() -> None:
    cookie = b"HTTP/1.1 200 OK\r\nset-cookie: sid=account-a\r\ncontent-length: 2\r\n\r\nok"
    server = await serve(cookie, OK)
    settings = UpstreamSettings(url=server.url, connect_timeout_s=1, read_timeout_s=2)
    try:
        async with make_client(settings) as c:
            assert (await c.get(server.url)).text == "ok"
            request = c.build_request("POST", server.url, content=b"{}")
            assert request.extensions["timeout"] == {
                "connect": 1.0,
                "read": 2.0,
                "write": 2.0,
                "pool": 1.0,
            }
            response = await c.send(request, stream=True)
            assert await response.aread() == b"ok"
            assert b"cookie:" not in server.requests[1].lower()
            assert response.request is request
        async with make_client(settings) as c:
            await server.__aexit__()
            request = c.build_request("GET", server.url)
            with pytest.raises(httpx.ConnectError) as caught:
                await c.send(request)
            assert caught.value.request is request
    finally:
        await server.__aexit__()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
async def test_https_with_a_verified_certificate(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    ref: list[Server] = []
    server = Server(answer(ref, OK, OK))
    ref.append(server)
    server._server = await asyncio.start_server(server._serve, "127.0.0.1", 0, ssl=server_tls)
    server.port = server._server.sockets[0].getsockname()[1]
    url = f"https://127.0.0.1:{server.port}/v1/x"
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(5.0),
            transport=UpstreamTransport(httpx.Limits(), verify=trust),
        ) as c:
            for _ in range(2):
                assert (await c.post(url, content=b"{}")).text == "ok"
        assert server.connections == 1
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(5.0), transport=UpstreamTransport(httpx.Limits())
        ) as c:
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                await c.post(url, content=b"{}")
    finally:
        await server.__aexit__()


async def test_idle_connections_expire() -> None:
    server = await serve(OK, OK)
    try:
        async with client(keepalive_expiry=0.05) as c:
            assert (await c.get(server.url)).status_code == 200
            await asyncio.sleep(0.1)
            assert (await c.get(server.url)).status_code == 200
        assert server.connections == 2
    finally:
        await server.__aexit__()


async def test_a_close_the_loop_has_not_seen_yet_is_noticed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server's FIN arrives while the loop is blocked, so nothing has delivered it."""
    monkeypatch.setattr(transport_module, "CHECK_IDLE_AFTER_S", 0.0)
    close_now = threading.Event()
    accepted: list[socket.socket] = []

    def serve_in_thread(listener: socket.socket) -> None:
        # A thread, not the test's loop: the close must happen while that loop is blocked.
        for _ in range(2):
            conn, _ = listener.accept()
            accepted.append(conn)
            conn.recv(65536)
            conn.sendall(OK)
            if len(accepted) == 1:
                close_now.wait(5)
                conn.close()

    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)
        thread = threading.Thread(target=serve_in_thread, args=(listener,), daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        async with client() as c:
            assert (await c.get(url)).status_code == 200
            close_now.set()
            time.sleep(0.1)  # blocking on purpose: the loop does not see the FIN
            assert (await c.get(url)).status_code == 200
        thread.join(5)
    for conn in accepted:
        conn.close()
    assert len(accepted) == 2


async def test_an_unrequested_second_response_retires_the_connection(
    http: httpx.AsyncClient,
) -> None:
    server = await serve(OK + OK, OK, then_close=True)
    try:
        assert (await http.get(server.url)).text == "ok"
        assert (await http.get(server.url)).text == "ok"
        assert server.connections == 2
    finally:
        await server.__aexit__()


async def _trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A chunked body: 6 chunks 0.1 s apart, then silence (a stalled upstream)."""
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
    for _ in range(6):
        writer.write(b"1\r\nx\r\n")
        await writer.drain()
        await asyncio.sleep(0.1)
    await reader.read()  # until the client gives up and closes


async def test_read_timeout_counts_from_the_last_chunk_not_the_first_wait() -> None:
    # One timer per connection, re-armed lazily: chunks arriving faster than the timeout
    # never trip it, however long the body runs, and a stall after them does.
    async with (
        Server(_trickle) as server,
        httpx.AsyncClient(
            timeout=httpx.Timeout(0.3), transport=UpstreamTransport(httpx.Limits())
        ) as c,
    ):
        got = b""
        began = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            async with c.stream("GET", server.url) as response:
                async for part in response.aiter_raw():
                    got += part
        stalled_after = time.monotonic() - began
    assert got == b"x" * 6  # 0.6 s of chunks, twice the timeout, went through
    assert 0.75 < stalled_after < 1.5  # then the stall: ~0.3 s after the last chunk


async def test_a_shorter_timeout_is_not_hidden_by_a_longer_earlier_one() -> None:
    server = await serve(OK)  # one answer, then silence on the same connection
    try:
        transport = UpstreamTransport(httpx.Limits())
        async with httpx.AsyncClient(timeout=httpx.Timeout(30.0), transport=transport) as c:
            assert (await c.get(server.url)).status_code == 200  # armed a timer for 30 s
            began = time.monotonic()
            with pytest.raises(httpx.ReadTimeout):
                await c.get(server.url, timeout=0.2)  # same connection, no answer
            assert time.monotonic() - began < 1.0
        assert server.connections == 1  # the 30 s timer's connection carried the second wait
    finally:
        await server.__aexit__()


async def test_open_sends_what_httpx_would_and_keeps_header_bytes() -> None:
    """The proxy's path (`UpstreamClient.open`) puts the same request on the wire as
    httpx's models, except that header bytes above 0x7f pass instead of failing."""
    twice = b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: 2\r\n\r\nok"
    server = await serve(OK, twice)
    settings = UpstreamSettings(url=server.url, connect_timeout_s=1, read_timeout_s=2)
    headers = [("content-type", "application/json"), ("x-trace", "a")]
    try:
        async with make_client(settings) as c:
            url = httpx.URL(server.url + "/v1/chat/completions?x=1")
            # What the handler sent before `open`: build_request + send, no client defaults.
            await c.send(c.build_request("POST", url, content=b"{}", headers=headers))
            answer = await c.open("POST", url, [*headers, ("x-title", "caf\xe9")], b"{}")
            body = b"".join([part async for part in answer.chunks()])
            await answer.aclose()
        via_httpx, via_open = server.requests
        assert via_open == via_httpx.replace(
            b"x-trace: a\r\n", b"x-trace: a\r\nx-title: caf\xe9\r\n"
        )
        assert (answer.status_code, body) == (200, b"ok")
        assert answer.headers[:2] == [(b"set-cookie", b"a=1"), (b"set-cookie", b"b=2")]
        assert answer.header(b"content-length") == "2" and answer.header(b"absent") == ""
        assert server.connections == 1
    finally:
        await server.__aexit__()


async def test_open_sends_an_empty_post_with_its_length_and_a_get_without() -> None:
    server = await serve(OK, OK)
    settings = UpstreamSettings(url=server.url, connect_timeout_s=1, read_timeout_s=2)
    try:
        async with make_client(settings) as c:
            for method in ("POST", "GET"):
                answer = await c.open(method, httpx.URL(server.url + "/v1/models"), [], b"")
                await answer.aclose()
        post, get = server.requests
        assert b"\r\nContent-Length: 0\r\n" in post
        assert b"content-length" not in get.lower()
    finally:
        await server.__aexit__()
