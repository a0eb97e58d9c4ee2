"""Receiving a request: its id, its body within a limit, and its JSON, or a clean 4xx."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

from starlette.requests import ClientDisconnect, Request

from gateway.errors import BadRequest, BodyTooLarge, UnsupportedEncoding
from gateway.identity import ClientAddress

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def decoded_headers(request: Request) -> list[tuple[str, str]]:
    """Every request header decoded once, in order, repeats kept (what is forwarded)."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in request.scope["headers"]
    ]


def header_lookup(headers: list[tuple[str, str]]) -> dict[str, str]:
    """Headers by (lowercase) name, the first of a repeated one winning, as in Starlette's
    `request.headers`. Its `get` scans every header per call and raises a KeyError inside
    for an absent one; a request asks for several absent ones."""
    return dict(reversed(headers))


def request_id_for(address: ClientAddress, peer: str | None, headers: Mapping[str, str]) -> str:
    """A trusted proxy's `x-request-id` (so records join the load balancer's logs), else ours."""
    inbound = headers.get("x-request-id", "")
    if inbound and _REQUEST_ID.fullmatch(inbound) and address.trusts(peer):
        return inbound
    return "r-" + os.urandom(10).hex()  # as random as uuid4, without building a UUID


async def read_body(request: Request, headers: Mapping[str, str], limit: int) -> bytes:
    if headers.get("content-encoding", "identity").strip().lower() not in ("identity", ""):
        # Read as JSON it would be a confusing "not valid UTF-8"; say what is wrong.
        raise UnsupportedEncoding(headers["content-encoding"])
    declared = headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BadRequest("Invalid Content-Length header.")
        if int(declared) > limit:
            raise BodyTooLarge(f"declared {declared} bytes")
    chunks = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(f"more than {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise BadRequest("The client disconnected while sending the request.") from exc
    return b"".join(chunks)


def parse_json(raw: bytes) -> Any:
    try:
        body = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise BadRequest("The request body is not valid UTF-8.") from exc
    except ValueError as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise BadRequest("The request body is nested too deeply.") from exc
    if b"\\ud" in raw or b"\\uD" in raw:
        # A `\ud800` escape decodes to a lone surrogate, which no UTF-8 encoder downstream
        # (tokenizer, fingerprints, the upstream request) accepts: refuse it here, as a 400.
        try:
            json.dumps(body, ensure_ascii=False).encode()
        except UnicodeEncodeError as exc:
            raise BadRequest("The request body contains an unpaired UTF-16 surrogate.") from exc
    return body
