"""The admin JSON API under /_distillguard/admin (schema: review/openapi.py).

Every call needs the admin token (`Authorization: Bearer` or `x-distillguard-admin-token`);
the dashboard's session cookie is not accepted here, so the API needs no CSRF defence.
Errors are `{"error": {"message", "type"}}`. Bodies are validated with pydantic, unknown
fields rejected. Raw keys may be sent to register a key and are hashed at once; no
response ever contains a raw key, a key hash or the upstream credential.
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from gateway.errors import StoreError
from gateway.review.openapi import schema
from gateway.review.service import ReviewError, ReviewService

if TYPE_CHECKING:
    from gateway.review.routes import Review

MAX_BODY_BYTES = 16 * 1024
REASON = Field(min_length=1, max_length=500, pattern=r"\S")
ACTOR = Field("admin", min_length=1, max_length=100)


class _AccountConvertor(Convertor[str]):
    """`path`, but across line breaks: its `.*` stops at "\n", so an account registered as
    "a\nb" (keys and POST /keys take any text) answered 404 "no route"."""

    regex = "(?s:.*)"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


ACCOUNT_CONVERTOR = "distillguard_account"
register_url_convertor(ACCOUNT_CONVERTOR, _AccountConvertor())


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActionBody(_Body):
    action: Literal["allowlist", "unallowlist", "unblock", "reset_score"]
    reason: str = REASON
    actor: str = ACTOR


class KeyAddBody(_Body):
    account: str = Field(min_length=1, max_length=256)
    tier: str = Field("default", min_length=1, max_length=64)
    key: str | None = Field(None, min_length=8, max_length=512)
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    reason: str = REASON
    actor: str = ACTOR


class ReasonBody(_Body):
    reason: str = REASON
    actor: str = ACTOR


def routes() -> list[BaseRoute]:
    """Routes relative to the /_distillguard/admin mount."""
    return [
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/policy", policy, methods=["GET"]),
        Route("/policy/reload", policy_reload, methods=["POST"]),
        Route("/overview", overview, methods=["GET"]),
        Route("/allowlist", allowlist, methods=["GET"]),
        Route("/keys", keys, methods=["GET"]),
        Route("/keys", key_add, methods=["POST"]),
        Route("/keys/{key_id}/revoke", key_revoke, methods=["POST"]),
        Route(
            f"/accounts/{{account:{ACCOUNT_CONVERTOR}}}/actions", account_action, methods=["POST"]
        ),
        Route(f"/accounts/{{account:{ACCOUNT_CONVERTOR}}}", account, methods=["GET"]),
    ]


API_HEADERS = {"cache-control": "no-store", "x-content-type-options": "nosniff"}
"""On every admin answer: account reports and audit trails must not sit in a shared cache."""


def error(status: int, message: str, kind: str) -> JSONResponse:
    headers = {**API_HEADERS, "www-authenticate": "Bearer"} if status == 401 else API_HEADERS
    return JSONResponse({"error": {"message": message, "type": kind}}, status, headers=headers)


_KINDS = {401: "unauthorized", 404: "not_found", 409: "conflict", 422: "invalid_request"}


def _service(request: Request) -> ReviewService | JSONResponse:
    review: Review = request.app.state.review
    if review.auth is None or not review.auth.request_ok(request.headers):
        return error(401, "the admin token is missing or wrong", "unauthorized")
    return review.service


async def _body(request: Request, model: type[_Body]) -> Any:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        return error(422, f"body larger than {MAX_BODY_BYTES} bytes", "invalid_request")
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        return error(422, problems, "invalid_request")


async def _call(request: Request, model: type[_Body] | None, run: Any) -> Response:
    """Auth, parse, run; ReviewError and StoreError become JSON errors."""
    svc = _service(request)
    if isinstance(svc, JSONResponse):
        return svc
    body = None
    if model is not None:
        body = await _body(request, model)
        if isinstance(body, JSONResponse):
            return body
    try:
        result: Response = await run(svc, body)
    except ReviewError as exc:
        return error(exc.status, str(exc), _KINDS.get(exc.status, "invalid_request"))
    except StoreError as exc:
        return error(503, f"store unavailable: {exc}", "store_unavailable")
    return result


class _JSON(JSONResponse):
    # default=str: timestamps and paths are already strings; anything else is a bug to show.
    def render(self, content: Any) -> bytes:
        try:
            return _dumps(content)
        except ValueError:
            # NaN or Infinity read back from the log (the writer's json allows them): JSON
            # has no such numbers, so they show as null rather than failing the whole call.
            return _dumps(_finite(content))


def _dumps(content: Any) -> bytes:
    return json.dumps(
        content, default=str, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _json(data: Any, status: int = 200) -> JSONResponse:
    return _JSON(data, status, headers=API_HEADERS)


async def openapi(request: Request) -> Response:
    return await _call(request, None, lambda svc, _: _ok(schema()))


async def _ok(data: Any, status: int = 200) -> Response:
    return _json(data, status)


async def policy(request: Request) -> Response:
    return await _call(request, None, lambda svc, _: _ok(svc.policy_status()))


async def policy_reload(request: Request) -> Response:
    async def run(svc: ReviewService, _: None) -> Response:
        ok = await asyncio.to_thread(svc.runtime.policies.reload)
        return _json({"reloaded": ok, "policy": svc.policy_status()})

    return await _call(request, None, run)


async def overview(request: Request) -> Response:
    async def run(svc: ReviewService, _: None) -> Response:
        return _json(await svc.overview())

    return await _call(request, None, run)


async def allowlist(request: Request) -> Response:
    async def run(svc: ReviewService, _: None) -> Response:
        return _json({"accounts": sorted(svc.allowlist.accounts)})

    return await _call(request, None, run)


async def keys(request: Request) -> Response:
    async def run(svc: ReviewService, _: None) -> Response:
        return _json({"keys": await svc.keys()})

    return await _call(request, None, run)


async def key_add(request: Request) -> Response:
    async def run(svc: ReviewService, body: KeyAddBody) -> Response:
        if (body.key is None) == (body.sha256 is None):
            raise ReviewError("give exactly one of `key` (raw, hashed at once) or `sha256`")
        row = await svc.add_key(
            body.account, body.tier, body.reason, body.actor, raw_key=body.key, sha256=body.sha256
        )
        return _json({"key": row}, 201)

    return await _call(request, KeyAddBody, run)


async def key_revoke(request: Request) -> Response:
    async def run(svc: ReviewService, body: ReasonBody) -> Response:
        key_id = request.path_params["key_id"]
        return _json({"key": await svc.revoke_key(key_id, body.reason, body.actor)})

    return await _call(request, ReasonBody, run)


async def account(request: Request) -> Response:
    async def run(svc: ReviewService, _: None) -> Response:
        return _json(await svc.account(request.path_params["account"]))

    return await _call(request, None, run)


async def account_action(request: Request) -> Response:
    async def run(svc: ReviewService, body: ActionBody) -> Response:
        name = request.path_params["account"]
        record = await svc.act(name, body.action, body.reason, body.actor)
        return _json({"record": record, "allowlisted": name in svc.allowlist})

    return await _call(request, ActionBody, run)
