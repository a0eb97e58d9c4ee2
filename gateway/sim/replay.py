"""Backtest policies on recorded traffic with the live gateway's own engine.

Each traffic record goes through the same `Gate` (reserve, signals, decide, settle)
as a live request, with the record's `ts` as the clock, against the in-memory store;
one decision record per input record comes out, in the enforcement-log format.
The upstream's answer is taken from the record: a refused request serves nothing,
a degraded one serves at most its cap.
"""

from __future__ import annotations

import json
import math
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

try:
    import orjson

    _HAVE_ORJSON = True
except ImportError:  # the stdlib writes the same text, slower
    _HAVE_ORJSON = False

REFUSAL_STATUS = {"block": 403, "challenge": 428, "throttle": 429}
PROGRESS_EVERY = 1000
"""Records between progress callbacks: a progress bar per record costs more than a decision."""
# The same compact JSON as json.dumps(separators=(",", ":")); records are fresh dicts
# without cycles, and skipping the circular check saves a quarter of the encoding.
_encode_json = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def _encode_line(record: dict[str, Any]) -> str:
    """`_encode_json(record)` and a newline, by orjson (4x faster) whenever it writes the same.

    They differ on non-ASCII text and DEL (json escapes them: looked for in the output),
    on ints beyond 64 bits and non-string keys (orjson refuses), and on floats that are
    NaN, infinite or below 1e-4 in size (json writes NaN and 1e-05 where orjson writes
    null and 0.00001). The record rounds its own floats to 3 or 4 places, so a small one
    can only be among the values a rule read (its hits' evidence and options); those are
    checked, and so are the signals for overflow from absurd token counts.
    """
    if not _HAVE_ORJSON or not _floats_alike(record):
        return _encode_json(record) + "\n"
    try:
        data = orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        return _encode_json(record) + "\n"
    if data.isascii() and b"\x7f" not in data:
        return data.decode()
    return _encode_json(record) + "\n"


def _floats_alike(record: dict[str, Any]) -> bool:
    # A sum is finite only when every term is (a huge finite sum only costs a fallback).
    finite = math.isfinite(sum(record["signals"].values()))
    return finite and all(map(_hit_json_alike, record["hits"]))


def _hit_json_alike(hit: dict[str, Any]) -> bool:
    return all(map(_json_alike, hit["evidence"].values())) and _json_alike(hit.get("options"))


def _json_alike(value: Any) -> bool:
    """No float in `value` that orjson writes otherwise than json (dicts and lists walked)."""
    if isinstance(value, float):
        # NaN fails both comparisons
        return value == 0.0 or 1e-4 <= abs(value) < math.inf
    if isinstance(value, dict):
        return all(map(_json_alike, value.values()))
    if isinstance(value, list | tuple):
        return all(map(_json_alike, value))
    return True


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
        if not line or line.isspace():
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
            write(_encode_line(decision))
            stats.records += 1
            pending += 1
            if progress is not None and pending >= PROGRESS_EVERY:
                progress(pending)
                pending = 0
    if progress is not None and pending:
        progress(pending)
    stats.seconds = time.perf_counter() - started
    return stats
