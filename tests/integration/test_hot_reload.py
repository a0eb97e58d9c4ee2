"""Policy hot reload through the running gateway: swap on a valid edit, keep on a bad one."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.support.gateway import auth, gateway_client, gateway_settings, read_log

ALLOW_ALL = """version: 1
rules:
  - id: watch-everything
    description: Mark every request for review.
    when: "true"
    action: log
"""
BLOCK_MODEL = """version: 1
rules:
  - id: no-gpt-4o
    description: gpt-4o is switched off for this test.
    when: request.model == "gpt-4o"
    action: block
"""
BROKEN = """version: 1
rules:
  - id: typo
    description: A misspelt field must not take the gateway down.
    when: request.modle == "gpt-4o"
    action: block
"""
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]}


async def wait_for(predicate: object, timeout_s: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


async def test_valid_edit_swaps_and_invalid_edit_is_refused(
    tmp_path: Path, upstream_url: str
) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    policy_file = policies / "live.yaml"
    policy_file.write_text(ALLOW_ALL)
    settings = gateway_settings(
        tmp_path,
        upstream_url,
        **{"policies.path": str(policies), "policies.reload_interval_s": 0.05},
    )
    async with gateway_client(settings) as client:
        holder = client.app.state.runtime.policies  # type: ignore[attr-defined]
        first_version = holder.version
        r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
        assert r.status_code == 200 and r.headers["x-distillguard-action"] == "log"

        policy_file.write_text(BLOCK_MODEL)
        await wait_for(lambda: holder.version != first_version)
        second_version = holder.version
        r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
        assert r.status_code == 403 and r.headers["x-distillguard-rule"] == "no-gpt-4o"

        policy_file.write_text(BROKEN)
        await wait_for(lambda: holder.reloads_refused >= 1)
        assert holder.version == second_version
        r = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
        assert r.status_code == 403, "the last good policy keeps running"
        metrics = (await client.get("/_distillguard/metrics")).text
        assert 'distillguard_policy_reloads_total{result="refused"} 1.0' in metrics
        assert f'distillguard_policy_info{{version="{second_version}"}} 1.0' in metrics
    versions = [record["policy_version"] for record in read_log(settings)]
    assert versions == [first_version, second_version, second_version]
