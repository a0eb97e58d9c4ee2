"""Instructions per non-streaming request that the gateway adds: a measure that does not drift.

    python bench/instructions.py [--n 2000] [--warmup 300]          # ~10 min on this machine

CPU time per request moves 10-20% between runs on a shared machine; the number of
instructions a request executes does not. This runs, each in one process under
`valgrind --tool=callgrind`:

- `direct`: a client sending the load generator's requests (bench/loadgen.py: varied
  prompt, 8 API keys, max_tokens 256, non-streaming, one keep-alive connection) straight to
  the mock upstream (gateway.mock_upstream under uvicorn);
- `gateway`: the same client and mock with the gateway between them, built as
  `distillguard serve` builds it (uvicorn + httptools + uvloop, memory store, passthrough
  keys, the shipped rules with tier budgets out of reach as bench/targets.py writes them,
  enforcement log to a temporary file, startup heap frozen), with one difference: the log
  writer serialises, hashes and writes each record in the event loop's thread as it is
  queued, not in batches gathered for 20 ms in a worker thread, because callgrind counts
  per thread and a batch's size would depend on the speed (see `inline_log_writer`),

and prints instructions per request for both and their difference: the gateway's own
(uvicorn's front, the app, its upstream client), as `dg-memory` vs direct in bench/run.py.
Every party listens on or dials a real loopback socket, so the gateway's transport and
uvicorn's parsing are counted; the kernel's side of a socket is not (callgrind counts user
space only).

Only the measured requests are counted: callgrind starts with collection off
(`--collect-atstart=no`) and `--toggle-collect=closure_fcn` turns it on while ctypes runs a
Python callback (closure_fcn is ctypes' C entry into one). The script calls libc's qsort on
a two-element array with a comparison function that runs the measured requests, and uses
no other callback. (Toggling on qsort itself does not work: callgrind loses qsort's frame
once the callback runs Python, and counts almost nothing.) Start-up, imports, the warm-up
and the shutdown are left out without subtracting two long runs, whose start-up noise
would land on the difference. `--check-toggle` counts an empty measured phase (~60,000
instructions: the callback and one turn of the event loop). PYTHONHASHSEED is fixed so set
and dict orders repeat. Collection is per thread: only the event loop's thread is counted.

    python bench/instructions.py --inner gateway --n 300 --stepped-clock --keep-log /tmp/a.jsonl

runs one side natively, no valgrind, on a clock that moves 10 ms per reading, so that two
versions of the gateway can be compared record by record (apart from ids, hashes and
latencies).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import ctypes.util
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httptools
from loadgen import body_for
from procs import free_port
from targets import bench_policies

ROOT = Path(__file__).resolve().parent.parent
KEYS = 8
MAX_TOKENS = 256
TOGGLE = "closure_fcn"


class Client(asyncio.Protocol):
    """One keep-alive connection, one request at a time, the whole response read."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.done: asyncio.Future[int] | None = None
        self.action = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"x-distillguard-action":
            self.action = value

    def on_message_complete(self) -> None:
        assert self.done is not None
        self.done.set_result(self.parser.get_status_code())

    async def call(self, request: bytes) -> int:
        assert self.transport is not None
        self.parser = httptools.HttpResponseParser(self)
        self.done = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.done


def request_bytes(n: int, port: int) -> bytes:
    body = body_for(n, False, MAX_TOKENS)
    head = (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer sk-bench-{n % KEYS:03d}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def serve(app: Any, port: int) -> tuple[Any, asyncio.Task[None]]:
    import uvicorn

    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        http="httptools",
        lifespan="on",
        access_log=False,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    return server, task


class SteppedClock:
    """A wall clock that moves 10 ms per reading: the same request sequence then gives
    the same records (signals decay with time), for comparing two versions' logs."""

    def __init__(self, start: float = 1_767_225_600.0, step: float = 0.01) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def gateway_app(work: Path, mock_port: int, port: int, stepped_clock: bool = False) -> Any:
    from gateway.app import create_app
    from gateway.cli import settings_from_args

    args = argparse.Namespace(
        config=None,
        host="127.0.0.1",
        port=port,
        upstream=f"http://127.0.0.1:{mock_port}",
        store="memory",
        policies=str(bench_policies(work, signal_rules=True)),
        keys=None,
        passthrough_keys=True,
        log=str(work / "logs" / "enforcement.jsonl"),
    )
    extra = {"clock": SteppedClock()} if stepped_clock else {}
    return create_app(settings_from_args(args), freeze_startup_heap=True, **extra)


def inline_log_writer(writer: Any) -> None:
    """Serialise, hash and write each record in the loop's thread as soon as it is queued.

    callgrind's collection is per thread, and the writer's sinks normally run in a worker
    thread (uncounted); and a batch gathers for 20 ms, so its size would depend on how fast
    the requests run (50 times slower under valgrind). One record a batch, counted."""
    writer.offload = False
    writer.linger_s = 0.0


class Run:
    def __init__(self, mode: str, work: Path, stepped_clock: bool = False) -> None:
        self.mode = mode
        self.stepped_clock = stepped_clock
        self.work = work
        self.servers: list[tuple[Any, asyncio.Task[None]]] = []
        self.client = Client()
        self.port = 0
        self.statuses: dict[str, int] = {}

    async def start(self) -> None:
        from gateway.mock_upstream import MockSettings, create_mock_app

        mock_port = free_port()
        self.servers.append(await serve(create_mock_app(MockSettings()), mock_port))
        self.port = mock_port
        if self.mode == "gateway":
            self.port = free_port()
            app = gateway_app(self.work, mock_port, self.port, self.stepped_clock)
            self.servers.append(await serve(app, self.port))
            inline_log_writer(app.state.runtime.log_writer)
        loop = asyncio.get_running_loop()
        await loop.create_connection(lambda: self.client, "127.0.0.1", self.port)
        # As `serve` does once started; the direct side too, so both collect alike.
        gc.collect()
        gc.freeze()

    async def send(self, first: int, count: int) -> None:
        for n in range(first, first + count):
            status = await self.client.call(request_bytes(n, self.port))
            key = f"{status} {self.client.action.decode() or '-'}"
            self.statuses[key] = self.statuses.get(key, 0) + 1

    async def stop(self) -> None:
        assert self.client.transport is not None
        self.client.transport.close()
        for server, task in reversed(self.servers):
            server.should_exit = True
            await task


def counted(work: Any) -> None:
    """Run work() as a ctypes callback from libc's qsort: callgrind collects inside it."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    compare_type = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)
    )
    failure: list[BaseException] = []

    def compare(a: Any, b: Any) -> int:
        try:
            work()
        except BaseException as exc:  # ctypes would print and drop it
            failure.append(exc)
        return 0

    pair = (ctypes.c_int * 2)(1, 2)
    libc.qsort(pair, 2, ctypes.sizeof(ctypes.c_int), compare_type(compare))
    if failure:
        raise failure[0]


def inner(
    mode: str, n: int, warmup: int, keep_log: str | None, stepped_clock: bool = False
) -> dict[str, Any]:
    import uvloop

    with tempfile.TemporaryDirectory(prefix="dg-instr-") as tmp:
        work = Path(tmp)
        loop = uvloop.new_event_loop()
        asyncio.set_event_loop(loop)
        run = Run(mode, work, stepped_clock)
        loop.run_until_complete(run.start())
        loop.run_until_complete(run.send(0, warmup))
        run.statuses.clear()
        counted(lambda: loop.run_until_complete(run.send(warmup, n)))
        loop.run_until_complete(run.stop())
        loop.close()
        log = work / "logs" / "enforcement.jsonl"
        if keep_log and log.exists():
            shutil.copyfile(log, keep_log)
        return {"mode": mode, "n": n, "warmup": warmup, "responses": run.statuses}


def callgrind(mode: str, n: int, warmup: int, out_dir: Path) -> dict[str, Any]:
    out = out_dir / f"callgrind.{mode}.out"
    inner = [__file__, "--inner", mode, "--n", str(n), "--warmup", str(warmup)]
    result, total = under_callgrind(inner, out)
    result.update(instructions=total, per_request=total / n if n else None, profile=str(out))
    return result


def under_callgrind(script_argv: list[str], out: Path) -> tuple[dict[str, Any], int]:
    """Run `python script_argv...` under callgrind, counting only inside TOGGLE (the
    measured phase); its last stdout line (JSON) and the instructions counted."""
    argv = [
        "valgrind", "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={TOGGLE}",
        f"--callgrind-out-file={out}", sys.executable, *script_argv,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{script_argv[0]}: valgrind failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), total_instructions(out)


def total_instructions(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"{path}: no totals line")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--n", type=int, default=2000, help="measured requests")
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--out", default="build/bench/instructions", help="callgrind profiles")
    p.add_argument("--only", choices=["direct", "gateway"], help="measure one side")
    p.add_argument("--check-toggle", action="store_true", help="measure an empty phase")
    p.add_argument("--inner", choices=["direct", "gateway"], help=argparse.SUPPRESS)
    p.add_argument("--keep-log", help="with --inner: copy the enforcement log here")
    p.add_argument(
        "--stepped-clock", action="store_true", help="with --inner: a clock of 10 ms per reading"
    )
    args = p.parse_args(argv)
    if args.inner:
        print(json.dumps(inner(args.inner, args.n, args.warmup, args.keep_log, args.stepped_clock)))
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install -y valgrind)")
    out_dir = ROOT / args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0 if args.check_toggle else args.n
    results = {
        mode: callgrind(mode, n, args.warmup, out_dir)
        for mode in ([args.only] if args.only else ["direct", "gateway"])
    }
    if n and len(results) == 2:
        added = results["gateway"]["per_request"] - results["direct"]["per_request"]
        results["gateway_added_per_request"] = added
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
