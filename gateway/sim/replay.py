"""Backtest policies on recorded traffic with the live gateway's own engine.

Each traffic record goes through the same `Gate` (reserve, signals, decide, settle)
as a live request, with the record's `ts` as the clock, against the in-memory store;
one decision record per input record comes out, in the enforcement-log format.
The upstream's answer is taken from the record: a refused request serves nothing,
a degraded one serves at most its cap.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from gateway.errors import ClientError, ConfigError
from gateway.facts import Account
from gateway.gate import Admission, Gate
from gateway.policy.reload import PolicyHolder
from gateway.proxy.apis import api_for_path
from gateway.record import Outcome, build_record
from gateway.request_facts import build_facts
from gateway.signals.engine import SignalEngine
from gateway.signals.state import open_signal_backend
from gateway.store.memory import MemoryStore
from gateway.tokens import TokenCounter

REFUSAL_STATUS = {"block": 403, "challenge": 428, "throttle": 429}
PROGRESS_EVERY = 1000
"""Records between progress callbacks: a progress bar per record costs more than a decision."""
# The same compact JSON as json.dumps(separators=(",", ":")); records are fresh dicts
# without cycles, and skipping the circular check saves a quarter of the encoding.
_encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


@dataclass(slots=True)
class ReplayStats:
    records: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


class Replayer:
    def __init__(self, policies: str | Path) -> None:
        self.store = MemoryStore()
        self.signals = SignalEngine(open_signal_backend("memory"))
        self.policies = PolicyHolder([policies])
        self.gate = Gate(self.store, self.policies, self.signals, "open")
        self.tokens = TokenCounter()

    async def decide_record(self, rec: dict[str, Any]) -> dict[str, Any]:
        """The decision record for one traffic record (raises ClientError on a bad one)."""
        ts = float(rec["ts"])
        path = str(rec.get("path", "/v1/chat/completions"))
        api = api_for_path(path)
        body = rec.get("request") or {}
        response = rec.get("response") or {}
        usage = response.get("usage") or {}
        prompt = usage.get("prompt_tokens")
        if not isinstance(prompt, int):
            prompt = self.tokens.count_prompt(api, path, body)
        account = Account(
            id=str(rec["account"]),
            tier=str(rec.get("tier", "default")),
            key_id=str(rec.get("api_key_id", "")),
        )
        facts = build_facts(
            request_id=str(rec.get("id", "")),
            api=api,
            path=path,
            body=body,
            prompt_tokens=prompt,
            client_ip=str(rec.get("client_ip", "")),
        )
        admission = await self.gate.admit(account, facts, ts)
        completion, finish, status = self._served(admission, response)
        await self.gate.settle(admission, completion, finish, ts)
        outcome = Outcome(
            status=status,
            prompt_tokens=0 if admission.refused else prompt,
            completion_tokens=completion,
            finish_reason=finish,
            truncated="degrade" if finish == "length" and admission.completion_cap else None,
        )
        return build_record(
            admission,
            outcome,
            ts,
            top_signals=self.signals.explain(admission.signals),
            campaign=admission.campaign,
        )

    def _served(
        self, admission: Admission, response: dict[str, Any]
    ) -> tuple[int, str | None, int]:
        if admission.refused:
            return 0, None, REFUSAL_STATUS.get(str(admission.decision.action), 403)
        usage = response.get("usage") or {}
        completion = usage.get("completion_tokens")
        if not isinstance(completion, int):
            text = str(response.get("text") or "") + str(response.get("reasoning") or "")
            completion = self.tokens.count_text(admission.facts.model, text)
        finish = response.get("finish_reason")
        cap = admission.completion_cap
        if cap is not None and completion > cap:
            completion, finish = cap, "length"
        status = response.get("status", 200)
        return completion, finish if isinstance(finish, str) else None, int(status)


def read_traffic(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None]]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            yield number, None
            continue
        yield number, rec if isinstance(rec, dict) else None


async def replay(
    policies: str | Path, traffic: str | Path, out: str | Path, progress: Any = None
) -> ReplayStats:
    """Replay `traffic` through a fresh engine; `progress(n)` is told of every n records done."""
    replayer = Replayer(policies)
    stats = ReplayStats()
    started = time.perf_counter()
    last_ts = float("-inf")
    pending = 0
    with open(traffic, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        write = dst.write
        for number, rec in read_traffic(src):
            if rec is None or "ts" not in rec or "account" not in rec:
                stats.skipped += 1
                continue
            ts = float(rec["ts"])
            if ts < last_ts:
                raise ConfigError(f"{traffic}:{number}: records must be in ascending ts order")
            last_ts = ts
            try:
                decision = await replayer.decide_record(rec)
            except ClientError:
                stats.skipped += 1
                continue
            write(_encode(decision))
            write("\n")
            stats.records += 1
            pending += 1
            if progress is not None and pending >= PROGRESS_EVERY:
                progress(pending)
                pending = 0
    if progress is not None and pending:
        progress(pending)
    stats.seconds = time.perf_counter() - started
    return stats
