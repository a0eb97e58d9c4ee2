"""CPU per request of the gateway's upstream client alone, against the mock upstream.

    .venv/bin/python bench/upstream_client.py [--requests 3000] [--concurrency 16]

Starts the mock upstream in its own process, then sends chat completions through each
client variant in this process (non-streaming, then streaming, read to the end) and
prints this process's CPU time per request: the cost the upstream call adds to the
gateway, apart from the gateway's own work. Variants: `httpx-default` (httpx's own
transport: httpcore, h11 and anyio) and `gateway` (gateway/proxy/upstream.py:make_client,
httpx on gateway/proxy/transport.py).
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import body_for  # noqa: E402
from procs import free_port, wait_ready  # noqa: E402

from gateway.proxy.upstream import make_client  # noqa: E402
from gateway.settings import UpstreamSettings  # noqa: E402


def default_client(settings: UpstreamSettings) -> httpx.AsyncClient:
    timeout = httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s)
    limits = httpx.Limits(max_connections=settings.max_connections)
    return httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False)


VARIANTS: dict[str, Callable[[UpstreamSettings], httpx.AsyncClient]] = {
    "httpx-default": default_client,
    "gateway": make_client,
}


async def drive(client: httpx.AsyncClient, url: str, n: int, conc: int, stream: bool) -> float:
    """CPU seconds per request for n requests at concurrency conc."""
    counter = iter(range(n))

    async def worker() -> None:
        for i in counter:
            body = body_for(i, stream, 256)
            request = client.build_request(
                "POST", url, content=body, headers={"content-type": "application/json"}
            )
            response = await client.send(request, stream=True)
            try:
                async for _ in response.aiter_bytes():
                    pass
            finally:
                await response.aclose()
            if response.status_code != 200:
                raise RuntimeError(f"status {response.status_code}")

    await asyncio.gather(*(worker() for _ in range(conc)))  # warm the pool
    counter = iter(range(n))
    cpu = time.process_time()
    await asyncio.gather(*(worker() for _ in range(conc)))
    return (time.process_time() - cpu) / n


async def main_async(args: argparse.Namespace, url: str) -> None:
    settings = UpstreamSettings(url=url.rsplit("/v1", 1)[0])
    for name in args.variants.split(","):
        for stream in (False, True):
            async with VARIANTS[name](settings) as client:
                per = await drive(client, url, args.requests, args.concurrency, stream)
            mode = "stream" if stream else "non-stream"
            print(f"{name:>14} {mode:<10} c={args.concurrency:<3} {per * 1e6:7.0f} µs/request")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--requests", type=int, default=3000)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop")
    args = p.parse_args()
    port = free_port()
    code = (
        "import sys; from gateway.mock_upstream import run_mock; "
        "run_mock('127.0.0.1', int(sys.argv[1]))"
    )
    mock = subprocess.Popen([sys.executable, "-c", code, str(port)], cwd=ROOT)
    try:
        wait_ready_url = f"http://127.0.0.1:{port}/v1/models"
        wait_ready(_Waitable(mock), wait_ready_url)
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        if args.loop == "uvloop":
            import uvloop

            uvloop.run(main_async(args, url))
        else:
            asyncio.run(main_async(args, url))
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    return 0


class _Waitable:
    """What procs.wait_ready needs of a process: alive() and a log tail."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        self.name = "mock"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        return ""


if __name__ == "__main__":
    sys.exit(main())
