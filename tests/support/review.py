"""Signing in to the review dashboard and waiting for log records, for in-process tests."""

from __future__ import annotations

import asyncio
import re

import httpx

UI = "/_distillguard/ui"


async def login(client: httpx.AsyncClient, token: str) -> str:
    """Signs in with the admin `token`; returns the CSRF token found in the overview page."""
    r = await client.post(f"{UI}/login", data={"token": token})
    assert r.status_code == 303
    page = await client.get(UI)
    assert page.status_code == 200
    return csrf_of(page.text)


async def written(client: httpx.AsyncClient, n: int) -> None:
    """Waits (bounded) until the log writer has handed `n` records to the file."""
    writer = client.app.state.runtime.log_writer  # type: ignore[attr-defined]
    for _ in range(500):
        if writer.written >= n:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"log writer wrote {writer.written} of {n} records")


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)
