"""The dashboard in-process: login, sessions, CSRF, pages from real traffic, appeal actions."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from gateway.review.allowlist import AllowlistCache
from gateway.review.auth import SESSION_COOKIE, AdminAuth
from gateway.review.logcache import LogCache
from gateway.review.views import AccountTimeline
from tests.support.gateway import auth, gateway_client, gateway_settings, read_log
from tests.support.review import csrf_of, written
from tests.support.review import login as sign_in

TOKEN = "admin-token-for-tests"
UI = "/_distillguard/ui"
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello there, gateway."}]}


def settings_with_token(tmp_path: Path, upstream_url: str, **extra: object) -> object:
    return gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN, **extra})


async def login(client: httpx.AsyncClient) -> str:
    """Signs in; returns the CSRF token found in the overview page."""
    return await sign_in(client, TOKEN)


async def test_without_admin_token_the_whole_surface_is_404(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        for path in (
            UI,
            f"{UI}/",
            f"{UI}/login",
            f"{UI}/accounts/a",
            "/_distillguard/admin/policy",
        ):
            r = await client.get(path)
            assert r.status_code == 404, path
            assert "no admin token is configured" in r.text
        r = await client.post(f"{UI}/login", data={"token": ""})
        assert r.status_code == 404


async def test_login_sets_a_strict_httponly_session(tmp_path: Path, upstream_url: str) -> None:
    settings = settings_with_token(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.get(UI)
        assert r.status_code == 303 and r.headers["location"].endswith("/ui/login")
        form = await client.get(f"{UI}/login")
        assert 'type="password"' in form.text
        assert "script-src" not in form.headers["content-security-policy"]  # no scripts at all
        bad = await client.post(f"{UI}/login", data={"token": "guess"})
        assert bad.status_code == 401 and SESSION_COOKIE not in bad.cookies
        ok = await client.post(f"{UI}/login", data={"token": TOKEN})
        cookie = ok.headers["set-cookie"]
        assert ok.status_code == 303
        for attribute in ("HttpOnly", "SameSite=strict", "Path=/_distillguard", "Max-Age="):
            assert attribute in cookie
        assert TOKEN not in cookie
        page = await client.get(UI)
        assert page.status_code == 200 and "Top accounts by harvest score" in page.text
        assert page.headers["x-frame-options"] == "DENY"
        # Sign out needs the CSRF token too, then the session is gone from the browser.
        out = await client.post(f"{UI}/logout", data={"csrf": csrf_of(page.text)})
        assert out.status_code == 303
        assert (await client.get(UI)).status_code == 303


async def test_forged_or_expired_sessions_are_refused() -> None:
    clock = [1_000_000.0]
    auth_ = AdminAuth("t0ken", session_ttl_s=60, clock=lambda: clock[0])
    session, cookie = auth_.new_session()
    assert auth_.session(cookie) == session
    sid, expires, sig = cookie.split(".")
    assert auth_.session(f"{sid}.{int(expires) + 999}.{sig}") is None  # extended expiry
    assert auth_.session(f"{sid}x.{expires}.{sig}") is None
    assert auth_.session(f"{sid}.{expires}.ünïcode") is None
    assert auth_.session("garbage") is None
    assert AdminAuth("other").session(cookie) is None  # a new admin token logs everyone out
    assert auth_.csrf_ok(session, auth_.csrf_token(session))
    assert not auth_.csrf_ok(session, "ü")
    clock[0] += 61
    assert auth_.session(cookie) is None
    assert auth_.request_ok({"authorization": "Bearer t0ken"})
    assert auth_.request_ok({"x-distillguard-admin-token": "t0ken"})
    assert not auth_.request_ok({"authorization": "Bearer ünï"})


async def test_pages_show_real_traffic_and_never_keys(tmp_path: Path, upstream_url: str) -> None:
    settings = settings_with_token(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        for _ in range(3):
            r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
            assert r.status_code == 200
        await written(client, 3)
        await login(client)
        page = (await client.get(UI)).text
        assert "acct-default" in page and "<svg" in page
        account = await client.get(f"{UI}/accounts/acct-default")
        assert account.status_code == 200
        text = account.text
        assert "Usage now" in text and "Harvest signals now" in text
        assert "3 / " in text  # three requests in the minute window, against the tier limit
        for secret in ("sk-test-default", TOKEN):
            assert secret not in page and secret not in text
        found = await client.get(f"{UI}/find", params={"account": "acct/<b>"})
        assert found.headers["location"] == f"{UI}/accounts/acct%2F%3Cb%3E"
        weird = await client.get(f"{UI}/accounts/acct%2F%3Cb%3E")
        assert weird.status_code == 200
        assert "acct/&lt;b&gt;" in weird.text and "acct/<b>" not in weird.text


async def test_allowlist_form_needs_csrf_and_reason_and_is_logged(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = settings_with_token(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        big = {**CHAT, "max_tokens": 10}
        # acct-tiny: 400 tokens a minute; a long prompt is refused by its budget.
        long = {**big, "messages": [{"role": "user", "content": "word " * 500}]}
        refused = await client.post("/v1/chat/completions", json=long, headers=auth("sk-test-tiny"))
        assert refused.status_code == 429
        csrf = await login(client)
        url = f"{UI}/accounts/acct-tiny/actions"
        no_csrf = await client.post(url, data={"action": "allowlist", "reason": "appeal"})
        assert no_csrf.status_code == 403
        no_reason = await client.post(
            url, data={"action": "allowlist", "reason": " ", "csrf": csrf}
        )
        assert no_reason.status_code == 422 and "reason is required" in no_reason.text
        form = {"action": "allowlist", "reason": "appeal #42: research lab", "csrf": csrf}
        done = await client.post(url, data={**form, "actor": "alice"})
        assert done.status_code == 303 and "done=allowlist" in done.headers["location"]
        page = await client.get(done.headers["location"])
        assert "allowlisted" in page.text and "appeal #42: research lab" in page.text
        # The cache answers at once: the next request is exempt from the tier budget.
        again = await client.post("/v1/chat/completions", json=long, headers=auth("sk-test-tiny"))
        assert again.status_code == 200
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        assert await runtime.store.allowlisted_accounts() == {"acct-tiny"}
        metrics = (await client.get("/_distillguard/metrics")).text
        assert 'distillguard_admin_actions_total{action="allowlist"} 1.0' in metrics
        assert "distillguard_allowlisted_accounts 1.0" in metrics
        assert "acct-tiny" not in metrics  # no account ids as labels
    admin = [r for r in read_log(settings) if r["action"] == "admin"]
    assert len(admin) == 1
    assert admin[0]["admin_action"] == "allowlist" and admin[0]["actor"] == "alice"
    assert admin[0]["request_id"].startswith("admin-")
    timeline = AccountTimeline("acct-tiny")
    for rec in read_log(settings):
        timeline.add(rec)
    assert timeline.result()["admin_actions"][0]["reason"] == "appeal #42: research lab"


async def test_unblock_clears_usage_and_reset_score_keeps_it(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = settings_with_token(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        for _ in range(2):
            await client.post("/v1/chat/completions", json=CHAT, headers=auth())
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        now = runtime.clock()
        assert (await runtime.store.usage("acct-default", now))["requests"]["minute"] == 2
        csrf = await login(client)
        url = f"{UI}/accounts/acct-default/actions"
        r = await client.post(url, data={"action": "reset_score", "reason": "FP", "csrf": csrf})
        assert r.status_code == 303
        assert (await runtime.store.usage("acct-default", now))["requests"]["minute"] == 2
        r = await client.post(url, data={"action": "unblock", "reason": "FP", "csrf": csrf})
        assert r.status_code == 303
        assert (await runtime.store.usage("acct-default", now))["requests"]["minute"] == 0
        bogus = await client.post(url, data={"action": "delete", "reason": "x", "csrf": csrf})
        assert bogus.status_code == 422
    actions = [r["admin_action"] for r in read_log(settings) if r["action"] == "admin"]
    assert actions == ["reset_score", "unblock"]


async def test_allowlist_cache_refreshes_from_the_store_and_survives_failures() -> None:
    from gateway.errors import StoreError
    from gateway.store.memory import MemoryStore

    store = MemoryStore()
    cache = AllowlistCache(store, refresh_s=0)
    await store.set_allowlisted("elsewhere", True, 1.0)  # another instance did it
    assert "elsewhere" not in cache
    assert await cache.refresh()
    assert "elsewhere" in cache

    async def broken() -> set[str]:
        raise StoreError("down")

    store.allowlisted_accounts = broken  # type: ignore[method-assign]
    assert not await cache.refresh()
    assert "elsewhere" in cache and cache.last_error == "down"


async def test_stylesheet_is_served_locally(tmp_path: Path, upstream_url: str) -> None:
    settings = settings_with_token(tmp_path, upstream_url)
    async with gateway_client(settings) as client:
        r = await client.get(f"{UI}/static/dashboard.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "http" not in r.text  # nothing fetched from elsewhere


def _rec(i: int, account: str, action: str = "allow") -> str:
    rec = {
        "ts_epoch": 1_764_000_000.0 + i,
        "request_id": f"r-{i}",
        "account": account,
        "action": action,
        "mode": "enforce",
        "hits": [{"rule": "r1", "action": action, "mode": "enforce"}] if action != "allow" else [],
        "prompt_tokens": 10,
        "completion_tokens": 5,
        "signals": {"harvest_score": i / 100},
    }
    return json.dumps(rec) + "\n"


async def test_log_cache_reads_only_new_lines_across_rotation(tmp_path: Path) -> None:
    live = tmp_path / "enforcement.jsonl"
    with live.open("w") as fh:
        fh.writelines(_rec(i, "a" if i % 2 else "b") for i in range(4))
        fh.write(_rec(4, "a")[:20])  # the writer is mid-line
    cache = LogCache(live)
    await cache.refresh(force=True)
    assert cache.digest.records == 4
    timeline = await cache.timeline("a")
    assert timeline.requests == 2
    with live.open("a") as fh:
        fh.write(_rec(4, "a")[20:])
        fh.write(_rec(5, "a", "block"))
    # The writer rotates: the old file is renamed, a new live file starts.
    live.rename(tmp_path / "enforcement.20251124T000000000000Z.jsonl")
    live.write_text(_rec(6, "b") + _rec(7, "a"))
    await cache.refresh(force=True)
    assert cache.digest.records == 8
    assert cache.digest.accounts["a"].requests == 5
    assert cache.digest.rules() == [{"rule": "r1", "enforce": 1, "shadow": 0}]
    assert (await cache.timeline("a")).requests == 5  # fed incrementally
    assert (await cache.timeline("b")).requests == 3  # scanned fresh: rotated file + live
    fresh = LogCache(live)
    await fresh.refresh()
    assert fresh.digest.records == 8
    assert fresh.digest.top_accounts(1)[0]["account"] == "a"
    cache.close()
    fresh.close()
