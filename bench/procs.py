"""Start, pin, probe and stop the benchmark's server processes; read their CPU time.

Every process the harness starts is put in its own session so that stopping it also
stops what it spawned (nginx workers, LiteLLM's uvicorn), and is stopped by its own
process-group id, never by name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
LOADGEN_CPU = "0"
SERVER_CPU = "1"


def pinned(cpu: str, argv: Sequence[str]) -> list[str]:
    """`argv` run under taskset on `cpu` when the machine has two cores and taskset exists."""
    if (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        return list(argv)
    return ["taskset", "-c", cpu, *argv]


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    extra_pids: list[int] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def cpu_seconds(self) -> float:
        """User+system CPU of the process and its descendants, from /proc."""
        return sum(self.cpu_split())

    def cpu_split(self) -> tuple[float, float]:
        """(user, system) CPU seconds of the process and its descendants, from /proc."""
        ticks = [_cpu_ticks(pid) for pid in _tree(self.pid)]
        return sum(u for u, _ in ticks) / CLK_TCK, sum(s for _, s in ticks) / CLK_TCK

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def start(
    name: str,
    argv: Sequence[str],
    log_dir: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Proc:
    log_path = log_dir / f"{name}.log"
    log = log_path.open("wb")
    popen = subprocess.Popen(
        list(argv),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    log.close()
    return Proc(name, popen, log_path)


def stop(proc: Proc, grace_s: float = 5.0) -> None:
    """SIGTERM the process group, SIGKILL it after `grace_s`."""
    if proc.popen.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.popen.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.popen.wait(timeout=grace_s)


def wait_ready(proc: Proc, url: str, timeout_s: float = 60.0) -> None:
    """Poll `url` until it answers (any status below 500); raise with the log tail if not."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(
                f"{proc.name} exited with {proc.popen.returncode}:\n{proc.log_tail()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.name} not ready at {url} after {timeout_s:.0f}s:\n{proc.log_tail()}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_ticks(pid: int) -> tuple[int, int]:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0, 0
    # The command name may hold spaces and parentheses: fields start after the last ')'.
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[11]), int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(raw[raw.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out: list[int] = []
    todo = [root]
    while todo and len(out) < 10_000:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out
