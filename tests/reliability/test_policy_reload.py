"""A corpus of broken policy files dropped into a running gateway's policy directory.

Each one must be refused by hot reload while the gateway keeps serving on the last good
policy; afterwards a valid edit must still take effect (the watcher is alive).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from gateway.policy.reload import PolicyHolder
from tests.reliability.conftest import DEFAULT_KEY, RAW_KEYS
from tests.support.gateway import POLICY_DIR
from tests.support.serve import GatewayProcess, running

BAD_DIR = Path(__file__).resolve().parents[1] / "policies" / "bad"
INTERVAL_S = 0.1
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
RULE = "  - id: {id}\n    description: d\n    when: {when}\n    action: block\n"
HEAD = "version: 1\nrules:\n"


def _extra_corpus() -> dict[str, bytes]:
    return {
        "empty-bytes.yaml": b"",
        "binary.yaml": bytes(range(256)) * 40,
        "invalid-utf8.yaml": b"version: 1\nrules: \xff\xfe\n",
        "bom-then-garbage.yaml": b"\xef\xbb\xbf: : :\n\t- [\n",
        "huge.yaml": HEAD.encode() + RULE.format(id="x", when='"true"').encode() * 3000,
        "many-unknown-keys.yaml": b"version: 1\n" + b"".join(b"k%d: 1\n" % i for i in range(5000)),
        "cel-nesting-bomb.yaml": (
            HEAD + RULE.format(id="r", when='"' + "(" * 5000 + "1" + ")" * 5000 + ' > 0"')
        ).encode(),
        "wrong-types.yaml": b"version: [1]\nrules: {a: b}\ntiers: 7\n",
        "null-rule.yaml": b"version: 1\nrules:\n  - null\n  - ~\n",
        "python-apply-tag.yaml": (
            HEAD + RULE.format(id="t", when="!!python/object/apply:os.system ['true']")
        ).encode(),
        "merge-key-abuse.yaml": b"version: 1\nbase: &b {id: a}\nrules:\n  - <<: *b\n    <<: *b\n",
    }


def _corpus() -> dict[str, Callable[[Path], None]]:
    """name -> writer that puts the broken file(s) into the policy directory."""
    cases: dict[str, Callable[[Path], None]] = {}
    for path in sorted(BAD_DIR.iterdir()):
        if path.is_dir():
            cases[f"bad/{path.name}"] = lambda d, p=path: (
                [shutil.copy(f, d / f"zz-{f.name}") for f in sorted(p.iterdir())] and None
            )
        else:
            cases[f"bad/{path.name}"] = lambda d, p=path: shutil.copy(p, d / f"zz-{p.name}")
    for name, data in _extra_corpus().items():
        cases[f"extra/{name}"] = lambda d, n=name, b=data: (d / f"zz-{n}").write_bytes(b) and None
    return cases


CORPUS = _corpus()
# Not policy files at all: hot reload must skip them without harm (never refuse, never fail).
IGNORED: dict[str, Callable[[Path], None]] = {
    "directory-named-yaml": lambda d: (d / "zz-dir.yaml").mkdir(),
    "dangling-symlink": lambda d: (d / "zz-link.yaml").symlink_to(d / "missing"),
}
# The live gateway gets every extra case and a sample of tests/policies/bad (each start of
# a reload costs it ~0.5 s); the whole corpus also runs in-process below.
LIVE = {n: w for i, (n, w) in enumerate(CORPUS.items()) if n.startswith("extra/") or i % 6 == 0}


@pytest.fixture(scope="module")
def gw(upstream_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    workdir = tmp_path_factory.mktemp("reload")
    policies = workdir / "policies"
    shutil.copytree(POLICY_DIR, policies)
    gateway = GatewayProcess(
        workdir,
        upstream_url,
        {"policies.path": str(policies), "policies.reload_interval_s": INTERVAL_S},
        keys=RAW_KEYS,
    )
    gateway.policies = policies  # type: ignore[attr-defined]
    with running(gateway):
        yield gateway


def _clear_extras(policies: Path) -> None:
    for path in policies.iterdir():
        if path.name.startswith("zz-"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def _ask(gw: GatewayProcess, model: str = "gpt-4o") -> httpx.Response:
    return httpx.post(
        gw.url + "/v1/chat/completions",
        json={**CHAT, "model": model},
        headers={"authorization": f"Bearer {DEFAULT_KEY}"},
        timeout=10,
    )


def _refused_reloads(gw: GatewayProcess) -> float:
    for line in gw.metrics().splitlines():
        if line.startswith('distillguard_policy_reloads_total{result="refused"}'):
            return float(line.split()[-1])
    raise AssertionError("no policy reload metric")


def _takes_effect(gw: GatewayProcess, policies: Path, rule_id: str) -> bool:
    """Add a rule blocking a new model name; True once the gateway enforces it."""
    (policies / "zz-good.yaml").write_text(
        HEAD + RULE.format(id=rule_id, when=f'request.model == "{rule_id}"')
    )
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        if _ask(gw, rule_id).status_code == 403:
            return True
        time.sleep(INTERVAL_S)
    return False


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_every_broken_file_is_refused_and_the_last_good_kept(tmp_path: Path, case: str) -> None:
    policies = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, policies)
    holder = PolicyHolder([policies])
    good = holder.version
    CORPUS[case](policies)
    assert holder.reload() is False
    assert holder.version == good and holder.last_error is not None
    _clear_extras(policies)
    assert holder.reload() is True


def _wait_refused(gw: GatewayProcess, above: float, timeout_s: float) -> float:
    # Returns as soon as the refusal shows; the bound only has to outlast the slowest
    # case (huge.yaml: 3,000 rules take ~1.6 s to compile and refuse on an idle machine).
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        count = _refused_reloads(gw)
        if count > above:
            return count
        time.sleep(INTERVAL_S / 2)
    return _refused_reloads(gw)


@pytest.mark.slow
def test_broken_files_never_break_the_running_gateway(gw: GatewayProcess) -> None:
    policies: Path = gw.policies  # type: ignore[attr-defined]
    refused = _refused_reloads(gw)
    not_refused = []
    for name, write in [*LIVE.items(), *IGNORED.items()]:
        write(policies)
        # An ignored file is never refused: waiting for it is only a check that it isn't.
        now_refused = _wait_refused(gw, refused, 3.0 if name in IGNORED else 10.0)
        if now_refused == refused and name not in IGNORED:
            not_refused.append(name)
        refused = now_refused
        r = _ask(gw)
        assert r.status_code == 200, (name, r.text)
        assert _ask(gw, "banned-model").status_code == 403, name  # still the last good policy
        _clear_extras(policies)
        # Back to the good files: that reload is accepted, and the next case starts clean.
        time.sleep(INTERVAL_S * 2)
    assert gw.alive()
    assert not not_refused, "accepted or not seen by hot reload: " + ", ".join(not_refused)
    assert _takes_effect(gw, policies, "after-corpus")
    _clear_extras(policies)
    assert "Traceback" not in gw.output()


WATCHER_KILLERS = {
    # A YAML tag the safe loader cannot construct once raised out of the loader and
    # killed the reload watcher; it must be an ordinary refused reload.
    "python-name-tag": HEAD + RULE.format(id="n", when="!!python/name:os.system"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(WATCHER_KILLERS))
def test_reload_survives_files_that_raise(gw: GatewayProcess, case: str) -> None:
    policies: Path = gw.policies  # type: ignore[attr-defined]
    (policies / "zz-killer.yaml").write_text(WATCHER_KILLERS[case])
    time.sleep(INTERVAL_S * 3)
    assert _ask(gw).status_code == 200
    _clear_extras(policies)
    try:
        assert _takes_effect(gw, policies, f"after-{case}")
    finally:
        _clear_extras(policies)


ALIAS_BOMB = (
    "version: 1\na: &a ["
    + ", ".join(['"lol"'] * 9)
    + "]\n"
    + "".join(
        f"{b}: &{b} [" + ", ".join([f"*{a}"] * 9) + "]\n"
        for a, b in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "rules: []\n"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [ALIAS_BOMB, "version: 1\nrules: " + "[" * 50_000 + "]" * 50_000 + "\n"],
    ids=["alias-bomb", "deep-nesting"],
)
def test_policy_check_refuses_yaml_bombs_quickly(tmp_path: Path, text: str) -> None:
    """`policy check` (what hot reload runs) answers within seconds and 1 GB of memory."""
    import resource
    import subprocess
    import sys

    path = tmp_path / "bomb.yaml"
    path.write_text(text)

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "policy", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=8,
        preexec_fn=limit_memory,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # refused, as a problem
    assert "Traceback" not in done.stderr
