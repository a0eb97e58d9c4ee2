"""Prometheus metrics. Labels are bounded sets (action, rule, mode, model family, api):
never account ids or keys, whose cardinality would grow without bound."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
_MODEL_LABEL_LIMIT = 64


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "distillguard_requests",
            "Requests by final action, rule, mode and model.",
            ["action", "rule", "mode", "model", "status_class"],
            registry=r,
        )
        self.tokens = Counter(
            "distillguard_tokens",
            "Tokens served, by kind (prompt/completion), action, rule, mode and model.",
            ["kind", "action", "rule", "mode", "model"],
            registry=r,
        )
        self.rule_hits = Counter(
            "distillguard_rule_hits",
            "Rules that matched, shadow ones included.",
            ["rule", "action", "mode"],
            registry=r,
        )
        self.upstream_latency = Histogram(
            "distillguard_upstream_latency_seconds",
            "Time from forwarding to the upstream's response headers.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.ttft = Histogram(
            "distillguard_time_to_first_token_seconds",
            "Time from receiving the request to relaying the first stream chunk.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.upstream_errors = Counter(
            "distillguard_upstream_errors", "Upstream failures by kind.", ["kind"], registry=r
        )
        self.store_errors = Counter(
            "distillguard_store_errors", "Usage store failures.", ["operation"], registry=r
        )
        self.fail_open = Counter(
            "distillguard_store_fail_open",
            "Requests forwarded without accounting because the store failed.",
            registry=r,
        )
        self.truncations = Counter(
            "distillguard_streams_truncated",
            "Outputs ended early by the gateway, by reason.",
            ["reason"],
            registry=r,
        )
        self.token_drift = Histogram(
            "distillguard_token_count_drift",
            "Gateway's own completion count minus the upstream's reported figure.",
            buckets=(-100, -10, -3, -1, 0, 1, 3, 10, 100),
            registry=r,
        )
        self.in_flight = Gauge(
            "distillguard_in_flight_requests", "Requests being processed.", registry=r
        )
        self._models: set[str] = set()
        self._served: dict[tuple[str, ...], _Served] = {}

    def watch_policy_reloads(self, holder: _ReloadCounts) -> None:
        self.registry.register(_PolicyCollector(holder))

    def watch_log_writer(self, writer: _WriterCounts) -> None:
        self.registry.register(_WriterCollector(writer))

    def served(self, action: str, rule: str, mode: str, model: str, status_class: str) -> _Served:
        """The request and token counters of one label set, looked up once per set: labels()
        validates and locks on every call, a dict lookup does not. Bounded like the labels."""
        key = (action, rule, mode, model, status_class)
        served = self._served.get(key)
        if served is None:
            served = self._served[key] = _Served(
                self.requests.labels(*key),
                self.tokens.labels("prompt", action, rule, mode, model),
                self.tokens.labels("completion", action, rule, mode, model),
            )
        return served

    def model_label(self, model: str) -> str:
        """Bound the model label: a client can send any string as `model`."""
        if model in self._models:
            return model
        if len(self._models) < _MODEL_LABEL_LIMIT and len(model) <= 64:
            self._models.add(model)
            return model
        return "other"


class _Served(NamedTuple):
    requests: Counter
    prompt_tokens: Counter
    completion_tokens: Counter


class _PolicyErrors(Protocol):
    @property
    def runtime_errors(self) -> Mapping[str, int]: ...


class _ReloadCounts(Protocol):
    reloads_ok: int
    reloads_refused: int

    @property
    def version(self) -> str: ...

    @property
    def policy(self) -> _PolicyErrors: ...


class _PolicyCollector(Collector):
    """Reads the policy holder's own counters at scrape time: one source of truth."""

    def __init__(self, holder: _ReloadCounts) -> None:
        self._holder = holder

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        reloads = CounterMetricFamily(
            "distillguard_policy_reloads", "Policy reloads by result.", labels=["result"]
        )
        reloads.add_metric(["ok"], self._holder.reloads_ok)
        reloads.add_metric(["refused"], self._holder.reloads_refused)
        yield reloads
        info = GaugeMetricFamily(
            "distillguard_policy_info", "The policy version in force.", labels=["version"]
        )
        info.add_metric([self._holder.version], 1)
        yield info
        # A rule whose expression fails at request time counts as not matched; this is
        # where an operator sees it (labels: rule ids, bounded by the policy).
        errors = CounterMetricFamily(
            "distillguard_policy_rule_errors",
            "Rule evaluations that failed at request time (treated as not matched).",
            labels=["rule"],
        )
        for rule, count in sorted(self._holder.policy.runtime_errors.items()):
            errors.add_metric([rule], count)
        yield errors


class _WriterCounts(Protocol):
    written: int
    dropped: int


class _WriterCollector(Collector):
    def __init__(self, writer: _WriterCounts) -> None:
        self._writer = writer

    def collect(self) -> Iterator[CounterMetricFamily]:
        records = CounterMetricFamily(
            "distillguard_log_records",
            "Enforcement log records written, or dropped because the queue was full.",
            labels=["result"],
        )
        records.add_metric(["written"], self._writer.written)
        records.add_metric(["dropped"], self._writer.dropped)
        yield records
