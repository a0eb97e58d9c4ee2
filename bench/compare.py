"""Before/after: the gateway's CPU per request at two commits, measured side by side.

    .venv/bin/python bench/compare.py BASE [NEW] [--mode non-stream|stream|paced-stream]
        [--conc 16] [--duration 3] [--pairs 10] [--target dg-memory]

BASE and NEW are git revisions (NEW defaults to the working tree). Each is checked out in
a throwaway git worktree under build/bench/compare/ (the working tree is used as it is),
both gateways run at once against one mock, pinned as in run.py, and the load alternates
between them (A B, B A, ...) for --pairs pairs.

Why pairs: on this class of machine the CPU a request costs drifts by 10-30% within
minutes, for every process at once (the mock's own cost moves in step), so two figures
taken minutes apart do not compare. Each pair is measured back to back; the report gives
the median over pairs of NEW/BASE, with the lowest and highest pair ratio beside it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets
from procs import Proc, stop
from run import Bench

ROOT = Path(__file__).resolve().parent.parent


def checkout(rev: str, where: Path) -> Path:
    """`rev` in a fresh worktree at `where`, sharing the project's venv and encodings."""
    if where.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT, check=False)
        shutil.rmtree(where, ignore_errors=True)
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(where), rev], cwd=ROOT, check=True
    )
    (where / ".venv").symlink_to(ROOT / ".venv")
    # Installed by `make install`, not tracked: the worktree borrows the verified files.
    shutil.copytree(ROOT / "gateway" / "_encodings", where / "gateway" / "_encodings")
    return where


def measure(
    bench: Bench, proc: Proc, port: int, args: argparse.Namespace
) -> tuple[float, float, float]:
    """(CPU µs per request, requests/s, p50 ms) of one run."""
    before = proc.cpu_seconds()
    result = bench.load(port, args.conc, args.mode, args.duration)
    cpu = 1e6 * (proc.cpu_seconds() - before) / max(result["requests"], 1)
    return cpu, result["rps"], result["p50_ms"]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("base")
    p.add_argument("new", nargs="?", default=None, help="default: the working tree")
    p.add_argument("--target", default="dg-memory", choices=("dg-memory", "dg-redis"))
    p.add_argument("--mode", default="non-stream", choices=("non-stream", "stream", "paced-stream"))
    p.add_argument("--conc", type=int, default=16)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--pairs", type=int, default=10)
    args = p.parse_args()
    trees = ROOT / "build" / "bench" / "compare"
    trees.mkdir(parents=True, exist_ok=True)
    sources = {
        "base": checkout(args.base, trees / "base"),
        "new": checkout(args.new, trees / "new") if args.new else ROOT,
    }
    store = "memory" if args.target == "dg-memory" else "redis://127.0.0.1:6379/15"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench = Bench(argparse.Namespace(keys=8, max_minutes=60), work)
        mock, mock_port = targets.start_mock(work, 60)
        running: dict[str, tuple[Proc, int]] = {}
        try:
            for name, source in sources.items():
                (work / name).mkdir()
                target = targets.gateway(args.target, name, store, source=source)
                running[name] = target.start(work / name, mock_port)
            for _, port in running.values():
                bench.load(port, args.conc, args.mode, 2.0)  # warm both before measuring
            runs: dict[str, list[tuple[float, float, float]]] = {"base": [], "new": []}
            for i in range(args.pairs):
                for name in ("base", "new") if i % 2 == 0 else ("new", "base"):
                    runs[name].append(measure(bench, *running[name], args))
                (b_cpu, b_rps, b_p50), (n_cpu, n_rps, n_p50) = runs["base"][-1], runs["new"][-1]
                print(
                    f"pair {i + 1}: base {b_cpu:.0f} µs {b_rps:.0f} req/s p50 {b_p50:.2f} ms, "
                    f"new {n_cpu:.0f} µs {n_rps:.0f} req/s p50 {n_p50:.2f} ms",
                    flush=True,
                )
        finally:
            for proc, _ in running.values():
                stop(proc)
            stop(mock)
    print(f"\n{args.target} {args.mode} c={args.conc}, {args.pairs} pairs (medians):")
    for column, label in enumerate(("CPU µs per request", "requests/s", "p50 ms")):
        base = [run[column] for run in runs["base"]]
        new = [run[column] for run in runs["new"]]
        ratios = [n / b for b, n in zip(base, new, strict=True) if b]
        print(
            f"  {label}: base {statistics.median(base):.2f}, new {statistics.median(new):.2f}; "
            f"new/base {statistics.median(ratios):.3f} (pairs {min(ratios):.3f}-{max(ratios):.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
