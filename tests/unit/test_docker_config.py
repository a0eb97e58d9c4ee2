"""docker/ cannot run here (no engine), so check what it runs: its config and its wiring."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from gateway.settings import load_settings

DOCKER = Path(__file__).resolve().parents[2] / "docker"


def test_container_config_is_valid() -> None:
    settings = load_settings(DOCKER / "config.yaml", environ={})
    assert settings.listen.host == "0.0.0.0" and settings.listen.port == 8080
    assert settings.store.url.startswith("redis://")
    assert str(settings.policies.path) == "/app/policies"


def test_compose_environment_names_real_settings() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    environment = compose["services"]["gateway"]["environment"]
    # ${VAR:-default} takes its default; ${VAR:?message} must come from the operator.
    operator = {"DISTILLGUARD_ADMIN_TOKEN": "a-random-secret-of-24-chars"}
    required = re.compile(r"\$\{([A-Z_]+):\?[^}]*\}")
    resolved = {
        k: required.sub(
            lambda m: operator[m.group(1)],
            re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(v)),
        )
        for k, v in environment.items()
    }
    settings = load_settings(DOCKER / "config.yaml", environ=resolved)
    assert settings.upstream.url == "http://mock-upstream:8081"
    assert settings.security.admin_token is not None
    # No guessable default admin token ships: compose demands one.
    assert required.search(str(environment["DISTILLGUARD_SECURITY__ADMIN_TOKEN"]))


def test_dockerfile_runs_the_copied_config_and_bakes_encodings() -> None:
    dockerfile = (DOCKER / "Dockerfile").read_text()
    assert "COPY docker/config.yaml /app/config.yaml" in dockerfile
    assert '"serve", "--config", "/app/config.yaml"' in dockerfile
    assert "gateway.encodings install --dest /opt/encodings" in dockerfile
    assert "DISTILLGUARD_ENCODINGS_DIR=/opt/encodings" in dockerfile
    assert "USER distillguard" in dockerfile and "HEALTHCHECK" in dockerfile
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    assert set(compose["services"]) == {"gateway", "redis", "mock-upstream"}
