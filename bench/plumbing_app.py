"""The HTTP plumbing alone, as a floor for the gateway's CPU per request.

    python bench/plumbing_app.py UPSTREAM_URL PORT

uvicorn (uvloop, httptools) + Starlette, reached the way the gateway's proxied paths are
(`ProxyFront`: straight to the handler), with the gateway's own upstream call, header rules
and stream relay (`UpstreamClient.open`, `RelayResponse`), relaying non-streamed and
streamed answers with no gateway logic at all: no key, no counting, no policy, no store,
no log. `bench/run.py --targets plumbing` measures it like any other target; the gap
between it and distillguard is the gateway's own work.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from gateway.proxy.front import ProxyFront
from gateway.proxy.inbound import decoded_headers
from gateway.proxy.relay import RelayResponse
from gateway.proxy.upstream import make_client, request_headers, response_headers, upstream_url
from gateway.settings import UpstreamSettings


def build(upstream: str) -> ASGIApp:
    client = make_client(UpstreamSettings(url=upstream))

    async def relay(request: Request) -> Response:
        raw = await request.body()
        headers = request_headers(decoded_headers(request), "openai", None, "127.0.0.1")
        url = upstream_url(upstream, request.scope["path"], "")
        answer = await client.open(request.method, url, headers, raw)
        out = response_headers(answer.headers, [])
        if "text/event-stream" in answer.header(b"content-type"):

            async def chunks() -> AsyncIterator[bytes]:
                try:
                    async for chunk in answer.chunks():
                        yield chunk
                finally:
                    await answer.aclose()

            return RelayResponse(chunks(), status_code=answer.status_code, headers=out)
        body = b"".join([chunk async for chunk in answer.chunks()])
        await answer.aclose()
        response = Response(body, status_code=answer.status_code)
        response.raw_headers += out
        return response

    async def health(request: Request) -> Response:
        return Response("ok")

    app = Starlette(routes=[Route("/_distillguard/health", health)])
    return ProxyFront(app, app, relay)


if __name__ == "__main__":
    uvicorn.run(
        build(sys.argv[1]),
        host="127.0.0.1",
        port=int(sys.argv[2]),
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        server_header=False,  # as `distillguard serve`: the upstream's is relayed
    )
