"""Shared gateway processes for the reliability suite (each start costs seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.serve import GatewayProcess, running

UPSTREAM_SECRET = "sk-upstream-Zq81SECRETcredential"
RAW_KEYS = {
    "sk-rel-default-9Qw3": ("acct-rel", "default"),
    "sk-rel-tiny-7Hc2": ("acct-rel-tiny", "tiny"),
    "sk-rel-other-4Kd8": ("acct-rel-other", "default"),
}
DEFAULT_KEY, TINY_KEY, OTHER_KEY = RAW_KEYS


ADMIN_TOKEN = "admin-token-for-the-secrets-grep"


@pytest.fixture(scope="session")
def shared_gateway(
    upstream_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GatewayProcess]:
    """In-memory store, an upstream credential, loopback NOT a trusted proxy, stdout log."""
    workdir = tmp_path_factory.mktemp("shared-gw")
    gateway = GatewayProcess(
        workdir,
        upstream_url,
        {
            "upstream.api_key": UPSTREAM_SECRET,
            "upstream.read_timeout_s": 1.5,
            "security.trusted_proxies": ["10.9.0.0/16"],
            "security.max_body_bytes": 256 * 1024,
            "log.stdout": True,
            "security.admin_token": ADMIN_TOKEN,
        },
        keys=RAW_KEYS,
        name="shared",
    )
    with running(gateway):
        yield gateway
