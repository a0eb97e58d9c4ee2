"""Wiring of the review surface: the objects behind it and the routes the app mounts.

Without an admin token the dashboard and admin API do not exist: every path under them
answers 404, with a body saying how to turn them on.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from gateway.proxy.runtime import Runtime
from gateway.review import admin, dashboard
from gateway.review.allowlist import AllowlistCache
from gateway.review.auth import AdminAuth
from gateway.review.logcache import LogCache
from gateway.review.service import ReviewService
from gateway.settings import Settings

UI = "/_distillguard/ui"
ADMIN = "/_distillguard/admin"
DISABLED = (
    "The distillguard dashboard and admin API are disabled: no admin token is configured. "
    "Set security.admin_token in the config file (or DISTILLGUARD_SECURITY__ADMIN_TOKEN) "
    "and restart the gateway."
)


@dataclass
class Review:
    service: ReviewService
    allowlist: AllowlistCache
    logs: LogCache | None
    auth: AdminAuth | None

    async def start(self) -> None:
        await self.allowlist.start()

    async def stop(self) -> None:
        await self.allowlist.stop()
        if self.logs is not None:
            self.logs.close()


def build_review(settings: Settings, runtime: Runtime) -> Review:
    """The review objects for a built runtime (the allowlist cache is the resolver's)."""
    allowlist = runtime.resolver.allowlist
    if not isinstance(allowlist, AllowlistCache):
        allowlist = AllowlistCache(runtime.store)
    token = settings.security.admin_token
    secret = token.get_secret_value() if token is not None else ""
    logs = LogCache(settings.log.file) if settings.log.file is not None else None
    return Review(
        service=ReviewService(runtime, allowlist, logs),
        allowlist=allowlist,
        logs=logs,
        auth=AdminAuth(secret) if secret else None,
    )


def review_routes(settings: Settings) -> list[BaseRoute]:
    """The dashboard and admin API routes, or 404s explaining why they are off."""
    token = settings.security.admin_token
    if token is None or not token.get_secret_value():
        return [
            Route(UI, _disabled_ui),
            Mount(UI, routes=[Route("/{rest:path}", _disabled_ui, methods=_ALL)]),
            Route(ADMIN, _disabled_api),
            Mount(ADMIN, routes=[Route("/{rest:path}", _disabled_api, methods=_ALL)]),
        ]
    return [
        Route(UI, dashboard.overview, methods=["GET"]),
        *_under(UI, dashboard.routes()),
        *_under(ADMIN, admin.routes()),
    ]


def _under(prefix: str, routes: list[BaseRoute]) -> list[Route]:
    """The routes at full paths. Not a Mount: its own `{path:path}` stops at a line break,
    so `/accounts/a%0Ab` never reached the account routes' convertor."""
    out = []
    for route in routes:
        assert isinstance(route, Route)
        out.append(Route(prefix + route.path, route.endpoint, methods=route.methods))
    return out


_ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"]


async def _disabled_ui(request: Request) -> Response:
    return HTMLResponse(
        f"<!doctype html><title>Not found</title><h1>Not found</h1><p>{DISABLED}</p>",
        status_code=404,
    )


async def _disabled_api(request: Request) -> Response:
    return JSONResponse({"error": {"message": DISABLED, "type": "not_found"}}, status_code=404)
