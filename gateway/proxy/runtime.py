"""Everything the request path needs, built once at startup and shared by all requests."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gateway.enforce.delay import DelayGate
from gateway.gate import Admission, Gate
from gateway.identity import ClientAddress, KeyResolver
from gateway.logs.writer import LogWriter
from gateway.metrics import Metrics
from gateway.policy.reload import PolicyHolder
from gateway.proxy.relay import Tally
from gateway.proxy.transport import UpstreamClient
from gateway.settings import Settings
from gateway.sim.capture import TrafficCapture
from gateway.store.base import UsageStore
from gateway.tokens import TokenCounter


@dataclass
class Runtime:
    settings: Settings
    client: UpstreamClient
    store: UsageStore
    policies: PolicyHolder
    gate: Gate
    resolver: KeyResolver
    address: ClientAddress
    tokens: TokenCounter
    log_writer: LogWriter
    metrics: Metrics
    delay_gate: DelayGate
    challenge_secret: bytes
    capture: TrafficCapture | None = None
    clock: Callable[[], float] = time.time
    started_at: float = field(default_factory=time.time)

    def explain(self, admission: Admission) -> dict[str, Any]:
        signals = self.gate.signals
        top = signals.explain(admission.signals) if signals and admission.signals else []
        return {"top_signals": top, "campaign": admission.campaign}

    def observe(self, record: dict[str, Any], tally: Tally) -> None:
        """Metrics for one finished request (labels stay bounded: no account ids)."""
        m = self.metrics
        served = m.served(
            record["action"],
            record["rule"] or "none",
            record["mode"],
            m.model_label(record["model"] or "none"),
            f"{record['status'] // 100}xx",
        )
        served.requests.inc()
        served.prompt_tokens.inc(record["prompt_tokens"])
        served.completion_tokens.inc(record["completion_tokens"])
        for hit in record["hits"]:
            m.rule_hits.labels(hit["rule"], hit["action"], hit["mode"]).inc()
        if tally.truncated:
            m.truncations.labels(tally.truncated).inc()
        if record["ttft_ms"] is not None and record["stream"]:
            m.ttft.observe(record["ttft_ms"] / 1000)
        drift = record["drift"]
        if drift and drift.get("completion") is not None:
            m.token_drift.observe(drift["completion"])
