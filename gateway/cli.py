"""The `distillguard` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gateway.errors import ConfigError, DistillguardError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # The logs subcommands register `func`; the others `handler`.
    handler = getattr(args, "handler", None) or getattr(args, "func", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DistillguardError as exc:
        print(f"distillguard: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="distillguard", description=__doc__)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the gateway")
    _add_serve_flags(serve)
    serve.set_defaults(handler=_serve)

    mock = sub.add_parser("mock-upstream", help="run the built-in mock model API")
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8081)
    mock.add_argument("--tokens", type=int, default=60, help="natural answer length")
    mock.add_argument("--ttft-ms", type=float, default=0.0)
    mock.add_argument("--chunk-ms", type=float, default=0.0)
    mock.add_argument("--no-usage", action="store_true", help="never report usage blocks")
    mock.add_argument("--require-key", default=None, help="only accept this API key")
    mock.set_defaults(handler=_mock)

    keys = sub.add_parser("keys", help="API key hashes and the Redis key registry")
    keys_sub = keys.add_subparsers(title="keys commands", metavar="KEYS_COMMAND")
    k_hash = keys_sub.add_parser("hash", help="print the SHA-256 of a key, for the keys file")
    k_hash.add_argument("key")
    k_hash.set_defaults(handler=_keys_hash)
    k_add = keys_sub.add_parser("add", help="register a key (generated when not given)")
    k_add.add_argument("--prefix", default="dg", help="store key prefix (as in the config)")
    k_add.add_argument("--store", required=True, help="redis://... store URL")
    k_add.add_argument("--account", required=True)
    k_add.add_argument("--tier", default="default")
    k_add.add_argument("key", nargs="?")
    k_add.set_defaults(handler=_keys_add)
    k_revoke = keys_sub.add_parser("revoke", help="revoke a key (raw key or its sha256)")
    k_revoke.add_argument("--prefix", default="dg", help="store key prefix (as in the config)")
    k_revoke.add_argument("--store", required=True)
    k_revoke.add_argument("key")
    k_revoke.set_defaults(handler=_keys_revoke)
    k_list = keys_sub.add_parser("list", help="list registered keys")
    k_list.add_argument("--prefix", default="dg", help="store key prefix (as in the config)")
    k_list.add_argument("--store", required=True)
    k_list.set_defaults(handler=_keys_list)

    demo = sub.add_parser("demo", help="what `make demo` runs")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--seconds", type=float, default=None, help="keep serving this long after")
    demo.set_defaults(handler=_demo)

    policy = sub.add_parser("policy", help="validate and test policy files")
    policy_sub = policy.add_subparsers(title="policy commands", metavar="POLICY_COMMAND")
    p_check = policy_sub.add_parser("check", help="validate policy files")
    p_check.add_argument("paths", nargs="+")
    p_check.set_defaults(handler=lambda a: _policy("check", a.paths))
    p_test = policy_sub.add_parser("test", help="run policy test cases")
    p_test.add_argument("paths", nargs="+")
    p_test.set_defaults(handler=lambda a: _policy("test", a.paths))

    from gateway.review.logs_cli import add_logs_subcommands
    from gateway.sim.cli import add_replay_subcommand, add_simulate_subcommand

    add_simulate_subcommand(sub)
    add_replay_subcommand(sub)
    add_logs_subcommands(sub)
    return parser


def _add_serve_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="YAML config file")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--upstream", help="upstream origin, optionally with a path prefix")
    p.add_argument("--store", help="memory | redis://host:port/db | redis+cluster://host:port")
    p.add_argument("--policies", help="policy directory or file")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--keys", help="keys file (sha256, account, tier)")
    group.add_argument("--passthrough-keys", action="store_true", help="the upstream checks keys")
    p.add_argument("--log", help="enforcement log file (.jsonl)")
    p.add_argument("--log-level", default="info")


def settings_from_args(args: argparse.Namespace) -> Any:
    from gateway.settings import load_settings

    overrides = {
        "listen.host": args.host,
        "listen.port": args.port,
        "upstream.url": args.upstream,
        "store.url": args.store,
        "policies.path": args.policies,
        "keys.file": args.keys,
        "keys.passthrough": True if args.passthrough_keys else None,
        "log.file": args.log,
    }
    flags = {
        "upstream.url": "--upstream",
        "store.url": "--store",
        "policies.path": "--policies",
        "keys.file": "--keys",
        "keys.passthrough": "--passthrough-keys",
        "log.file": "--log",
    }
    return load_settings(args.config, overrides, flags=flags)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.app import create_app

    settings = settings_from_args(args)
    _preflight(settings)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config = uvicorn.Config(
        create_app(settings, freeze_startup_heap=True),
        host=settings.listen.host,
        port=settings.listen.port,
        loop=_best("uvloop"),
        http=_best("httptools", fallback="h11"),
        lifespan="on",
        access_log=False,
        log_level=args.log_level.lower(),
        timeout_graceful_shutdown=int(settings.listen.grace_period_s),
        server_header=False,
        # Client IPs come from our own trusted_proxies rule only; uvicorn's default would
        # believe X-Forwarded-For from any loopback peer.
        proxy_headers=False,
    )
    uvicorn.Server(config).run()
    return 0


def _preflight(settings: Any) -> None:
    """Load what startup will load, so a bad file is one clear message, not a traceback."""
    from gateway.encodings import REQUIRED, ensure_offline_cache
    from gateway.identity import load_keys_file
    from gateway.policy import load_policy
    from gateway.policy.source import read_utf8

    keys_file = settings.keys.file
    if keys_file is not None:
        try:
            load_keys_file(keys_file)
        except UnicodeDecodeError as exc:
            _, problems = read_utf8(str(keys_file), keys_file.read_bytes())
            raise ConfigError("\n".join(map(str, problems)) or str(exc)) from exc
    load_policy([settings.policies.path])
    tokens = settings.tokens
    ensure_offline_cache(
        dict.fromkeys([*REQUIRED, tokens.default_encoding, *tokens.encodings.values()])
    )
    if settings.log.file is not None:
        _check_writable(settings.log.file, "log.file")
    if settings.capture.file is not None and settings.capture.sample_rate > 0:
        _check_writable(settings.capture.file, "capture.file")


def _check_writable(path: Path, field: str) -> None:
    """Open for append as the sinks will, so an unwritable path is a message, not a traceback."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as exc:
        raise ConfigError(f"{path}: {field}: cannot open for writing: {exc.strerror}") from exc


def _best(module: str, fallback: str = "asyncio") -> str:
    try:
        __import__(module)
    except ImportError:
        return fallback
    return module


def _mock(args: argparse.Namespace) -> int:
    from gateway.mock_upstream import run_mock

    run_mock(
        args.host,
        args.port,
        natural_tokens=args.tokens,
        ttft_ms=args.ttft_ms,
        chunk_ms=args.chunk_ms,
        report_usage=not args.no_usage,
        require_key=args.require_key,
    )
    return 0


def _nonempty(value: str | None, flag: str) -> None:
    # An unset shell variable arrives as "": never hash it, store it or make up a key for it.
    if value is not None and not value.strip():
        raise ConfigError(f"{flag}: must not be empty")


def _keys_hash(args: argparse.Namespace) -> int:
    from gateway.identity import hash_key

    _nonempty(args.key, "KEY")
    print(hash_key(args.key))
    return 0


def _keys_add(args: argparse.Namespace) -> int:
    from gateway.identity import hash_key, key_id_for
    from gateway.store.base import KeyRecord

    _nonempty(args.key, "KEY")
    _nonempty(args.account, "--account")
    _nonempty(args.tier, "--tier")
    raw = args.key or "dg-" + secrets.token_urlsafe(32)
    sha = hash_key(raw)
    record = KeyRecord(sha256=sha, account=args.account, tier=args.tier, created_ts=time.time())
    asyncio.run(_with_store(args.store, args.prefix, lambda s: s.put_key(record)))
    if not args.key:
        print(f"key: {raw}   (shown once; only its hash is stored)")
    print(f"added {key_id_for(sha)} sha256={sha} account={args.account} tier={args.tier}")
    return 0


def _keys_revoke(args: argparse.Namespace) -> int:
    import dataclasses
    import re

    from gateway.identity import hash_key, key_id_for

    _nonempty(args.key, "KEY")
    sha = args.key if re.fullmatch(r"[0-9a-f]{64}", args.key) else hash_key(args.key)

    async def revoke(store: Any) -> bool:
        record = await store.get_key(sha)
        if record is None:
            return False
        await store.put_key(dataclasses.replace(record, revoked=True))
        return True

    if not asyncio.run(_with_store(args.store, args.prefix, revoke)):
        print(f"no such key: {key_id_for(sha)}", file=sys.stderr)
        return 1
    print(f"revoked {key_id_for(sha)}")
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from gateway.identity import key_id_for

    records = asyncio.run(_with_store(args.store, args.prefix, lambda s: s.list_keys()))
    for r in sorted(records, key=lambda r: (r.account, r.created_ts)):
        state = "revoked" if r.revoked else "active"
        created = time.strftime("%Y-%m-%d %H:%M", time.gmtime(r.created_ts))
        print(f"{key_id_for(r.sha256)}\t{r.account}\t{r.tier}\t{state}\t{created}")
    return 0


async def _with_store(url: str, prefix: str, action: Any) -> Any:
    from gateway.store import open_store

    if not url.startswith("redis"):
        raise ConfigError(f"--store: the key registry needs a redis:// store, got {url!r}")
    try:
        store = open_store(url, prefix=prefix, timeout_s=2.0)
    except ValueError as exc:  # redis-py's URL parser: bad port, unknown query option, ...
        raise ConfigError(f"--store: invalid URL: {exc}") from exc
    try:
        return await action(store)
    finally:
        await store.close()


def _policy(command: str, paths: list[str]) -> int:
    from gateway.policy.cli import check_main, test_main

    return check_main(paths) if command == "check" else test_main(paths)


def _demo(args: argparse.Namespace) -> int:
    from gateway.demo import run_demo

    return run_demo(port=args.port, linger_s=args.seconds)


if __name__ == "__main__":
    sys.exit(main())
