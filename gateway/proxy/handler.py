"""The request path, top to bottom.

receive -> identify the account -> count the prompt -> decide -> forward or refuse
-> relay and count the completion -> settle usage -> log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Mapping
from typing import TypeVar

import httpx
from starlette.requests import Request
from starlette.responses import Response

from gateway.decision import Action, Decision
from gateway.enforce.degrade_request import degrade_request
from gateway.enforce.degrade_response import ResponseDegrader
from gateway.errors import (
    BadRequest,
    ClientError,
    DistillguardError,
    StoreError,
    UpstreamError,
)
from gateway.facts import ApiKind, empty_usage
from gateway.gate import Admission
from gateway.identity import extract_key
from gateway.proxy.apis import TOKEN_PATHS, api_for_path
from gateway.proxy.challenge_flow import settle_challenge
from gateway.proxy.client_watch import ClientWatch
from gateway.proxy.inbound import (
    decoded_headers,
    header_lookup,
    parse_json,
    read_body,
    request_id_for,
)
from gateway.proxy.relay import RelayResponse, Tally, read_whole, relay_stream
from gateway.proxy.responses import (
    H_DEGRADED,
    error_response,
    exception_response,
    gateway_headers,
    retry_after_header,
)
from gateway.proxy.runtime import Runtime
from gateway.proxy.upstream import request_headers, response_headers, translate, upstream_url
from gateway.record import Outcome, build_record
from gateway.request_facts import build_facts

_T = TypeVar("_T")


async def handle(request: Request) -> Response:
    rt: Runtime = request.app.state.runtime
    started = time.perf_counter()
    now = rt.clock()
    forwarded = decoded_headers(request)
    headers = header_lookup(forwarded)
    peer = request.client.host if request.client else None
    request_id = request_id_for(rt.address, peer, headers)
    # As request.url.path has it, without building the whole URL: a decoded "?" or "#"
    # stays escaped, so it cannot turn into a query or fragment on the way upstream.
    path: str = request.scope["path"]
    path = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    api = api_for_path(path)
    rt.metrics.in_flight.inc()
    try:
        return await _handle(
            rt, request, forwarded, headers, peer, request_id, api, path, started, now
        )
    except ClientError as exc:
        return exception_response(api, exc, request_id)
    except StoreError as exc:
        rt.metrics.store_errors.labels("reserve").inc()
        return exception_response(api, exc, request_id)
    finally:
        rt.metrics.in_flight.dec()


async def _handle(
    rt: Runtime,
    request: Request,
    forwarded: list[tuple[str, str]],
    headers: Mapping[str, str],
    peer: str | None,
    request_id: str,
    api: ApiKind,
    path: str,
    started: float,
    now: float,
) -> Response:
    # Identify first: an unknown caller gets nothing else from us, not even body parsing.
    account = await rt.resolver.resolve(extract_key(headers))
    client_ip = rt.address.of(peer, headers)
    url = _upstream_url(rt, path, request.scope["query_string"])
    raw = await read_body(request, headers, rt.settings.security.max_body_bytes)
    body = parse_json(raw) if raw else {}
    counted = path.startswith(TOKEN_PATHS) and request.method == "POST"
    prompt_tokens = rt.tokens.count_prompt(api, path, body) if counted else 0
    facts = build_facts(
        request_id=request_id,
        api=api,
        path=path,
        body=body if counted else {},
        prompt_tokens=prompt_tokens,
        client_ip=client_ip,
    )

    try:
        admission = await rt.gate.admit(account, facts, now)
    except StoreError as exc:
        # Failing closed refuses the request, but it was accepted: it still gets its record.
        rt.metrics.store_errors.labels("reserve").inc()
        refused = Admission(
            account=account,
            facts=facts,
            decision=Decision(policy_version=rt.policies.policy.version),
            reservation=None,
            usage=empty_usage(),
            store_status="fail-closed",
            errors=[f"store: {exc}"],
        )
        _write_log(rt, refused, request.method, exc.status, Tally(), started, [])
        return exception_response(api, exc, request_id)
    decision = admission.decision
    if admission.store_status == "fail-open":
        rt.metrics.fail_open.inc()

    extra_headers: list[tuple[str, str]] = []
    challenge_text = ""
    if decision.action is Action.CHALLENGE and decision.mode == "enforce":
        extra_headers, challenge_text = await settle_challenge(rt, admission, headers, now)
    if decision.action is Action.THROTTLE and not admission.refused and decision.throttle:
        delay = min(
            decision.retry_after or decision.throttle.max_delay_s, decision.throttle.max_delay_s
        )
        if not await rt.delay_gate.hold(delay):
            # Too many requests already held: holding more would let a flood exhaust us.
            admission.held_back = True
            return await _refuse(
                rt,
                admission,
                api,
                429,
                "Too many requests held; retry later.",
                "rate_limit_exceeded",
                started,
            )
    if admission.refused:
        return await _refuse_for(rt, admission, api, started, extra_headers, challenge_text)

    degraded: list[str] = []
    if decision.degrade is not None and counted:
        body, degraded = degrade_request(
            api, path, body, decision.degrade, rt.settings.model_aliases
        )
        raw = json.dumps(body, separators=(",", ":")).encode()

    upstream_key = rt.settings.upstream.api_key
    upstream_headers = request_headers(
        forwarded,
        api,
        upstream_key.get_secret_value() if upstream_key else None,
        client_ip,
    )
    sent_at = time.perf_counter()
    try:
        upstream = await rt.client.open(request.method, url, upstream_headers, raw)
    except httpx.HTTPError as exc:
        error = translate(exc)
        rt.metrics.upstream_errors.labels(type(error).__name__).inc()
        await rt.gate.settle(admission, 0, None, rt.clock(), prompt_tokens=0)
        tally = Tally(error=str(error))
        _write_log(rt, admission, request.method, error.status, tally, started, degraded)
        return error_response(
            api, error.status, error.public, error.code, gateway_headers(admission)
        )
    rt.metrics.upstream_latency.observe(time.perf_counter() - sent_at)

    ours = [*gateway_headers(admission), *extra_headers]
    if degraded or (decision.degrade is not None):
        ours.append((H_DEGRADED, ",".join(decision.degrade.as_dict()) if decision.degrade else "1"))
    out_headers = response_headers(upstream.headers, ours)
    counter = rt.tokens.stream_counter(facts.model)
    degrader = ResponseDegrader(api, path, decision.degrade) if decision.degrade else None
    if degrader is not None and not degrader.active:
        degrader = None
    status = upstream.status_code  # what the client gets; a broken body turns it into a 502

    async def finish(tally: Tally) -> None:
        tally.degraded = degraded
        # Prompt tokens are booked only when the client got a success, as the log says.
        await rt.gate.settle(
            admission,
            tally.upstream_completion
            if tally.upstream_completion is not None
            else tally.completion_tokens,
            tally.finish_reason,
            rt.clock(),
            prompt_tokens=(
                tally.upstream_prompt if tally.upstream_prompt is not None else facts.prompt_tokens
            )
            if status < 400
            else 0,
            hidden_reasoning_tokens=tally.hidden_reasoning,
        )
        _write_log(rt, admission, request.method, status, tally, started, degraded)

    if "text/event-stream" in upstream.header(b"content-type"):
        cap_reason = (
            "degrade"
            if decision.degrade and decision.degrade.max_tokens == admission.completion_cap
            else "budget"
        )
        stream = relay_stream(
            upstream, api, path, counter, degrader, admission.completion_cap, cap_reason, finish
        )
        return RelayResponse(stream, status_code=status, headers=out_headers)
    try:
        whole = await _unless_client_leaves(
            request, read_whole(upstream, api, path, counter, degrader)
        )
    except (httpx.HTTPError, UpstreamError) as exc:
        error = translate(exc) if isinstance(exc, httpx.HTTPError) else exc
        tally = Tally(error=str(error))
        status = error.status
        await finish(tally)
        return error_response(
            api, error.status, error.public, error.code, gateway_headers(admission)
        )
    if whole is None:
        # The client left before the upstream finished its body (a body that never ends
        # would otherwise hold this task and an upstream connection indefinitely).
        # 499 is nginx's "client closed request"; nobody receives it, the log does.
        status = 499
        await finish(Tally(disconnected=True, error="client disconnected before the response"))
        return Response(status_code=499)
    content, tally = whole
    await finish(tally)
    response = Response(content, status_code=status)
    response.raw_headers += out_headers
    return response


def _upstream_url(rt: Runtime, path: str, query: bytes) -> httpx.URL:
    # Before anything is reserved: a path httpx cannot send (a decoded %00) is the
    # client's error, and failing later would leave a reservation and no record.
    try:
        return upstream_url(rt.settings.upstream.url, path, query.decode("latin-1"))
    except httpx.InvalidURL as exc:
        raise BadRequest("The request path contains characters that cannot be forwarded.") from exc


async def _refuse_for(
    rt: Runtime,
    admission: Admission,
    api: ApiKind,
    started: float,
    extra: list[tuple[str, str]],
    challenge_text: str,
) -> Response:
    decision = admission.decision
    if decision.action is Action.BLOCK:
        message = (
            decision.block_message or "This request was refused by the provider's usage policy."
        )
        return await _refuse(rt, admission, api, 403, message, "policy_violation", started)
    if decision.action is Action.CHALLENGE:
        return await _refuse(
            rt, admission, api, 428, challenge_text, "challenge_required", started, extra
        )
    message = "Rate limit exceeded for this account; retry after the indicated time."
    return await _refuse(
        rt,
        admission,
        api,
        429,
        message,
        "rate_limit_exceeded",
        started,
        [retry_after_header(decision.retry_after)],
    )


async def _refuse(
    rt: Runtime,
    admission: Admission,
    api: ApiKind,
    status: int,
    message: str,
    code: str,
    started: float,
    extra: list[tuple[str, str]] | None = None,
) -> Response:
    await rt.gate.settle(admission, 0, None, rt.clock(), prompt_tokens=0)
    _write_log(rt, admission, "POST", status, Tally(), started, [])
    headers = [*gateway_headers(admission), *(extra or [])]
    if status == 429 and not any(name == "retry-after" for name, _ in headers):
        headers.append(retry_after_header(admission.decision.retry_after))
    return error_response(api, status, message, code, headers)


def _write_log(
    rt: Runtime,
    admission: Admission,
    method: str,
    status: int,
    tally: Tally,
    started: float,
    degraded: list[str],
) -> None:
    end = time.perf_counter()
    served = not admission.refused and status < 400
    outcome = Outcome(
        status=status,
        prompt_tokens=admission.facts.prompt_tokens if served else 0,
        completion_tokens=tally.completion_tokens,
        upstream_prompt_tokens=tally.upstream_prompt,
        upstream_completion_tokens=tally.upstream_completion,
        finish_reason=tally.finish_reason,
        latency_ms=(end - started) * 1000,
        ttft_ms=(tally.first_chunk_at - started) * 1000 if tally.first_chunk_at else None,
        disconnected=tally.disconnected,
        degraded=degraded,
        error=tally.error,
        truncated=tally.truncated,
        hidden_reasoning_tokens=tally.hidden_reasoning,
    )
    now = rt.clock()
    record = build_record(admission, outcome, now, method=method, **rt.explain(admission))
    rt.observe(record, tally)
    rt.log_writer.write(record)
    if rt.capture is not None and served:
        # Only what reached the upstream has an answer a replay can serve again.
        facts = admission.facts
        rt.capture.offer(
            request_id=facts.request_id,
            ts=now - (end - started),
            now=now,
            account=admission.account.id,
            api_key_id=admission.account.key_id,
            client_ip=facts.client_ip,
            path=facts.path,
            body=facts.body,
            status=status,
            prompt_tokens=record["prompt_tokens"],
            completion_tokens=record["completion_tokens"],
            finish_reason=outcome.finish_reason,
            tier=admission.account.tier,
            hidden_reasoning_tokens=outcome.hidden_reasoning_tokens,
        )


async def _unless_client_leaves(request: Request, work: Awaitable[_T]) -> _T | None:
    """`work`'s result, or None (work cancelled) once the client has disconnected."""
    result: _T | None = None
    # One watcher task that cancels this one (client_watch.py): no second task for `work`.
    async with ClientWatch(request.receive) as watch:
        result = await work
    return None if watch.gone else result


__all__ = ["DistillguardError", "handle"]
