"""The one pooled client to the model API, and the header rules at that boundary."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import httpx

from gateway.errors import UpstreamConnectError, UpstreamError, UpstreamTimeout
from gateway.facts import ApiKind
from gateway.proxy.transport import UpstreamClient, UpstreamTransport, raw_headers
from gateway.settings import UpstreamSettings

# RFC 9110 §7.6.1 hop-by-hop headers, plus ones httpx/uvicorn must compute themselves.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
# Identity headers a client could forge; the gateway decides what upstream sees.
_CLIENT_ONLY = frozenset({"x-forwarded-for", "x-real-ip", "forwarded"})
_CREDENTIALS = frozenset({"authorization", "x-api-key"})
_GATEWAY_PREFIX = "x-distillguard-"
# Not relayed to the client: hop-by-hop; Date, which the serving gateway writes itself
# (RFC 9110 §6.6.1: one per message; relaying the upstream's gave clients two, and nginx
# replaces it too); Content-Encoding, as the relayed body is always decoded.
_NOT_RELAYED = frozenset(name.encode() for name in HOP_BY_HOP | {"date", "content-encoding"})
KEEPALIVE_EXPIRY_S = 4.0


def make_client(settings: UpstreamSettings) -> UpstreamClient:
    timeout = httpx.Timeout(
        connect=settings.connect_timeout_s,
        read=settings.read_timeout_s,
        write=settings.read_timeout_s,
        pool=settings.connect_timeout_s,
    )
    limits = httpx.Limits(
        max_connections=settings.max_connections,
        max_keepalive_connections=settings.keepalive_connections,
        # Under uvicorn's (and so vLLM's) 5 s keep-alive: a socket the server is closing
        # as we reuse it fails the request (seen in bench runs at httpx's default of 5 s).
        keepalive_expiry=KEEPALIVE_EXPIRY_S,
    )
    # No env proxies or .netrc: an operator's shell must not redirect model traffic.
    # transport.py: HTTP/1.1 straight on asyncio + httptools under httpx (a fifth of the CPU).
    return UpstreamClient(timeout=timeout, transport=UpstreamTransport(limits))


@functools.lru_cache(maxsize=1024)
def upstream_url(base: str, path: str, query: str) -> httpx.URL:
    """The upstream URL of a proxied request. Parsing it was a twentieth of a request's
    CPU, and a deployment sends a handful of distinct paths, so each is parsed once."""
    return httpx.URL(base + path + (f"?{query}" if query else ""))


def request_headers(
    client_headers: Iterable[tuple[str, str]],
    api: ApiKind,
    upstream_key: str | None,
    client_ip: str,
) -> list[tuple[str, str]]:
    """Headers to send upstream: hop-by-hop and gateway headers dropped, key replaced."""
    out = []
    for name, value in client_headers:
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in _CLIENT_ONLY or lower.startswith(_GATEWAY_PREFIX):
            continue
        if lower in _CREDENTIALS and upstream_key is not None:
            continue
        if lower == "accept-encoding":
            # Compressed SSE cannot be counted chunk by chunk.
            continue
        out.append((lower, value))
    if upstream_key is not None:
        if api == "anthropic":
            out.append(("x-api-key", upstream_key))
        else:
            out.append(("authorization", f"Bearer {upstream_key}"))
    out.append(("accept-encoding", "identity"))
    if client_ip:
        out.append(("x-forwarded-for", client_ip))
    return out


def response_headers(
    upstream_headers: Iterable[tuple[bytes, bytes]], ours: list[tuple[str, str]]
) -> list[tuple[bytes, bytes]]:
    """The upstream's end-to-end headers (lowercase names), repeats kept, then `ours`
    (lowercase names), which replace any the upstream sent under the same name."""
    own = raw_headers(ours)
    replaced = {name for name, _ in own}
    kept = [
        (name, value)
        for name, value in upstream_headers
        if name not in _NOT_RELAYED and name not in replaced
    ]
    return kept + own


def translate(exc: httpx.HTTPError) -> UpstreamError:
    """Map httpx failures to 502/504 without leaking upstream details to clients."""
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamTimeout(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, httpx.ConnectError):
        return UpstreamConnectError(f"{type(exc).__name__}: {exc}")
    return UpstreamError(f"{type(exc).__name__}: {exc}")
