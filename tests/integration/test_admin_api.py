"""The admin JSON API: auth, appeal actions, keys, policy status, and its OpenAPI schema
exercised by schemathesis against a real gateway process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.identity import hash_key
from tests.support.gateway import (
    POLICY_DIR,
    auth,
    gateway_client,
    gateway_settings,
    read_log,
    write_keys,
)
from tests.support.procs import free_port, process

TOKEN = "api-admin-token-for-tests"
ADMIN = "/_distillguard/admin"
BEARER = {"authorization": f"Bearer {TOKEN}"}
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello, admin API."}]}


async def test_every_endpoint_needs_the_token(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        for method, path in (
            ("GET", "/openapi.json"),
            ("GET", "/policy"),
            ("GET", "/accounts/acct-default"),
            ("POST", "/accounts/acct-default/actions"),
            ("GET", "/keys"),
        ):
            for headers in ({}, {"authorization": "Bearer nope"}, {"authorization": TOKEN}):
                r = await client.request(method, ADMIN + path, headers=headers)
                assert r.status_code == 401, (method, path, headers)
                assert r.headers["www-authenticate"] == "Bearer"
                assert r.headers["cache-control"] == "no-store"
        r = await client.get(ADMIN + "/policy", headers={"x-distillguard-admin-token": TOKEN})
        assert r.status_code == 200
        # Reports and audit trails stay out of shared caches, and are never sniffed as HTML.
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.json()["reloads_refused"] == 0 and r.json()["last_error"] is None


async def test_actions_keys_and_account_report(tmp_path: Path, upstream_url: str) -> None:
    settings = gateway_settings(tmp_path, upstream_url, **{"security.admin_token": TOKEN})
    async with gateway_client(settings) as client:
        assert (await client.post("/v1/chat/completions", json=CHAT, headers=auth())).is_success
        url = f"{ADMIN}/accounts/acct-default/actions"
        missing = await client.post(url, headers=BEARER, json={"action": "allowlist"})
        assert missing.status_code == 422 and "reason" in missing.json()["error"]["message"]
        extra = {"action": "allowlist", "reason": "ok", "sneaky": 1}
        assert (await client.post(url, headers=BEARER, json=extra)).status_code == 422
        body = {"action": "allowlist", "reason": "ticket 7", "actor": "bob"}
        r = await client.post(url, headers=BEARER, json=body)
        assert r.status_code == 200 and r.json()["allowlisted"] is True
        assert r.json()["record"]["admin_action"] == "allowlist"
        listed = await client.get(f"{ADMIN}/allowlist", headers=BEARER)
        assert listed.json() == {"accounts": ["acct-default"]}
        report = (await client.get(f"{ADMIN}/accounts/acct-default", headers=BEARER)).json()
        assert report["allowlisted"] is True
        assert report["usage"]["requests"]["minute"] == 1
        assert report["signals"]["requests"] > 0.9
        assert report["log"]["admin_actions"][0]["reason"] == "ticket 7"

        raw = "sk-registered-by-api-0001"
        add = {"account": "acct-new", "tier": "default", "key": raw, "reason": "onboarding"}
        created = await client.post(f"{ADMIN}/keys", headers=BEARER, json=add)
        assert created.status_code == 201
        key_id = created.json()["key"]["key_id"]
        dup = await client.post(f"{ADMIN}/keys", headers=BEARER, json=add)
        assert dup.status_code == 409
        both = {**add, "sha256": hash_key("x" * 10)}
        assert (await client.post(f"{ADMIN}/keys", headers=BEARER, json=both)).status_code == 422
        served = await client.post("/v1/chat/completions", json=CHAT, headers=auth(raw))
        assert served.is_success
        keys = await client.get(f"{ADMIN}/keys", headers=BEARER)
        assert raw not in keys.text and hash_key(raw) not in keys.text
        revoke = f"{ADMIN}/keys/{key_id}/revoke"
        assert (await client.post(revoke, headers=BEARER, json={"reason": "left"})).is_success
        refused = await client.post("/v1/chat/completions", json=CHAT, headers=auth(raw))
        assert refused.status_code == 401
        gone = await client.post(f"{ADMIN}/keys/k-0000000000/revoke", headers=BEARER, json=add)
        assert gone.status_code == 422  # unknown fields in a revoke body
        gone = await client.post(
            f"{ADMIN}/keys/k-0000000000/revoke", headers=BEARER, json={"reason": "x"}
        )
        assert gone.status_code == 404
    log = read_log(settings)
    assert raw not in json.dumps(log) and hash_key(raw) not in json.dumps(log)
    admin = [(r["admin_action"], r["account"]) for r in log if r["action"] == "admin"]
    assert admin == [
        ("allowlist", "acct-default"),
        ("key_add", "acct-new"),
        ("key_revoke", "acct-new"),
    ]


@pytest.fixture(scope="module")
def gateway_process(tmp_path_factory: pytest.TempPathFactory, upstream_url: str) -> Iterator[str]:
    """A real `distillguard serve` with an admin token, on loopback."""
    tmp = tmp_path_factory.mktemp("admin-api")
    port = free_port()
    keys = write_keys(tmp / "keys.yaml")
    args = ["serve", "--port", str(port), "--upstream", upstream_url, "--store", "memory"]
    args += ["--policies", str(POLICY_DIR), "--keys", str(keys), "--log", str(tmp / "log.jsonl")]
    url = f"http://127.0.0.1:{port}"
    env = {"DISTILLGUARD_SECURITY__ADMIN_TOKEN": TOKEN}
    with process(args, url + "/_distillguard/health", env=env):
        httpx.post(url + "/v1/chat/completions", json=CHAT, headers=auth(), timeout=10)
        yield url


@pytest.mark.slow
def test_openapi_schema_holds_for_generated_requests(gateway_process: str) -> None:
    """Up to 30 generated requests per operation (valid and invalid): no 5xx, and every
    response's status, content type and body are the ones the schema documents."""
    raw = httpx.get(gateway_process + ADMIN + "/openapi.json", headers=BEARER).json()
    schema = schemathesis.openapi.from_dict(raw)
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    base_url = gateway_process + ADMIN
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    for operation in operations:
        cases = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
            GenerationMode.NEGATIVE
        )

        @given(case=cases)
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            response = case.call(base_url=base_url, headers=BEARER, timeout=10)
            case.validate_response(response, checks=checks)

        exercise()
