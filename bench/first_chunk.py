"""Added time to first chunk, with the mock on the proxy's core or moved off it.

    .venv/bin/python bench/first_chunk.py [--targets dg-memory,plumbing,nginx]
        [--mode paced-stream] [--conc 16] [--duration 3] [--reps 3] [--mock-apart]

run.py pins the mock and the proxy to one core, as the issue's method says. Streams
then compete with the proxy for that core: a new request's upstream answers late
because the mock waits for the CPU. `--mock-apart` moves the mock to the load
generator's core, which leaves the proxy's own share of the first-chunk delay. Each
repetition measures direct access, then every target, and prints the added first-chunk
p50 and p50 latency, and the target's CPU per request.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets
from procs import LOADGEN_CPU, Proc, stop
from run import Bench


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--targets", default="dg-memory,plumbing,nginx")
    p.add_argument("--mode", default="paced-stream", choices=("stream", "paced-stream"))
    p.add_argument("--conc", type=int, default=16)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--mock-apart", action="store_true", help="mock on the load generator's core")
    args = p.parse_args()
    names = args.targets.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench = Bench(argparse.Namespace(keys=8, max_minutes=30), work)
        mock, mock_port = targets.start_mock(work, 60)
        if args.mock_apart:
            subprocess.run(
                ["taskset", "-a", "-p", "-c", LOADGEN_CPU, str(mock.pid)],
                check=True,
                capture_output=True,
            )
        running: list[tuple[str, Proc, int]] = []
        try:
            for name, target in zip(names, targets.by_name(names), strict=True):
                running.append((name, *target.start(work, mock_port)))
            for _, _, port in running:
                bench.load(port, args.conc, args.mode, 1.5)
            bench.load(mock_port, args.conc, args.mode, 1.5)
            for _ in range(args.reps):
                direct = bench.load(mock_port, args.conc, args.mode, args.duration)
                line = f"direct first chunk {direct['ttfc_p50_ms']:.2f} ms"
                for name, proc, port in running:
                    before = proc.cpu_seconds()
                    r = bench.load(port, args.conc, args.mode, args.duration)
                    cpu = 1e6 * (proc.cpu_seconds() - before) / max(r["requests"], 1)
                    line += (
                        f" | {name}: first chunk +{r['ttfc_p50_ms'] - direct['ttfc_p50_ms']:.2f}"
                        f" ms, p50 +{r['p50_ms'] - direct['p50_ms']:.2f} ms, {cpu:.0f} µs/req"
                    )
                print(line, flush=True)
        finally:
            for _, proc, _ in running:
                stop(proc)
            stop(mock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
