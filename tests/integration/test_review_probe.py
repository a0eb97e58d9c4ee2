"""Regressions from a probe of the review UI and admin API: corrupted log records, account
ids outside the documented limits, and dashboard forms that are not forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.support.gateway import auth, gateway_client, gateway_settings
from tests.support.review import login, written

TOKEN = "probe-admin-token"
UI = "/_distillguard/ui"
ADMIN = "/_distillguard/admin"
BEARER = {"authorization": f"Bearer {TOKEN}"}
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello, probe."}]}


def _strict_json(text: str) -> Any:
    """JSON as the spec has it: NaN and Infinity are not numbers a client can parse."""

    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def _bad_lines(good: dict[str, Any]) -> list[bytes]:
    """Lines a damaged or hand-edited log may hold; each once crashed a page (500)."""
    acct = {**good, "account": "acct-damaged", "request_id": "r-damaged"}
    variants: list[dict[str, Any]] = [
        {**acct, "hits": [1, "x", None]},
        {**acct, "hits": [{"rule": "r", "action": ["block"], "mode": "shadow"}]},
        {**acct, "signals": "abc"},
        {**acct, "prompt_tokens": "abc"},
        {**acct, "ts_epoch": 1e300},
        {**acct, "ts_epoch": -1e12},
        {**acct, "ts_epoch": float("nan")},
        {**acct, "prompt_tokens": float("nan")},
        {**acct, "signals": {"harvest_score": float("nan")}, "latency_ms": float("inf")},
        {**acct, "tier": ["not", "a", "tier"]},
    ]
    lines = [json.dumps(v).encode() for v in variants]  # json.dumps writes NaN, Infinity
    lines.append(b'{"ts": "2026-11-28T05:06:00.000Z", "account": "acct-damaged", "act')
    lines.append(b'{"account": "acct-\xff\xfe", "action": "allow"}')
    lines.append(b"x" * (5 * 1024 * 1024))
    return lines


async def _one_real_record(client: httpx.AsyncClient, settings: Any) -> tuple[Path, Any]:
    """Proxies one request and waits for its record: (the log file, that record)."""
    assert settings.log.file is not None
    assert (await client.post("/v1/chat/completions", json=CHAT, headers=auth())).is_success
    await written(client, 1)
    log = Path(settings.log.file)
    return log, json.loads(log.read_text().splitlines()[0])


async def test_damaged_log_lines_leave_every_page_serving(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        log, good = await _one_real_record(client, settings)
        with log.open("ab") as fh:
            fh.write(b"".join(line + b"\n" for line in _bad_lines(good)))
        await login(client, TOKEN)
        for path in (UI, f"{UI}/accounts/acct-damaged", f"{UI}/accounts/acct-default"):
            page = await client.get(path)
            assert page.status_code == 200, path
        overview = await client.get(f"{ADMIN}/overview", headers=BEARER)
        assert overview.status_code == 200
        # Counted: the good record and the three damaged ones whose types are right (NaN
        # tokens, NaN signals, a list for a tier); the rest are skipped as unreadable.
        assert _strict_json(overview.text)["log"]["records"] == 4
        for name, requests, tier in (
            ("acct-damaged", 3, "default"),
            ("acct-default", 1, "default"),
        ):
            r = await client.get(f"{ADMIN}/accounts/{name}", headers=BEARER)
            assert r.status_code == 200, name
            report = _strict_json(r.text)
            assert (report["log"]["requests"], report["tier"]) == (requests, tier)


async def test_nan_in_a_report_is_served_as_null(tmp_path: Path, upstream_url: str) -> None:
    # A type-correct record the writer can produce: NaN survives json's round trip.
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        log, good = await _one_real_record(client, settings)
        hit = {"rule": "r", "action": "log", "mode": "enforce", "evidence": {"x": float("nan")}}
        odd = {**good, "signals": {"harvest_score": float("nan")}, "hits": [hit]}
        with log.open("a") as fh:
            fh.write(json.dumps(odd) + "\n")
        r = await client.get(f"{ADMIN}/accounts/acct-default", headers=BEARER)
        assert r.status_code == 200
        decisions = _strict_json(r.text)["log"]["decisions"]
        assert decisions[0]["last_evidence"] == {"x": None}


async def test_account_ids_outside_1_to_256_are_refused_everywhere(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        await login(client, TOKEN)
        for name, length in (("", 0), ("a" * 257, 257), ("b" * 10_240, 10_240)):
            api = await client.get(f"{ADMIN}/accounts/{name}", headers=BEARER)
            assert api.status_code == 422, length
            message = api.json()["error"]["message"]
            assert "1 to 256 characters" in message and f"has {length}" in message
            page = await client.get(f"{UI}/accounts/{name}")
            assert page.status_code == 422, length
            assert "1 to 256 characters" in page.text
            assert 'name="action"' not in page.text  # no forms every action would refuse
        ok = await client.get(f"{UI}/accounts/{'c' * 256}")
        assert ok.status_code == 200 and 'name="action"' in ok.text


async def test_malformed_dashboard_forms_say_what_is_wrong(
    tmp_path: Path, upstream_url: str
) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        csrf = await login(client, TOKEN)
        url = f"{UI}/accounts/acct-default/actions"
        form = {"action": "allowlist", "reason": "probe", "csrf": csrf}
        cases = [
            ({"json": form}, 415, "not a form"),
            ({"data": {**form, **{f"f{i}": "1" for i in range(30)}}}, 400, "more than 20 fields"),
            ({"data": {**form, "reason": "x" * 20_000}}, 413, "larger than 16384 bytes"),
            (
                {
                    "content": f"action=allowlist&reason=%FF%FE\xff&csrf={csrf}".encode("latin-1"),
                    "headers": {"content-type": "application/x-www-form-urlencoded"},
                },
                400,
                "not valid UTF-8",
            ),
        ]
        for kwargs, status, reason in cases:
            r = await client.post(url, **kwargs)  # type: ignore[arg-type]
            assert r.status_code == status, reason
            assert reason in r.text and "form token" not in r.text
            assert r.headers["x-content-type-options"] == "nosniff"
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        assert await runtime.store.allowlisted_accounts() == set()
        refused = await client.post(f"{UI}/login", json={"token": TOKEN})
        assert refused.status_code == 415 and "not a form" in refused.text
        out = await client.post(f"{UI}/logout", data={"csrf": csrf, "pad": "x" * 20_000})
        assert out.status_code == 413
        assert (await client.get(UI)).status_code == 200  # still signed in: nothing happened
        # The well-formed form still works after all that.
        done = await client.post(url, data=form)
        assert done.status_code == 303
        assert await runtime.store.allowlisted_accounts() == {"acct-default"}


async def test_an_account_id_with_a_line_break_can_be_reviewed(
    tmp_path: Path, upstream_url: str
) -> None:
    # POST /keys takes any account text; the routes' `.*` once stopped at the "\n" (404).
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        csrf = await login(client, TOKEN)
        report = await client.get(f"{ADMIN}/accounts/a%0Ab", headers=BEARER)
        assert report.status_code == 200 and report.json()["account"] == "a\nb"
        body = {"action": "allowlist", "reason": "probe"}
        act = await client.post(f"{ADMIN}/accounts/a%0Ab/actions", headers=BEARER, json=body)
        assert act.status_code == 200 and act.json()["allowlisted"] is True
        page = await client.get(f"{UI}/accounts/a%0Ab")
        assert page.status_code == 200 and 'action="/_distillguard/ui/accounts/a%0Ab/actions"' in (
            page.text
        )
        form = {"action": "unallowlist", "reason": "probe", "csrf": csrf}
        done = await client.post(f"{UI}/accounts/a%0Ab/actions", data=form)
        assert done.status_code == 303
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        assert await runtime.store.allowlisted_accounts() == set()
        # The admin root is still no page of its own, and other paths stay unknown.
        assert (await client.get(ADMIN, headers=BEARER)).status_code == 404
        assert (await client.get(f"{ADMIN}/nope", headers=BEARER)).status_code == 404
