"""Fault injection (`x-mock-fault`) and upstream error bodies in each API's own shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from starlette.responses import JSONResponse

Api = Literal["openai", "anthropic"]


class InvalidRequest(ValueError):
    """The request is unusable; answered with a 400 in the API's error shape."""


class FaultSpecError(InvalidRequest):
    """An `x-mock-*` header could not be understood."""


@dataclass(frozen=True, slots=True)
class Fault:
    status: int | None = None
    reset_after: int | None = None  # frames sent before the connection is dropped
    stall_after: int | None = None  # frames sent before the stream goes silent
    malformed_sse: bool = False
    never_end: bool = False
    slow_headers_ms: float = 0.0
    invalid_json: bool = False

    @property
    def breaks_body(self) -> bool:
        return self.reset_after is not None or self.stall_after is not None or self.never_end


_STATUS = re.compile(r"status-(\d{3})")
# -1 stands for "the configured default" and is resolved by the streamer.
RESET_DEFAULT = -1


def parse_fault(spec: str) -> Fault:
    """Parse `status-500`, `stall-after:3`, ... ; several may be joined with commas."""
    fields: dict[str, Any] = {}
    for raw in spec.split(","):
        item = raw.strip().lower()
        if not item:
            continue
        name, _, arg = item.partition(":")
        if match := _STATUS.fullmatch(name):
            status = int(match.group(1))
            if not 400 <= status <= 599:
                raise FaultSpecError(f"x-mock-fault: {item!r} is not an error status")
            fields["status"] = status
        elif name == "reset-mid-stream":
            fields["reset_after"] = _count(item, arg) if arg else RESET_DEFAULT
        elif name == "stall-after":
            fields["stall_after"] = _count(item, arg)
        elif name == "slow-headers":
            fields["slow_headers_ms"] = float(_count(item, arg))
        elif name == "malformed-sse" and not arg:
            fields["malformed_sse"] = True
        elif name == "never-end" and not arg:
            fields["never_end"] = True
        elif name == "invalid-json" and not arg:
            fields["invalid_json"] = True
        else:
            raise FaultSpecError(f"x-mock-fault: unknown fault {item!r}")
    return Fault(**fields)


def _count(item: str, arg: str) -> int:
    if not arg.isdigit():
        raise FaultSpecError(f"x-mock-fault: {item!r} needs a non-negative integer argument")
    return int(arg)


_OPENAI_KINDS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "The request was invalid."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory", "Forbidden."),
    404: ("invalid_request_error", "unknown_url", "Unknown request URL."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The engine is currently overloaded, please try again later."),
}
_ANTHROPIC_KINDS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "The request was invalid."),
    401: ("authentication_error", "invalid x-api-key"),
    403: ("permission_error", "Your API key does not have permission to use this resource."),
    404: ("not_found_error", "Not found."),
    413: ("request_too_large", "Request exceeds the maximum allowed number of bytes."),
    429: ("rate_limit_error", "Number of request tokens has exceeded your rate limit."),
    500: ("api_error", "Internal server error."),
    529: ("overloaded_error", "Overloaded"),
}


def error_body(api: Api, status: int, message: str | None = None) -> dict[str, Any]:
    """The JSON the real API sends with `status`; `message` overrides the stock text."""
    if api == "anthropic":
        kind, text = _ANTHROPIC_KINDS.get(
            status, ("api_error" if status >= 500 else "invalid_request_error", "Error.")
        )
        return {"type": "error", "error": {"type": kind, "message": message or text}}
    kind, code, text = _OPENAI_KINDS.get(
        status, ("server_error" if status >= 500 else "invalid_request_error", None, "Error.")
    )
    return {"error": {"message": message or text, "type": kind, "param": None, "code": code}}


def error_response(api: Api, status: int, message: str | None = None) -> JSONResponse:
    headers = {"retry-after": "1"} if status in (429, 503, 529) else None
    return JSONResponse(error_body(api, status, message), status_code=status, headers=headers)
