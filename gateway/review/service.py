"""What a reviewer can see and do, shared by the dashboard and the admin JSON API.

Reads come from the usage store, the signal backend and the enforcement log (LogCache);
writes are the appeal actions and key management. Each successful action writes one
`action: "admin"` record to the enforcement log, with its reason and actor, so
`distillguard logs explain ACCOUNT` shows the trail. A failed action (store down)
writes nothing and raises StoreError.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, Literal

from prometheus_client import Counter
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from gateway.errors import StoreError
from gateway.identity import hash_key, key_id_for
from gateway.proxy.runtime import Runtime
from gateway.record import iso
from gateway.review.allowlist import AllowlistCache
from gateway.review.logcache import LogCache
from gateway.signals import score
from gateway.signals.engine import SignalEngine
from gateway.signals.state import SignalBackend
from gateway.store.base import KeyRecord

AccountAction = Literal["allowlist", "unallowlist", "unblock", "reset_score"]
ACCOUNT_ACTIONS: tuple[AccountAction, ...] = ("allowlist", "unallowlist", "unblock", "reset_score")
MAX_REASON = 500
MAX_ACCOUNT = 256
WRITE_WAIT_S = 1.0


class ReviewError(ValueError):
    """A reviewer's request that cannot be carried out as asked (shown to them as is)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


class ReviewService:
    def __init__(self, runtime: Runtime, allowlist: AllowlistCache, logs: LogCache | None) -> None:
        self.runtime = runtime
        self.allowlist = allowlist
        self.logs = logs
        signals = runtime.gate.signals
        self.signals: SignalBackend | None = (
            signals.backend if isinstance(signals, SignalEngine) else None
        )
        self._written_target = 0
        self.actions = Counter(
            "distillguard_admin_actions",
            "Reviewer actions carried out (dashboard or admin API).",
            ["action"],
            registry=runtime.metrics.registry,
        )
        runtime.metrics.registry.register(_AllowlistCollector(allowlist))

    def now(self) -> float:
        return self.runtime.clock()

    async def overview(self) -> dict[str, Any]:
        rt = self.runtime
        holder = rt.policies
        data: dict[str, Any] = {
            "policy": self.policy_status(),
            "store": {"ok": await rt.store.ping(), "url": _redact(rt.settings.store.url)},
            "log": {
                "file": str(rt.settings.log.file) if rt.settings.log.file else None,
                "written": rt.log_writer.written,
                "dropped": rt.log_writer.dropped,
            },
            "allowlist": {"accounts": len(self.allowlist), "error": self.allowlist.last_error},
            "upstream": {"url": _redact(rt.settings.upstream.url)},
            "exempt_accounts": len(holder.policy.exempt_accounts),
        }
        if self.logs is None:
            return data
        await self.logs.refresh()
        d = self.logs.digest
        data["upstream"].update(d.upstream())
        data["log"].update(
            records=d.records,
            admin_records=d.admin_records,
            first_ts=iso(d.first) if d.first is not None else None,
            last_ts=iso(d.last) if d.last is not None else None,
            fail_open=d.fail_open,
            skipped_files=self.logs.skipped_files,
        )
        data["actions"] = dict(d.actions.most_common())
        data["series"] = d.series()
        data["top_accounts"] = d.top_accounts()
        for row in data["top_accounts"]:
            row["allowlisted"] = row["account"] in self.allowlist
        data["rules"] = d.rules()
        data["shadow_impact"] = d.shadow_impact()
        return data

    def policy_status(self) -> dict[str, Any]:
        holder = self.runtime.policies
        return {
            "version": holder.version,
            "files": [str(p) for p in holder.paths],
            "reloads_ok": holder.reloads_ok,
            "reloads_refused": holder.reloads_refused,
            "last_error": str(holder.last_error) if holder.last_error else None,
        }

    async def account(self, account: str) -> dict[str, Any]:
        """Live usage and signals from the store, history and decisions from the log."""
        check_account(account)
        rt = self.runtime
        now = self.now()
        out: dict[str, Any] = {
            "account": account,
            "allowlisted": account in self.allowlist,
            "policy_exempt": account in rt.policies.policy.exempt_accounts,
            "errors": [],
        }
        tier = None
        if self.logs is not None:
            tl = await self.logs.timeline(account)
            row = self.logs.digest.accounts.get(account)
            tier = row.tier if row else None
            out["log"] = tl.result()
        out["tier"] = tier
        try:
            out["usage"] = await rt.store.usage(account, now)
        except StoreError as exc:
            out["usage"] = None
            out["errors"].append(f"usage: {exc}")
        out["limits"] = [
            asdict(limit) for limit in rt.policies.policy.limits_for(tier or "default")
        ]
        out["signals"], out["campaign"] = None, None
        if self.signals is not None:
            try:
                snap = await self.signals.snapshot(account, now)
                out["campaign"] = await self.signals.campaign_of(account, now)
            except StoreError as exc:
                snap = None
                out["errors"].append(f"signals: {exc}")
            if snap is not None:
                out["signals"] = {
                    **asdict(snap),
                    "account_score": score.score(max(snap.cusum, snap.template_cusum)),
                }
        if out["campaign"] is None and self.logs is not None:
            row = self.logs.digest.accounts.get(account)
            out["campaign"] = row.campaign if row else None
        linked = self.logs.digest.linked(out["campaign"]) if self.logs else []
        out["linked_accounts"] = [a for a in linked if a != account]
        return out

    async def act(
        self, account: str, action: str, reason: str, actor: str = "admin"
    ) -> dict[str, Any]:
        """Carry out one appeal action and log it; returns the log record."""
        reason, actor = _text(reason, "reason"), actor.strip()[:100] or "admin"
        check_account(account)
        if action not in ACCOUNT_ACTIONS:
            raise ReviewError(f"unknown action {action!r}; one of {', '.join(ACCOUNT_ACTIONS)}")
        now = self.now()
        if action in ("allowlist", "unallowlist"):
            await self.allowlist.set(account, action == "allowlist", now)
        elif action == "unblock":
            await self.runtime.store.clear_account(account)
        if action in ("unblock", "reset_score") and self.signals is not None:
            await self.signals.reset(account)
        record = self._audit(account, action, reason, actor, now)
        await self._logged()
        return record

    async def keys(self) -> list[dict[str, Any]]:
        """The store's key registry, by key id: hashes and raw keys are never shown."""
        return [_key_row(r) for r in await self.runtime.store.list_keys()]

    async def add_key(
        self,
        account: str,
        tier: str,
        reason: str,
        actor: str = "admin",
        *,
        raw_key: str | None = None,
        sha256: str | None = None,
    ) -> dict[str, Any]:
        """Register a key given raw (hashed here, never kept) or as its SHA-256."""
        reason = _text(reason, "reason")
        if not account or len(account) > 256 or not tier or len(tier) > 64:
            raise ReviewError("account (1-256 characters) and tier (1-64) are required")
        sha = hash_key(raw_key) if raw_key else sha256
        if not sha:
            raise ReviewError("a key or its sha256 is required")
        if await self.runtime.store.get_key(sha) is not None:
            raise ReviewError("that key is already registered", status=409)
        record = KeyRecord(sha256=sha, account=account, tier=tier, created_ts=self.now())
        await self.runtime.store.put_key(record)
        note = f"key {key_id_for(sha)} tier {tier}"
        self._audit(account, "key_add", reason, actor, self.now(), note=note)
        await self._logged()
        return _key_row(record)

    async def revoke_key(self, key_id: str, reason: str, actor: str = "admin") -> dict[str, Any]:
        reason = _text(reason, "reason")
        matches = [
            r for r in await self.runtime.store.list_keys() if key_id_for(r.sha256) == key_id
        ]
        if not matches:
            raise ReviewError(f"no registered key {key_id}", status=404)
        if len(matches) > 1:
            raise ReviewError(f"{key_id} is ambiguous", status=409)
        old = matches[0]
        record = KeyRecord(old.sha256, old.account, old.tier, old.created_ts, revoked=True)
        await self.runtime.store.put_key(record)
        self.runtime.resolver.forget_key(old.sha256)
        self._audit(old.account, "key_revoke", reason, actor, self.now(), note=f"key {key_id}")
        await self._logged()
        return _key_row(record)

    def _audit(
        self,
        account: str,
        action: str,
        reason: str,
        actor: str,
        now: float,
        note: str | None = None,
    ) -> dict[str, Any]:
        record: dict[str, Any] = {
            "ts": iso(now),
            "ts_epoch": round(now, 3),
            "request_id": "admin-" + secrets.token_hex(6),
            "account": account,
            "action": "admin",
            "admin_action": action,
            "reason": reason,
            "actor": actor,
            "note": note,
            "mode": "enforce",
            "rule": None,
            "hits": [],
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "signals": {},
        }
        writer = self.runtime.log_writer
        writer.write(dict(record))
        self._written_target = writer.written + writer.queued
        self.actions.labels(action).inc()
        return record

    async def _logged(self) -> None:
        """Wait (at most WRITE_WAIT_S) until the last audit record reached the log file, so
        the page shown right after an action already lists it. The queue is FIFO."""
        writer = self.runtime.log_writer
        for _ in range(int(WRITE_WAIT_S / 0.01)):
            if writer.written >= self._written_target:
                break
            await asyncio.sleep(0.01)
        if self.logs is not None:
            await self.logs.refresh(force=True)


class _AllowlistCollector(Collector):
    """Reads the cache's own counters at scrape time."""

    def __init__(self, cache: AllowlistCache) -> None:
        self._cache = cache

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        size = GaugeMetricFamily(
            "distillguard_allowlisted_accounts", "Accounts on the reviewers' allowlist (cached)."
        )
        size.add_metric([], len(self._cache))
        yield size
        refreshes = CounterMetricFamily(
            "distillguard_allowlist_refreshes",
            "Allowlist cache refreshes from the store, by result.",
            labels=["result"],
        )
        refreshes.add_metric(["ok"], self._cache.refreshes_ok)
        refreshes.add_metric(["failed"], self._cache.refreshes_failed)
        yield refreshes


def check_account(account: str) -> None:
    """The id limits the admin API documents, for reads and actions alike, so no page offers
    forms for an id every action would refuse."""
    if not account or len(account) > MAX_ACCOUNT:
        raise ReviewError(
            f"account ids are 1 to {MAX_ACCOUNT} characters; this one has {len(account)}"
        )


def _text(value: str, name: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ReviewError(f"a {name} is required: it is written to the enforcement log")
    return text[:MAX_REASON]


def _key_row(r: KeyRecord) -> dict[str, Any]:
    return {
        "key_id": key_id_for(r.sha256),
        "account": r.account,
        "tier": r.tier,
        "created": iso(r.created_ts),
        "revoked": r.revoked,
    }


def _redact(url: str) -> str:
    """Drop credentials from a URL (redis://user:pass@host): pages never show secrets."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else url
