"""ProxyFront: proxied paths go straight to the handler, the rest down Starlette's stack."""

from __future__ import annotations

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from gateway.proxy.front import ProxyFront


async def _rest(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse(f"rest {scope['type']} {scope.get('path')}")(scope, receive, send)


async def _echo(request: Request) -> Response:
    return PlainTextResponse(f"proxied {request.method} {request.url.path} {request.app}")


async def _broken(request: Request) -> Response:
    raise RuntimeError("a bug")


def _client(handler: object) -> httpx.AsyncClient:
    front = ProxyFront(_rest, "the-app", handler)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=front), base_url="http://t")


async def test_proxied_paths_reach_the_handler_with_the_app_in_scope() -> None:
    async with _client(_echo) as client:
        assert (await client.post("/v1/chat/completions")).text == (
            "proxied POST /v1/chat/completions the-app"
        )
        assert (await client.get("/v1/models")).text == "proxied GET /v1/models the-app"
        assert (await client.get("/_distillguard/health")).text == "rest http /_distillguard/health"
        # Methods the proxy does not take are the router's to refuse (405 there).
        assert (await client.options("/v1/models")).text == "rest http /v1/models"


@pytest.mark.parametrize(
    ("path", "shape"), [("/v1/chat/completions", "openai"), ("/v1/messages", "anthropic")]
)
async def test_an_unexpected_error_is_a_500_in_the_api_error_shape(
    path: str, shape: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with _client(_broken) as client:
        r = await client.post(path)
    assert r.status_code == 500
    body = r.json()
    if shape == "anthropic":
        assert body["type"] == "error" and body["error"]["type"] == "api_error"
    else:
        assert body["error"]["code"] == "internal_error"
    assert "a bug" not in r.text
    assert "unexpected error" in caplog.text
