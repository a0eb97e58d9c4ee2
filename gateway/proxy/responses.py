"""Responses the gateway writes itself, and the headers it adds to every response."""

from __future__ import annotations

import math

from starlette.responses import Response

from gateway.errors import DistillguardError
from gateway.facts import ApiKind
from gateway.gate import Admission
from gateway.proxy.apis import error_body
from gateway.proxy.transport import raw_headers

H_ACTION = "x-distillguard-action"
H_RULE = "x-distillguard-rule"
H_REQUEST_ID = "x-distillguard-request-id"
H_DEGRADED = "x-distillguard-degraded"


def error_response(
    api: ApiKind,
    status: int,
    message: str,
    code: str | None,
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    response = Response(
        error_body(api, status, message, code), status_code=status, media_type="application/json"
    )
    # Starlette's `headers.append` re-reads the whole list on every call.
    response.raw_headers += raw_headers(headers or [])
    return response


def exception_response(
    api: ApiKind,
    exc: DistillguardError,
    request_id: str,
    extra: list[tuple[str, str]] | None = None,
) -> Response:
    headers = [(H_REQUEST_ID, request_id), (H_ACTION, "allow"), *(extra or [])]
    return error_response(api, exc.status, exc.public, exc.code, headers)


def gateway_headers(admission: Admission, action: str | None = None) -> list[tuple[str, str]]:
    """x-distillguard-* and OpenAI-style x-ratelimit-*-tokens headers for this request."""
    decision = admission.decision
    headers = [
        (H_ACTION, action or admission.action),
        (H_REQUEST_ID, admission.facts.request_id),
    ]
    rule = decision.rule or next((h.rule for h in decision.hits if h.mode == "enforce"), None)
    if rule and headers[0][1] != "allow":
        headers.append((H_RULE, rule))
    reservation = admission.reservation
    if reservation is not None and reservation.limit_tokens is not None:
        headers.append(("x-ratelimit-limit-tokens", str(reservation.limit_tokens)))
        headers.append(
            ("x-ratelimit-remaining-tokens", str(max(0, reservation.remaining_tokens or 0)))
        )
        headers.append(("x-ratelimit-reset-tokens", _duration(reservation.reset_tokens)))
    return headers


def retry_after_header(seconds: float | None) -> tuple[str, str]:
    return ("retry-after", str(max(1, math.ceil(seconds or 1))))


def _duration(seconds: float) -> str:
    """OpenAI's reset format: `1s`, `6m0s`, `1h2m3s`."""
    total = max(0, math.ceil(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"
