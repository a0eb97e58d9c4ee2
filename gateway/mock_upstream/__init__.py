"""The built-in mock model API (OpenAI and Anthropic shapes) for the demo, tests and benchmark.

Answers are deterministic word-like text derived from a hash of the request. Per-request
headers steer it: `x-mock-tokens`, `x-mock-reasoning-tokens`, `x-mock-reasoning`
(`hidden`: chat completions bill the reasoning without sending it, as OpenAI's o-series
do), `x-mock-chunk-tokens`, `x-mock-ttft-ms`, `x-mock-chunk-ms` and `x-mock-fault` (see
faults.py). `GET /_mock/requests` shows what it received; `POST /_mock/reset` clears that.
"""

from gateway.mock_upstream.app import create_mock_app, run_mock
from gateway.mock_upstream.settings import MockSettings

__all__ = ["MockSettings", "create_mock_app", "run_mock"]
