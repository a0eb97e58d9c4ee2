"""Instructions per request of the signal engine alone (observe + settle), on traffic records.

    python bench/signals_instructions.py --traffic FILE [--records 6000] [--warmup 2000]

bench/instructions.py measures the whole gateway per request (~5 min a side); this
measures only what gateway/signals costs, in ~2 minutes, so a change there can be
judged before the long run. It replays the first --records records of a traffic file
through a SignalEngine on the memory backend, with the facts replay builds
(sim.replay.request_of) and the completion as the usage reports it, and counts under
callgrind only the
records after the first --warmup (collection toggled on inside a ctypes callback, as in
bench/instructions.py). The engine's caches (token hashes, request shapes) warm as they
would over the first records of a replay.

It also prints the sha256 of every signals dict the engine returned (JSON, in order):
a change meant to save time must leave it as it was.

    python bench/signals_instructions.py --traffic FILE --inner   # natively, no valgrind
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from instructions import counted, under_callgrind  # noqa: E402

from gateway.facts import Account, RequestFacts  # noqa: E402
from gateway.proxy.apis import completion_tokens_of  # noqa: E402
from gateway.signals.engine import SignalEngine  # noqa: E402
from gateway.signals.state import open_signal_backend  # noqa: E402
from gateway.sim.replay import request_of  # noqa: E402
from gateway.tokens import TokenCounter  # noqa: E402

Record = tuple[float, Account, RequestFacts, int, str | None]


def load(path: Path, n: int) -> list[Record]:
    """The first n records as replay reads them (sim.replay.request_of)."""
    records: list[Record] = []
    tokens = TokenCounter()
    with path.open() as f:
        for _, line in zip(range(n), f, strict=False):
            rec = json.loads(line)
            response = rec.get("response") or {}
            ts, account, facts = request_of(rec, tokens)
            completion = completion_tokens_of(response.get("usage") or {}) or 0
            records.append((ts, account, facts, completion, response.get("finish_reason")))
    return records


async def run(engine: SignalEngine, records: list[Record], out: list[dict[str, float]]) -> None:
    for ts, account, facts, completion, finish in records:
        out.append(await engine.observe(account, facts, ts))
        await engine.settle(account, facts, completion, finish, ts)


def inner(traffic: Path, n: int, warmup: int) -> dict[str, Any]:
    records = load(traffic, n)
    engine = SignalEngine(open_signal_backend("memory"))
    signals: list[dict[str, float]] = []
    asyncio.run(run(engine, records[:warmup], signals))
    counted(lambda: asyncio.run(run(engine, records[warmup:], signals)))
    digest = hashlib.sha256(json.dumps(signals).encode()).hexdigest()
    return {"measured": len(records) - warmup, "signals_sha256": digest}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--traffic", type=Path, required=True)
    p.add_argument("--records", type=int, default=6000)
    p.add_argument("--warmup", type=int, default=2000)
    p.add_argument("--inner", action="store_true", help="run natively, print the sha only")
    args = p.parse_args(argv)
    if args.inner:
        print(json.dumps(inner(args.traffic, args.records, args.warmup)))
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install -y valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        inner_argv = [
            __file__, "--inner", "--traffic", str(args.traffic), "--records", str(args.records),
            "--warmup", str(args.warmup),
        ]  # fmt: skip
        result, total = under_callgrind(inner_argv, Path(tmp) / "callgrind.out")
    result.update(instructions=total, per_request=total / result["measured"])
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
