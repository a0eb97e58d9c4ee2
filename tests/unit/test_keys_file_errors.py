"""A keys file that is empty or not a mapping gets a message about keys files.

Not the policy loader's "expected a mapping with 'version: 1'", and not pydantic naming
its own model class.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.errors import ConfigError
from gateway.identity import load_keys_file

EXPECTED = "expected a mapping with a 'keys:' list of {sha256, account, tier}"


@pytest.mark.parametrize("text", ["", "\n\n", "# keys go here later\n", "---\n", "~\n"])
def test_empty_keys_file_names_the_keys_format(tmp_path: Path, text: str) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_keys_file(path)
    assert str(err.value) == f"{path}:1:1: keys file is empty; {EXPECTED}"
    assert "version" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "where", "kind"),
    [
        ("- sha256: abc\n  account: a\n", "1:1", "a list"),
        ("# comment\n\nhello\n", "3:1", "a single value"),
    ],
)
def test_keys_file_that_is_not_a_mapping(tmp_path: Path, text: str, where: str, kind: str) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_keys_file(path)
    assert str(err.value) == f"{path}:{where}: the file is {kind}; {EXPECTED}"
    assert "_KeysFile" not in str(err.value)


def test_keys_file_with_an_empty_list_is_no_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text("keys: []\n", encoding="utf-8")
    assert load_keys_file(path) == {}


def test_serve_reports_the_empty_keys_file_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.cli import main

    path = tmp_path / "keys.yaml"
    path.write_text("", encoding="utf-8")
    assert main(["serve", "--keys", str(path), "--log", str(tmp_path / "dg.jsonl")]) == 2
    assert capsys.readouterr().err == f"{path}:1:1: keys file is empty; {EXPECTED}\n"
