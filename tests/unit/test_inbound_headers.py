"""Request headers decoded once answer as Starlette's request.headers does."""

from __future__ import annotations

from starlette.requests import Request

from gateway.proxy.inbound import decoded_headers, header_lookup


def test_lookup_agrees_with_starlette_headers_including_repeats() -> None:
    raw = [
        (b"host", b"gw"),
        (b"authorization", b"Bearer sk-first"),
        (b"x-forwarded-for", b"203.0.113.7"),
        (b"authorization", b"Bearer sk-second"),
        (b"x-note", "caf\u00e9".encode("latin-1")),
    ]
    request = Request({"type": "http", "headers": raw, "method": "POST", "path": "/"})
    assert decoded_headers(request) == request.headers.items()
    lookup = header_lookup(decoded_headers(request))
    for name in ("host", "authorization", "x-forwarded-for", "x-note", "x-request-id", "x-api-key"):
        assert lookup.get(name) == request.headers.get(name)
    assert lookup["authorization"] == "Bearer sk-first"
