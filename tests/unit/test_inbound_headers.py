"""Request headers decoded once answer as Starlette's request.headers does; which upstream
response headers reach the client."""

from __future__ import annotations

from starlette.requests import Request

from gateway.proxy.inbound import decoded_headers, header_lookup
from gateway.proxy.upstream import response_headers


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


def test_response_headers_drop_hop_by_hop_date_and_encoding_and_let_ours_replace() -> None:
    upstream = [
        (b"content-type", b"application/json"),
        (b"set-cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
        (b"date", b"Sat, 28 Nov 2026 02:00:00 GMT"),
        (b"content-encoding", b"gzip"),
        (b"transfer-encoding", b"chunked"),
        (b"x-ratelimit-limit-tokens", b"999"),
        (b"x-title", "caf\xe9".encode("latin-1")),
    ]
    ours = [("x-ratelimit-limit-tokens", "200"), ("x-distillguard-action", "allow")]
    assert response_headers(upstream, ours) == [
        (b"content-type", b"application/json"),
        (b"set-cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
        (b"x-title", b"caf\xe9"),
        (b"x-ratelimit-limit-tokens", b"200"),
        (b"x-distillguard-action", b"allow"),
    ]
