"""The dashboard in a real browser: headless Chromium driven by Playwright, against a real
gateway process on loopback. Screenshots land in artifacts/screenshots/ (git-ignored).

Needs the Debian `chromium` package and the `playwright` Python package; Playwright's own
browser download (`playwright install`) is never used.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.gateway import POLICY_DIR, auth, write_keys
from tests.support.procs import ROOT, free_port, process

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "browser-admin-token"
SHOTS = ROOT / "artifacts" / "screenshots"
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello from the browser."}]}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="playwright missing (pip install playwright; never `playwright install`)",
    ),
]


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, upstream_url: str) -> Iterator[str]:
    """A gateway process with an admin token and some traffic in its log."""
    tmp = tmp_path_factory.mktemp("browser")
    port = free_port()
    keys = write_keys(tmp / "keys.yaml")
    args = ["serve", "--port", str(port), "--upstream", upstream_url, "--store", "memory"]
    args += ["--policies", str(POLICY_DIR), "--keys", str(keys), "--log", str(tmp / "log.jsonl")]
    url = f"http://127.0.0.1:{port}"
    with process(
        args, url + "/_distillguard/health", env={"DISTILLGUARD_SECURITY__ADMIN_TOKEN": TOKEN}
    ):
        with httpx.Client(base_url=url, timeout=10) as client:
            for _ in range(5):
                client.post("/v1/chat/completions", json=CHAT, headers=auth())
            long = {**CHAT, "messages": [{"role": "user", "content": "word " * 500}]}
            for _ in range(3):  # acct-tiny's 400-token minute budget refuses these
                client.post("/v1/chat/completions", json=long, headers=auth("sk-test-tiny"))
        yield url


def test_login_overview_account_and_allowlist(gateway: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    foreign: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1360, "height": 900})
            page = context.new_page()
            page.on(
                "request",
                lambda req: foreign.append(req.url) if not req.url.startswith(gateway) else None,
            )

            page.goto(gateway + "/_distillguard/ui")
            expect(page).to_have_url(gateway + "/_distillguard/ui/login")
            page.fill("#token", "wrong")
            page.click("button[type=submit]")
            expect(page.locator(".flash.error")).to_contain_text("not the admin token")
            page.screenshot(path=str(SHOTS / "01-login.png"))
            page.fill("#token", TOKEN)
            page.click("button[type=submit]")

            expect(
                page.get_by_role("heading", name="Top accounts by harvest score")
            ).to_be_visible()
            assert page.locator("svg.chart").count() >= 3
            expect(page.get_by_role("link", name="acct-tiny")).to_be_visible()
            cookie = next(c for c in context.cookies() if c["name"] == "distillguard_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            assert page.evaluate("document.cookie") == ""  # scripts cannot read the session
            page.screenshot(path=str(SHOTS / "02-overview.png"), full_page=True)

            page.get_by_role("link", name="acct-tiny").first.click()
            expect(page.get_by_role("heading", name="acct-tiny")).to_be_visible()
            expect(page.get_by_text("Harvest signals now")).to_be_visible()
            expect(page.locator("table").first).to_be_visible()
            page.screenshot(path=str(SHOTS / "03-account.png"), full_page=True)

            form = page.locator("#f-allowlist")
            form.locator("textarea[name=reason]").fill("appeal 17: load test by the customer")
            form.locator("input[name=actor]").fill("carol")
            form.get_by_role("button", name="Allowlist").click()
            expect(page.locator(".flash.ok")).to_contain_text("allowlist")
            expect(page.locator(".badge.allowlisted")).to_be_visible()
            expect(page.get_by_text("appeal 17: load test by the customer")).to_be_visible()
            expect(page.locator("#f-unallowlist")).to_be_visible()
            page.screenshot(path=str(SHOTS / "04-allowlisted.png"), full_page=True)
        finally:
            browser.close()
    assert foreign == []  # no CDN, no fonts, nothing beyond the gateway
    listed = httpx.get(
        gateway + "/_distillguard/admin/allowlist", headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert listed.json() == {"accounts": ["acct-tiny"]}
    served = httpx.post(gateway + "/v1/chat/completions", json=CHAT, headers=auth("sk-test-tiny"))
    assert served.status_code == 200
    assert all(
        Path(SHOTS / name).stat().st_size > 10_000 for name in ("02-overview.png", "03-account.png")
    )
