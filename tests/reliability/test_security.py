"""Secrets never leak, identity headers are not believed, requests cannot be smuggled,
and policies cannot run code.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
import pytest

from gateway.errors import PolicyError
from gateway.identity import hash_key
from gateway.policy.loader import check_policy, load_policy
from tests.reliability.conftest import ADMIN_TOKEN, OTHER_KEY, RAW_KEYS, UPSTREAM_SECRET
from tests.support.gateway import auth, gateway_client, gateway_settings, read_log
from tests.support.serve import GatewayProcess, record_for

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello there."}]}


def raw_exchange(port: int, data: bytes, timeout_s: float = 3.0) -> bytes:
    """Send raw bytes, read until the server closes or goes quiet."""
    out = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as sock:
        sock.sendall(data)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
            sock.settimeout(0.5)  # after the first answer, only wait briefly for more
    return out


def statuses(raw: bytes) -> list[int]:
    return [int(line.split()[1]) for line in raw.split(b"\r\n") if line.startswith(b"HTTP/1.1 ")]


def _review_surface(client: httpx.Client) -> list[str]:
    """Every review page and admin answer, for accounts the run above created."""
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    pages = []
    for path in ("overview", "keys", "allowlist", "policy"):
        answer = client.get(f"/_distillguard/admin/{path}", headers=admin)
        assert answer.status_code == 200, path
        pages.append(answer.text)
    login = client.post("/_distillguard/ui/login", data={"token": ADMIN_TOKEN})
    assert login.status_code in (200, 303), login.status_code
    overview = client.get("/_distillguard/ui/")
    assert overview.status_code == 200 and "distillguard" in overview.text
    pages.append(overview.text)
    for account in sorted({account for account, _tier in RAW_KEYS.values()}):
        page = client.get(f"/_distillguard/ui/accounts/{account}")
        assert page.status_code == 200, account
        pages.append(page.text)
        pages.append(client.get(f"/_distillguard/admin/accounts/{account}", headers=admin).text)
    return pages


@pytest.mark.slow
def test_no_secret_in_any_output(shared_gateway: GatewayProcess, upstream_url: str) -> None:
    """A run touching every path; then every byte the gateway produced is searched."""
    gw = shared_gateway
    seen: list[str] = []
    # The mock is shared with gateways that forward client keys as they should (no
    # upstream credential configured): look only at what this run sends it.
    httpx.post(upstream_url + "/_mock/reset", timeout=5)
    with httpx.Client(base_url=gw.url, timeout=10) as client:
        for raw in RAW_KEYS:
            for body in (CHAT, {**CHAT, "stream": True}):
                r = client.post("/v1/chat/completions", json=body, headers=auth(raw))
                seen.append(r.text + json.dumps(dict(r.headers)))
            r = client.post(
                "/v1/messages",
                json={"model": "claude-haiku-4-5", "max_tokens": 5, "messages": CHAT["messages"]},
                headers={"x-api-key": raw},
            )
            seen.append(r.text + json.dumps(dict(r.headers)))
        leaked_key = "sk-never-registered-Q1w2E3"
        for headers in (
            auth(leaked_key),
            {"x-api-key": leaked_key},
            {**auth(OTHER_KEY), "x-mock-fault": "status-500"},
            {**auth(OTHER_KEY), "x-mock-fault": "status-401"},
            {**auth(OTHER_KEY), "x-mock-fault": "reset-mid-stream"},
        ):
            r = client.post("/v1/chat/completions", json=CHAT, headers=headers)
            seen.append(r.text + json.dumps(dict(r.headers)))
        bad = client.post("/v1/chat/completions", content=b"{nope", headers=auth(OTHER_KEY))
        seen.append(bad.text)
        for path in ("/v1/models", "/_distillguard/health", "/_distillguard/metrics"):
            seen.append(client.get(path, headers=auth(OTHER_KEY)).text)
        time.sleep(0.3)  # the dashboard reads the log file: let the writer flush first
        seen.extend(_review_surface(client))
        forwarded = httpx.get(upstream_url + "/_mock/requests", timeout=5).json()["requests"]
    # The credential did reach the upstream, in place of the client's key...
    assert any(
        req["headers"].get("authorization") == f"Bearer {UPSTREAM_SECRET}" for req in forwarded
    )
    assert not any(
        raw in json.dumps(req["headers"]) for req in forwarded for raw in [*RAW_KEYS, leaked_key]
    )
    time.sleep(0.3)  # let the log writer flush its last batch
    outputs = {
        "responses and review pages": "\n".join(seen),
        "log file": gw.log_path.read_text(),
        "stdout/stderr": gw.output(),
        "metrics": gw.metrics(),
    }
    assert "k-" in outputs["log file"]  # records name keys by their key_id...
    for secret in [*RAW_KEYS, leaked_key, UPSTREAM_SECRET]:
        for name, text in outputs.items():
            assert secret not in text, f"{secret[:8]}... leaked into {name}"
        # ...and not even by their unsalted hash, which a dictionary could reverse.
        assert hash_key(secret) not in outputs["log file"] + outputs["stdout/stderr"]


@pytest.mark.slow
def test_forwarded_headers_from_untrusted_peer_are_ignored(
    shared_gateway: GatewayProcess, upstream_url: str
) -> None:
    spoofed = {
        **auth(OTHER_KEY),
        "x-forwarded-for": "198.51.100.77",
        "x-real-ip": "198.51.100.78",
        "forwarded": "for=198.51.100.79",
        "x-request-id": "attacker-chosen-id",
    }
    r = httpx.post(
        shared_gateway.url + "/v1/chat/completions", json=CHAT, headers=spoofed, timeout=10
    )
    assert r.status_code == 200
    request_id = r.headers["x-distillguard-request-id"]
    assert request_id != "attacker-chosen-id"
    assert record_for(shared_gateway, request_id)["client_ip"] == "127.0.0.1"
    last = httpx.get(upstream_url + "/_mock/requests", timeout=5).json()["requests"][-1]
    assert last["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert "x-real-ip" not in last["headers"] and "forwarded" not in last["headers"]


async def test_forwarded_for_believed_only_from_a_trusted_proxy(
    tmp_path: Path, upstream_url: str
) -> None:
    """In-process, so the peer address can be a trusted proxy's (10.9.x.x)."""
    settings = gateway_settings(
        tmp_path, upstream_url, **{"security.trusted_proxies": ["10.9.0.0/16"]}
    )
    app_kwargs: dict[str, object] = {}
    async with gateway_client(settings, **app_kwargs) as client:
        transport = httpx.ASGITransport(app=client.app, client=("10.9.0.5", 4000))  # type: ignore[attr-defined]
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as trusted:
            # The client forged the left entry; the proxy appended the real peer.
            xff = "203.0.113.250, 198.51.100.23"
            r = await trusted.post(
                "/v1/chat/completions",
                json=CHAT,
                headers={**auth(), "x-forwarded-for": xff, "x-request-id": "lb-req-1"},
            )
        r2 = await client.post(
            "/v1/chat/completions",
            json=CHAT,
            headers={**auth(), "x-forwarded-for": "198.51.100.23", "x-request-id": "nope-1"},
        )
    assert r.status_code == r2.status_code == 200
    assert r.headers["x-distillguard-request-id"] == "lb-req-1"
    assert r2.headers["x-distillguard-request-id"] != "nope-1"
    by_id = {rec["request_id"]: rec for rec in read_log(settings)}
    assert by_id["lb-req-1"]["client_ip"] == "198.51.100.23"
    assert by_id[r2.headers["x-distillguard-request-id"]]["client_ip"] == "203.0.113.7"


SMUGGLING = {
    "cl-and-te": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"content-length: 6\r\ntransfer-encoding: chunked\r\n\r\n"
        b"0\r\n\r\nPOST /v1/smuggled HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"
    ),
    "two-content-lengths": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"content-length: 2\r\ncontent-length: 60\r\n\r\n{}"
        b"POST /v1/smuggled HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"
    ),
    "te-obfuscated": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"transfer-encoding: xchunked\r\n\r\n"
        b"0\r\n\r\nPOST /v1/smuggled HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"
    ),
    "te-space-before-colon": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"transfer-encoding : chunked\r\ncontent-length: 4\r\n\r\n"
        b"0\r\n\r\nPOST /v1/smuggled HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"
    ),
    "bad-chunk-size": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"transfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
    ),
    "negative-content-length": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"content-length: -5\r\n\r\n{}"
    ),
    "bare-lf-header-injection": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"x-note: a\nx-api-key: injected\r\ncontent-length: 2\r\n\r\n{}"
    ),
    "nul-in-header": (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n"
        b"x-note: a\x00b\r\ncontent-length: 2\r\n\r\n{}"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SMUGGLING))
def test_request_smuggling_is_refused(
    shared_gateway: GatewayProcess, upstream_url: str, case: str
) -> None:
    before = httpx.get(upstream_url + "/_mock/requests", timeout=5).json()["requests"]
    raw = SMUGGLING[case].replace(b"{key}", OTHER_KEY.encode())
    answer = raw_exchange(shared_gateway.port, raw)
    codes = statuses(answer)
    # Refused outright (4xx, or the connection closed on us) and never a second request.
    assert codes and all(400 <= c < 500 for c in codes), (case, answer[:300])
    assert len(codes) == 1, (case, codes)
    after = httpx.get(upstream_url + "/_mock/requests", timeout=5).json()["requests"]
    assert not [r for r in after if r["path"] == "/v1/smuggled"]
    assert len(after) == len(before) or len(after) == 100  # nothing forwarded at all
    assert shared_gateway.alive()


CODE_EXECUTION = {
    "python-dunder": 'request.model.__class__ == "x"',
    "python-import": '__import__("os").system("touch /tmp/dg-pwned") == 0',
    "python-open": 'open("/etc/passwd").read() != ""',
    "python-eval": 'eval("1") == 1',
    "getattr": 'getattr(request, "model") == "x"',
    "lambda": "(lambda: True)()",
    "file-function": 'file("/etc/passwd") != ""',
    "env-lookup": 'env("HOME") != ""',
}


@pytest.mark.parametrize("case", sorted(CODE_EXECUTION))
def test_policy_expressions_cannot_run_code_or_read_files(tmp_path: Path, case: str) -> None:
    (tmp_path / "p.yaml").write_text(
        "version: 1\nrules:\n  - id: evil\n    description: Tries to escape.\n"
        f"    when: {json.dumps(CODE_EXECUTION[case])}\n    action: block\n"
    )
    policy, problems = check_policy([tmp_path / "p.yaml"])
    assert policy is None and problems, case  # refused at load, never run
    assert not Path("/tmp/dg-pwned").exists()
    assert any("evil" in str(p) for p in problems)


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch /tmp/dg-pwned-yaml']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
    ],
)
def test_policy_yaml_tags_cannot_build_objects(tmp_path: Path, payload: str) -> None:
    (tmp_path / "p.yaml").write_text(
        "version: 1\nrules:\n  - id: tagged\n    description: YAML tag.\n"
        f"    when: {payload}\n    action: block\n"
    )
    with pytest.raises(PolicyError):
        load_policy([tmp_path / "p.yaml"])
    assert not Path("/tmp/dg-pwned-yaml").exists()
