"""Live capture writes traffic records that `replay` takes back in."""

from __future__ import annotations

import json
from pathlib import Path

from gateway.sim.replay import replay
from tests.support.gateway import POLICY_DIR, auth, gateway_client, gateway_settings

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Capture me."}]}


async def test_captured_traffic_replays_with_the_same_ids(
    tmp_path: Path, upstream_url: str
) -> None:
    captured = tmp_path / "capture.jsonl"
    settings = gateway_settings(
        tmp_path,
        upstream_url,
        **{"capture.file": str(captured), "capture.sample_rate": 1.0},
    )
    async with gateway_client(settings) as client:
        ok = await client.post("/v1/chat/completions", json=CHAT, headers=auth())
        blocked = await client.post(
            "/v1/chat/completions", json={**CHAT, "model": "banned-model"}, headers=auth()
        )
        streamed = await client.post(
            "/v1/chat/completions", json={**CHAT, "stream": True}, headers=auth()
        )
    assert (ok.status_code, blocked.status_code, streamed.status_code) == (200, 403, 200)
    records = [json.loads(line) for line in captured.read_text().splitlines()]
    # The refused request has no upstream answer to replay, so it is not captured.
    assert [r["id"] for r in records] == [
        ok.headers["x-distillguard-request-id"],
        streamed.headers["x-distillguard-request-id"],
    ]
    assert records[0]["ts"] <= records[1]["ts"]
    assert records[0]["request"] == CHAT and records[0]["account"] == "acct-default"
    assert records[0]["response"]["usage"]["completion_tokens"] > 0
    assert "sk-test-default" not in captured.read_text()

    decisions_path = tmp_path / "decisions.jsonl"
    stats = await replay(POLICY_DIR, captured, decisions_path)
    decisions = [json.loads(line) for line in decisions_path.read_text().splitlines()]
    assert stats.records == 2
    assert [d["request_id"] for d in decisions] == [r["id"] for r in records]
