"""Hot reload: valid edits swap the version, invalid ones are refused and counted."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from gateway.errors import PolicyError
from gateway.policy import PolicyHolder

RULE = "version: 1\nrules:\n  - {{id: r, description: d, when: {when!r}, action: log}}\n"


def _write(path: Path, when: str) -> None:
    path.write_text(RULE.format(when=when))


def test_valid_change_swaps_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    _write(path, "request.n > 1")
    holder = PolicyHolder([tmp_path])
    before = holder.policy
    assert not holder.changed()
    _write(path, "request.n > 2")
    assert holder.changed()
    assert holder.reload() is True
    assert holder.version != before.version
    assert holder.policy.rules[0].expression.source == "request.n > 2"
    assert (holder.reloads_ok, holder.reloads_refused) == (1, 0)
    assert before.rules[0].expression.source == "request.n > 1"  # old object untouched


def test_invalid_edit_is_refused_and_last_good_kept(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    _write(path, "request.n > 1")
    holder = PolicyHolder([path])
    good = holder.policy
    _write(path, "request.nn > 1")
    assert holder.reload() is False
    assert holder.policy is good
    assert (holder.reloads_ok, holder.reloads_refused) == (0, 1)
    assert holder.last_error is not None
    assert "unknown field 'nn' of request" in str(holder.last_error)
    _write(path, "request.n > 3")
    assert holder.reload() is True
    assert holder.last_error is None
    assert holder.policy.rules[0].expression.source == "request.n > 3"


def test_unchanged_reload_keeps_the_same_object(tmp_path: Path) -> None:
    _write(tmp_path / "p.yaml", "request.n > 1")
    holder = PolicyHolder([tmp_path])
    policy = holder.policy
    assert holder.reload() is True
    assert holder.policy is policy


def test_invalid_files_at_start_raise(tmp_path: Path) -> None:
    _write(tmp_path / "p.yaml", "request.n >")
    with pytest.raises(PolicyError):
        PolicyHolder([tmp_path])


def test_new_file_in_directory_is_a_change(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", "request.n > 1")
    holder = PolicyHolder([tmp_path])
    (tmp_path / "b.yaml").write_text("version: 1\nrules: []\n")
    assert holder.changed()
    (tmp_path / "b.tests.yaml").write_text("cases: []\n")
    holder.reload()
    (tmp_path / "c.tests.yaml").write_text("cases: []\n")
    assert not holder.changed()  # test files are not policies


async def test_watch_picks_up_edits(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    _write(path, "request.n > 1")
    holder = PolicyHolder([tmp_path])
    first = holder.version
    task = asyncio.create_task(holder.watch(interval_s=0.01))
    try:
        _write(path, "request.n > 7")
        for _ in range(300):
            if holder.version != first:
                break
            await asyncio.sleep(0.01)
        assert holder.version != first
        _write(path, "request.n >")
        for _ in range(300):
            if holder.reloads_refused:
                break
            await asyncio.sleep(0.01)
        assert holder.reloads_refused == 1
        assert holder.policy.rules[0].expression.source == "request.n > 7"
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
