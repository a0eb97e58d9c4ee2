"""Hot reload: one holder per process, whose compiled Policy is swapped whole.

A reload validates the files completely before swapping; an invalid edit is refused,
counted and reported, and the last good policy keeps serving (envoy ratelimit does the
same). Readers just take `holder.policy` once per request: the swap is a single
attribute assignment, so a request never sees half of two policies.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

from gateway.errors import PolicyError
from gateway.policy.compiled import Policy
from gateway.policy.loader import check_policy, load_policy, policy_files

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, str], ...]


class PolicyHolder:
    """The current policy for `paths`, and the means to reload it."""

    def __init__(self, paths: Sequence[str | Path], policy: Policy | None = None) -> None:
        """Load `paths` now (raises PolicyError when invalid) unless `policy` is given."""
        self.paths = [Path(p) for p in paths]
        self._fingerprint = self._scan()
        self._policy = policy if policy is not None else load_policy(self.paths)
        self.reloads_ok = 0
        self.reloads_refused = 0
        self.last_error: PolicyError | None = None

    @property
    def policy(self) -> Policy:
        return self._policy

    @property
    def version(self) -> str:
        return self._policy.version

    def reload(self) -> bool:
        """Load the files again: swap when valid (True), keep the last good one otherwise."""
        self._fingerprint = self._scan()
        policy, problems = check_policy(self.paths)
        if policy is None:
            self.reloads_refused += 1
            self.last_error = PolicyError([str(p) for p in problems])
            log.warning(
                "policy reload refused; keeping version %s:\n%s",
                self._policy.version,
                self.last_error,
            )
            return False
        self.last_error = None
        self.reloads_ok += 1
        if policy.version != self._policy.version:
            log.info("policy reloaded: %s -> %s", self._policy.version, policy.version)
            self._policy = policy
        return True

    def changed(self) -> bool:
        """True when a policy file was added, removed or edited since the last (re)load."""
        return self._scan() != self._fingerprint

    async def watch(self, interval_s: float = 2.0) -> None:
        """Poll the files every `interval_s` and reload on change; runs until cancelled."""
        while True:
            await asyncio.sleep(interval_s)
            if self.changed():
                # compiling and type-checking expressions is CPU work: keep the loop free
                await asyncio.to_thread(self.reload)

    def _scan(self) -> Fingerprint:
        # Content hashes, not mtimes: an edit within one mtime tick (or a `cp -p`) still
        # shows, and policy files are a few KB, so hashing them every interval is cheap.
        files, _ = policy_files(self.paths)
        out = []
        for path in files:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                digest = "unreadable"
            out.append((str(path), digest))
        return tuple(out)
