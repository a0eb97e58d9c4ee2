"""A tiny threaded TCP relay on loopback that can delay bytes or refuse connections.

Put it between the gateway and Redis (or the upstream) to inject latency (`delay_s`
before every forwarded chunk, both directions) or to make the target look down
(`refuse()` closes the listener, so connects are refused; `accept()` reopens it on the
same port). Every thread is a daemon and every socket has a timeout, so nothing outlives
the test by more than a second.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator


class TcpRelay:
    def __init__(self, target_port: int, delay_s: float = 0.0) -> None:
        self.target_port = target_port
        self.delay_s = delay_s
        self.port = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> TcpRelay:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.2)
        self.port = int(listener.getsockname()[1])
        self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()
        return self

    def refuse(self) -> None:
        """Stop listening and cut open connections: the target looks down."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        self._cut_all()

    def accept(self) -> None:
        """Listen again on the same port."""
        if self._listener is None:
            self.start()

    def close(self) -> None:
        self._closed = True
        self.refuse()

    def _cut_all(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.close()

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._closed and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=2)
                client.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        # Blocking sockets polled with select: a socket timeout would also apply to
        # sendall, and cut the connection whenever the reader is slow (backpressure).
        src.settimeout(None)
        try:
            while not self._closed:
                readable, _, _ = select.select([src], [], [], 0.5)
                if not readable:
                    continue
                data = src.recv(65536)
                if not data:
                    break
                if self.delay_s > 0:
                    time.sleep(self.delay_s)
                dst.sendall(data)
        except (OSError, ValueError):
            return  # the other side (or refuse()) closed the socket: this direction ends
        finally:
            # One side ended: end both, so the other pump's recv fails and it exits too.
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


@contextlib.contextmanager
def tcp_relay(target_port: int, delay_s: float = 0.0) -> Iterator[TcpRelay]:
    relay = TcpRelay(target_port, delay_s).start()
    try:
        yield relay
    finally:
        relay.close()
