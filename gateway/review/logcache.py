"""The enforcement log, kept digested for the dashboard: read once, then only new lines.

The first refresh reads the log's chain (rotated files, gzipped or not, then the live
file) into a Digest, newest files first within MAX_INITIAL_BYTES. Later refreshes read
what was appended to the live file since: the open handle survives the writer's rotation
(rename), so lines written just before it are not lost, and the new live file is opened
when its inode changes. Account pages keep an AccountTimeline (views.py) per recently
viewed account, built by one needle-filtered scan and then fed the same new lines.

File reading and parsing run in a worker thread, under one asyncio lock, so a big first
read never stalls the event loop and two page views never read the same lines twice.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, BinaryIO

from gateway.logs.reader import ROTATED, Filters, iter_file, well_formed
from gateway.review.digest import Digest
from gateway.review.views import AccountTimeline

MAX_INITIAL_BYTES = 512 * 1024 * 1024
TIMELINES = 64
MIN_REFRESH_S = 0.5


class LogCache:
    def __init__(self, live: Path, harvest_threshold: float = 0.8) -> None:
        self.live = live
        self.threshold = harvest_threshold
        self.digest = Digest()
        self.timelines: OrderedDict[str, AccountTimeline] = OrderedDict()
        self.files: list[Path] = []
        """Rotated files read at the first refresh (the live file comes on top)."""
        self.skipped_files = 0
        self.bad_lines = 0
        self._fh: BinaryIO | None = None
        self._inode: int | None = None
        self._pending = b""
        self._loaded = False
        self._refreshed_at = 0.0
        self._lock = asyncio.Lock()

    async def refresh(self, force: bool = False) -> None:
        async with self._lock:
            if not force and time.monotonic() - self._refreshed_at < MIN_REFRESH_S:
                return
            await asyncio.to_thread(self._refresh)
            self._refreshed_at = time.monotonic()

    async def timeline(self, account: str) -> AccountTimeline:
        """The account's timeline, built on first view and kept current afterwards."""
        await self.refresh()
        async with self._lock:
            tl = self.timelines.get(account)
            if tl is None:
                tl = await asyncio.to_thread(self._scan_account, account)
                self.timelines[account] = tl
                if len(self.timelines) > TIMELINES:
                    self.timelines.popitem(last=False)
            self.timelines.move_to_end(account)
            return tl

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _refresh(self) -> None:
        if not self._loaded:
            self._loaded = True
            files, self.skipped_files = self._rotated_within_budget()
            for path in files:
                self.files.append(path)
                for rec in iter_file(path):
                    self._feed(rec)
        self._read_live()

    def _rotated_within_budget(self) -> tuple[list[Path], int]:
        """Rotated files of the live file's chain, oldest first, newest within the budget."""
        stem = self.live.name.removesuffix(".jsonl")
        rotated = []
        if self.live.parent.is_dir():
            for entry in self.live.parent.iterdir():
                m = ROTATED.match(entry.name)
                if m and m["stem"] == stem and entry.is_file():
                    rotated.append((m["stamp"], not m["gz"], entry))
        # While a file is being compressed both forms exist: keep the .gz.
        by_stamp: dict[str, Path] = {}
        for stamp, _plain, entry in sorted(rotated):
            by_stamp.setdefault(stamp, entry)
        budget = MAX_INITIAL_BYTES - (self.live.stat().st_size if self.live.exists() else 0)
        chosen: list[Path] = []
        skipped = 0
        for stamp in sorted(by_stamp, reverse=True):
            size = by_stamp[stamp].stat().st_size
            if size > budget:
                skipped += 1
                continue
            budget -= size
            chosen.append(by_stamp[stamp])
        return chosen[::-1], skipped

    def _read_live(self) -> None:
        if self._fh is not None:
            self._drain()
        try:
            inode = os.stat(self.live).st_ino
        except FileNotFoundError:
            return
        if inode != self._inode:
            # Rotated (or first read): the old handle was drained above; switch over.
            self.close()
            self._fh = self.live.open("rb")
            self._inode = inode
            self._pending = b""
            self._drain()

    def _drain(self) -> None:
        assert self._fh is not None
        chunk = self._fh.read()
        if not chunk:
            return
        data = self._pending + chunk
        *lines, self._pending = data.split(b"\n")
        for line in lines:
            rec = self._parse(line)
            if rec is not None:
                self._feed(rec)
                for tl in self.timelines.values():
                    tl.add(rec)

    def _feed(self, rec: dict[str, Any]) -> None:
        self.digest.add(rec)

    def _parse(self, line: bytes) -> dict[str, Any] | None:
        if not line.strip():
            return None
        try:
            rec = json.loads(line)
        except ValueError:
            self.bad_lines += 1
            return None
        # The same shape check iter_file applies to rotated files: a record with, say, a
        # number for a hit would crash the overview and account pages at every view.
        if not isinstance(rec, dict) or not well_formed(rec):
            self.bad_lines += 1
            return None
        return rec

    def _scan_account(self, account: str) -> AccountTimeline:
        """Every record of `account` so far: rotated files whole, the live file up to where
        the cache has read it (later lines reach the timeline through _drain)."""
        self._read_live()  # catch up first, so a rotation just now is already switched to
        tl = AccountTimeline(account, harvest_threshold=self.threshold)
        filters = Filters(account=account)
        for path in self._rotated_within_budget()[0]:
            for rec in iter_file(path, filters):
                tl.add(rec)
        self._scan_live(self.live, filters, tl)
        return tl

    def _scan_live(self, path: Path, filters: Filters, tl: AccountTimeline) -> None:
        if self._fh is None:
            return
        limit = self._fh.tell() - len(self._pending)
        needles = filters.needles()
        with path.open("rb") as fh:
            if os.fstat(fh.fileno()).st_ino != self._inode:
                return  # rotated since the last refresh; the next one catches up
            pos = 0
            while pos < limit:
                line = fh.readline()
                if not line:
                    break
                pos += len(line)
                if all(n in line for n in needles):
                    rec = self._parse(line.rstrip(b"\n"))
                    if rec is not None and filters.match(rec):
                        tl.add(rec)
