"""The reviewers' allowlist as the request path sees it: an in-process copy of the store's set.

Requests read the copy (a set lookup, no round trip); a background task refreshes it from
the store every `refresh_s` seconds, so an allowlisting done on one gateway instance
reaches the others within that interval. A change made through this instance's dashboard
or admin API is applied to the copy at once. When the store cannot be read, the last copy
keeps serving: a Redis blip must not drop every appeal that was granted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from gateway.errors import StoreError
from gateway.store.base import UsageStore

log = logging.getLogger("distillguard.allowlist")

DEFAULT_REFRESH_S = 5.0


class AllowlistCache:
    def __init__(
        self,
        store: UsageStore,
        refresh_s: float = DEFAULT_REFRESH_S,
    ) -> None:
        self.store = store
        self.refresh_s = refresh_s
        self._accounts: frozenset[str] = frozenset()
        self._task: asyncio.Task[None] | None = None
        self.refreshes_ok = 0
        self.refreshes_failed = 0
        self.last_error: str | None = None

    def __contains__(self, account: object) -> bool:
        return account in self._accounts

    @property
    def accounts(self) -> frozenset[str]:
        return self._accounts

    async def refresh(self) -> bool:
        """Replace the copy with the store's set; False (copy kept) when the store fails."""
        try:
            accounts = await self.store.allowlisted_accounts()
        except StoreError as exc:
            self.refreshes_failed += 1
            self.last_error = str(exc)
            log.warning("allowlist refresh failed, keeping %d entries: %s", len(self), exc)
            return False
        self._accounts = frozenset(accounts)
        self.refreshes_ok += 1
        self.last_error = None
        return True

    async def set(self, account: str, on: bool, now: float) -> None:
        """Write through: the store first (raises StoreError), then the local copy."""
        await self.store.set_allowlisted(account, on, now)
        self._accounts = self._accounts | {account} if on else self._accounts - {account}

    async def start(self) -> None:
        """Load once (a failure is logged, not fatal), then refresh in the background."""
        await self.refresh()
        if self._task is None and self.refresh_s > 0:
            self._task = asyncio.create_task(self._run(), name="allowlist-refresh")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_s)
            await self.refresh()

    def __len__(self) -> int:
        return len(self._accounts)
