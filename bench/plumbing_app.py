"""The HTTP plumbing alone, as a floor for the gateway's CPU per request.

    python bench/plumbing_app.py UPSTREAM_URL PORT

uvicorn (uvloop, httptools) + Starlette + the gateway's own upstream client and header
rules, relaying non-streamed and streamed answers, with no gateway logic at all: no key,
no counting, no policy, no store, no log. `bench/run.py --targets plumbing` measures it
like any other target; the gap between it and distillguard is the gateway's own work.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gateway.proxy.upstream import make_client, request_headers, response_headers, upstream_url
from gateway.settings import UpstreamSettings


def build(upstream: str) -> Starlette:
    client = make_client(UpstreamSettings(url=upstream))

    async def relay(request: Request) -> Response:
        raw = await request.body()
        headers = request_headers(request.headers.items(), "openai", None, "127.0.0.1")
        url = upstream_url(upstream, request.scope["path"], "")
        answer = await client.send(
            client.build_request("POST", url, headers=headers, content=raw), stream=True
        )
        raw = ((name.lower(), value) for name, value in answer.headers.raw)
        out = {k.decode("latin-1"): v.decode("latin-1") for k, v in response_headers(raw, [])}
        if "text/event-stream" in answer.headers.get("content-type", ""):

            async def chunks() -> AsyncIterator[bytes]:
                try:
                    async for chunk in answer.aiter_bytes():
                        yield chunk
                finally:
                    await answer.aclose()

            return StreamingResponse(chunks(), status_code=answer.status_code, headers=out)
        body = await answer.aread()
        await answer.aclose()
        return Response(body, status_code=answer.status_code, headers=out)

    async def health(request: Request) -> Response:
        return Response("ok")

    return Starlette(
        routes=[
            Route("/v1/{rest:path}", relay, methods=["POST"]),
            Route("/_distillguard/health", health),
        ]
    )


if __name__ == "__main__":
    uvicorn.run(
        build(sys.argv[1]),
        host="127.0.0.1",
        port=int(sys.argv[2]),
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
    )
