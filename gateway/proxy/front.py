"""The proxied paths' way in: straight to the handler, around Starlette's middleware.

Starlette sends every request through ServerErrorMiddleware, ExceptionMiddleware and the
router, and every streamed chunk back out through a `send` wrapper of each middleware.
For the one route that carries nearly all the traffic, `ProxyFront` calls the handler
directly; everything else (health, metrics, review, lifespan) goes down Starlette's stack
as before. What ServerErrorMiddleware did for the proxy route is kept, better: an
unexpected error before the response has started is logged and answered with a 500 in
the client API's own error shape (Starlette's was plain text).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.proxy.apis import api_for_path
from gateway.proxy.responses import error_response

log = logging.getLogger("distillguard")

PROXY_PREFIX = "/v1/"
PROXY_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})


class ProxyFront:
    def __init__(
        self, app: ASGIApp, owner: ASGIApp, handler: Callable[[Request], Awaitable[Response]]
    ) -> None:
        self.app = app
        self.owner = owner  # the Starlette app: handlers reach its state through scope["app"]
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in PROXY_METHODS
            or not scope["path"].startswith(PROXY_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        scope["app"] = self.owner
        try:
            # Nothing is sent before the handler returns: an error here can still be answered.
            response = await self.handler(Request(scope, receive))
        except Exception:
            log.exception("unexpected error on %s %s", scope["method"], scope["path"])
            response = error_response(
                api_for_path(scope["path"]),
                500,
                "The gateway failed unexpectedly.",
                "internal_error",
            )
        await response(scope, receive, send)
