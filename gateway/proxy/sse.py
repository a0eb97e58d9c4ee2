"""Split an upstream SSE byte stream into whole events without re-encoding them.

Relaying the upstream's own bytes (rather than re-serialising parsed events) keeps
the gateway byte-exact and cheap; an event is parsed only to count its tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_SEPARATORS = (b"\n\n", b"\r\n\r\n")
MAX_EVENT_BYTES = 4 * 1024 * 1024


class EventTooLarge(Exception):
    """The upstream sent more than MAX_EVENT_BYTES without ending an event."""


class SseSplitter:
    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, chunk: bytes) -> list[bytes]:
        """Complete events (each with its trailing blank line) found so far."""
        self._buffer += chunk
        events = []
        while True:
            cut = _find_separator(self._buffer)
            if cut is None:
                break
            end, sep_len = cut
            events.append(self._buffer[: end + sep_len])
            self._buffer = self._buffer[end + sep_len :]
        if len(self._buffer) > MAX_EVENT_BYTES:
            raise EventTooLarge(f"{len(self._buffer)} bytes without an event boundary")
        return events

    def rest(self) -> bytes:
        """Bytes of an unterminated last event (the upstream ended mid-event)."""
        rest, self._buffer = self._buffer, b""
        return rest


@dataclass(slots=True)
class SseEvent:
    name: str | None
    data: str

    def json(self) -> Any:
        """The data as JSON; None for `[DONE]`, comments and anything unparsable."""
        if not self.data or self.data == "[DONE]":
            return None
        try:
            return json.loads(self.data)
        except ValueError:
            return None


def parse_event(raw: bytes) -> SseEvent:
    name = None
    data_lines = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if line.startswith("data:"):
            data_lines.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            name = line[6:].strip()
    return SseEvent(name=name, data="\n".join(data_lines))


def encode_event(data: Any, name: str | None = None) -> bytes:
    prefix = f"event: {name}\n" if name else ""
    payload = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    return f"{prefix}data: {payload}\n\n".encode()


def _find_separator(buffer: bytes) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for sep in _SEPARATORS:
        index = buffer.find(sep)
        if index != -1 and (best is None or index < best[0]):
            best = (index, len(sep))
    return best
