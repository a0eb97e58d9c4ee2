"""Non-streaming load through wrk (Debian's), with the same requests as bench/loadgen.py.

wrk is C and costs far less per request than any Python client, so throughput figures for
non-streaming calls are the server's, not the load generator's. A Lua script builds the
same varied chat requests (cycling API keys), tallies the gateway's action header, and
prints one JSON line in `done`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from procs import LOADGEN_CPU, pinned

SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  n = tonumber(args[1]) or 0
  nkeys = tonumber(args[2]) or 8
  max_tokens = tonumber(args[3]) or 256
  fixed_key = args[4]
  counts = {}
  topics = {"tide tables", "sourdough", "bridge loads", "tax forms", "bird migration", "chess"}
end

function request()
  n = n + 1
  local prompt = string.format(
    "Note %d: summarise what a beginner should know about %s, in two or three " ..
    "sentences, and mention one common mistake (case %d).",
    n, topics[n % #topics + 1], n * 7919 % 1000)
  local body = string.format(
    '{"model":"gpt-4o-mini","max_tokens":%d,"messages":[{"role":"user","content":"%s"}]}',
    max_tokens, prompt)
  local headers = {
    ["Authorization"] = "Bearer " .. (fixed_key or string.format("sk-bench-%03d", n % nkeys)),
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  local key = tostring(status) .. " " .. (headers["x-distillguard-action"] or "-")
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local parts = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do
      table.insert(parts, string.format('"%s":%d', k, v))
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"by":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ",")))
end
"""


def write_script(path: Path) -> Path:
    path.write_text(SCRIPT)
    return path


def run_wrk(
    script: Path,
    url: str,
    concurrency: int,
    duration_s: float,
    seed: int,
    keys: int,
    max_tokens: int,
    fixed_key: str | None = None,
) -> dict[str, Any]:
    """One wrk run; returns the same keys as bench/loadgen.py (TTFC left empty)."""
    argv = pinned(
        LOADGEN_CPU,
        [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(duration_s))}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
            "--",
            str(seed * 1_000_000),
            str(keys),
            str(max_tokens),
            *([fixed_key] if fixed_key else []),
        ],
    )
    out = subprocess.run(argv, capture_output=True, text=True, timeout=duration_s + 60, check=False)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result (rc {out.returncode}):\n{out.stderr[-2000:]}")
    raw = json.loads(line.removeprefix("WRKJSON "))
    status: dict[str, int] = {}
    actions: dict[str, int] = {}
    for key, count in raw["by"].items():
        code, action = key.split(" ", 1)
        status[code] = status.get(code, 0) + count
        actions[action] = actions.get(action, 0) + count
    elapsed = raw["duration_us"] / 1e6
    errors = {k: v for k, v in raw["errors"].items() if v and k != "status"}
    ok = sum(v for k, v in status.items() if k.startswith("2"))
    return {
        "requests": raw["requests"],
        "ok": ok,
        "elapsed_s": elapsed,
        "rps": ok / elapsed if elapsed > 0 else 0.0,
        "p50_ms": raw["p50_us"] / 1000.0,
        "p99_ms": raw["p99_us"] / 1000.0,
        "ttfc_p50_ms": None,
        "ttfc_p99_ms": None,
        "status": status,
        "actions": actions,
        "errors": errors,
    }
