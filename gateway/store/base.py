"""The usage store interface: every backend (memory, Redis) implements exactly this.

Sliding windows are sums of fixed sub-buckets (see BUCKET_SECONDS): a window of
length W at time t counts every bucket whose start lies in (t - W - b, t], b the
bucket width. Error bound: never an undercount; it may overcount by the events of
at most one bucket width older than the window (5 s of a minute, 1 min of an hour,
30 min of a day), so a budget can only err on the strict side, and by at most one
bucket's traffic.

Reserve then settle: `reserve` checks the request against its limits and, when
admitted, books the prompt tokens plus the reserved completion in one atomic step;
`settle` books the difference between the actual completion and the reservation in
the bucket the reservation was made in, so windows stay consistent.

Admission rule (never refuse a request that fits on its own): a request is refused
only when `requests + 1` or `used + prompt_tokens` would pass a limit. The completion
part is reserved as `min(expected, room left after the prompt)`, so a large
`max_tokens` never causes a 429 by itself; `Reservation.allowance` tells the proxy how
many completion tokens the account can still afford, for mid-stream enforcement.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

from gateway.facts import Cost, Limit, Usage, Window

BUCKET_SECONDS: dict[Window, int] = {"minute": 5, "hour": 60, "day": 1800}


# Not frozen: built once per request, and a frozen dataclass pays an object.__setattr__
# call per field. Treat it as read-only.
@dataclass(slots=True)
class Reservation:
    account: str
    admitted: bool
    bucket_ts: float
    """Start time used to book the reservation; settle books its delta there."""
    reserved: Cost
    usage: Usage
    """Usage after this reservation (or as is, when refused)."""
    allowance: int | None = None
    """Completion tokens the account can afford under its tightest token limit; None: unlimited."""
    exceeded: Limit | None = None
    retry_after: float = 0.0
    """Seconds until enough of the exceeded window expires for this request to fit."""
    remaining_tokens: int | None = None
    limit_tokens: int | None = None
    reset_tokens: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class KeyRecord:
    sha256: str
    account: str
    tier: str
    created_ts: float
    revoked: bool = False


class UsageStore(ABC):
    """Per-account sliding-window usage, challenge replay guard, passes, key registry,
    and the reviewers' allowlist."""

    concurrent_io = False
    """True when calls wait on the network: independent calls (a reservation and the
    signal update) are then issued together, and Redis sends them in one pipeline."""

    @abstractmethod
    async def reserve(
        self,
        account: str,
        cost: Cost,
        limits: Sequence[Limit],
        now: float,
    ) -> Reservation:
        """Atomically check `cost` against `limits` and book it when admitted."""

    @abstractmethod
    async def settle(self, reservation: Reservation, actual: Cost, now: float) -> None:
        """Replace the reservation by the actual cost (also used to release: actual=Cost(0))."""

    @abstractmethod
    async def usage(self, account: str, now: float) -> Usage:
        """Current usage of every metric and window."""

    @abstractmethod
    async def use_once(self, token: str, ttl_seconds: float, now: float) -> bool:
        """True the first time `token` is seen within its ttl, False on any replay."""

    @abstractmethod
    async def grant_pass(self, account: str, requests: int, seconds: float, now: float) -> None:
        """After a solved challenge: the account may pass `requests` times within `seconds`."""

    @abstractmethod
    async def consume_pass(self, account: str, now: float) -> bool:
        """Use one request of the account's pass; False when it has none left or it expired."""

    @abstractmethod
    async def clear_account(self, account: str) -> None:
        """Forget usage and passes (admin reset)."""

    @abstractmethod
    async def set_allowlisted(self, account: str, on: bool, now: float) -> None:
        """Put `account` on the allowlist (on=True, remembering since when) or take it off."""

    @abstractmethod
    async def allowlisted_accounts(self) -> set[str]:
        """Every allowlisted account (gateways cache this; it is read every few seconds)."""

    @abstractmethod
    async def put_key(self, record: KeyRecord) -> None: ...

    @abstractmethod
    async def get_key(self, sha256: str) -> KeyRecord | None: ...

    @abstractmethod
    async def list_keys(self) -> list[KeyRecord]: ...

    @abstractmethod
    async def ping(self) -> bool:
        """True when the backend answers."""

    @abstractmethod
    async def close(self) -> None: ...
