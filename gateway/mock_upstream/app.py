"""The mock model API: routes, key check, fault gate, request recorder, and the server entry."""

from __future__ import annotations

import hmac
import importlib.util
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.mock_upstream import anthropic_api, openai_chat, openai_misc, openai_responses
from gateway.mock_upstream.call import Call
from gateway.mock_upstream.faults import Api, InvalidRequest, error_response
from gateway.mock_upstream.settings import MockSettings, knobs_for, settings_from
from gateway.mock_upstream.streaming import MockConnectionReset

Handler = Callable[[Call], Awaitable[ASGIApp]]
_UNRECORDED_HEADERS = frozenset(
    {"host", "content-length", "connection", "transfer-encoding", "accept-encoding"}
)


class Recorder:
    """The last requests received, so tests can see exactly what a gateway forwarded."""

    def __init__(self, limit: int) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=limit)

    def add(self, request: Request, raw: bytes) -> None:
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        headers = {k: v for k, v in request.headers.items() if k not in _UNRECORDED_HEADERS}
        self.entries.append(
            {
                "ts": time.time(),
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "headers": headers,
                "body": body,
            }
        )


def _key_ok(settings: MockSettings, request: Request) -> bool:
    if settings.require_key is None:
        return True
    expected = settings.require_key.encode()
    bearer = request.headers.get("authorization", "")
    offered = [request.headers.get("x-api-key", "")]
    if bearer.lower().startswith("bearer "):
        offered.append(bearer[7:].strip())
    return any(hmac.compare_digest(o.encode(), expected) for o in offered if o)


class Endpoint:
    """One model route: record, check the key, apply header knobs and faults, then answer."""

    def __init__(self, api: Api, handler: Handler, settings: MockSettings, rec: Recorder):
        self.api = api
        self.handler = handler
        self.settings = settings
        self.recorder = rec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._answer(Request(scope, receive))
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> ASGIApp:
        raw = await request.body()
        self.recorder.add(request, raw)
        if not _key_ok(self.settings, request):
            return error_response(self.api, 401)
        try:
            knobs = knobs_for(self.settings, request.headers)
        except InvalidRequest as exc:
            return error_response(self.api, 400, str(exc))
        if knobs.fault.slow_headers_ms > 0:
            await anyio.sleep(knobs.fault.slow_headers_ms / 1000)
        body: Any = None
        if request.method == "POST":
            try:
                body = json.loads(raw)
            except ValueError:
                return error_response(self.api, 400, _parse_error(self.api))
            if not isinstance(body, dict):
                return error_response(self.api, 400, "The request body must be a JSON object.")
        if knobs.fault.status is not None:
            return error_response(self.api, knobs.fault.status)
        try:
            return await self.handler(Call(self.api, body or {}, knobs, self.settings))
        except InvalidRequest as exc:
            return error_response(self.api, 400, str(exc))


def _parse_error(api: Api) -> str:
    if api == "anthropic":
        return "There was an issue with your request body: invalid JSON"
    return "We could not parse the JSON body of your request."


def create_mock_app(settings: MockSettings | None = None) -> Starlette:
    """The mock model API as an ASGI app (OpenAI and Anthropic shapes)."""
    settings = settings or MockSettings()
    recorder = Recorder(settings.record_limit)

    async def list_models(call: Call) -> ASGIApp:
        return openai_misc.models(call.settings)

    def model_route(path: str, api: Api, handler: Handler, method: str = "POST") -> Route:
        return Route(path, Endpoint(api, handler, settings, recorder), methods=[method])

    async def recorded(request: Request) -> Response:
        return JSONResponse({"requests": list(recorder.entries)})

    async def reset(request: Request) -> Response:
        recorder.entries.clear()
        return JSONResponse({"ok": True})

    async def not_found(request: Request) -> Response:
        api: Api = "anthropic" if "anthropic-version" in request.headers else "openai"
        return error_response(api, 404)

    routes = [
        model_route("/v1/chat/completions", "openai", openai_chat.chat_completions),
        model_route("/v1/completions", "openai", openai_misc.completions),
        model_route("/v1/responses", "openai", openai_responses.responses),
        model_route("/v1/embeddings", "openai", openai_misc.embeddings),
        model_route("/v1/models", "openai", list_models, "GET"),
        model_route("/v1/messages", "anthropic", anthropic_api.messages),
        Route("/_mock/requests", recorded, methods=["GET"]),
        Route("/_mock/reset", reset, methods=["POST"]),
        Route("/{path:path}", not_found, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
    ]
    return Starlette(routes=routes)


class _DropInjectedResets(logging.Filter):
    """An injected reset is the point of the test, not a server error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not _is_injected(exc)


def _is_injected(exc: BaseException | None) -> bool:
    if isinstance(exc, MockConnectionReset):
        return True
    if isinstance(exc, BaseExceptionGroup):
        return all(_is_injected(e) for e in exc.exceptions)
    return False


def run_mock(host: str = "127.0.0.1", port: int = 8001, **settings: Any) -> None:
    """Serve the mock on host:port until interrupted; keyword arguments are MockSettings."""
    import uvicorn

    app = create_mock_app(settings_from(**settings))
    logging.getLogger("uvicorn.error").addFilter(_DropInjectedResets())
    uvicorn.run(
        app,
        host=host,
        port=port,
        loop="uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        http="httptools" if importlib.util.find_spec("httptools") else "h11",
        log_level="warning",
        access_log=False,
    )
