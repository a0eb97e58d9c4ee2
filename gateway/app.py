"""create_app(settings): wiring and lifespan. The request path itself is proxy/handler.py."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import secrets
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from cachetools import TTLCache
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from gateway.enforce.delay import DelayGate
from gateway.gate import Gate
from gateway.identity import ClientAddress, KeyResolver, load_keys_file
from gateway.logs.sinks import FileSink, RedisStreamSink, Sink, StdoutSink
from gateway.logs.writer import LogWriter
from gateway.metrics import Metrics
from gateway.policy.reload import PolicyHolder
from gateway.proxy.apis import error_body
from gateway.proxy.front import PROXY_METHODS, ProxyFront
from gateway.proxy.handler import handle
from gateway.proxy.runtime import Runtime
from gateway.proxy.upstream import make_client
from gateway.review.allowlist import AllowlistCache
from gateway.review.routes import build_review, review_routes
from gateway.settings import Settings
from gateway.signals.engine import SignalEngine
from gateway.signals.state import open_signal_backend
from gateway.sim.capture import TrafficCapture
from gateway.store import open_store
from gateway.store.base import UsageStore
from gateway.tokens import DEFAULT_MODEL_ENCODINGS, TokenCounter

log = logging.getLogger("distillguard")

REGISTRY_CACHE_ENTRIES = 100_000


def create_app(
    settings: Settings,
    *,
    store: UsageStore | None = None,
    clock: Callable[[], float] = time.time,
    freeze_startup_heap: bool = False,
) -> Starlette:
    """The gateway app; `store` and `clock` are injectable for tests.

    `freeze_startup_heap` (what `distillguard serve` asks for): once started, move every
    object alive (encoders, compiled policies, the runtime) out of the garbage
    collector's generations with `gc.freeze()`, so that collections triggered by request
    garbage stop traversing them: 6% of a request's CPU at c=64 (bench/quick.py, 705 ->
    661 µs). Not for tests, which build many apps in one process: what a freeze keeps is
    never collected.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runtime = await build_runtime(settings, store=store, clock=clock)
        app.state.runtime = runtime
        review = app.state.review = build_review(settings, runtime)
        await review.start()
        if freeze_startup_heap:
            gc.collect()
            gc.freeze()
        watcher = None
        if settings.policies.reload_interval_s > 0:
            watcher = asyncio.create_task(
                runtime.policies.watch(settings.policies.reload_interval_s)
            )
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            await review.stop()
            await close_runtime(runtime)

    routes = [
        Route("/_distillguard/health", health, methods=["GET"]),
        Route("/_distillguard/metrics", metrics, methods=["GET"]),
        *review_routes(settings),
        # ProxyFront takes these first; the route answers what it does not (e.g. OPTIONS: 405).
        Route("/v1/{rest:path}", handle, methods=sorted(PROXY_METHODS)),
    ]
    return _Gateway(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: not_found, 405: not_allowed},
    )


class _Gateway(Starlette):
    """Starlette with the proxied paths taken in front of its middleware (proxy/front.py)."""

    def build_middleware_stack(self) -> ASGIApp:
        return ProxyFront(super().build_middleware_stack(), self, handle)


async def build_runtime(
    settings: Settings,
    *,
    store: UsageStore | None = None,
    clock: Callable[[], float] = time.time,
) -> Runtime:
    metrics = Metrics()
    own_store = store or open_store(
        settings.store.url, prefix=settings.store.prefix, timeout_s=settings.store.timeout_s
    )
    policies = PolicyHolder([settings.policies.path])
    metrics.watch_policy_reloads(policies)
    signal_engine = (
        SignalEngine(
            open_signal_backend(
                settings.store.url,
                prefix=settings.store.prefix,
                timeout_s=settings.store.timeout_s,
                store=own_store,
            )
        )
        if settings.signals.enabled
        else None
    )
    file_keys = load_keys_file(settings.keys.file) if settings.keys.file else {}
    salt = (
        settings.keys.passthrough_salt.get_secret_value().encode()
        if settings.keys.passthrough
        else None
    )
    resolver = KeyResolver(
        file_keys=file_keys,
        store=own_store if settings.keys.registry else None,
        passthrough_salt=salt,
        # Reviewers' allowlist, refreshed in the background (started in the lifespan).
        allowlist=AllowlistCache(own_store),
        registry_cache=(
            TTLCache(maxsize=REGISTRY_CACHE_ENTRIES, ttl=settings.keys.registry_cache_s)
            if settings.keys.registry_cache_s > 0
            else None
        ),
    )
    tokens = TokenCounter(
        {**DEFAULT_MODEL_ENCODINGS, **settings.tokens.encodings},
        default_encoding=settings.tokens.default_encoding,
        cache_entries=settings.tokens.cache_entries,
    )
    tokens.load()
    writer = LogWriter(_sinks(settings), queue_size=settings.log.queue_size)
    metrics.watch_log_writer(writer)
    await writer.start()
    secret = settings.security.challenge_secret
    runtime = Runtime(
        settings=settings,
        client=make_client(settings.upstream),
        store=own_store,
        policies=policies,
        gate=Gate(
            own_store,
            policies,
            signal_engine,
            settings.store.failure_mode,
            on_store_error=lambda operation: metrics.store_errors.labels(operation).inc(),
        ),
        resolver=resolver,
        address=ClientAddress(settings.security.trusted_proxies),
        tokens=tokens,
        log_writer=writer,
        metrics=metrics,
        delay_gate=DelayGate(settings.security.max_held_requests),
        challenge_secret=secret.get_secret_value().encode() if secret else secrets.token_bytes(32),
        capture=_capture(settings),
        clock=clock,
    )
    log.info(
        "distillguard ready: upstream %s, store %s, policy %s (pid %d)",
        settings.upstream.url,
        settings.store.url.split("@")[-1],
        policies.policy.version,
        os.getpid(),
    )
    return runtime


async def close_runtime(runtime: Runtime) -> None:
    if runtime.capture is not None:
        runtime.capture.close()
    await runtime.client.aclose()
    await runtime.log_writer.close()
    await runtime.store.close()


def _capture(settings: Settings) -> TrafficCapture | None:
    capture = settings.capture
    if capture.file is None or capture.sample_rate <= 0:
        return None
    return TrafficCapture(capture.file, capture.sample_rate, salt=capture.salt.get_secret_value())


def _sinks(settings: Settings) -> list[Sink]:
    sinks: list[Sink] = []
    if settings.log.file is not None:
        sinks.append(
            FileSink(
                settings.log.file,
                max_bytes=settings.log.max_bytes,
                max_age_s=settings.log.max_age_s,
                keep=settings.log.keep,
            )
        )
    if settings.log.stdout:
        sinks.append(StdoutSink())
    if settings.log.redis_stream and settings.store.url.startswith("redis"):
        sinks.append(RedisStreamSink(settings.store.url, stream=settings.log.redis_stream))
    return sinks


async def health(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    store_ok = await runtime.store.ping()
    body: dict[str, Any] = {
        "status": "ok",
        "store": "ok" if store_ok else "unreachable",
        "policy_version": runtime.policies.policy.version,
        "log_dropped": runtime.log_writer.dropped,
    }
    # Serving even when the store is down (fail-open) is still serving.
    return JSONResponse(body, status_code=200)


async def metrics(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)


async def not_found(request: Request, exc: Exception) -> Response:
    return Response(
        error_body("openai", 404, f"No route for {request.url.path}.", "not_found"),
        status_code=404,
        media_type="application/json",
    )


async def not_allowed(request: Request, exc: Exception) -> Response:
    return Response(
        error_body("openai", 405, f"Method {request.method} not allowed.", "method_not_allowed"),
        status_code=405,
        media_type="application/json",
    )
