"""Optional live capture of traffic records, so real traffic can be replayed later.

Whole accounts are sampled, not single requests: detection works on an account's
history, and a replay of every 10th request of everyone would show no account as it
was. An account is in the sample when a salted hash of its id falls under
`sample_rate`, the same answer on every gateway instance and after restarts.

Records follow CONTRACT.md's traffic-record format, in ascending `ts` (the request's
arrival): a request is offered at its end (after streaming), so records wait in a small
reorder buffer for `hold_s` seconds of later arrivals before being written. A record
older than one already written (a request that ran longer than `hold_s`) is dropped and
counted, never written out of order. What is written is what the upstream saw: the JSON
body and the reply, the account and key *id*; raw API keys and headers never reach this
module. Bodies and replies are user data: capture is off unless configured.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
from pathlib import Path
from typing import IO, Any

HOLD_S = 600.0
"""How long a record waits for requests that arrived earlier but finished later."""
BUFFER_CAP = 10_000
TEXT_CAP = 4_000
"""Characters of reply text kept: replay reads the usage, the text is for people."""

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class TrafficCapture:
    """Appends sampled traffic records to `path` (JSON lines); call `close()` at shutdown."""

    def __init__(
        self,
        path: str | Path,
        sample_rate: float,
        *,
        salt: str = "",
        hold_s: float = HOLD_S,
        buffer_cap: int = BUFFER_CAP,
    ) -> None:
        if not 0.0 <= sample_rate <= 1.0:
            raise ValueError("sample_rate must be within [0, 1]")
        self.path = Path(path)
        self.sample_rate = sample_rate
        self.salt = salt
        self.hold_s = hold_s
        self.buffer_cap = buffer_cap
        self.written = 0
        self.dropped_late = 0
        self._heap: list[tuple[float, int, dict[str, Any]]] = []
        self._seq = itertools.count()
        self._last_ts = float("-inf")
        self._fh: IO[str] | None = None

    def wants(self, account: str) -> bool:
        """True when the account is in the sample (stable across instances and restarts)."""
        if self.sample_rate >= 1.0:
            return True
        if self.sample_rate <= 0.0:
            return False
        digest = hashlib.blake2b((self.salt + account).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") < self.sample_rate * 2**64

    def offer(
        self,
        *,
        request_id: str,
        ts: float,
        now: float,
        account: str,
        api_key_id: str,
        client_ip: str,
        path: str,
        body: dict[str, Any],
        status: int,
        prompt_tokens: int,
        completion_tokens: int,
        finish_reason: str | None,
        text: str = "",
        reasoning: str | None = None,
        tier: str | None = None,
        hidden_reasoning_tokens: int | None = None,
    ) -> bool:
        """Queue one finished request (arrival `ts`, finished at `now`); True when sampled."""
        if not self.wants(account):
            return False
        record: dict[str, Any] = {
            "id": request_id,
            "ts": round(ts, 3),
            "account": account,
            "api_key_id": api_key_id,
            "client_ip": client_ip,
            "path": path,
            "request": body,
            "response": {
                "status": status,
                "text": text[:TEXT_CAP],
                "reasoning": reasoning[:TEXT_CAP] if reasoning else None,
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens},
                "finish_reason": finish_reason,
            },
        }
        if tier is not None:
            record["tier"] = tier
        if hidden_reasoning_tokens:
            # Billed but never returned (o-series reasoning): replay counts it out of the
            # harvesting evidence as the live gateway did (Tally.hidden_reasoning).
            usage = record["response"]["usage"]
            usage["completion_tokens_details"] = {"reasoning_tokens": hidden_reasoning_tokens}
        heapq.heappush(self._heap, (record["ts"], next(self._seq), record))
        self._drain(now - self.hold_s)
        while len(self._heap) > self.buffer_cap:
            self._emit(heapq.heappop(self._heap))
        return True

    def flush(self, now: float | None = None) -> None:
        """Write every record that can no longer be overtaken (all of them when now is None)."""
        self._drain(float("inf") if now is None else now - self.hold_s)
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> None:
        self.flush()
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _drain(self, upto: float) -> None:
        while self._heap and self._heap[0][0] <= upto:
            self._emit(heapq.heappop(self._heap))

    def _emit(self, item: tuple[float, int, dict[str, Any]]) -> None:
        ts, _, record = item
        if ts < self._last_ts:
            self.dropped_late += 1
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(_encode(record) + "\n")
        self._last_ts = ts
        self.written += 1
