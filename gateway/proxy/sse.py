"""Split an upstream SSE byte stream into whole events without re-encoding them.

Relaying the upstream's own bytes (rather than re-serialising parsed events) keeps
the gateway byte-exact and cheap; an event is parsed only to count its tokens.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from gateway import jsoncodec

MAX_EVENT_BYTES = 4 * 1024 * 1024


class EventTooLarge(Exception):
    """The upstream sent more than MAX_EVENT_BYTES without ending an event."""


class SseSplitter:
    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, chunk: bytes) -> list[bytes]:
        """Complete events (each with its trailing blank line) found so far."""
        buffer = self._buffer + chunk if self._buffer else chunk
        events = []
        # One pass with a cursor: a chunk can hold dozens of events, and cutting the
        # buffer (or searching it from the start) per event made this quadratic.
        start = 0
        lf = buffer.find(b"\n\n")
        crlf = buffer.find(b"\r\n\r\n") if b"\r" in buffer else -1
        while lf != -1 or crlf != -1:
            end = lf + 2 if crlf == -1 or (lf != -1 and lf < crlf) else crlf + 4
            events.append(buffer[start:end])
            start = end
            if lf != -1 and lf < start:
                lf = buffer.find(b"\n\n", start)
            if crlf != -1 and crlf < start:
                crlf = buffer.find(b"\r\n\r\n", start)
        self._buffer = buffer[start:] if start else buffer
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

    def json(self, exact: bool = False) -> Any:
        """The data as JSON; None for `[DONE]`, comments and anything unparsable.

        `exact` when the value may be written back out (see jsoncodec)."""
        if not self.data or self.data == "[DONE]":
            return None
        try:
            return json.loads(self.data) if exact else jsoncodec.read(self.data)
        except (ValueError, RecursionError):
            return None


# SSE ends lines with CR LF, LF or CR only; str.splitlines would also split on U+2028,
# U+0085 and others, which JSON carries unescaped inside strings.
_LINE_END = re.compile(r"\r\n|\r|\n")


def parse_event(raw: bytes) -> SseEvent:
    if raw.startswith(b"data: ") and raw.find(b"\n") == len(raw) - 2 and b"\r" not in raw:
        # The usual shape, one `data:` line then the blank one: nothing to split.
        return SseEvent(name=None, data=raw[6:-2].decode("utf-8", errors="replace"))
    name = None
    data_lines = []
    for line in _LINE_END.split(raw.decode("utf-8", errors="replace")):
        if line.startswith("data:"):
            data_lines.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            name = line[6:].strip()
    return SseEvent(name=name, data="\n".join(data_lines))


def encode_event(data: Any, name: str | None = None) -> bytes:
    prefix = f"event: {name}\n" if name else ""
    payload = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    return f"{prefix}data: {payload}\n\n".encode()
