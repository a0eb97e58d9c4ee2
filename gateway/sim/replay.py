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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from gateway.errors import ClientError, ConfigError
from gateway.facts import Account, RequestFacts
from gateway.gate import Admission, Gate
from gateway.jsoncodec import float_written_alike
from gateway.policy.reload import PolicyHolder
from gateway.proxy.apis import api_for_path, completion_tokens_of, reasoning_tokens_of
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
MAX_PROBLEMS_KEPT = 20
"""Skipped records whose reason is kept for the report; a broken generator repeats itself."""
DEFAULT_PATH = "/v1/chat/completions"
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
        return float_written_alike(value)
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
    problems: list[str] = field(default_factory=list)
    """`file:line: field: message` for the first MAX_PROBLEMS_KEPT skipped records."""

    def skip(self, where: str, problem: str) -> None:
        self.skipped += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(f"{where}: {problem}")

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
        ts, account, facts = request_of(rec, self.tokens)
        prompt = facts.prompt_tokens
        response = rec.get("response") or {}
        admission = await self.gate.admit(account, facts, ts)
        completion, finish, status = self._served(admission, response)
        await self.gate.settle(
            admission, completion, finish, ts, hidden_reasoning_tokens=_hidden_reasoning(response)
        )
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
        # A record of a /v1/messages (or /v1/responses) answer may keep the usage block as
        # that API names it; the proxy reads both.
        completion = completion_tokens_of(response.get("usage") or {})
        if completion is None:
            text = str(response.get("text") or "") + str(response.get("reasoning") or "")
            completion = self.tokens.count_text(admission.facts.model, text)
        finish = response.get("finish_reason")
        cap = admission.completion_cap
        if cap is not None and completion > cap:
            completion, finish = cap, "length"
        status = response.get("status")
        status = 200 if status is None else status
        return completion, finish if isinstance(finish, str) else None, int(status)


def request_of(rec: dict[str, Any], tokens: TokenCounter) -> tuple[float, Account, RequestFacts]:
    """A traffic record's clock, account and request facts, as the live gateway would
    have them (prompt tokens counted when the record's usage does not say)."""
    # null reads as absent, never as the text "None"
    path = _text(rec, "path", DEFAULT_PATH)
    api = api_for_path(path)
    body = rec.get("request") or {}
    usage = (rec.get("response") or {}).get("usage") or {}
    prompt = usage.get("prompt_tokens")
    if not isinstance(prompt, int):
        prompt = tokens.count_prompt(api, path, body)
    account = Account(
        id=str(rec["account"]),
        tier=_text(rec, "tier", "default"),
        key_id=_text(rec, "api_key_id", ""),
    )
    facts = build_facts(
        request_id=_text(rec, "id", ""),
        api=api,
        path=path,
        body=body,
        prompt_tokens=prompt,
        client_ip=_text(rec, "client_ip", ""),
    )
    return float(rec["ts"]), account, facts


def _hidden_reasoning(response: dict[str, Any]) -> int | None:
    """Reasoning the record's usage bills but its answer never carried (Tally.hidden_reasoning,
    live; captured traffic records it so); None when it was returned or not reported."""
    usage = response.get("usage")
    if response.get("reasoning") or not isinstance(usage, dict):
        return None
    return reasoning_tokens_of(usage)


def _text(rec: dict[str, Any], name: str, default: str) -> str:
    value = rec.get(name)
    return default if value is None else str(value)


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_time(value: Any) -> bool:
    # bool is an int to Python; an int past 2**53 is no float (and 10**400 overflows one)
    if type(value) is float:
        return math.isfinite(value)
    return type(value) is int and abs(value) <= 2**53


def _is_count(value: Any) -> bool:
    return type(value) is int and value >= 0


_OPTIONAL_TEXT = ("id", "api_key_id", "client_ip", "path", "tier")


def record_problem(rec: dict[str, Any]) -> str | None:
    """Why a traffic record cannot be replayed, as `field: message`; None when it can.

    A field that is absent or null takes its default; one present with the wrong type
    is a problem, never read as something else (`str(None)` as an account, `True` as ts 1,
    a negative token count that would refund usage).
    """
    ts = rec.get("ts")
    if not _is_time(ts):
        return f"ts: must be a finite number of epoch seconds (got {_shown(ts)})"
    account = rec.get("account")
    if type(account) is not str or not account:
        return f"account: must be a non-empty string (got {_shown(account)})"
    for name in _OPTIONAL_TEXT:
        value = rec.get(name)
        if value is not None and type(value) is not str:
            return f"{name}: must be a string (got {_shown(value)})"
    request = rec.get("request")
    if request is not None and type(request) is not dict:
        return f"request: must be an object (got {_shown(request)})"
    response = rec.get("response")
    if response is None:
        return None
    if type(response) is not dict:
        return f"response: must be an object (got {_shown(response)})"
    status = response.get("status")
    if status is not None and (type(status) is not int or not 100 <= status <= 599):
        return f"response.status: must be an HTTP status code (got {_shown(status)})"
    for name in ("text", "reasoning"):
        value = response.get(name)
        if value is not None and type(value) is not str:
            return f"response.{name}: must be a string (got {_shown(value)})"
    usage = response.get("usage")
    if usage is None:
        return None
    if type(usage) is not dict:
        return f"response.usage: must be an object (got {_shown(usage)})"
    for name in ("prompt_tokens", "completion_tokens", "input_tokens", "output_tokens"):
        value = usage.get(name)
        if value is not None and not _is_count(value):
            return f"response.usage.{name}: must be a non-negative integer (got {_shown(value)})"
    return None


def _parse_line(line: str | bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The record on one line, or why there is none."""
    try:
        # Decoded here, not by json.loads: it would guess UTF-16 from a line starting FF FE.
        rec = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte 0x{exc.object[exc.start : exc.start + 1].hex()})"
    except ValueError as exc:
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if not line.endswith(newline):  # type: ignore[arg-type]
            return None, "truncated last line (no newline): not valid JSON"
        return None, f"not valid JSON: {exc}"
    if not isinstance(rec, dict):
        return None, f"not a JSON object (got {_shown(rec)})"
    return rec, None


def traffic_records(
    stream: IO[str] | IO[bytes],
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record or None, why not) for every non-blank line.

    Bytes streams are decoded line by line, so one line that is not UTF-8 is that
    line's problem instead of an exception that ends the whole read.
    """
    lines: Iterator[str | bytes] = iter(stream)
    for number, line in enumerate(lines, 1):
        if not line or line.isspace():
            continue
        rec, problem = _parse_line(line)
        if rec is not None:
            problem = record_problem(rec)
        yield number, rec if problem is None else None, problem


def read_traffic(stream: IO[str] | IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record) per line; None for a line that is no usable traffic record."""
    for number, rec, _ in traffic_records(stream):
        yield number, rec


async def replay(
    policies: str | Path, traffic: str | Path, out: str | Path, progress: Any = None
) -> ReplayStats:
    """Replay `traffic` through a fresh engine; `progress(n)` is told of every n records done."""
    replayer = Replayer(policies)
    stats = ReplayStats()
    started = time.perf_counter()
    last_ts = float("-inf")
    pending = 0
    with open(traffic, "rb") as src, open(out, "w", encoding="utf-8") as dst:
        write = dst.write
        for number, rec, problem in traffic_records(src):
            if rec is None:
                stats.skip(f"{traffic}:{number}", problem or "not a traffic record")
                continue
            ts = float(rec["ts"])
            if ts < last_ts:
                raise ConfigError(
                    f"{traffic}:{number}: ts: {ts} is before the previous record's {last_ts}; "
                    "records must be in ascending ts order"
                )
            last_ts = ts
            try:
                decision = await replayer.decide_record(rec)
            except ClientError as exc:
                stats.skip(f"{traffic}:{number}", f"request: {exc.public}")
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
