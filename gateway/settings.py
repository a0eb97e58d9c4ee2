"""Gateway configuration: one typed model, defaults set here and nowhere else.

Sources, weakest first: built-in defaults, the YAML config file, environment variables
(`DISTILLGUARD_<SECTION>__<FIELD>`, e.g. `DISTILLGUARD_STORE__URL`), then CLI flags.
Unknown keys are errors; every problem is reported at once as `file:line:col: field: message`.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from gateway.errors import ConfigError
from gateway.policy.source import SourceFile, parse, read_utf8
from gateway.redisconn import SCHEMES, is_memory

ENV_PREFIX = "DISTILLGUARD_"
DEFAULT_POLICIES = Path(__file__).resolve().parent.parent / "policies"


class _Section(BaseModel):
    # inf would pass `ge=0` and then fail where a duration becomes an int (uvicorn's grace).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        # pydantic reads YAML `true` as the number 1: `port: yes` would listen on port 1.
        name = info.field_name
        if isinstance(value, bool) and name and cls.model_fields[name].annotation in (int, float):
            raise ValueError(f"must be a number, not {str(value).lower()}")
        return value


class ListenSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    grace_period_s: float = Field(30.0, ge=0)
    """How long SIGTERM waits for in-flight streams before closing them."""


class UpstreamSettings(_Section):
    url: str = "http://127.0.0.1:8081"
    api_key: SecretStr | None = None
    """When set, replaces the client's key on the way upstream; never logged or returned."""
    connect_timeout_s: float = Field(5.0, gt=0)
    read_timeout_s: float = Field(120.0, gt=0)
    """Longest silence allowed between two chunks (and before the headers)."""
    max_connections: int = Field(512, ge=1)
    keepalive_connections: int = Field(128, ge=0)

    @field_validator("url")
    @classmethod
    def _origin(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class StoreSettings(_Section):
    url: str = "memory"
    """`memory` (single process only) or `redis://host:port/db`, `redis+cluster://host:port`."""
    prefix: str = "dg"
    timeout_s: float = Field(0.25, gt=0)
    failure_mode: Literal["open", "closed"] = "open"
    """Store unreachable: `open` forwards and flags the log record, `closed` answers 503."""

    @field_validator("url")
    @classmethod
    def _store_url(cls, value: str) -> str:
        scheme, sep, _ = value.partition("://")
        if not is_memory(value) and (not sep or scheme not in SCHEMES):
            raise ValueError(
                f"expected memory, redis://, rediss:// or redis+cluster:// (got {value!r})"
            )
        return value

    @field_validator("prefix")
    @classmethod
    def _no_braces(cls, value: str) -> str:
        if "{" in value or "}" in value:
            raise ValueError("must not contain braces (they would change the cluster hash tag)")
        return value


class KeysSettings(_Section):
    file: Path | None = None
    passthrough: bool = False
    """The upstream checks keys; the account is a salted hash of the key."""
    passthrough_salt: SecretStr = SecretStr("distillguard")
    registry: bool = True
    """Also look keys up in the store's key registry (Redis) managed by `distillguard keys`."""
    registry_cache_s: float = Field(10.0, ge=0)
    """How long a registry answer (found or not) is reused in-process, so a key costs no
    round trip per request and a flood of unknown keys no Redis load. A key revoked on
    another instance keeps working here for at most this long; 0 disables the cache."""


class LogSettings(_Section):
    file: Path | None = Path("logs/enforcement.jsonl")
    """Where `distillguard logs` looks by default too (its `--log` defaults to `logs/`)."""
    stdout: bool = False
    redis_stream: str | None = None
    max_bytes: int = Field(256 * 1024 * 1024, ge=1024)
    max_age_s: float = Field(86400.0, gt=0)
    keep: int = Field(14, ge=1)
    queue_size: int = Field(65536, ge=16)

    @field_validator("file")
    @classmethod
    def _jsonl(cls, value: Path | None) -> Path | None:
        # Rotation names files `<stem>.<stamp>.jsonl.gz`, so the live one needs the suffix.
        if value is not None and not value.name.endswith(".jsonl"):
            raise ValueError(f"the log file name must end in .jsonl (got {str(value)!r})")
        return value


class PolicySettings(_Section):
    path: Path = DEFAULT_POLICIES
    reload_interval_s: float = Field(2.0, ge=0)
    """0 disables hot reload."""


class TokenSettings(_Section):
    encodings: dict[str, str] = Field(default_factory=dict)
    """Model-name prefix -> tiktoken encoding, added to (and overriding) the built-in map."""
    default_encoding: str = "o200k_base"
    cache_entries: int = Field(50_000, ge=0)

    @field_validator("default_encoding")
    @classmethod
    def _known(cls, value: str) -> str:
        return _known_encoding(value)

    @field_validator("encodings")
    @classmethod
    def _all_known(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value.values():
            _known_encoding(name)
        return value


def _known_encoding(name: str) -> str:
    from tiktoken_ext import openai_public

    known = openai_public.ENCODING_CONSTRUCTORS
    if name not in known:
        raise ValueError(f"unknown tiktoken encoding {name!r} (known: {', '.join(sorted(known))})")
    return name


MIN_ADMIN_TOKEN = 16


class SecuritySettings(_Section):
    admin_token: SecretStr | None = None
    trusted_proxies: list[str] = Field(default_factory=list)
    """CIDRs whose X-Forwarded-For is believed; anyone else's is ignored."""
    challenge_secret: SecretStr | None = None
    """HMAC key for proof-of-work challenges; random per process when unset (single instance)."""
    max_body_bytes: int = Field(4 * 1024 * 1024, ge=1024)
    max_held_requests: int = Field(256, ge=0)
    """Throttle `delay` holds at most this many requests at once; past it, it rejects."""

    @field_validator("admin_token")
    @classmethod
    def _strong_enough(cls, value: SecretStr | None) -> SecretStr | None:
        # It is the only thing between the internet and the allowlist, the policy reload
        # and every account's log; a short one (or a placeholder like "change-me") is
        # guessable, and the login form has no rate limit of its own.
        if value is not None and len(value.get_secret_value().strip()) < MIN_ADMIN_TOKEN:
            raise ValueError(
                f"must be at least {MIN_ADMIN_TOKEN} characters; generate one with "
                "python -c 'import secrets; print(secrets.token_urlsafe(24))'"
            )
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        for cidr in value:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                raise ValueError(f"{cidr!r} is not an IP address or CIDR block") from None
        return value


class SignalSettings(_Section):
    enabled: bool = True
    """Compute harvest signals per request; off, every `signals.*` reads as 0."""


class CaptureSettings(_Section):
    """Sampled live capture of traffic records (CONTRACT format) for `distillguard replay`."""

    file: Path | None = None
    sample_rate: float = Field(0.0, ge=0.0, le=1.0)
    """Share of accounts captured whole (by a salted hash of the account id)."""
    salt: SecretStr = SecretStr("")


class Settings(_Section):
    listen: ListenSettings = ListenSettings()
    upstream: UpstreamSettings = UpstreamSettings()
    store: StoreSettings = StoreSettings()
    keys: KeysSettings = KeysSettings()
    log: LogSettings = LogSettings()
    policies: PolicySettings = PolicySettings()
    tokens: TokenSettings = TokenSettings()
    security: SecuritySettings = SecuritySettings()
    signals: SignalSettings = SignalSettings()
    capture: CaptureSettings = CaptureSettings()
    model_aliases: dict[str, str] = Field(default_factory=dict)
    """Names usable by degrade's `route_model`, mapped to the upstream model they route to."""


def load_settings(
    config_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, str] | None = None,
) -> Settings:
    """Merge file, environment and overrides (dotted keys, e.g. `store.url`) and validate.

    `flags` names the command-line flag each override came from (`log.file` -> `--log`),
    for error messages.
    """
    doc: SourceFile | None = None
    if config_file is not None:
        path = Path(config_file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from exc
        text, problems = read_utf8(str(path), data)
        if text is None:
            raise ConfigError("\n".join(str(p) for p in problems))
        # An empty file (or one of comments only) is the defaults.
        doc, problems = parse(str(path), text, empty=None)
        if problems:
            raise ConfigError("\n".join(str(p) for p in problems))
        if doc.data is None:
            doc.data = {}
        if not isinstance(doc.data, dict):
            raise ConfigError(f"{path}:1:1: the config file must be a mapping")
    merged: dict[str, Any] = _deep_copy(doc.data) if doc is not None else {}
    sources: dict[tuple[str, ...], str] = {}
    for dotted, value in _env_overrides(os.environ if environ is None else environ).items():
        if _set_dotted(merged, dotted, value):
            sources[dotted] = f"environment {ENV_PREFIX}{'__'.join(dotted).upper()}"
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        dotted_key = tuple(key.split("."))
        if _set_dotted(merged, dotted_key, value):
            flag = (flags or {}).get(key) or f"--{dotted_key[-1].replace('_', '-')}"
            sources[dotted_key] = f"command-line {flag}"
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, doc, sources)) from exc


def _format_errors(
    exc: ValidationError, doc: SourceFile | None, sources: Mapping[tuple[str, ...], str]
) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(str(part) for part in error["loc"])
        field_name = ".".join(loc)
        # An override can sit below the failing field (DISTILLGUARD_NOPE__X fails at `nope`).
        origin = next(
            (src for key, src in sources.items() if _overlaps(loc, key)),
            None,
        )
        where = origin or (_where(doc, loc) if doc is not None else "<defaults>")
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        lines.append(f"{where}: {field_name}: {message}")
    return "\n".join(lines)


def _overlaps(loc: tuple[str, ...], key: tuple[str, ...]) -> bool:
    short = min(len(loc), len(key))
    return loc[:short] == key[:short]


def _where(doc: SourceFile, loc: tuple[str, ...]) -> str:
    line, col = doc.key_at(loc)
    return f"{doc.path}:{line}:{col}"


def _env_overrides(environ: Mapping[str, str]) -> dict[tuple[str, ...], str]:
    found = {}
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX) and "__" in name:
            path = tuple(part.lower() for part in name[len(ENV_PREFIX) :].split("__"))
            found[path] = value
    return found


def _set_dotted(target: dict[str, Any], path: tuple[str, ...], value: Any) -> bool:
    """Set `value` at `path`; False (and nothing set) when a non-mapping is in the way."""
    node = target
    for part in path[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif not isinstance(child, dict):
            # `listen: 5` in the file stays, so validation reports it where it was written.
            return False
        node = child
    node[path[-1]] = value
    return True


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
